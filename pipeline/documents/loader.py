"""Reading release files from disk: every defect becomes one InputError with a location.

All inputs are validated before anything is written, so a bad file in a batch
leaves the project untouched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import InputError, Location
from pipeline.files import display_path

MAX_MB = 5
MAX_BYTES = MAX_MB * 1024 * 1024
_SNIFF = 8192
# C0 controls but tab, line feed and carriage return: XML 1.0 (the XLIFF) cannot carry
# them, and machine translation strips them, so the translation would silently differ.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def expand_paths(paths: Iterable[str | os.PathLike], suffixes: Iterable[str]) -> list[Path]:
    """Files as given, directories expanded to their releases, sorted by path: subfolders
    too (`releases/smart/`, `releases/adidas/` of a project with several brands), except
    hidden ones and the `~$name.docx` lock files Word leaves beside an open document."""
    suffixes = tuple(sorted(suffixes))
    result: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(
                child
                for child in path.rglob("*")
                if child.is_file()
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
                and not child.name.startswith("~$")
                and child.suffix.lower() in suffixes
            )
            if not found:
                raise InputError(
                    f"no releases ({', '.join(suffixes)}) in this directory",
                    display_path(path),
                )
            result.extend(found)
        elif not path.exists():
            raise InputError("no such file or directory", display_path(path))
        elif path.suffix.lower() not in suffixes:
            raise InputError(
                f"unsupported format {path.suffix or '(no suffix)'!r}; "
                f"supported: {', '.join(suffixes)}",
                display_path(path),
            )
        else:
            result.append(path)
    return _unique(result)


def _unique(paths: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    unique = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def load_text(path: Path) -> str:
    """The decoded text of a release; refuses missing, huge, binary, non-UTF-8 and empty files."""
    from pipeline.files import read_regular

    shown = display_path(path)
    data = read_regular(path, MAX_BYTES, "release", shown)
    if b"\x00" in data[:_SNIFF]:
        raise InputError("binary file, not a text release", Location(shown, 1))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the release as UTF-8",
            Location(shown, line),
        ) from None
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - text.rfind("\n", 0, control.start())
        raise InputError(
            f"control character U+{ord(control.group()):04X} at column {column}; remove it "
            "(it cannot be written to PO or XLIFF)", Location(shown, line))
    if not text.strip().lstrip("\ufeff").strip():
        raise InputError("empty file, nothing to translate", shown)
    return text
