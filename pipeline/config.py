"""Project settings from `[tool.pipeline]` in pyproject.toml, with defaults.

The table is checked once, here, against SCHEMA: every key known, every value of its
declared type and range. A wrong value is one InputError naming the key, its line and
what was expected, instead of a TypeError (`PosixPath / int`), a nan timeout or a
string iterated as a list (`languages = "de"` read as 'd', 'e') somewhere later.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import InputError, Location

FAIL_ON = ("error", "warning", "never")


@dataclass(frozen=True)
class CheckSettings:
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()  # checks that are off by default (Check.default_on), on
    fail_on: str = "error"
    # Percentage of untranslated+fuzzy entries above which `qa.completeness` fires.
    untranslated_threshold: float = 100.0
    # [tool.pipeline.check.quotes]: language tag -> its quotation marks, "„“" or "« »"
    # (a space between them: the inner no-break spaces of French guillemets); qa.quotes.
    quotes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class VariantSettings:
    """`de-CH = { base = "de", rules = ["ss-for-eszett"], replacements = { … } }`."""

    base: str
    rules: tuple[str, ...] = ()
    replacements: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class BrandSettings:
    """`smart = { releases = "releases/smart/**", glossaries = ["glossaries/smart.yaml"] }`."""

    releases: tuple[str, ...]  # glob patterns of release paths, from the project root
    glossaries: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    root: Path = field(default_factory=Path.cwd)
    languages: tuple[str, ...] = ()
    source_language: str = "en"
    glossaries: tuple[str, ...] = ()  # none configured: terms are not protected (said so)
    engine: str = "argos"
    releases: str = "releases"
    locales: str = "locales"
    build: str = "build"
    tm_similarity: float = 0.75
    check: CheckSettings = field(default_factory=CheckSettings)
    # [tool.pipeline.variants]: a market variant's tag -> how it is derived from its base.
    variants: Mapping[str, VariantSettings] = field(default_factory=dict)
    # [tool.pipeline.brands]: several brands in one project, each with its own glossaries.
    brands: Mapping[str, BrandSettings] = field(default_factory=dict)

    def path(self, relative: str) -> Path:
        return self.root / relative


# -- the schema -------------------------------------------------------------------------
Check = Callable[[Any], Any]  # the value converted, or ValueError with what was expected


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or "\x00" in value:
        raise ValueError("a non-empty string")
    return value


def _names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError("a list of strings, e.g. [\"de\", \"fr\"]")
    try:
        return tuple(_name(item) for item in value)
    except ValueError:
        raise ValueError("a list of non-empty strings") from None


def _number(low: float, high: float) -> Check:
    def check(value: Any) -> float:
        # bool is an int to Python, never a number to a user
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or math.isnan(value) or not low <= value <= high:
            raise ValueError(f"a number from {low:g} to {high:g}")
        return float(value)

    return check


def _choice(*choices: str) -> Check:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"one of {', '.join(repr(c) for c in choices)}")
        return value

    return check


SCHEMA: dict[str, Check] = {
    "languages": _names,
    "source_language": _name,
    "glossaries": _names,
    "engine": _name,
    "releases": _name,
    "locales": _name,
    "build": _name,
    "tm_similarity": _number(0, 1),
}
_QUOTE_SPACES = (" ", "\u00a0", "\u202f")


def _quotes(value: Any) -> tuple[tuple[str, str], ...]:
    from pipeline.language import Language

    shape = 'a table of language tags to quotation marks, e.g. de = "„“", fr = "« »"'
    if not isinstance(value, dict):
        raise ValueError(shape)
    found = []
    for tag, marks in value.items():
        try:
            language = Language.parse(tag)
        except InputError:
            raise ValueError(f"{shape} ({tag!r} is not a language tag)") from None
        spaced = isinstance(marks, str) and len(marks) == 3 and marks[1] in _QUOTE_SPACES
        if not isinstance(marks, str) or not (len(marks) == 2 or spaced) \
                or any(mark.isalnum() or mark.isspace() for mark in (marks[0], marks[-1])):
            raise ValueError(f"{shape} ({tag} = {_shown(marks)} is not an opening and a "
                             "closing mark)")
        found.append((language.tag, marks))
    return tuple(found)


CHECK_SCHEMA: dict[str, Check] = {
    "disable": _names,
    "enable": _names,
    "fail_on": _choice(*FAIL_ON),
    "untranslated_threshold": _number(0, 100),
    "quotes": _quotes,
}


def find_root(start: Path | None = None) -> Path:
    """The nearest directory at or above `start` holding a pyproject.toml, else `start`."""
    start = (start or Path.cwd()).resolve()
    for candidate in (start, *start.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return start


def load_settings(root: Path | None = None) -> Settings:
    root = find_root(root)
    pyproject = root / "pyproject.toml"
    text = ""
    data: dict = {}
    if pyproject.is_file():
        try:
            text = pyproject.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"invalid TOML: {exc}", Location(str(pyproject))) from None
        except (ValueError, RecursionError):
            # tomllib's int() refuses 4,300 digits and more; arrays nest by recursion
            raise InputError("invalid TOML: a number too long or values nested too deeply",
                             Location(str(pyproject))) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", Location(str(pyproject))) from None
    return settings_from_table(data, root, text)


def settings_from_table(data: dict, root: Path, text: str = "") -> Settings:
    """Settings from parsed pyproject data; InputError at the first value off the schema."""
    where = _Where(root / "pyproject.toml", text)
    tool = data.get("tool", {})
    table = tool.get("pipeline", {}) if isinstance(tool, dict) else {}
    table = _table(table, "tool.pipeline", where)
    check = _table(table.pop("check", {}), "tool.pipeline.check", where)
    variants = _table(table.pop("variants", {}), "tool.pipeline.variants", where)
    brands = _table(table.pop("brands", {}), "tool.pipeline.brands", where)
    values = _validate(table, SCHEMA, "tool.pipeline", where)
    checks = _validate(check, CHECK_SCHEMA, "tool.pipeline.check", where)
    return Settings(root=root, **values, check=CheckSettings(**checks),
                    variants=_variants(variants, where), brands=_brands(brands, where))


def _brands(table: dict, where: _Where) -> dict[str, BrandSettings]:
    found: dict[str, BrandSettings] = {}
    for name, value in table.items():
        at = where.at("tool.pipeline.brands", name)
        if not isinstance(value, dict) or set(value) - {"releases", "glossaries"}:
            raise InputError(f"[tool.pipeline.brands] {name} must be a table such as "
                             '{ releases = "releases/smart/**", glossaries = '
                             '["glossaries/smart.yaml"] }', at)
        releases = value.get("releases")
        releases = [releases] if isinstance(releases, str) else releases
        try:
            globs = _names(releases)
            glossaries = _names(value.get("glossaries", []))
        except ValueError as exc:
            raise InputError(f"[tool.pipeline.brands] {name}: releases and glossaries must "
                             f"be {exc}", at) from None
        found[name] = BrandSettings(globs, glossaries)
    return found


def _variants(table: dict, where: _Where) -> dict[str, VariantSettings]:
    """Each variant checked here: a tag, a different base of the same language, known
    rules and a word list of strings."""
    from pipeline.language import Language
    from pipeline.variants.rules import rule_for

    found: dict[str, VariantSettings] = {}
    for key, value in table.items():
        at = where.at("tool.pipeline.variants", key)
        variant = Language.parse(key, at)
        if not isinstance(value, dict):
            raise InputError(f"[tool.pipeline.variants] {key} must be a table such as "
                             '{ base = "de", rules = ["ss-for-eszett"] }', at)
        unknown = sorted(set(value) - {"base", "rules", "replacements"})
        if unknown:
            raise InputError(f"[tool.pipeline.variants] {key}: unknown key {unknown[0]!r} "
                             "(known: base, rules, replacements)", at)
        base = Language.parse(value.get("base", variant.base.tag), at)
        if base == variant or base.language != variant.language:
            raise InputError(f"[tool.pipeline.variants] {key}: base must be another form of "
                             f"the same language (such as {variant.base.tag!r}), not "
                             f"{base.tag!r}", at)
        try:
            rules = _names(value.get("rules", []))
        except ValueError as exc:
            raise InputError(f"[tool.pipeline.variants] {key} rules must be {exc}", at) from None
        for rule in rules:
            rule_for(rule, at)
        replacements = value.get("replacements", {})
        if not isinstance(replacements, dict) or not all(
                isinstance(k, str) and k and isinstance(v, str) for k, v in replacements.items()):
            raise InputError(f"[tool.pipeline.variants] {key} replacements must be a table of "
                             'words, such as { "Velo" = "Fahrrad" }', at)
        found[variant.tag] = VariantSettings(base.tag, rules, tuple(replacements.items()))
    return found


def _table(value: Any, name: str, where: _Where) -> dict:
    if not isinstance(value, dict):
        raise InputError(f"[{name}] must be a table", where.at(name, None))
    return dict(value)


def _validate(table: dict, schema: dict[str, Check], name: str, where: _Where) -> dict:
    values = {}
    for key, value in table.items():
        if key not in schema:
            raise InputError(f"unknown key {key!r} in [{name}] (known: "
                             f"{', '.join(sorted(schema))})", where.at(name, key))
        try:
            values[key] = schema[key](value)
        except ValueError as exc:
            raise InputError(f"[{name}] {key} must be {exc}, not {_shown(value)}",
                             where.at(name, key)) from None
    return values


def _shown(value: Any) -> str:
    if isinstance(value, int) and value.bit_length() > 64:
        return "an integer of more than 19 digits"
    if isinstance(value, list | dict):
        return f"a {'list' if isinstance(value, list) else 'table'}"
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


@dataclass(frozen=True)
class _Where:
    """Lines of a key in pyproject.toml (tomllib keeps no positions: found by a scan)."""

    path: Path
    text: str

    def at(self, table: str, key: str | None) -> Location:
        lines = self.text.splitlines()
        header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]")
        start = next((n for n, line in enumerate(lines) if header.match(line)), None)
        if start is None:
            return Location(str(self.path))
        if key is None:
            return Location(str(self.path), start + 1)
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number in range(start + 1, len(lines)):
            if re.match(r"^\s*\[", lines[number]):
                break
            if pattern.match(lines[number]):
                return Location(str(self.path), number + 1)
        return Location(str(self.path), start + 1)
