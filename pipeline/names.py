"""Names that end up in paths: language codes and release names.

Every command that turns a user-given language or release into a path under
locales/ or build/ goes through here, so a name never leaves its directory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pipeline.config import Settings
from pipeline.documents.model import Document
from pipeline.errors import InputError, Location
from pipeline.files import display_path
from pipeline.language import Language, parse_list
from pipeline.language import locale_dir as _locale_dir

_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f]")


def safe_language(code: str, where: Location | str | None = None) -> Language:
    """A language tag known to CLDR, never a path such as `../x` (pipeline.language)."""
    return Language.parse(code, where)


def resolve_languages(option: str | None, settings: Settings) -> tuple[Language, ...]:
    """`--lang de,fr` (or LANG= to make), else `[tool.pipeline] languages`; every tag is
    checked before any language is processed."""
    if option and option.strip():
        return parse_list(option, settings.source_language)
    if settings.languages:
        where = Location(str(settings.root / "pyproject.toml"))
        return parse_list(settings.languages, settings.source_language, where)
    raise InputError(
        "no target language: pass LANG=de (or LANG=de,fr,es) to make, --lang to pipeline, "
        "or set languages in [tool.pipeline] of pyproject.toml")


def locale_dir(settings: Settings, language: Language) -> Path:
    """`locales/<gettext form>`, or the folder already there under the BCP 47 spelling."""
    return _locale_dir(settings.path(settings.locales), language)


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
