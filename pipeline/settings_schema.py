"""The schema of `[tool.pipeline]`, declared once: each table, its keys and the type of
each value. `validate` checks parsed TOML against it and returns the values converted;
a mistake is one InputError naming the file, the key's line, the key and the fix (the
closest known key for a typo, the expected type for a wrong value).

pipeline/config.py turns what `validate` returns into the typed Settings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import InputError, Location

FAIL_ON = ("error", "warning", "never")
Check = Callable[[Any], Any]  # the value converted, or Expected


class Expected(ValueError):
    """What a value should have been ("a list of strings"), with a close valid one; `key`:
    the entry of a table value that is wrong (its line is shown, the value is not)."""

    def __init__(self, expected: str, close: str | None = None, key: str | None = None,
                 item: str | None = None):
        super().__init__(expected)
        self.expected = expected
        self.close = close
        self.key = key
        self.item = item  # the wrong item of a list value, shown instead of "a list"


# -- values ------------------------------------------------------------------------------
def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or "\x00" in value:
        raise Expected("a non-empty string")
    return value


def _names(example: str) -> Check:
    """A list of non-empty strings, such as `example`."""
    def check(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise Expected(f"a list of strings, e.g. {example}")
        try:
            return tuple(_name(item) for item in value)
        except Expected:
            raise Expected("a list of non-empty strings") from None

    return check


def _tags(value: Any) -> tuple[str, ...]:
    """A list of language tags, each one that pipeline.language reads (checked here, so a
    mistake is named at its line)."""
    from pipeline.language import Language

    tags = _names('["de", "fr"]')(value)
    for tag in tags:
        try:
            Language.parse(tag)
        except InputError:
            raise Expected('a list of language tags such as ["de", "de-CH", "pt-BR"]',
                           item=tag) from None
    return tags


def _globs(value: Any) -> tuple[str, ...]:
    """One glob pattern or a list of them."""
    try:
        return _names("")([value] if isinstance(value, str) else value)
    except Expected:
        raise Expected('a glob pattern or a list of them, e.g. "releases/smart/**"') from None


def _number(low: float, high: float) -> Check:
    def check(value: Any) -> float:
        # bool is an int to Python, never a number to a user
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or math.isnan(value) or not low <= value <= high:
            raise Expected(f"a number from {low:g} to {high:g}")
        return float(value)

    return check


def _choice(choices: Callable[[], tuple[str, ...]]) -> Check:
    """One of `choices()`, asked when a value is checked (the engine registry is the home
    of engine names; this module only reads it)."""
    def check(value: Any) -> str:
        known = choices()
        if value not in known:
            import difflib  # loaded for a mistake only

            close = difflib.get_close_matches(value, known, n=1) if isinstance(value, str) \
                else []
            raise Expected(f"one of {', '.join(repr(c) for c in known)}",
                           close[0] if close else None)
        return value

    return check


def _engines() -> tuple[str, ...]:
    from pipeline.engines import engine_names

    return tuple(engine_names())


_QUOTE_SPACES = (" ", "\u00a0", "\u202f")


def _quotes(value: Any) -> tuple[tuple[str, str], ...]:
    from pipeline.language import Language

    shape = 'a table of language tags to quotation marks, e.g. de = "„“", fr = "« »"'
    if not isinstance(value, dict):
        raise Expected(shape)
    found = []
    for tag, marks in value.items():
        try:
            language = Language.parse(tag)
        except InputError:
            raise Expected(f"{shape} ({tag!r} is not a language tag)", key=tag) from None
        spaced = isinstance(marks, str) and len(marks) == 3 and marks[1] in _QUOTE_SPACES
        if not isinstance(marks, str) or not (len(marks) == 2 or spaced) \
                or any(mark.isalnum() or mark.isspace() for mark in (marks[0], marks[-1])):
            raise Expected(f"{shape} ({tag} = {shown(marks)} is not an opening and a "
                           "closing mark)", key=tag)
        found.append((language.tag, marks))
    return tuple(found)


def _words(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and k and isinstance(v, str) for k, v in value.items()):
        raise Expected('a table of words, such as { "Velo" = "Fahrrad" }')
    return tuple(value.items())


def _links(value: Any) -> dict[str, Any]:
    """[tool.pipeline.links]: its rules are checked by pipeline/config.py, at their lines."""
    if not isinstance(value, dict):
        raise Expected('a table of language tags to rules, e.g. de = [{ from = '
                       '"https://www.smart.com/en/", to = "https://www.smart.com/de/" }]')
    return value


# -- tables ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table:
    """A TOML table: its keys, each a value check or a table of its own."""

    keys: Mapping[str, Check | Table | Named]
    required: tuple[str, ...] = ()
    example: str = ""  # shown when something else stands where the table belongs


@dataclass(frozen=True)
class Named:
    """A table of entries the user names (market variants, brands), each an `entry`."""

    entry: Table
    name: Callable[[str, Location], Any] | None = None  # checks the name; InputError if bad


def _tag(name: str, where: Location) -> None:
    from pipeline.language import Language

    Language.parse(name, where)


# [tool.pipeline]'s own values, then its tables
SCHEMA: dict[str, Check] = {
    "languages": _tags,
    "source_language": _name,
    "glossaries": _names('["glossaries/smart.yaml"]'),
    "engine": _choice(_engines),
    "releases": _name,
    "locales": _name,
    "build": _name,
    "tm_similarity": _number(0, 1),
    "links": _links,
}
CHECK_SCHEMA: dict[str, Check] = {
    "disable": _names('["qa.doubled-word"]'),
    "enable": _names('["qa.spelling"]'),
    "fail_on": _choice(lambda: FAIL_ON),
    "untranslated_threshold": _number(0, 100),
    "quotes": _quotes,
}
VARIANT = Table({"base": _name, "rules": _names('["ss-for-eszett"]'), "replacements": _words},
                example='{ base = "de", rules = ["ss-for-eszett"] }')
BRAND = Table({"releases": _globs, "glossaries": _names('["glossaries/smart.yaml"]')},
              required=("releases",),
              example='{ releases = "releases/smart/**", glossaries = '
                      '["glossaries/smart.yaml"] }')
PIPELINE = Table({**SCHEMA, "check": Table(CHECK_SCHEMA), "variants": Named(VARIANT, _tag),
                  "brands": Named(BRAND)})


def validate(value: Any, table: Table, keys: tuple[str, ...], where: KeyLines,
             label: str | None = None) -> dict[str, Any]:
    """`value` checked against `table` (found at `keys` in the file): its values converted,
    a table's as a dict, a named table's as a dict of name -> dict."""
    label = label or f"[{'.'.join(keys)}]"
    if not isinstance(value, dict):
        example = f" such as {table.example}" if table.example else ""
        raise InputError(f"{label} must be a table{example}", where.at(keys))
    found: dict[str, Any] = {}
    for key, item in value.items():
        spec = table.keys.get(key)
        at = keys + (key,)
        if spec is None:
            raise InputError(_unknown(key, label, table), where.at(at))
        if isinstance(spec, Table):
            found[key] = validate(item, spec, at, where)
        elif isinstance(spec, Named):
            found[key] = validate_named(item, spec, at, where)
        else:
            found[key] = _value(spec, item, f"{label} {key}", at, where)
    missing = [key for key in table.required if key not in value]
    if missing:
        raise InputError(f"{label} needs {missing[0]}" + (
            f", such as {table.example}" if table.example else ""), where.at(keys))
    return found


def validate_named(value: Any, named: Named, keys: tuple[str, ...],
                   where: KeyLines) -> dict[str, dict[str, Any]]:
    """A table of named entries: each name checked, each entry against `named.entry`."""
    label = f"[{'.'.join(keys)}]"
    if not isinstance(value, dict):
        raise InputError(f"{label} must be a table", where.at(keys))
    found = {}
    for name, entry in value.items():
        if named.name is not None:
            named.name(name, where.at(keys + (name,)))
        found[name] = validate(entry, named.entry, keys + (name,), where, f"{label} {name}")
    return found


def _value(check: Check, value: Any, what: str, keys: tuple[str, ...],
           where: KeyLines) -> Any:
    try:
        return check(value)
    except Expected as exc:
        if exc.key is not None:  # the entry is named in `expected`, at its own line
            raise InputError(f"{what} must be {exc.expected}",
                             where.at(keys + (exc.key,))) from None
        close = f"; did you mean {exc.close!r}?" if exc.close else ""
        wrong = shown(value) if exc.item is None else shown(exc.item)
        raise InputError(f"{what} must be {exc.expected}, not {wrong}{close}",
                         where.at(keys)) from None


def _unknown(key: str, label: str, table: Table) -> str:
    import difflib  # loaded for a mistake only

    known = sorted(table.keys)
    close = difflib.get_close_matches(key, known, n=1)
    fix = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown key {key!r} in {label}{fix} (known: {', '.join(known)})"


def shown(value: Any) -> str:
    if isinstance(value, int) and value.bit_length() > 64:
        return "an integer of more than 19 digits"
    if isinstance(value, list | dict):
        return f"a {'list' if isinstance(value, list) else 'table'}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# -- where a key is written --------------------------------------------------------------
_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_HEADER = re.compile(rf"^\s*\[\[?\s*(?P<keys>{_PART}(?:\s*\.\s*{_PART})*)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(rf"^\s*(?P<keys>{_PART}(?:\s*\.\s*{_PART})*)\s*=(?P<value>.*)$")
_STRINGS = re.compile(r'"""[\s\S]*?"""|' r"'''[\s\S]*?'''|" r'"(?:[^"\\]|\\.)*"|' r"'[^']*'")


def _split(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip("\"'") for part in re.findall(_PART, dotted))


class KeyLines:
    """The line of every table and key of a TOML text. tomllib keeps no positions, so a
    small scan of `[table]` headers and `key =` lines (skipping the inside of values that
    span lines) finds them; a key inside an inline table is at its table's line."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        depth, in_string = 0, None
        for number, line in enumerate(text.splitlines(), 1):
            if in_string:
                if in_string in line:
                    in_string = None
                continue
            if depth > 0:
                depth += _depth(line)
                continue
            header = _HEADER.match(line)
            if header:
                table = _split(header.group("keys"))
                self._note(table, number)
                continue
            key = _KEY.match(line)
            if key:
                self._note(table + _split(key.group("keys")), number)
                value = key.group("value")
                quotes = re.findall(r'"""|' r"'''", value)
                if len(quotes) % 2:  # a multi-line string starts here
                    in_string = quotes[-1]
                else:
                    depth = _depth(value)

    def _note(self, keys: tuple[str, ...], number: int) -> None:
        for end in range(1, len(keys) + 1):
            self.lines.setdefault(keys[:end], number)

    def at(self, keys: tuple[str, ...]) -> Location:
        """The line of `keys`, else of the nearest table above it that is written."""
        for end in range(len(keys), 0, -1):
            if keys[:end] in self.lines:
                return Location(str(self.path), self.lines[keys[:end]])
        return Location(str(self.path))


def _depth(text: str) -> int:
    """How many brackets `text` leaves open, strings and comments left out."""
    bare = _STRINGS.sub("", text).split("#", 1)[0]
    return bare.count("[") + bare.count("{") - bare.count("]") - bare.count("}")
