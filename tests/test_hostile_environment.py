"""The machine fights back: locales/ or build/ read-only, a full disk during a write, a lock
file that is a directory, a symlink or garbage, `--wait` that would wait forever. Each is
one line naming the path, exit 2, no traceback, and every old file still there."""

from __future__ import annotations

import pytest
from hostile.faults import full_disk, read_only
from hostile.support import SEED, assert_refused, invoke, snapshot

pytest_plugins = ["hostile.plugin"]

TRANSLATE = ["translate", "--lang", "es", "--engine", "apertium", "-q"]


def _edit_release(root) -> None:
    """A changed release, so that translate has to write the PO again."""
    release = root / "releases" / SEED.name
    release.write_text(release.read_text(encoding="utf-8") + "\nA new closing sentence.\n",
                       encoding="utf-8")


def test_read_only_locales_is_one_line_and_the_po_survives(populated):
    _edit_release(populated)
    before = snapshot(populated)
    with read_only(populated / "locales"):
        result = invoke(TRANSLATE)
        assert_refused(result, ".pipeline.lock", None, "read-only file system; nothing was "
                                                       "written")
        assert snapshot(populated) == before


def test_read_only_build_is_one_line_naming_the_file_and_it_survives(populated):
    invoke(["build", "--lang", "es"])
    build = populated / "build"
    assert build.is_dir()
    before = snapshot(populated, ("locales", "build"))
    _edit_release(populated)
    with read_only(build):
        result = invoke(["build", "--lang", "es"])
        found = assert_refused(result, ".txt", None, "read-only file system")
        assert "the old file is unchanged" in found.group("reason")
        assert snapshot(populated, ("locales", "build")) == before


def test_a_full_disk_while_writing_the_po_is_one_line_and_the_po_survives(populated):
    _edit_release(populated)
    es = populated / "locales" / "es"
    with full_disk(es):
        before = snapshot(populated)
        result = invoke(TRANSLATE)
        found = assert_refused(result, f"{SEED.stem}.po", None, "No space left on device")
        assert "the old file is unchanged" in found.group("reason")
        assert snapshot(populated) == before
        assert not [p for p in es.iterdir() if p.name.endswith(".tmp")], "temp file left"


def test_check_o_on_a_full_disk_keeps_the_old_report(populated):
    out = populated / "out"
    out.mkdir()
    (out / "report.txt").write_text("the old report\n", encoding="utf-8")
    with full_disk(out):
        result = invoke(["check", "locales/es", "-o", "out/report.txt"])
        assert_refused(result, "out/report.txt", None, "No space left.*old file is unchanged")
        assert (out / "report.txt").read_text(encoding="utf-8") == "the old report\n"


@pytest.mark.parametrize("lock", ["directory", "dangling symlink", "looping symlink"])
def test_a_broken_lock_file_is_one_line_with_the_fix(populated, lock):
    path = populated / "locales" / "es" / ".pipeline.lock"
    path.unlink(missing_ok=True)
    if lock == "directory":
        path.mkdir()
        fix = "rmdir"
    elif lock == "dangling symlink":
        path.symlink_to(populated / "nowhere" / "lock")
        fix = "remove it"
    else:
        path.symlink_to(".pipeline.lock")
        fix = "remove it"
    _edit_release(populated)
    before = snapshot(populated)
    result = invoke(TRANSLATE)
    assert_refused(result, ".pipeline.lock", None, fix)
    assert snapshot(populated) == before
    assert not (populated / "nowhere").exists(), "nothing created where the link points"


def test_a_lock_file_full_of_garbage_is_just_a_lock(populated):
    path = populated / "locales" / "es" / ".pipeline.lock"
    path.write_bytes(b"\x00\xff garbage \n" * 100)
    result = invoke(TRANSLATE)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("wait", ["-1", "nan", "inf", "1e9"])
@pytest.mark.parametrize("command", [TRANSLATE, ["import", f"locales/es/{SEED.stem}.xlf"]],
                         ids=["translate", "import"])
def test_wait_that_would_wait_forever_is_refused(populated, wait, command):
    before = snapshot(populated)
    result = invoke([*command, "--wait", wait])
    assert_refused(result, "--wait", None, "number of seconds from 0 to 86400")
    assert snapshot(populated) == before


def test_a_refused_run_on_a_new_locale_leaves_no_folder_or_lock(populated):
    bad = populated / "releases" / "bell.txt"
    bad.write_text("Title\n\nA bell \a rings.\n", encoding="utf-8")
    result = invoke(["translate", "--lang", "fr", "--engine", "apertium", "-q",
                     "releases/bell.txt"])
    assert_refused(result, "releases/bell.txt", 3, "control character U\\+0007")
    assert not (populated / "locales" / "fr").exists()
