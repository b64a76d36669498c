"""`qa.numbers`: the numbers of the source appear in the translation, compared by value.

Each side is read with its own locale's CLDR symbols (Babel): English `70,000`
equals German `70.000` and French `70 000` (narrow no-break space, no-break
space or, as in SI style, a plain space before exactly three digits). A token
that is not a number in the target locale but appears verbatim in the source
(a version such as `2.0` kept in German) is accepted; one that is a number with a
different value (`70,000` in German reads as 70) is not. Dates ("19 January 2024",
"19. Januar 2024") are left to `qa.dates`, which compares them as dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from pipeline.checks.base import Check, CheckContext, Problem, Severity
from pipeline.checks.codes import code_spans
from pipeline.checks.dates import date_spans
from pipeline.checks.glossary import analyse, mask
from pipeline.checks.marks import has_digit
from pipeline.checks.qa import strip_codes
from pipeline.errors import InputError
from pipeline.language import Language

SPACE_GROUPS = "\u202f\u00a0\u2009 "
# Numbers up to twelve are often spelled out ("in zehn Monaten"); a difference that
# involves only those is a warning, not an error.
SPELLED_OUT_MAX = 12
_SPACE_SPLIT = re.compile(f"[{SPACE_GROUPS}]")


@dataclass(frozen=True)
class NumberFormat:
    """A locale's decimal and group separators."""

    decimal: str
    groups: str  # every character accepted as a group separator

    def tokens(self, text: str, language: Language | str = "") -> list[NumberToken]:
        """The numbers of `text`; one followed by a scale word of `language` ("5 billion",
        "5.000 millones", "5 Mrd.") counts at its full value."""
        found: list[NumberToken] = []
        scale = scale_pattern(language)
        for match in _token_pattern(self.groups).finditer(text):
            read = self._read(match.group())
            after = scale.match(text, match.end()) if scale else None
            if after and len(read) == 1 and read[0].value is not None:
                factor = scale_factor(language, after.group("word"))
                read = [NumberToken(match.group() + after.group(), read[0].value * factor, True)]
            found.extend(read)
        return found

    def _read(self, token: str) -> list[NumberToken]:
        value = self.value(token)
        parts = _SPACE_SPLIT.split(token)
        if value is None and len(parts) > 1:  # "2022 150" is two numbers, not one
            return [t for part in parts for t in self._read(part)]
        return [NumberToken(token, value)]

    def value(self, token: str) -> Decimal | None:
        if not _valid_pattern(self.decimal, self.groups).fullmatch(token):
            return None
        plain = "".join(ch for ch in token if ch not in self.groups).replace(self.decimal, ".")
        try:
            return Decimal(plain)
        except InvalidOperation:
            return None


@dataclass(frozen=True)
class NumberToken:
    """A number as written, with its value in the locale."""

    text: str
    value: Decimal | None  # None: not a number in this locale (a version, a date)
    scaled: bool = False  # read with a scale word ("5 billion")


# Scale words after a number, by language; the longest is tried first ("mil millones").
SCALE_WORDS: dict[str, dict[str, int]] = {
    "en": {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "bn": 9},
    "de": {"Tausend": 3, "Tsd.": 3, "Million": 6, "Millionen": 6, "Mio.": 6,
           "Milliarde": 9, "Milliarden": 9, "Mrd.": 9, "Billion": 12, "Billionen": 12,
           "Bio.": 12},
    "es": {"mil": 3, "millón": 6, "millones": 6, "mil millones": 9, "millardo": 9,
           "millardos": 9, "billón": 12, "billones": 12},
    "fr": {"mille": 3, "million": 6, "millions": 6, "milliard": 9, "milliards": 9,
           "Md": 9, "Mds": 9, "billion": 12, "billions": 12},
    "it": {"mila": 3, "mille": 3, "milione": 6, "milioni": 6, "mln": 6, "miliardo": 9,
           "miliardi": 9, "mld": 9, "mrd": 9, "bilione": 12, "bilioni": 12},
    "nl": {"duizend": 3, "miljoen": 6, "mln.": 6, "mln": 6, "miljard": 9, "mld.": 9,
           "mld": 9, "biljoen": 12},
    "pt": {"mil": 3, "milhão": 6, "milhões": 6, "mil milhões": 9, "bilhão": 9,
           "bilhões": 9},
}


def _scale_words(language: Language | str) -> dict[str, int]:
    language = getattr(language, "tag", language)
    base = language.replace("-", "_").split("_")[0].lower()
    words = dict(SCALE_WORDS.get(base, {}))
    if base == "pt" and language.replace("-", "_").lower() == "pt_pt":
        words.update({"bilião": 12, "biliões": 12})  # European Portuguese: long scale
        words.pop("bilhão"), words.pop("bilhões")
    return {word.casefold(): power for word, power in words.items()}


@lru_cache(maxsize=64)
def scale_pattern(language: Language | str) -> re.Pattern[str] | None:
    words = _scale_words(language)
    if not words:
        return None
    body = "|".join(re.escape(w).replace(r"\ ", r"[\s\u00a0]+")
                    for w in sorted(words, key=len, reverse=True))
    # The word ends at a non-letter: "Mio." keeps its dot, "millonario" is no "millón".
    return re.compile(rf"[{SPACE_GROUPS}]?(?P<word>(?:{body}))(?!\w)", re.IGNORECASE)


def scale_factor(language: Language | str, word: str) -> Decimal:
    key = re.sub(r"[\s\u00a0]+", " ", word).casefold()
    return Decimal(10) ** _scale_words(language)[key]


@lru_cache(maxsize=64)
def number_format(language: Language | str) -> NumberFormat:
    """The language's CLDR decimal and group symbols: a variant's own (de-CH "70’000")."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        locale = Language.coerce(language).locale
    except (UnknownLocaleError, ValueError, InputError):
        locale = Locale.parse("en")
    decimal = get_decimal_symbol(locale)
    group = get_group_symbol(locale)
    groups = "".join(dict.fromkeys(group + SPACE_GROUPS + ("’'" if group in "’'" else "")))
    return NumberFormat(decimal=decimal, groups=groups.replace(decimal, ""))


def formatted_numbers(text: str, language: Language | str) -> list[tuple[int, int, Decimal]]:
    """(start, end, value) of each number written with `language`'s group or decimal sign
    ("70.000", "5,5" in German); plain digits ("2023", "22") are not listed: nothing in
    them depends on the locale."""
    fmt = number_format(language)
    found = []
    for match in _token_pattern(fmt.groups).finditer(text):
        token = match.group()
        value = fmt.value(token)
        if value is not None and any(ch in token for ch in fmt.groups + fmt.decimal):
            found.append((match.start(), match.end(), value))
    return found


@lru_cache(maxsize=64)
def _token_pattern(groups: str) -> re.Pattern[str]:
    tight = re.escape("".join(ch for ch in ".,'’" + groups if ch not in SPACE_GROUPS))
    spaces = re.escape(SPACE_GROUPS)
    # Separators join digits; a space only joins a following group of exactly three.
    return re.compile(rf"(?<!\w)\d+(?:[{tight}]\d+|[{spaces}]\d{{3}}(?!\d))*")


@lru_cache(maxsize=64)
def _valid_pattern(decimal: str, groups: str) -> re.Pattern[str]:
    group, dec = re.escape(groups), re.escape(decimal)
    return re.compile(rf"(?:\d{{1,3}}(?:[{group}]\d{{3}})+|\d+)(?:{dec}\d+)?")


def compare(source: str, target: str, source_lang: str, target_lang: str) -> tuple[list, list]:
    """(missing source tokens, unexpected target tokens) after matching by value."""
    want = number_format(source_lang).tokens(strip_codes(source), source_lang)
    left = number_format(target_lang).tokens(strip_codes(target), target_lang)
    missing: list[NumberToken] = []
    for token in want:
        match = _find(token, left)
        if match is None:
            missing.append(token)
        else:
            left.remove(match)
    return missing, left


def _find(token: NumberToken, candidates: list[NumberToken]) -> NumberToken | None:
    for candidate in candidates:
        # An English scale word copied verbatim ("5 billion" left in French) is an
        # untranslated word, not a number the translator wrote.
        if candidate.text == token.text and (candidate.value is None or token.scaled):
            return candidate
    for candidate in candidates:
        if token.value is not None and candidate.value == token.value:
            return candidate
    for candidate in candidates:
        if token.value is None and candidate.text == token.text:
            return candidate
    return None


class Numbers(Check):
    id = "qa.numbers"
    name = "Numbers"
    description = (
        "The translation contains the numbers of the source, compared by value in the "
        "target locale (70,000 = de 70.000 = fr 70 000; 5.5 = de 5,5), scale words "
        "included (5 billion = es 5.000 millones = de 5 Mrd.)."
    )
    severity = Severity.ERROR
    # Glossary spans are masked ("smart #3" is not a number): without the glossary loaded,
    # switching the glossary checks off would make this check report "3".
    needs = frozenset({"glossary"})

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        if not has_digit(source) and not has_digit(target):
            return []  # no number on either side (masking only removes text)
        terms = analyse(source, target, context)  # numbers inside terms are the glossary's
        source, target = mask(source, terms.source_spans), mask(target, terms.target_spans)
        # The day and year of a date are qa.dates' to compare: "20. Januar 2024" for
        # "19 January 2024" is one wrong date, not a stray number 20.
        dates = date_spans(source, target, context)
        source, target = (mask(text, tuple((s.start, s.end) for s in spans))
                          for text, spans in zip((source, target), dates, strict=True))
        # Digits attached to letters (V2000, 800V, "800 V" for it) are qa.codes' to compare.
        source_codes, target_codes = code_spans(source, target, context)
        source, target = mask(source, source_codes), mask(target, target_codes)
        missing, extra = compare(source, target, context.source_language, context.language)
        if not missing and not extra:
            return []
        parts = []
        if missing:
            parts.append(f"missing {', '.join(t.text for t in missing)}")
        if extra:
            parts.append(
                "not in the source "
                + ", ".join(_explain(t, context.language) for t in extra)
            )
        small = all(_small(t) for t in missing + extra)
        severity = Severity.WARNING if small else None
        snippet = extra[0].text if extra else None
        return [Problem(f"numbers differ: {'; '.join(parts)}", snippet, severity)]


def _explain(token: NumberToken, language: str) -> str:
    if token.value is None or str(token.value) == token.text:
        return token.text
    return f"{token.text} (reads as {_plain(token.value)} in {language})"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _small(token: NumberToken) -> bool:
    value = token.value
    if value is None or value != value.to_integral_value():
        return False
    return 0 <= value <= SPELLED_OUT_MAX
