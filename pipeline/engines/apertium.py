"""Apertium, the rule-based engine from Debian (`apertium` plus pair packages such as
`apertium-eng-spa`). One apertium process per batch: segments go in as paragraphs
separated by blank lines, which apertium's text format keeps, and the count is
checked on the way out. `-u` drops the `*` marks on unknown words.

Apertium writes its output as it goes (in blocks of a few kilobytes), so the output is
read as it comes and the paragraphs already out move the progress bar: the same one
process, the same bytes, and a bar that does not wait for the whole batch.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from pipeline.engines.base import Engine, Translation
from pipeline.errors import EngineError, ModelError

# ISO 639-1 codes to the three-letter codes Apertium names its modes with.
ISO3 = {"en": "eng", "es": "spa", "fr": "fra", "de": "deu", "ca": "cat", "pt": "por",
        "it": "ita", "gl": "glg", "eu": "eus", "oc": "oci", "ro": "ron", "nl": "nld",
        "sv": "swe", "da": "dan", "nb": "nob", "nn": "nno", "pl": "pol", "ru": "rus"}
# The Debian packages with an English-source direction: target language -> package.
DEBIAN_PAIRS = {"es": "apertium-eng-spa", "ca": "apertium-eng-cat", "gl": "apertium-en-gl",
                "eo": "apertium-eo-en"}
_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")
TIMEOUT = 600


def data_dir() -> Path:
    return Path(os.environ.get("APERTIUM_DATADIR", "/usr/share/apertium"))


def available_modes() -> list[str]:
    """Translation directions installed, as `apertium -l` lists them."""
    modes = data_dir() / "modes"
    return sorted(p.stem for p in modes.glob("*.mode")) if modes.is_dir() else []


def mode_for(source: str, target: str) -> str | None:
    modes = available_modes()
    for src in (source, ISO3.get(source, source)):
        for tgt in (target, ISO3.get(target, target)):
            if f"{src}-{tgt}" in modes:
                return f"{src}-{tgt}"
    return None


@dataclass(frozen=True)
class _Run:
    returncode: int
    stdout: str
    stderr: str


class ApertiumEngine(Engine):
    name = "apertium"
    reports_progress = True
    # Each batch costs one apertium pipeline start-up; large batches amortise it.
    batch_limit = 2000

    def __init__(self, settings, cache=None):
        super().__init__(settings, cache)
        self.mode: str | None = None
        self._binary: str | None = None

    @property
    def model_version(self) -> str:
        return self.mode or "-"

    def _settings_signature(self) -> str:
        return "txt|-u"

    def _chunks(self, texts):
        for start in range(0, len(texts), self.batch_limit):
            yield texts[start:start + self.batch_limit]

    def load(self) -> None:
        if self.mode is not None:
            return
        s = self.settings
        self._binary = shutil.which("apertium")
        package = DEBIAN_PAIRS.get(s.target) if s.source == "en" else None
        self.mode = mode_for(s.source, s.target) if self._binary else None
        if self.mode is None and package is None:
            known = ", ".join(f"en→{code}" for code in sorted(DEBIAN_PAIRS))
            raise ModelError(f"no Apertium pair for {s.source}→{s.target} (Debian has {known}); "
                             "use --engine argos or none for this language")
        if self._binary is None:
            raise ModelError("apertium is not installed; install it with "
                             f'"apt-get install apertium {package}"')
        if self.mode is None:
            have = ", ".join(available_modes()) or "none"
            raise ModelError(f"the Apertium pair for {s.source}→{s.target} is not installed "
                             f'(installed: {have}); install it with "apt-get install {package}"')
        self._loaded = True

    def _translate_batch(self, texts: list[str]) -> list[Translation]:
        lines = [" ".join(text.split()) for text in texts]  # one paragraph per segment
        done = self._run("\n\n".join(lines) + "\n", len(texts))
        if done.returncode != 0:
            message = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise EngineError(f"apertium {self.mode} exited {done.returncode}: {message}")
        out = [part.strip() for part in _PARAGRAPHS.split(done.stdout.strip("\n"))]
        if len(out) != len(texts):
            raise EngineError(f"apertium {self.mode} returned {len(out)} paragraphs "
                              f"for {len(texts)} segments")
        return [Translation(_restore_edges(text, result)) for text, result in zip(texts, out,
                                                                                    strict=True)]

    def _run(self, text: str, segments: int) -> _Run:
        """One apertium process over `text`, its output counted as it arrives."""
        with tempfile.TemporaryFile() as errors:
            try:
                process = subprocess.Popen([self._binary, "-u", "-f", "txt", self.mode],
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                           stderr=errors)
            except OSError as exc:
                raise EngineError(f"apertium {self.mode} failed: {exc}") from None
            expired = threading.Event()

            def expire() -> None:
                expired.set()
                process.kill()

            watchdog = threading.Timer(TIMEOUT, expire)
            feeder = _Feeder(process.stdin, text.encode("utf-8"))
            watchdog.start()
            feeder.start()
            try:
                stdout = self._read(process.stdout, segments)
                returncode = process.wait()
            finally:
                watchdog.cancel()
                if process.poll() is None:  # interrupted while reading
                    process.kill()
                    process.wait()
                feeder.join()
                process.stdout.close()
            if expired.is_set():
                raise EngineError(f"apertium {self.mode} failed: no answer in {TIMEOUT} s")
            if returncode == 0 and feeder.error is not None:
                raise EngineError(f"apertium {self.mode} failed: {feeder.error}")
            errors.seek(0)
            stderr = errors.read().decode("utf-8", "replace")
        try:
            output = stdout.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EngineError(f"apertium {self.mode} wrote no UTF-8: {exc}") from None
        # Universal newlines, as a text-mode read has them.
        return _Run(returncode, output.replace("\r\n", "\n").replace("\r", "\n"), stderr)

    def _read(self, stream, segments: int) -> bytes:
        out = bytearray()
        counted = 0
        while block := stream.read1(1 << 16):
            out += block
            # A paragraph is out once the blank line after it is; the last one at the end.
            ready = min(out.count(b"\n\n"), segments - 1)
            self._advance(ready - counted)
            counted = max(counted, ready)
        self._advance(segments - counted)
        return bytes(out)


class _Feeder(threading.Thread):
    """Writes the input while the output is read: apertium fills one pipe while it drains
    the other."""

    def __init__(self, stream, data: bytes):
        super().__init__(daemon=True)
        self.stream, self.data = stream, data
        self.error: OSError | None = None

    def run(self) -> None:
        try:
            with self.stream:
                self.stream.write(self.data)
        except OSError as exc:  # apertium stopped reading: its exit status says why
            self.error = exc


def _restore_edges(original: str, translated: str) -> str:
    """Keep the segment's leading and trailing whitespace, which apertium drops."""
    lead = original[: len(original) - len(original.lstrip())]
    trail = original[len(original.rstrip()):]
    return f"{lead}{translated}{trail}"
