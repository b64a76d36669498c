"""Helpers for the hostile-input, never-lose-work and embargo tests.

A populated project is a copy of the seed project whose locales/es/ was written by a
real `pipeline translate --engine apertium` run (made once per session, then copied).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner, Result

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent
HOSTILE = ROOT / "tests" / "hostile"
SEED = ROOT / "releases" / "2024-01-19-global-deliveries-near-70000.txt"
# `pipeline: <file>[:<line>[:<column>]]: <reason>`, the one line the CLI prints for bad input.
ERROR_LINE = re.compile(r"^pipeline: (?P<file>[^:\n]+)(?::(?P<line>\d+)(?::\d+)?)?: "
                        r"(?P<reason>.+)$", re.MULTILINE)


def make_project(root: Path, releases: int = 1) -> Path:
    """pyproject, glossaries and `releases` copies of the seed release under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(ROOT / "glossaries", root / "glossaries", dirs_exist_ok=True)
    (root / "releases").mkdir(exist_ok=True)
    shutil.copy(SEED, root / "releases" / SEED.name)
    for number in range(1, releases):
        shutil.copy(SEED, root / "releases" / f"{SEED.stem}-copy{number}.txt")
    return root


def pipeline_subprocess(args: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    """`python -m pipeline ARGS` in a real process (signals, locks, unshare)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd,
                          capture_output=True, text=True, check=False, env=child_env(),
                          **kwargs)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("LC_ALL", "C.UTF-8")
    return env


def translate_es(root: Path, *extra: str) -> subprocess.CompletedProcess:
    result = pipeline_subprocess(["translate", "--lang", "es", "--engine", "apertium", "-q",
                                  *extra], cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def snapshot(root: Path, folders: tuple[str, ...] = ("locales",)) -> dict[str, str]:
    """sha256 of every file under the folders, keyed by path relative to `root`."""
    hashes = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                hashes[path.relative_to(root).as_posix()] = hashlib.sha256(
                    path.read_bytes()).hexdigest()
    return hashes


def invoke(args: list[str], **kwargs) -> Result:
    return CliRunner().invoke(main, args, catch_exceptions=True, **kwargs)


def assert_refused(result: Result, file: str, line: int | None = None,
                   reason: str | None = None) -> re.Match:
    """Exit 2, no traceback, and one `pipeline: file[:line]: reason` line naming `file`."""
    output = result.output
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {result.exception!r}\n{output}")
    assert result.exit_code == 2, output
    errors = [m for m in ERROR_LINE.finditer(result.stderr) if m.group("file").endswith(file)]
    assert len(errors) == 1, f"expected one error line naming {file}:\n{output}"
    found = errors[0]
    if line is not None:
        assert found.group("line") == str(line), output
    if reason is not None:
        assert re.search(reason, found.group("reason"), re.IGNORECASE), output
    return found


@dataclass
class NetworkGuard:
    """Records every attempt to open a network socket; each attempt raises."""

    attempts: list[str] = field(default_factory=list)

    def refuse(self, what: str):
        def refused(*args, **kwargs):
            self.attempts.append(f"{what}{args[:2]!r}")
            raise OSError(101, f"network is unreachable (embargo test: {what})")

        return refused


@contextmanager
def no_network(monkeypatch) -> Iterator[NetworkGuard]:
    """Every way to open an internet socket raises and is recorded. AF_UNIX stays allowed
    (it never leaves the machine)."""
    guard = NetworkGuard()
    real_socket = socket.socket

    class GuardedSocket(real_socket):
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):  # noqa: A002
            if fileno is None and family in (-1, socket.AF_INET, socket.AF_INET6):
                guard.refuse("socket.socket")(family, type)
            super().__init__(family, type, proto, fileno)

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    monkeypatch.setattr(socket, "create_connection", guard.refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", guard.refuse("socket.getaddrinfo"))
    yield guard



def synthetic_releases(folder: Path, count: int, paragraphs: int = 40) -> list[Path]:
    """Seeded releases of distinct sentences made of the seed's words: every segment is new
    to the engine, so machine translation takes a while (about 1.5 s for 10 with Apertium)."""
    import random

    words = re.findall(r"[A-Za-z]+", SEED.read_text(encoding="utf-8"))
    paths = []
    for number in range(count):
        rng = random.Random(number)
        lines = [f"Release number {number}", ""]
        for _ in range(paragraphs):
            sentences = [" ".join(rng.choice(words) for _ in range(rng.randint(6, 14)))
                         .capitalize() + "." for _ in range(2)]
            lines += [" ".join(sentences), ""]
        path = folder / f"synthetic-{number:02d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def group_has_child(pgid: int, name: str) -> bool:
    """Whether a process called `name` runs in process group `pgid` (Linux /proc)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        comm = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        if comm.startswith(name) and int(fields[2]) == pgid:
            return True
    return False
