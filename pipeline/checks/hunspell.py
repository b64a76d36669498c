"""Hunspell through its pipe mode: where a language's dictionary is, and the processes.

`hunspell -a` answers each input line with lines and a blank line. One process per
dictionary is started ahead of a run (`start_spare`), while the glossary loads, and the
parent waits for it to load before forking (`settle_spare`): loading a dictionary is
25 ms of CPU, and every worker waiting for one of its own at its first file cost more
than the rest of the spell check. The forked workers share that one process, taking
turns through a lock (a pipe holding one token), so that an exchange is never
interleaved with another worker's. A worker that cannot get the lock in time (a worker
died holding it) starts a process of its own.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.core import get_global

from pipeline.language import Language

DICTIONARY_DIRS = ("/usr/share/hunspell", "/usr/share/myspell/dicts", "/usr/share/myspell")
_OK = ("*", "+", "-")
BATCH = 200  # words per exchange: the answers to one batch never fill a pipe
LOCK_WAIT = 30.0  # seconds a worker waits for its turn before starting its own hunspell


def dictionary_dirs() -> tuple[Path, ...]:
    """Hunspell's own DICPATH first, then Debian's folders."""
    extra = [p for p in os.environ.get("DICPATH", "").split(os.pathsep) if p]
    return tuple(Path(p) for p in (*extra, *DICTIONARY_DIRS))


@lru_cache(maxsize=64)
def find_dictionary(language: Language) -> Path | None:
    """The dictionary (path without .dic/.aff) for a language: the exact region (de_CH),
    the language's most likely region (de_DE, es_ES), the bare language (fr, nl), then
    any region of it, alphabetically."""
    base = language.language
    likely = get_global("likely_subtags").get(base, "")
    region = likely.split("_")[-1] if "_" in likely else ""
    wanted = [f"{base}_{language.territory}"] if language.territory else []
    wanted += [f"{base}_{region}"] if region else []
    wanted.append(base)
    for directory in dictionary_dirs():
        for name in wanted:
            if (directory / f"{name}.dic").is_file() and (directory / f"{name}.aff").is_file():
                return directory / name
    for directory in dictionary_dirs():
        for dic in sorted(directory.glob(f"{base}_*.dic")):
            if dic.with_suffix(".aff").is_file():
                return dic.with_suffix("")
    return None


@lru_cache(maxsize=1)
def hunspell_binary() -> str | None:
    return shutil.which("hunspell")


@dataclass
class Verdict:
    """Hunspell's answer for one word."""

    correct: bool
    suggestions: tuple[str, ...] = ()


class _Lock:
    """A pipe holding one token, shared by forked processes: reading it takes the turn,
    writing it back gives the turn up."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)  # two may see the token; one gets it
        os.write(self._write, b"\0")

    def take(self, timeout: float) -> bool:
        """The turn, or False after `timeout` seconds without it."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self._read], [], [], left)
            if not ready:
                break
            try:
                return os.read(self._read, 1) == b"\0"
            except BlockingIOError:  # the other worker took it first: wait again
                continue
        return False

    def give(self) -> None:
        os.write(self._write, b"\0")

    def close(self) -> None:
        os.close(self._read)
        os.close(self._write)


class _Pipe:
    """One hunspell process, started on first use, or the spare started ahead of the run
    (see the module's docstring). A process never writes to a pipe another process uses
    outside its turn."""

    def __init__(self, command: list[str], banner: bool):
        self.command, self.banner = command, banner
        self._process: subprocess.Popen[str] | None = None
        self._pid = 0  # the process using it
        self._owner = 0  # the process that started it (a worker uses its parent's spare)
        self._banner_pending = False
        self._lock: _Lock | None = None  # set while the process is the shared spare
        self._spare: subprocess.Popen[str] | None = None
        self._spare_lock: _Lock | None = None
        self._spare_owner = 0
        self._spare_settled = False  # its banner was read: it has loaded its dictionary

    # -- the spare -------------------------------------------------------------------------

    def start_spare(self) -> None:
        self.stop_spare()
        self._spare, self._spare_lock = self._popen(), _Lock()
        self._spare_owner, self._spare_settled = os.getpid(), False

    def settle_spare(self) -> None:
        spare = self._spare
        if spare is not None and self.banner and not self._spare_settled \
                and spare.poll() is None:
            assert spare.stdout is not None
            spare.stdout.readline()
            self._spare_settled = True

    def stop_spare(self) -> None:
        if self._process is not None and self._process is self._spare:
            self._process, self._lock = None, None
        if self._spare is not None:
            _stop(self._spare)
        if self._spare_lock is not None:
            self._spare_lock.close()
        self._spare, self._spare_lock, self._spare_settled = None, None, False

    # -- exchanges -------------------------------------------------------------------------

    def ask(self, lines: list[str]) -> list[list[str]]:
        process = self._running()
        lock = self._lock
        if lock is not None and not lock.take(LOCK_WAIT):
            self._go_private()
            return self.ask(lines)
        try:
            return _exchange(process, lines)
        finally:
            if lock is not None:
                lock.give()

    def start(self) -> subprocess.Popen[str]:
        """The process this one uses: the spare where there is one, else its own, started
        without waiting (it loads its dictionary while the other checks run)."""
        if self._process is None or self._pid != os.getpid() or not self._alive():
            if self._spare is not None and (os.getpid() != self._spare_owner
                                            or _alive(self._spare, own=True)):
                self._process, self._lock = self._spare, self._spare_lock
                self._owner, settled = self._spare_owner, self._spare_settled
            else:
                self._process, self._lock = self._popen(), None
                self._owner, settled = os.getpid(), False
            self._pid = os.getpid()
            self._banner_pending = self.banner and not settled
        return self._process

    def _go_private(self) -> None:
        self._process, self._lock = self._popen(), None
        self._owner, self._pid, self._banner_pending = os.getpid(), os.getpid(), self.banner
        self._spare, self._spare_lock = None, None  # abandoned here, stopped by its owner

    def _alive(self) -> bool:
        assert self._process is not None
        return _alive(self._process, own=self._owner == os.getpid())

    def _popen(self) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1,
        )

    def _running(self) -> subprocess.Popen[str]:
        process = self.start()
        if self._banner_pending:
            assert process.stdout is not None
            process.stdout.readline()
            self._banner_pending = False
        return process


def _exchange(process: subprocess.Popen[str], lines: list[str]) -> list[list[str]]:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("".join(f"{line}\n" for line in lines))
    process.stdin.flush()
    answers = []
    for line in lines:
        answer = []
        while (reply := process.stdout.readline()) not in ("\n", ""):
            answer.append(reply.rstrip("\n"))
        if reply == "":
            raise RuntimeError(f"hunspell stopped while checking {line!r}")
        answers.append(answer)
    return answers


def _alive(process: subprocess.Popen[str], own: bool) -> bool:
    if own:
        return process.poll() is None
    # A worker's parent started it: poll() cannot wait for it there (ECHILD) and would
    # call it dead.
    try:
        os.kill(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()


class Speller:
    """`hunspell -a` for one dictionary, with an answer cache per word. Splitting a glued
    word asks about dozens of its substrings; `-a` would compute suggestions for each
    (50-100 ms a word), so those go to a second process, `hunspell -s` (stems, no
    suggestions; line-buffered through stdbuf), started only when a word needs splitting."""

    def __init__(self, dictionary: Path):
        self.dictionary = dictionary
        base = ["-i", "UTF-8", "-d", str(dictionary)]
        self._pipe = _Pipe(["hunspell", "-a", *base], banner=True)
        stems = ["stdbuf", "-oL"] if shutil.which("stdbuf") else []
        self._stems = _Pipe([*stems, "hunspell", "-s", *base], banner=False)
        self._cache: dict[str, Verdict] = {}
        self._known: dict[str, bool] = {}

    def start(self) -> None:
        self._pipe.start()

    def start_spare(self) -> None:
        self._pipe.start_spare()

    def settle_spare(self) -> None:
        self._pipe.settle_spare()

    def stop_spare(self) -> None:
        self._pipe.stop_spare()

    def check(self, words: list[str]) -> dict[str, Verdict]:
        unknown = list(dict.fromkeys(w for w in words if w not in self._cache))
        for start in range(0, len(unknown), BATCH):
            batch = unknown[start:start + BATCH]
            # "^" makes hunspell read the rest of the line as text, never as a command.
            for word, answer in zip(batch, self._pipe.ask([f"^{w}" for w in batch]),
                                    strict=True):
                self._cache[word] = _verdict(answer)
        return {word: self._cache[word] for word in words}

    def known(self, words: list[str]) -> set[str]:
        """The words the dictionary has (a stem), without suggestions."""
        unknown = list(dict.fromkeys(w for w in words if w not in self._known))
        for start in range(0, len(unknown), BATCH):
            batch = unknown[start:start + BATCH]
            for word, answer in zip(batch, self._stems.ask(batch), strict=True):
                self._known[word] = any(" " in line for line in answer)
        return {word for word in words if self._known[word]}


def _verdict(results: list[str]) -> Verdict:
    wrong = [r for r in results if r and r[0] not in _OK]
    if not wrong:
        return Verdict(True)
    head, _, tail = wrong[0].partition(": ")
    suggestions = tuple(s.strip() for s in tail.split(",") if s.strip()) if tail else ()
    return Verdict(False, suggestions)
