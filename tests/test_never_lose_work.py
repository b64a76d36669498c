"""Never lose work: atomic writes, the per-locale lock, Ctrl-C during machine translation.

The SIGKILL stress test is in test_never_lose_work_kill.py (marked slow).
"""

from __future__ import annotations

import builtins
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hostile.support import (
    SEED,
    child_env,
    group_has_child,
    invoke,
    pipeline_subprocess,
    snapshot,
    synthetic_releases,
)

from pipeline import atomic
from pipeline.catalogs.po import read_po, write_po

pytest_plugins = ["hostile.plugin"]

TRANSLATE = ["translate", "--lang", "es", "--engine", "apertium", "-q"]
SUMMARY = re.compile(r"es: \d+ release\(s\); reused (?P<reused>\d+), TM (?P<tm>\d+), "
                     r"machine-translated (?P<mt>\d+) .*?new (?P<new>\d+), "
                     r"changed (?P<changed>\d+)")


# -- every write under locales/ and build/ goes through pipeline.atomic ------------------------
@dataclass
class WriteLog:
    """Files opened for writing, renames and fsyncs, as the process made them."""

    opened: list[Path] = field(default_factory=list)
    replaced: list[tuple[Path, Path]] = field(default_factory=list)
    fsyncs: int = 0


def _instrument(monkeypatch: pytest.MonkeyPatch) -> WriteLog:
    log = WriteLog()
    real_open, real_os_open = builtins.open, os.open
    real_replace, real_rename, real_fsync = os.replace, os.rename, os.fsync
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def open_(file, mode="r", *args, **kwargs):
        if isinstance(file, str | os.PathLike) and set(str(mode)) & set("wax+"):
            log.opened.append(Path(file).absolute())
        return real_open(file, mode, *args, **kwargs)

    def os_open(path, flags, *args, **kwargs):
        if flags & writing:
            log.opened.append(Path(path).absolute())
        return real_os_open(path, flags, *args, **kwargs)

    def replace(src, dst, *args, **kwargs):
        log.replaced.append((Path(src).absolute(), Path(dst).absolute()))
        return real_replace(src, dst, *args, **kwargs)

    def fsync(fd):
        log.fsyncs += 1
        return real_fsync(fd)

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "rename", lambda s, d, *a, **k: replace(s, d))
    monkeypatch.setattr(os, "fsync", fsync)
    del real_rename
    return log


def _under(path: Path, roots: list[Path]) -> bool:
    return any(root == path or root in path.parents for root in roots)


def _approve_half(po: Path) -> None:
    catalog = read_po(po)
    for entry in catalog.entries[::2]:
        entry.set_fuzzy(False)
    write_po(po, catalog)


def test_every_write_under_locales_and_build_is_temp_fsync_rename(populated, monkeypatch):
    """translate, extract, build, report and tm export, run in-process with every
    open-for-writing, rename and fsync recorded: under locales/ and build/ only
    `.<name>.*.tmp` files in the target's folder are written, each fsynced and renamed
    over its target; nothing else is opened for writing except the lock file."""
    synthetic_releases(populated / "releases", 2, paragraphs=4)
    _approve_half(populated / "locales" / "es" / f"{SEED.stem}.po")
    roots = [(populated / "locales").resolve(), (populated / "build").resolve()]
    before = snapshot(populated)
    log = _instrument(monkeypatch)
    for args in (TRANSLATE, ["extract"], ["build", "--lang", "es", "--use-fuzzy"],
                 ["report", "--lang", "es"], ["tm", "export", "--lang", "es"]):
        result = invoke(args)
        assert result.exit_code == 0, (args, result.output)
    monkeypatch.undo()

    after = snapshot(populated, ("locales", "build"))
    changed = {populated.resolve() / name for name, digest in after.items()
               if before.get(name) != digest}
    assert len(changed) >= 10, sorted(changed)  # POs, XLIFFs, templates, builds, report, TMX
    replaced = {dst.resolve(): src for src, dst in log.replaced}
    for path in changed:
        if path.name == ".pipeline.lock":
            continue
        assert path in replaced, f"{path} was written without an atomic rename"
    temporaries = {src.resolve() for src in replaced.values()}
    for opened in (p.resolve() for p in log.opened):
        if not _under(opened, roots) or opened.name == ".pipeline.lock":
            continue
        assert opened in temporaries, f"{opened} was opened for writing in place"
        assert re.fullmatch(r"\..+\.tmp", opened.name), opened
    for src, dst in log.replaced:
        if _under(dst.resolve(), roots):
            assert src.parent.resolve() == dst.parent.resolve(), (src, dst)
    assert log.fsyncs >= len([d for _, d in log.replaced if _under(d.resolve(), roots)])
    assert not [p for p in (populated / "locales").rglob("*.tmp")], "temporary files left"


# -- two runs at once ---------------------------------------------------------------------------
def test_a_second_run_on_a_held_locale_exits_2_with_a_clear_message(populated):
    before = snapshot(populated)
    with atomic.locked(populated / "locales" / "es"):
        result = pipeline_subprocess(TRANSLATE, cwd=populated)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == ("pipeline: locales/es: another pipeline run is writing "
                                     "here; wait for it to finish or use --wait SECONDS") or \
        re.fullmatch(r"pipeline: \S*locales/es: another pipeline run is writing here; .*",
                     result.stderr.strip()), result.stderr
    assert snapshot(populated) == before


def test_a_second_run_with_wait_starts_when_the_first_releases_the_lock(populated):
    synthetic_releases(populated / "releases", 1, paragraphs=3)
    lock = atomic.locked(populated / "locales" / "es")
    lock.__enter__()
    timer = threading.Timer(1.5, lock.__exit__, (None, None, None))
    started = time.monotonic()
    timer.start()
    try:
        result = pipeline_subprocess([*TRANSLATE, "--wait", "60"], cwd=populated)
    finally:
        timer.join()
    assert result.returncode == 0, result.stdout + result.stderr
    assert time.monotonic() - started >= 1.5


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=child_env(), start_new_session=True)


def _wait_for_engine(process: subprocess.Popen, timeout: float = 30) -> None:
    """Until the run is inside machine translation (its apertium child is running)."""
    deadline = time.monotonic() + timeout
    while not group_has_child(process.pid, "apertium"):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "machine translation never started"
        time.sleep(0.01)


def test_two_real_runs_on_one_locale_never_interleave(populated):
    """Run A is frozen inside MT while holding the lock. B without --wait exits 2 and
    writes nothing; B with --wait blocks until A has written, then reuses A's output
    (machine-translates nothing), which it could only do if it read after A's writes."""
    synthetic_releases(populated / "releases", 10)
    before = snapshot(populated)
    first = _start(TRANSLATE, populated)
    try:
        _wait_for_engine(first)
        os.killpg(first.pid, signal.SIGSTOP)
        refused = pipeline_subprocess(TRANSLATE, cwd=populated)
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert "another pipeline run is writing here" in refused.stderr
        assert "Traceback" not in refused.stderr
        waiting = _start([*TRANSLATE, "--wait", "120"], populated)
        time.sleep(1.0)
        assert waiting.poll() is None, "the waiting run did not wait"
        assert snapshot(populated) == before
    finally:
        os.killpg(first.pid, signal.SIGCONT)
    out_first, err_first = first.communicate(timeout=120)
    out_second, err_second = waiting.communicate(timeout=120)
    assert first.returncode == 0, out_first + err_first
    assert waiting.returncode == 0, out_second + err_second
    first_counts = SUMMARY.search(out_first)
    second_counts = SUMMARY.search(out_second)
    assert int(first_counts["mt"]) > 800, out_first
    assert int(second_counts["mt"]) == 0, out_second
    assert int(second_counts["reused"]) == int(first_counts["reused"]) + int(first_counts["mt"])
    for po in (populated / "locales" / "es").glob("*.po"):
        read_po(po)


# -- Ctrl-C during machine translation --------------------------------------------------------
def test_ctrl_c_during_mt_keeps_every_catalog_and_a_rerun_translates_only_what_is_missing(
        populated):
    seed_po = populated / "locales" / "es" / f"{SEED.stem}.po"
    seed_entries = {(e.msgctxt, e.msgid): e.msgstr for e in read_po(seed_po).entries}
    synthetic_releases(populated / "releases", 10)
    before = snapshot(populated)

    run = _start(TRANSLATE, populated)
    _wait_for_engine(run)
    os.killpg(run.pid, signal.SIGINT)  # what a terminal does on Ctrl-C: the whole group
    out, err = run.communicate(timeout=60)
    assert run.returncode not in (0, None), out + err
    assert "Traceback" not in err, err
    assert "interrupted" in err, err
    assert snapshot(populated) == before

    rerun = pipeline_subprocess(TRANSLATE, cwd=populated)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    counts = SUMMARY.search(rerun.stdout)
    assert counts, rerun.stdout
    assert int(counts["reused"]) == len(seed_entries), rerun.stdout
    assert int(counts["mt"]) == int(counts["new"]) > 800, rerun.stdout
    assert {(e.msgctxt, e.msgid): e.msgstr for e in read_po(seed_po).entries} == seed_entries
