"""The one helper through which every file under locales/ and build/ is written.

A temporary file in the same directory is written, fsynced and renamed over the
target, so a reader (or a run killed mid-write) sees either the old or the new
content, never a mix.

What the path points at decides how it is written:
- a regular file (or a new name): replaced atomically as above;
- a symlink: its target is replaced, and the link stays a link (a translator's
  symlinked PO, `-o ~/reports/latest.html` pointing into a dated folder);
- a character device or a FIFO (`-o /dev/stdout`, a pipe): written to directly,
  never replaced by a regular file (as root, replacing /dev/full destroys the device);
- a directory, block device or socket: refused.

A write that fails (read-only file system, full disk) leaves the old file in place
and is reported as one InputError naming the path.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.errors import InputError, LockedError
from pipeline.files import kind_of

# --wait longer than a day is a mistake, not a plan; nan and negatives mean nothing.
MAX_WAIT = 24 * 3600
LOCK_NAME = ".pipeline.lock"


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    target = Path(path)
    shown = _shown(target)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None  # a new file, or a symlink to one not made yet
    except OSError as exc:
        raise _refused(exc, shown) from None
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        _write_stream(target, data, shown, fifo=stat.S_ISFIFO(info.st_mode))
        return
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise InputError(f"is {kind_of(info.st_mode)}, not a regular file; give a file name",
                         shown)
    destination = _destination(target, info)
    if destination is None:  # a /proc/self/fd link: the file is open, not named
        _write_stream(target, data, shown, fifo=False)
        return
    try:
        _replace(destination, data, info)
    except OSError as exc:
        raise _failed(exc, shown, existed=info is not None) from None


def write_text(path: str | os.PathLike, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def _destination(target: Path, info: os.stat_result | None) -> Path | None:
    """The path to replace: the symlink's final target, or the path itself."""
    if not target.is_symlink():
        return target
    resolved = Path(os.path.realpath(target))
    if info is None:
        return resolved  # a dangling link: create what it points at
    try:
        same = os.stat(resolved)
    except OSError:
        return None
    return resolved if (same.st_dev, same.st_ino) == (info.st_dev, info.st_ino) else None


def _replace(target: Path, data: bytes, info: os.stat_result | None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, info.st_mode & 0o777 if info is not None else 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def _write_stream(target: Path, data: bytes, shown: str, fifo: bool) -> None:
    # A FIFO nobody reads would block the open forever: open without waiting, then write.
    flags = os.O_WRONLY | (os.O_NONBLOCK if fifo else os.O_TRUNC)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise InputError("no process reads from this FIFO; start the reader first",
                             shown) from None
        raise InputError(f"cannot write: {exc.strerror}", shown) from None
    try:
        if fifo:
            os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", shown) from None
    finally:
        os.close(fd)


def _refused(exc: OSError, shown: str) -> InputError:
    if exc.errno == errno.ELOOP:
        return InputError("symlink loop; point the link at a file or remove it", shown)
    return InputError(f"cannot write: {exc.strerror}", shown)


def _failed(exc: OSError, shown: str, existed: bool) -> InputError:
    kept = "the old file is unchanged" if existed else "nothing was written"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return InputError(f"cannot write: {exc.strerror}; {kept}; free some space and "
                          "run again", shown)
    if exc.errno == errno.EROFS:
        return InputError(f"cannot write: read-only file system; {kept}", shown)
    return InputError(f"cannot write: {exc.strerror or exc}; {kept}", shown)


def _shown(path: Path) -> str:
    """The path as given relative to the cwd; a symlink is named, not what it points at."""
    from pipeline.files import display_path  # a light module, but not at import

    try:
        parent = display_path(path.parent)
    except (OSError, RuntimeError):  # a looping link cannot be resolved for display
        return path.as_posix()
    return path.name if parent in ("", ".") else f"{parent}/{path.name}"


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


def check_wait(wait: float) -> float:
    """`--wait SECONDS`: a number from 0 to MAX_WAIT (-1 or nan would wait forever)."""
    if not isinstance(wait, int | float) or math.isnan(wait) or not 0 <= wait <= MAX_WAIT:
        raise InputError(f"must be a number of seconds from 0 to {MAX_WAIT}, not {wait!r}",
                         "--wait")
    return float(wait)


@contextlib.contextmanager
def locked(directory: str | os.PathLike, wait: float = 0) -> Iterator[None]:
    """Hold `<directory>/.pipeline.lock` so two runs never interleave writes to one locale.

    A directory this call had to create is removed again when the run wrote nothing into
    it, so a refused run on a new locale leaves neither a folder nor a lock file behind."""
    wait = check_wait(wait)
    directory = Path(directory)
    lock_path = directory / LOCK_NAME
    created = _make_directory(directory)
    _check_lock_file(lock_path)
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        _remove_if_unused(directory, lock_path, created)
        raise LockedError(
            "another pipeline run is writing here; wait for it to finish or use --wait SECONDS",
            str(directory),
        ) from None
    except OSError as exc:
        _remove_if_unused(directory, lock_path, created)
        raise _lock_error(exc, lock_path) from None
    try:
        yield
    finally:
        lock.release()
        _remove_if_unused(directory, lock_path, created)


def _make_directory(directory: Path) -> bool:
    if directory.is_dir():
        return False
    try:
        directory.mkdir(parents=True)
    except FileExistsError:
        if not directory.is_dir():
            raise InputError("exists and is not a directory; move it away",
                             _shown(directory)) from None
        return False
    except OSError as exc:
        raise _failed(exc, _shown(directory), existed=False) from None
    return True


def _check_lock_file(lock_path: Path) -> None:
    shown = _shown(lock_path)
    if lock_path.is_symlink():
        # Opening it would create or lock whatever it points at, somewhere else.
        raise InputError("the lock file is a symlink; remove it (no pipeline run makes one)",
                         shown)
    if lock_path.exists() and not lock_path.is_file():
        raise InputError("the lock file is not a regular file; remove it "
                         f"({'rmdir' if lock_path.is_dir() else 'rm'} {shown})", shown)


def _lock_error(exc: OSError, lock_path: Path) -> InputError:
    shown = _shown(lock_path)
    if exc.errno == errno.EROFS:
        return InputError("cannot create the lock file: read-only file system; nothing was "
                          "written, the files here are unchanged", shown)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return InputError(f"cannot create the lock file: {exc.strerror}; nothing was written",
                          shown)
    return InputError(f"cannot take the lock: {exc.strerror or exc}; remove {shown} if no "
                      "pipeline run is active", shown)


def _remove_if_unused(directory: Path, lock_path: Path, created: bool) -> None:
    if not created:
        return
    with contextlib.suppress(OSError):
        if {entry.name for entry in os.scandir(directory)} <= {LOCK_NAME}:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(lock_path)
            os.rmdir(directory)
