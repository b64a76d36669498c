"""The translation progress bar, as a person at a terminal sees it: `pipeline translate`
run under a real pseudo-terminal shows the share done moving and an ETA before 100 %,
with the Argos fixture model and with Apertium; `--quiet` and a log that is no terminal
get no bar; and the catalogs written are the same bytes with or without one."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.engines import EngineSettings, create_engine
from pipeline.engines.apertium import mode_for
from pipeline.engines.progress import Lines

pytest_plugins = ["fixtures.argos_plugin"]

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None or mode_for("en", "es") is None,
    reason="apertium with apertium-eng-spa is not installed")

# tqdm's frame: "argos en→de:  41%|████  | 448/1096 [00:04<00:03, 165.63seg/s]"
FRAME = re.compile(r"(\w+ en→\w+):\s+(\d+)%\|[^|]*\|\s*(\d+)/(\d+) "
                   r"\[(\d+:\d\d)<(\?|\d+:\d\d)")
ROOT = Path(__file__).resolve().parent.parent
# The date fields, and the XLIFF's digest of its PO, are all that may differ between runs.
VOLATILE = re.compile(rb'("(?:POT-Creation|PO-Revision)-Date: )[^"\\]*|(build-num=")[^"]*')


def _release(count: int) -> str:
    """`count` distinct paragraphs of different lengths, words the fixture model knows."""
    words = ["smart", "has", "delivered", "nearly", "units", "globally", "in", "and", "the",
             "new", "model"]
    paragraphs = []
    for i in range(count):
        body = " ".join(words[(i + k) % len(words)] for k in range(3 + i % 17))
        paragraphs.append(f"Item {i}: {body} {i * 7919 % 100000:,}.")
    return "Progress\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def big_project(project: Path) -> Path:
    (project / "releases" / "2024-02-01-progress.txt").write_text(_release(400),
                                                                  encoding="utf-8")
    return project


def _env() -> dict[str, str]:
    """The checkout's pipeline, whatever is installed in the environment at the moment."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}


def _under_pty(args: list[str], cwd: Path, columns: int | None = 100) -> str:
    """Everything `pipeline ARGS` writes to a terminal (stdout and stderr are the pty).
    `columns=None` leaves the terminal without a size, as some CI runners have it."""
    master, slave = pty.openpty()
    if columns is not None:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, columns, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=_env(),
                               stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    out = bytearray()
    while True:
        try:
            block = os.read(master, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            break
        if not block:
            break
        out += block
    os.close(master)
    assert process.wait(timeout=300) == 0, out.decode("utf-8", "replace")
    return out.decode("utf-8")


def _frames(screen: str) -> list[re.Match]:
    return [m for m in map(FRAME.search, re.split(r"[\r\n]", screen)) if m]


def _assert_bar_moved(screen: str, label: str) -> None:
    frames = [m for m in _frames(screen) if m.group(1) == label]
    assert frames, screen[-2000:]
    percents = [int(m.group(2)) for m in frames]
    assert percents == sorted(percents)  # it only moves forward
    between = [m for m in frames if 0 < int(m.group(2)) < 100]
    assert between, f"no frame between 0 and 100 %: {percents}"
    # An ETA ("<00:03"), not tqdm's "<?", while the work is still going on.
    assert any(m.group(6) != "?" for m in between), [m.group(0) for m in between]


def _catalogs(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): VOLATILE.sub(rb"\1\2", p.read_bytes())
            for p in sorted((project / "locales").rglob("*")) if p.is_file()}


def _quiet_copy(project: Path, tmp_path: Path, args: list[str],
                monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The same project translated with --quiet, in a copy: no bar, no counting."""
    other = tmp_path / "quiet"
    shutil.copytree(project, other, ignore=shutil.ignore_patterns("locales", "argos-*", "quiet"))
    monkeypatch.chdir(other)
    result = CliRunner().invoke(main, [*args, "--quiet"])
    assert result.exit_code == 0, result.output
    assert "%|" not in result.output
    return _catalogs(other)


def test_argos_bar_moves_with_an_eta_and_the_catalogs_are_unchanged(
        big_project, argos_packages_dir, tmp_path, monkeypatch):
    args = ["translate", "--lang", "de", "--batch-size", "8"]
    screen = _under_pty(args, big_project)
    _assert_bar_moved(screen, "argos en→de")
    assert "de: 2 release(s)" in screen
    assert _catalogs(big_project) == _quiet_copy(big_project, tmp_path, args, monkeypatch)


@needs_apertium
def test_apertium_bar_moves_with_an_eta_and_the_catalogs_are_unchanged(
        project, tmp_path, monkeypatch):
    (project / "releases" / "2024-02-01-progress.txt").write_text(_release(1900),
                                                                  encoding="utf-8")
    args = ["translate", "--lang", "es", "--engine", "apertium"]
    screen = _under_pty(args, project, columns=None)  # a terminal that reports no size
    _assert_bar_moved(screen, "apertium en→es")
    assert _catalogs(project) == _quiet_copy(project, tmp_path, args, monkeypatch)


def test_quiet_at_a_terminal_shows_no_bar(big_project, argos_packages_dir):
    screen = _under_pty(["translate", "--lang", "de", "--batch-size", "8", "-q"], big_project)
    assert not _frames(screen) and "%|" not in screen
    assert "de: 2 release(s)" in screen


def test_a_log_gets_no_bar_and_no_carriage_returns(big_project, argos_packages_dir):
    done = subprocess.run([sys.executable, "-m", "pipeline", "translate", "--lang", "de",
                           "--batch-size", "8"], cwd=big_project, env=_env(), capture_output=True,
                          text=True, check=True)
    assert "\r" not in done.stderr and "%|" not in done.stderr
    assert len(done.stderr.splitlines()) < 5  # warnings only; no line per batch


def test_a_log_line_says_the_count_and_the_time_left(argos_packages_dir):
    """In a log the reporter writes a plain line at most every `interval` seconds (60 in
    a run; 0 here, so that each finished batch may say so)."""
    log = io.StringIO()
    engine = create_engine("argos", EngineSettings(max_batch_size=4))
    engine.progress = Lines(log, interval=0)
    texts = [f"smart has delivered {i} units" + " globally" * (i % 9) for i in range(60)]
    engine.translate(texts)
    lines = log.getvalue().splitlines()
    assert lines and "\r" not in log.getvalue()
    assert len(lines) <= 60 // 4  # at most one a batch, never one a segment
    for line in lines:
        assert re.fullmatch(r"argos en→de: (\d+)/60 segments \((\d+)%\), \d\d:\d\d left", line)


@needs_apertium
def test_apertium_read_as_it_comes_is_one_plain_run_of_apertium():
    """Reading apertium's output as it arrives changes no byte of what it translates."""
    texts = [f"The company delivered {i:,} cars in Europe last year, and the new model "
             f"sold {'very ' * (i % 5)}well." for i in range(700)]
    engine = create_engine("apertium", EngineSettings(source="en", target="es"))
    engine.progress = Lines(io.StringIO(), interval=0)
    streamed = engine.translate(texts)
    ordered = sorted(dict.fromkeys(texts), key=len)  # the engine's own order
    plain = subprocess.run(["apertium", "-u", "-f", "txt", mode_for("en", "es")],
                           input="\n\n".join(ordered) + "\n", capture_output=True,
                           text=True, encoding="utf-8", check=True).stdout
    expected = dict(zip(ordered, re.split(r"\n[ \t]*\n\s*", plain.strip("\n")), strict=True))
    assert [t.text for t in streamed] == [expected[text].strip() for text in texts]
