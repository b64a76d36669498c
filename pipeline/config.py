"""Project settings from `[tool.pipeline]` in pyproject.toml, with defaults.

The table is checked once, here, against the schema in pipeline/settings_schema.py:
every key known (a typo gets the closest known key), every value of its declared type
and range, the engine a registered one. A wrong value is one InputError naming the key,
its line and what was expected, instead of a TypeError (`PosixPath / int`), a nan
timeout, a string iterated as a list (`languages = "de"` read as 'd', 'e') or an unknown
engine noticed only once there is something to translate.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError, Location
from pipeline.links import LinkRule, LinkRules
from pipeline.settings_schema import PIPELINE, KeyLines, shown, validate


@dataclass(frozen=True)
class CheckSettings:
    """[tool.pipeline.check]: which checks run and when `check` fails."""

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
    """The project's [tool.pipeline] table, validated, with the project root."""

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
    # [tool.pipeline.links]: link targets rewritten per language at build (pipeline/links.py).
    links: LinkRules = field(default_factory=LinkRules)

    def path(self, relative: str) -> Path:
        return self.root / relative


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
    """Settings from parsed pyproject data; InputError at the first value off the schema
    (pipeline/settings_schema.py), at its line in `text`."""
    where = KeyLines(root / "pyproject.toml", text)
    tool = data.get("tool", {})
    table = tool.get("pipeline", {}) if isinstance(tool, dict) else {}
    values = validate(table, PIPELINE, ("tool", "pipeline"), where)
    check = CheckSettings(**values.pop("check", {}))
    variants = _variants(values.pop("variants", {}), where)
    brands = {name: BrandSettings(entry["releases"], entry.get("glossaries", ()))
              for name, entry in values.pop("brands", {}).items()}
    links = _links(values.pop("links", {}), where)
    return Settings(root=root, **values, check=check, variants=variants, brands=brands,
                    links=links)


_RULE = '{ from = "https://www.smart.com/en/", to = "https://www.smart.com/de/" }'


def _links(table: dict, where: KeyLines) -> LinkRules:
    """`de = [{ from = "…", to = "…" }, …]` for each language: a tag, then rules with a
    `from` and a `to` that are URLs (or their starts) and differ."""
    from pipeline.language import Language

    found = []
    for tag, rules in table.items():
        at = where.at(("tool", "pipeline", "links", tag))
        try:
            language = Language.parse(tag, at)
        except InputError as exc:
            raise InputError(f"[tool.pipeline.links] {tag}: {exc.message}", at) from None
        if not isinstance(rules, list) or not rules:
            raise InputError(f"[tool.pipeline.links] {tag} must be a list of rules such as "
                             f"[{_RULE}]", at)
        found.append((language.tag, tuple(_link_rule(tag, number, rule, at)
                                          for number, rule in enumerate(rules, 1))))
    return LinkRules(tuple(found))


def _link_rule(tag: str, number: int, rule, at: Location) -> LinkRule:
    import difflib  # loaded for a mistake only

    label = f"[tool.pipeline.links] {tag}, rule {number}"
    if not isinstance(rule, dict):
        raise InputError(f"{label} must be a table such as {_RULE}", at)
    unknown = sorted(set(rule) - {"from", "to"})
    if unknown:
        close = difflib.get_close_matches(unknown[0], ["from", "to"], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else " (a rule has from and to)"
        raise InputError(f"{label}: unknown key {unknown[0]!r}{hint}", at)
    for key in ("from", "to"):
        if key not in rule:
            raise InputError(f"{label} has no {key}; write it as {_RULE}", at)
        text = rule[key]
        if not isinstance(text, str) or not text.strip() or any(c.isspace() for c in text):
            raise InputError(f"{label}: {key} must be a URL or the start of one, such as "
                             f"\"https://www.smart.com/en/\", not {shown(text)}", at)
    if rule["from"] == rule["to"]:
        raise InputError(f"{label}: from and to are the same", at)
    return LinkRule(rule["from"], rule["to"])


def _variants(table: dict[str, dict], where: KeyLines) -> dict[str, VariantSettings]:
    """What the schema cannot say: a base is another form of the same language, and the
    rules are known ones."""
    from pipeline.language import Language
    from pipeline.variants.rules import RULES, rule_for

    found: dict[str, VariantSettings] = {}
    for key, value in table.items():
        at = where.at(("tool", "pipeline", "variants", key))
        variant = Language.parse(key, at)
        base = Language.parse(value.get("base", variant.base.tag), at)
        if base == variant or base.language != variant.language:
            raise InputError(f"[tool.pipeline.variants] {key}: base must be another form of "
                             f"the same language (such as {variant.base.tag!r}), not "
                             f"{base.tag!r}", at)
        rules = value.get("rules", ())
        for rule in rules:
            at = where.at(("tool", "pipeline", "variants", key, "rules"))
            if rule not in RULES:
                import difflib  # loaded for a mistake only

                close = difflib.get_close_matches(rule, sorted(RULES), n=1)
                if close:
                    raise InputError(
                        f"[tool.pipeline.variants] {key}: unknown rule {rule!r}; did you "
                        f"mean {close[0]!r}? (known: {', '.join(sorted(RULES))})", at)
            rule_for(rule, at)
        found[variant.tag] = VariantSettings(base.tag, rules, value.get("replacements", ()))
    return found
