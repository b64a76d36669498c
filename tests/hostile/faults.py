"""Real faults made in a test's own folder: device nodes, FIFOs, sockets, a read-only bind
mount, a full tmpfs. Each skips the test cleanly where the machine does not allow it
(not root, no mount in this container)."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

FULL = (1, 7)  # /dev/full: every write fails with ENOSPC
NULL = (1, 3)  # /dev/null


def char_device(path: Path, numbers: tuple[int, int]) -> Path:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(*numbers))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def block_device(path: Path) -> Path:
    try:
        os.mknod(path, stat.S_IFBLK | 0o600, os.makedev(7, 200))  # a loop device number
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def unix_socket(path: Path) -> Path:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays
    return path


def _mount(*args: str) -> None:
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"mount not permitted here: {done.stderr.strip()}")


def _umount(path: Path) -> None:
    subprocess.run(["umount", str(path)], capture_output=True, check=False)


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` bind-mounted read-only onto itself for the duration."""
    _mount("--bind", str(folder), str(folder))
    try:
        done = subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"read-only remount not permitted: {done.stderr.strip()}")
        yield folder
    finally:
        _umount(folder)


@contextmanager
def full_disk(folder: Path) -> Iterator[Path]:
    """`folder`'s files copied onto a small tmpfs mounted over it, the rest of the tmpfs
    filled, so that the next write of any size fails with ENOSPC."""
    saved = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    pages = sum(len(data) // 4096 + 1 for data in saved.values()) + 16
    _mount("-t", "tmpfs", "-o", f"size={pages * 4}k", "tmpfs", str(folder))
    try:
        for relative, data in saved.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(data)
        fd = os.open(folder / ".filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass  # full, as wanted
        finally:
            os.close(fd)
        yield folder
    finally:
        _umount(folder)
