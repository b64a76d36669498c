"""`-o` writes what it points at, never replaces it: through a symlink to its target,
straight into a character device or FIFO, and refuses directories, block devices and
sockets. The same rule holds for every atomic write (a symlinked PO stays a symlink)."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest
from hostile.faults import FULL, NULL, block_device, char_device, unix_socket
from hostile.support import SEED, assert_refused, invoke, snapshot

pytest_plugins = ["hostile.plugin"]

# Each command that takes -o, with what it writes (a marker of its format).
COMMANDS = {
    "check": (["check", "locales/es", "--format", "junit"], b"<testsuites"),
    "glossary export": (["glossary", "export", "glossaries/smart.yaml"], b"<tbx"),
    "tm export": (["tm", "export", "--lang", "es"], b"<tmx"),
    "report": (["report", "--lang", "es"], b"<html"),
}


def _run(name: str, output: Path | str):
    args, _ = COMMANDS[name]
    return invoke([*args, "-o", str(output)])


def _wrote(name: str, data: bytes) -> bool:
    return COMMANDS[name][1] in data


@pytest.mark.parametrize("name", COMMANDS)
def test_a_symlink_stays_a_symlink_and_its_target_is_written(populated, name):
    (populated / "reports").mkdir()
    target = populated / "reports" / "dated-output.txt"
    target.write_text("old\n", encoding="utf-8")
    link = populated / "latest.txt"
    link.symlink_to("reports/dated-output.txt")
    result = _run(name, link)
    assert result.exit_code in (0, 1), result.output  # check: 1 when it has findings
    assert "Traceback" not in result.output
    assert link.is_symlink() and os.readlink(link) == "reports/dated-output.txt"
    assert _wrote(name, target.read_bytes()) and target.read_bytes() != b"old\n"
    assert not list(populated.glob(".latest.txt.*")), "no temporary file left"


@pytest.mark.parametrize("name", COMMANDS)
def test_a_character_device_is_written_to_not_replaced(populated, name):
    node = char_device(populated / "null", NULL)
    result = _run(name, node)
    assert result.exit_code in (0, 1), result.output
    assert stat.S_ISCHR(node.lstat().st_mode), "the device node was replaced"


@pytest.mark.parametrize("name", COMMANDS)
def test_a_full_device_is_one_line_and_survives(populated, name):
    node = char_device(populated / "full", FULL)
    before = snapshot(populated)
    result = _run(name, node)
    assert_refused(result, "full", None, "No space left on device")
    assert stat.S_ISCHR(node.lstat().st_mode)
    assert snapshot(populated) == before


@pytest.mark.parametrize("name", COMMANDS)
def test_a_fifo_is_written_to_when_someone_reads_it(populated, name):
    fifo = populated / "pipe"
    os.mkfifo(fifo)
    # The reader's end is opened first (without blocking) and drained by a thread, as a
    # `cat pipe` would: more than a pipe's 64 KB can pass.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    received, finished = bytearray(), threading.Event()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(reader, 1 << 16)
            except BlockingIOError:
                chunk = None
            if chunk:
                received.extend(chunk)
            elif finished.is_set():
                return
            else:
                time.sleep(0.001)

    thread = threading.Thread(target=drain)
    thread.start()
    try:
        result = _run(name, fifo)
    finally:
        finished.set()
        thread.join(10)
        os.close(reader)
    assert result.exit_code in (0, 1), result.output
    assert _wrote(name, bytes(received))
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_fifo_nobody_reads_is_refused_at_once(populated):
    fifo = populated / "pipe"
    os.mkfifo(fifo)
    result = _run("check", fifo)
    assert_refused(result, "pipe", None, "no process reads from this FIFO")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("kind", ["socket", "block device", "symlink loop"])
@pytest.mark.parametrize("name", ["check", "tm export"])
def test_other_special_files_are_refused_and_kept(populated, name, kind):
    path = populated / "special"
    if kind == "socket":
        unix_socket(path)
    elif kind == "block device":
        block_device(path)
    else:
        path.symlink_to("other")
        (populated / "other").symlink_to("special")
    before = path.lstat()
    result = _run(name, path)
    assert_refused(result, "special", None, kind if kind != "symlink loop" else "loop")
    after = path.lstat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_a_symlinked_po_stays_a_symlink_when_translate_rewrites_it(populated):
    es = populated / "locales" / "es"
    po = es / f"{SEED.stem}.po"
    shared = populated / "shared" / "translator-copy.po"
    shared.parent.mkdir()
    po.rename(shared)
    po.symlink_to(shared)
    release = populated / "releases" / SEED.name
    release.write_text(release.read_text(encoding="utf-8") + "\nOne more sentence here.\n",
                       encoding="utf-8")
    result = invoke(["translate", "--lang", "es", "--engine", "apertium", "-q"])
    assert result.exit_code == 0, result.output
    assert po.is_symlink() and po.resolve() == shared.resolve()
    assert "One more sentence here." in shared.read_text(encoding="utf-8")
