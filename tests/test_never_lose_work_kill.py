"""Killed mid-write: `pipeline translate` is SIGKILLed at seeded random moments, 24 times.

Every PO and XLIFF under locales/ must afterwards parse and hold exactly the old or the
new content (dates aside), never a mix or a truncation; a later run completes the work.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile.support import (
    child_env,
    make_project,
    pipeline_subprocess,
    synthetic_releases,
)
from lxml import etree

from pipeline.catalogs.po import read_po

RUNS = 24
COMMAND = ["translate", "--lang", "es", "--engine", "apertium", "-q"]
# The header dates are the minute of the run, and the XLIFF's digest of its PO bytes
# follows them; everything else is deterministic.
_DATES = re.compile(rb'^"(?:PO-Revision-Date|POT-Creation-Date): [^"]*"\n', re.MULTILINE)
_PO_DIGEST = re.compile(rb'build-num="press-pipeline:[0-9a-f]+"')


def _normalized(path: Path) -> bytes:
    return _PO_DIGEST.sub(b"", _DATES.sub(b"", path.read_bytes()))


def _contents(root: Path) -> dict[str, bytes]:
    folder = root / "locales" / "es"
    return {p.name: _normalized(p) for p in sorted(folder.iterdir())
            if p.suffix in (".po", ".xlf")}


def _median_duration(old_root: Path, folder: Path, runs: int = 3) -> float:
    """How long a whole run takes, as the median of a few: one timing alone, if short by
    chance, put every kill before the first write (all 24 runs "old")."""
    durations = []
    for _ in range(runs):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(old_root, folder)
        started = time.monotonic()
        assert pipeline_subprocess(COMMAND, cwd=folder).returncode == 0
        durations.append(time.monotonic() - started)
    return sorted(durations)[runs // 2]


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_old_or_new_content(tmp_path):
    # Old state: every catalog exists, untranslated (engine none). New state: Apertium's.
    old_root = make_project(tmp_path / "old", releases=6)
    synthetic_releases(old_root / "releases", 4, paragraphs=12)
    assert pipeline_subprocess(["translate", "--lang", "es", "--engine", "none", "-q"],
                               cwd=old_root).returncode == 0
    new_root = tmp_path / "new"
    shutil.copytree(old_root, new_root)
    assert pipeline_subprocess(COMMAND, cwd=new_root).returncode == 0
    duration = _median_duration(old_root, tmp_path / "timing")
    old, new = _contents(old_root), _contents(new_root)
    assert old.keys() == new.keys() and len(old) == 20
    assert all(old[name] != new[name] for name in old)

    rng = random.Random(20240119)
    outcomes = {"old": 0, "new": 0, "mixed": 0}
    work = tmp_path / "work"
    for _ in range(RUNS):
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(old_root, work)
        process = subprocess.Popen([sys.executable, "-m", "pipeline", *COMMAND], cwd=work,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=child_env(), start_new_session=True)
        # Spread over the run, weighted towards its end, where the files are written (a
        # killed run may take a little longer than the timed ones: up to 1.2 times).
        time.sleep(duration * rng.uniform(0.6, 1.2))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        states = set()
        for name, content in _contents(work).items():
            path = work / "locales" / "es" / name
            if name.endswith(".po"):
                read_po(path)  # parses, or the test fails with file:line
            else:
                etree.parse(str(path))
            assert content in (old[name], new[name]), f"{name} is neither old nor new"
            states.add("old" if content == old[name] else "new")
        outcomes["mixed" if len(states) == 2 else states.pop()] += 1

    print(f"SIGKILL runs: {outcomes} (run takes {duration:.2f}s)")
    # A killed run leaves at most hidden temporary files; the next run finishes the job.
    assert pipeline_subprocess(COMMAND, cwd=work).returncode == 0
    assert _contents(work) == new
    assert pipeline_subprocess(["check", "--fail-on", "never", "locales"],
                               cwd=work).returncode == 0
    assert outcomes["old"] > 0 and outcomes["new"] + outcomes["mixed"] > 0, outcomes
