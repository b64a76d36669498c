"""Names that end up in paths: language codes and release names.

Every command that turns a user-given language or release into a path under
locales/ or build/ goes through here, so a name never leaves its directory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from babel.core import Locale, UnknownLocaleError

from pipeline.config import Settings
from pipeline.documents.loader import display_path
from pipeline.documents.model import Document
from pipeline.errors import InputError

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")
_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f]")


def safe_language(code: str) -> str:
    """A language code fit for a directory name and known to CLDR: `de`, `pt_BR`, never `../x`."""
    code = code.strip()
    if not _LANGUAGE.match(code):
        raise InputError(f"invalid language code {code!r} (use ISO 639 such as de, fr, pt_BR)")
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise InputError(
            f"unknown language code {code!r} (use ISO 639-1 such as de, fr, es)") from None
    return code


def resolve_languages(option: str | None, settings: Settings) -> tuple[str, ...]:
    """`--lang de,fr` (or LANG= to make), else `[tool.pipeline] languages`."""
    codes = [c for c in (option or "").split(",") if c.strip()] or list(settings.languages)
    if not codes:
        raise InputError(
            "no target language: pass LANG=de (or LANG=de,fr,es) to make, --lang to pipeline, "
            "or set languages in [tool.pipeline] of pyproject.toml")
    return tuple(dict.fromkeys(safe_language(code) for code in codes))


def safe_release_name(name: str, where: str | None = None) -> str:
    """A release name that stays inside locales/<lang>/ and build/<lang>/."""
    if name and re.search(r"[\x00-\x1f]", name):
        raise InputError(f"invalid release name {name!r}: a line break or control character "
                         "in a file name cannot be written to a PO; rename the file", where)
    if not name or name.startswith(".") or _UNSAFE_NAME.search(name):
        raise InputError(f"invalid release name {name!r}: it would leave its directory", where)
    return name


def printable(path: str) -> str:
    """A path as one line: control characters escaped (`a\\nb.txt`), as in error messages."""
    return _UNSAFE_NAME.sub(lambda m: m.group() if m.group() in "/\\" else
                            repr(m.group())[1:-1], path)


def refuse_parent_paths(paths: Sequence[str]) -> None:
    """Release arguments never climb out with '..'."""
    for given in paths:
        if ".." in Path(given).parts:
            raise InputError("release names never leave their directory: '..' refused", given)


def refuse_name_clashes(documents: Sequence[Document]) -> None:
    """releases/x.txt and news/x.md would share locales/<lang>/x.po, templates/x.pot and
    build/<lang>/x.*: the second would silently replace the first's files."""
    seen: dict[str, str] = {}
    for document in documents:
        # A newline in a name would be written into the PO's references and break it.
        safe_release_name(document.name, printable(document.path))
        if document.name in seen:
            raise InputError(f"same release name as {seen[document.name]}; both would write "
                             f"the files of release {document.name!r} (e.g. "
                             f"locales/<lang>/{document.name}.po)", document.path)
        seen[document.name] = document.path


def inside(directory: Path, name: str) -> Path:
    """`directory/name`, refused if it resolves anywhere else (a symlinked name, say)."""
    target = directory / name
    if target.resolve().parent != directory.resolve():
        raise InputError(f"refused: {name!r} resolves outside {display_path(directory)}")
    return target
