"""Language tags, parsed in one place: every layer takes a `Language`, never a bare string.

`Language.parse` accepts what users and files write (`de`, `de-DE`, `de_DE`, `de-CH`,
`pt-BR`, `zh-Hant`, `sr-Latn`, in any case) and checks it against CLDR (Babel). A
`Language` knows its forms and its fallbacks:

    tag       "de-CH"      BCP 47: XLIFF trgLang/target-language, messages, glossary keys
    gettext   "de_CH"      the PO `Language:` header and the folder under locales/
    base      de           the language without script or region
    chain     de-CH, de    lookups (models, glossary targets, forbidden forms) try these

Folder naming is the gettext form (`locales/de_CH/`, as gettext, Poedit and Weblate name
catalogs); an existing `locales/de-CH/` is found too (`locale_dir`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from babel.core import Locale, UnknownLocaleError, parse_locale

from pipeline.errors import InputError, Location


@lru_cache(maxsize=1)
def _scripts() -> frozenset[str]:
    """ISO 15924 codes CLDR names (Babel accepts an unknown script and drops it)."""
    return frozenset(Locale("en").scripts)


_SHAPE = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Language:
    """A BCP 47 language tag, parsed once: language, script and territory."""

    language: str  # ISO 639, lowercase: "de"
    script: str | None = None  # ISO 15924, title case: "Hant"
    territory: str | None = None  # ISO 3166 or UN M.49, uppercase: "CH", "419"

    # -- parsing ---------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str, where: Location | str | None = None) -> Language:
        """A tag as users write it; anything else is an InputError with a suggestion."""
        raw = text.strip() if isinstance(text, str) else ""
        if not isinstance(text, str) or not raw:
            raise InputError(f"invalid language code {text!r}: not a language tag (use de, "
                             "de-CH, pt-BR)", where)
        parts = raw.split()
        if len(parts) > 1 and all(_SHAPE.match(part) for part in parts):
            raise InputError(f"{raw!r} looks like two languages; use {','.join(parts)}", where)
        if not _SHAPE.match(raw):
            raise InputError(f"invalid language code {raw!r}: not a language tag (use de, "
                             "de-CH, pt-BR)", where)
        if len(raw) in (2, 3) and raw.isupper():  # "ES" reads as Spain, not Spanish
            raise InputError(f"{raw!r} is not a language tag; did you mean "
                             f"{raw.lower()!r}?", where)
        try:
            language, territory, script, variant = parse_locale(raw.replace("-", "_"))
            Locale.parse(raw.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            raise InputError(f"{raw!r} is not a language CLDR knows (unknown language, "
                             "script or region subtag; use de, de-CH, pt-BR)", where) from None
        if script and script.title() not in _scripts():
            raise InputError(f"{raw!r} is not a language CLDR knows (unknown script "
                             f"{script.title()!r}; scripts are such as Latn, Cyrl, Hant)", where)
        if variant:
            raise InputError(f"{raw!r}: variant subtags ({variant}) are not supported; use a "
                             "market variant in [tool.pipeline.variants] instead", where)
        return cls(language.lower(), script.title() if script else None,
                   territory.upper() if territory else None)

    @classmethod
    def coerce(cls, value: Language | str) -> Language:
        return value if isinstance(value, Language) else cls.parse(value)

    # -- forms -----------------------------------------------------------------------------
    @property
    def tag(self) -> str:
        return "-".join(p for p in (self.language, self.script, self.territory) if p)

    @property
    def gettext(self) -> str:
        return "_".join(p for p in (self.language, self.script, self.territory) if p)

    def __str__(self) -> str:
        return self.tag

    @property
    def base(self) -> Language:
        return Language(self.language)

    @property
    def is_base(self) -> bool:
        return self.script is None and self.territory is None

    @property
    def chain(self) -> tuple[Language, ...]:
        """This tag, then each shorter one: zh-Hant-TW, zh-Hant, zh."""
        found = [self]
        if self.territory and self.script:
            found.append(Language(self.language, self.script))
        if not self.is_base:
            found.append(self.base)
        return tuple(dict.fromkeys(found))

    @cached_property
    def locale(self) -> Locale:
        """Babel's locale, for plural forms, number and date formats."""
        return Locale.parse(self.gettext)

    @property
    def english_name(self) -> str:
        return self.locale.english_name or self.tag

    @property
    def plural_forms(self) -> str:
        from babel.messages.plurals import get_plural

        try:
            return get_plural(self.locale).plural_forms
        except (UnknownLocaleError, ValueError):
            return "nplurals=2; plural=(n != 1);"

    def lookup(self, table: dict, default=None):
        """`table[key]` for the first of this tag's fallback chain that it has."""
        for one in self.chain:
            for key in (one, one.tag, one.gettext):
                if key in table:
                    return table[key]
        return default

    def same_language(self, other: Language) -> bool:
        """One is the other or its base (es and es-MX), not two regions (es-ES, es-MX)."""
        return self == other or self == other.base or other == self.base


def parse_list(text: str | Iterable[str], source: str | None = "en",
               where: Location | str | None = None) -> tuple[Language, ...]:
    """`de,fr,es` (or a list): every tag checked before any language is processed."""
    items = text.split(",") if isinstance(text, str) else list(text)
    found: list[Language] = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            continue
        language = item if isinstance(item, Language) else Language.parse(item, where)
        if source is not None and language.tag == Language.parse(source).tag:
            raise InputError(f"{language.tag!r} is the source language; translating into it "
                             "does nothing (a market variant goes in [tool.pipeline.variants])",
                             where)
        found.append(language)
    return tuple(dict.fromkeys(found))


def locale_dir(locales: Path, language: Language) -> Path:
    """`locales/de_CH`, or an existing `locales/de-CH` (both spellings are found)."""
    preferred = locales / language.gettext
    if not preferred.is_dir():
        other = locales / language.tag
        if other.is_dir():
            return other
    return preferred


def from_folder(name: str) -> Language | None:
    """The language a locale folder is named for, or None (templates/, other folders)."""
    try:
        return Language.parse(name)
    except InputError:
        return None


def tags(languages: Sequence[Language]) -> str:
    return ",".join(language.tag for language in languages)
