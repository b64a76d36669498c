"""The one helper through which every file under locales/ and build/ is written.

A temporary file in the same directory is written, fsynced and renamed over the
target, so a reader (or a run killed mid-write) sees either the old or the new
content, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.errors import LockedError


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def write_text(path: str | os.PathLike, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def _fsync_dir(directory: Path) -> None:
    # The rename itself is only durable once the directory entry is on disk.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on directories; the rename is still atomic
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(directory: str | os.PathLike, wait: float = 0) -> Iterator[None]:
    """Hold `<directory>/.pipeline.lock` so two runs never interleave writes to one locale."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    lock_path = directory / ".pipeline.lock"
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise LockedError(
            "another pipeline run is writing here; wait for it to finish or use --wait SECONDS",
            str(directory),
        ) from None
    try:
        yield
    finally:
        lock.release()
