"""Dates written with month names: found in the English source, protected, and written in
the target locale's format by Babel/CLDR ("19 January 2024" -> de "19. Januar 2024",
es "19 de enero de 2024", fr "19 janvier 2024"); read back in any CLDR locale so that
`qa.dates` can compare them by value.

Engines translate dates word by word ("19 enero 2024", "Ene. 19, 2024"): the month name
and the order of day, month and year are the locale's business, so a date is cut out
whole and written from its value.

English is read with a fixed regex over CLDR's English month names and abbreviations
(en, en-GB, en-AU: "Sep", "Sept"), in the orders press releases use: "19 January 2024",
"January 19, 2024", "Jan. 19, 2024", "January 2024", "October of 2023", "19 January",
"January 19".
English month names are capitalised, so "may 5" and "march 10" are words, not dates.
A target language is read with its own CLDR month names (wide and abbreviated, format
and stand-alone, of the tag and its base: de-AT reads "Jänner" and "Januar") and the
connecting words of its CLDR patterns ("de", "del"); there, numeric dates in the locale's
day/month order ("19.01.2024") and ISO dates are read as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from babel.core import UnknownLocaleError

from pipeline.errors import InputError
from pipeline.language import Language

# babel.dates (with zoneinfo and babel.localtime) is imported by the functions that read
# CLDR's date data, on the first text with a digit: `check` starts without it.
_SPACE = "[ \u00a0\u202f]"
# English spellings CLDR lists for some English-speaking regions only.
_ENGLISH_LOCALES = ("en", "en_GB", "en_AU", "en_CA", "en_IN")
# The same separator twice ("19.01.2024", "19/01/2024"), day and month in the locale's order.
_NUMERIC = re.compile(r"(?<![\w.,/-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)"
                      r"(?P<y>\d{4})(?![\w]|[.,/-]\d)")
_ISO = re.compile(r"(?<![\w.,/-])(?P<iso>\d{4}-\d{2}-\d{2})(?![\w]|[.,/-]\d)")
_ORDINAL = r"(?:st|nd|rd|th|er|re|e|º|°|\.)?"  # 19th, 1er (fr), 1º (es), 19. (de)


@dataclass(frozen=True, order=True)
class DateValue:
    """A calendar date; `year` or `day` is None for "19 January" or "January 2024"."""

    year: int | None
    month: int
    day: int | None

    def __str__(self) -> str:
        year = f"{self.year:04d}" if self.year is not None else "-"  # ISO 8601 "--01-19"
        return f"{year}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")


@dataclass(frozen=True)
class DateSpan:
    """A date found in a text, at its span, with its value."""

    start: int
    end: int
    text: str
    value: DateValue


@dataclass(frozen=True)
class _Reader:
    """How one language writes dates: month names and the order of the parts."""

    months: dict[str, int]  # casefolded name, without a final ".", -> month number
    named: tuple[re.Pattern[str], ...]
    day_first: bool
    cased: bool  # month names must not be written all lowercase (English)


def find_dates(text: str) -> list[tuple[int, int]]:
    """(start, end) of each English date with a month name in `text`: what protect() cuts."""
    return [(span.start, span.end) for span in read_dates(text, "en", numeric=False, iso=False)]


def read_dates(text: str, lang: Language | str, *, numeric: bool = True,
               iso: bool = True) -> list[DateSpan]:
    """Every date in `text` as written in `lang`, in text order; where readings overlap,
    the longest wins. `numeric`: also "19.01.2024" in the locale's order; `iso`: also
    "2024-01-19"."""
    reader = _reader(_key(lang))
    found: list[DateSpan] = []
    patterns = reader.named + ((_NUMERIC,) if numeric else ()) + ((_ISO,) if iso else ())
    for pattern in patterns:
        for match in pattern.finditer(text):
            value = _value(match, reader)
            if value is not None:
                found.append(DateSpan(match.start(), match.end(), match.group(0), value))
    chosen: list[DateSpan] = []
    for span in sorted(found, key=lambda s: (s.start - s.end, s.start)):
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def write_date(value: DateValue, lang: Language | str) -> str:
    """`value` in `lang`'s CLDR format: 'long' for a full date, else its skeleton."""
    from babel.dates import format_date, format_skeleton  # on first use: see the note at _SPACE

    locale = Language.coerce(lang).locale
    day = date(value.year or 2000, value.month, value.day or 1)  # 2000: 29 February exists
    if value.year is not None and value.day is not None:
        return format_date(day, "long", locale=locale)
    return format_skeleton("yMMMM" if value.day is None else "MMMMd", day, locale=locale)


def localize_date(text: str, lang: Language | str) -> str:
    """An English date (`find_dates`) written for `lang`; unchanged if either is unknown."""
    spans = read_dates(text, "en", numeric=False, iso=False)
    if len(spans) != 1 or spans[0].text != text:
        return text
    try:
        return write_date(spans[0].value, lang)
    except (UnknownLocaleError, ValueError, InputError):
        return text


def _key(lang: Language | str) -> str:
    try:
        return Language.coerce(lang).tag
    except (UnknownLocaleError, ValueError, InputError):
        return "en"


def _value(match: re.Match[str], reader: _Reader) -> DateValue | None:
    groups = match.groupdict()
    if groups.get("a") is not None:  # numeric: a, b, year
        first, second = int(groups["a"]), int(groups["b"])
        day, month = (first, second) if reader.day_first else (second, first)
        year = int(groups["y"])
    elif groups.get("iso") is not None:
        year, month, day = (int(part) for part in groups["iso"].split("-"))
    else:
        name = groups["m"]
        if reader.cased and name.islower():
            return None
        month = reader.months.get(name.rstrip(".").casefold())
        if month is None:
            return None
        day = int(groups["d"]) if groups.get("d") else None
        year = int(groups["y"]) if groups.get("y") else None
        if day is None and year is None:
            return None
    try:
        date(year or 2000, month, day or 1)
    except ValueError:  # "31 February", month 13
        return None
    return DateValue(year, month, day)


@lru_cache(maxsize=64)
def _reader(tag: str) -> _Reader:
    from babel.dates import get_month_names  # on first use: see the note at _SPACE

    language = Language.parse(tag)
    english = language.language == "en"
    locales = _ENGLISH_LOCALES if english else tuple(one.gettext for one in language.chain)
    months: dict[str, int] = {}
    for name in locales:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                try:
                    names = get_month_names(width, context, locale=name)
                except (UnknownLocaleError, ValueError):
                    continue
                for number, text in names.items():
                    months.setdefault(text.rstrip(".").casefold(), number)
    month = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    month = rf"(?P<m>(?:{month})\.?)(?![\w])"
    gap = rf"(?:,?{_SPACE}+(?:(?:{_connectors(language)}){_SPACE}+)?|,)"
    day = rf"(?<![\w.,])(?P<d>\d{{1,2}}){_ORDINAL}"
    year = r"(?P<y>\d{4})(?![\w]|[.,]\d)"
    named = (
        re.compile(rf"{day}{gap}{month}(?:{gap}{year})?", re.IGNORECASE),
        # Month first without a year ("January 19") only in English: elsewhere "Juni 5
        # Modelle" is a month and a count.
        re.compile(rf"(?<![\w]){month}{gap}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
                   rf"(?:{gap}{year}){'?' if english else ''}", re.IGNORECASE),
        re.compile(rf"(?<![\w]){month}{gap}{year}", re.IGNORECASE),
    )
    return _Reader(months=months, named=named, day_first=_day_first(language), cased=english)




def _connectors(language: Language) -> str:
    """Words CLDR puts between day, month and year ("de" in es and pt, "del" in ca)."""
    from babel.dates import get_date_format  # on first use: see the note at _SPACE

    words = {"of"} if language.language == "en" else set()  # "October of 2023"
    try:
        locale = language.locale
        patterns = [get_date_format("long", locale=locale).pattern]
        patterns += [str(locale.datetime_skeletons.get(s, "")) for s in ("yMMMM", "MMMMd")]
    except (UnknownLocaleError, ValueError):
        patterns = []
    for pattern in patterns:
        words.update(w for w in re.findall(r"'([^']+)'", pattern) if w.strip().isalpha())
    return "|".join(re.escape(w.strip()) for w in sorted(words, key=len, reverse=True)) or "(?!)"


def _day_first(language: Language) -> bool:
    """True where the locale's short date pattern puts the day before the month."""
    from babel.dates import get_date_format  # on first use: see the note at _SPACE

    try:
        pattern = get_date_format("short", locale=language.locale).pattern
    except (UnknownLocaleError, ValueError):
        return True
    return pattern.find("d") < pattern.find("M")
