"""Reading a user's input file (release, glossary, CSV) without hanging or exhausting memory.

`Path.read_bytes()` on a FIFO blocks until a writer comes, forever in CI; on a symlink
to /dev/zero it never ends (the size check saw the link's target report 0 bytes). So
the file is opened without blocking, its type and size are taken from the open file
itself (whatever links led to it), only a regular file is read, and never more than
its limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from pipeline.errors import InputError


def read_regular(path: Path, limit: int, what: str, shown: str,
                 error: type[InputError] = InputError) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them, else `error`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise error("no such file or directory", shown) from None
    except IsADirectoryError:
        raise error(f"is a directory, not a {what}", shown) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error("symlink loop; point the link at a file", shown) from None
        raise error(f"cannot read: {exc.strerror}", shown) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"is a directory, not a {what}", shown)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"is {kind_of(info.st_mode)}, not a regular file; only files are read "
                        f"as a {what}", shown)
        if info.st_size > limit:
            raise error(f"{what} is {info.st_size / 1024 / 1024:.1f} MB; the limit is "
                        f"{limit / 1024 / 1024:.0f} MB", shown)
        os.set_blocking(fd, True)
        chunks, total = [], 0
        # The size can grow between fstat and read (a file being written): read no more.
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise error(f"{what} grew past the limit of {limit / 1024 / 1024:.0f} MB while "
                        "being read", shown)
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", shown) from None
    finally:
        os.close(fd)


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words (for one-line refusals)."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def project_path(path: Path, root: Path | None) -> str:
    """How a release is named in `#:` references and digests: relative to the project
    root, so that running from releases/ or elsewhere rewrites nothing."""
    if root is not None:
        resolved, base = path.resolve(), root.resolve()
        if base in resolved.parents:
            return resolved.relative_to(base).as_posix()
    return display_path(path)


def display_path(path: Path) -> str:
    """The path as users see it in references: relative to the cwd when below it."""
    cwd = Path.cwd().resolve()
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: shown as given, refused when read
        return path.as_posix()
    if resolved == cwd or cwd in resolved.parents:
        return resolved.relative_to(cwd).as_posix()
    return path.as_posix()
