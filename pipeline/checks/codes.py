"""`qa.codes`: e-mail addresses, alphanumeric codes and symbols kept as in the source.

A code is a word that mixes digits and letters (V2000, 800V, D2C) or an acronym of
capitals (OTA, C-NCAP). A code of the source must be in the translation and a code
of the translation must come from the source; the spacing between a number and its
unit may follow the locale ("800V" = German "800 V"). A number with a lowercase
ending ("25th", "2023er", "90s") or joined to a lowercase word by a hyphen ("40-bit",
"angu-40") is an ordinal or a number with a word, left to `qa.numbers`.
Acronyms are often localised: one spelled out ("UK" = es "Reino Unido") passes, one
replaced by another (EU = es UE, or OTA -> ATO) is only a warning.

Symbols (° % ‰ € $ £ ® ™ ©) are counted, not placed: "5 %", "5%" and "5 €" for
"€5" all pass; the locale's word for percent ("por ciento", "Prozent") and the ISO
code of a currency (EUR, USD) stand for the sign. Glossary terms are masked first
(their approved rendering is the glossary checks' to judge); inline codes,
placeholders and URLs are `qa.placeholders'`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.checks.base import Check, CheckContext, Problem, Severity
from pipeline.checks.glossary import analyse, mask
from pipeline.checks.marks import has_any, has_digit
from pipeline.checks.qa import BRACE, INLINE_CODE, PRINTF, URL, strip_codes

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of ASCII letters and digits, hyphens or slashes joining its parts ("C-NCAP").
WORD = re.compile(r"(?<![\w@./-])[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*(?![\w@]|[-/]\w)")
# 25th, 2023er, 90s, 1er; a number joined to a word by a hyphen (40-bit, Zulu angu-40)
_NUMBER_WITH_ENDING = re.compile(r"\d+-?[a-z]+|[a-z]+-\d+")
_ACRONYM_PART = re.compile(r"[A-Z]{2,}")
SYMBOLS = "°%‰€$£®™©"
# What every code, e-mail address or symbol needs: a digit, "@", a symbol or two capitals.
_MAYBE = frozenset("@°%‰€$£®™©")
_CAPITALS = re.compile(r"[A-Z]{2}")
# What a locale may write instead of a sign (matched case-insensitively, whole words).
SIGN_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "%": {
        "en": ("percent", "per cent"), "de": ("Prozent",), "es": ("por ciento",),
        "fr": ("pour cent",), "it": ("per cento",), "nl": ("procent",),
        "pt": ("por cento",),
    },
    "°": {
        "en": ("degrees",), "de": ("Grad",), "es": ("grados",), "fr": ("degrés",),
        "it": ("gradi",), "nl": ("graden",), "pt": ("graus",),
    },
    "€": {"": ("EUR",)},
    "$": {"": ("USD",)},
    "£": {"": ("GBP",)},
}


@dataclass(frozen=True)
class Code:
    """An alphanumeric code or acronym of a text, at its span."""

    text: str
    start: int
    end: int
    acronym: bool  # letters only: often localised, so a warning

    def loose(self) -> re.Pattern[str]:
        """The code with the locale's spacing between its digits and letters (800 V)."""
        parts = re.findall(r"\d+|[A-Za-z]+|[-/]", self.text)
        body = r"[\s\u00a0\u202f-]?".join(re.escape(p) for p in parts if p not in "-/")
        return re.compile(rf"(?<![\w@]){body}(?!\w)")


def _maybe(text: str) -> bool:
    return has_digit(text) or has_any(text, _MAYBE) or _CAPITALS.search(text) is not None


def codes(text: str) -> list[Code]:
    """The codes of `text` (already stripped of e-mails, URLs and placeholders)."""
    shouting = not re.search(r"[a-z]", text)  # an all-caps headline has no acronyms
    found = []
    for match in WORD.finditer(text):
        word = match.group()
        has_digit = any(ch.isdigit() for ch in word)
        has_letter = any(ch.isalpha() for ch in word)
        if has_digit and has_letter:
            if not _NUMBER_WITH_ENDING.fullmatch(word):
                found.append(Code(word, match.start(), match.end(), acronym=False))
        elif has_letter and not shouting and _acronym(word):
            found.append(Code(word, match.start(), match.end(), acronym=True))
    return found


def _acronym(word: str) -> bool:
    parts = re.split(r"[-/]", word)
    return all(p.isupper() for p in parts) and any(_ACRONYM_PART.fullmatch(p) for p in parts)


@dataclass(frozen=True)
class Comparison:
    """The codes one side has and the other lacks, and every code's span."""

    missing: tuple[Code, ...]
    extra: tuple[Code, ...]
    source_spans: tuple[tuple[int, int], ...]  # every code's span, for qa.numbers to skip
    target_spans: tuple[tuple[int, int], ...]


def compare_codes(source: str, target: str) -> Comparison:
    """Codes of the source not in the target and the other way round, by loose form."""
    want, have = codes(source), codes(target)
    missing = _unmatched(want, target)
    # A compound built on a source code ("800-V-Ladestation" for "800V station") is it.
    extra = [code for code in _unmatched(have, source)
             if not any(c.loose().search(code.text) for c in want)]
    source_spans = [(c.start, c.end) for c in want]
    target_spans = [(c.start, c.end) for c in have]
    # "800 V" in the translation is the source's 800V: its number is not a stray 800.
    for found, text, spans in ((want, target, target_spans), (have, source, source_spans)):
        for code in found:
            spans.extend(m.span() for m in code.loose().finditer(text))
    if not any(code.acronym for code in extra):
        # An acronym may be spelled out in the target language ("UK" = es "Reino Unido");
        # only one replaced by another ("OTA" -> "ATO") is a changed code.
        missing = [code for code in missing if not code.acronym]
    return Comparison(tuple(missing), tuple(extra), tuple(source_spans), tuple(target_spans))


def _unmatched(found: list[Code], other: str) -> list[Code]:
    left = Counter(c.text for c in found)
    seen = {}
    for code in found:
        if code.text not in seen:
            seen[code.text] = len(code.loose().findall(other))
    unmatched = []
    for code in found:
        if seen[code.text] >= left[code.text]:
            continue
        unmatched.append(code)
        left[code.text] -= 1
    return unmatched


def code_spans(source: str, target: str, context: CheckContext
               ) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """Spans of codes in (source, target) of texts already masked for the glossary, so
    `qa.numbers` leaves "V2000" and "800 V" to this check. Offsets are the text's own."""
    if not (_maybe(source) or _maybe(target)):
        return (), ()
    result = compare_codes(_blank_emails(source), _blank_emails(target))
    email_spans = (tuple(m.span() for m in EMAIL.finditer(source)),
                   tuple(m.span() for m in EMAIL.finditer(target)))
    return result.source_spans + email_spans[0], result.target_spans + email_spans[1]


def _blank_emails(text: str) -> str:
    return EMAIL.sub(lambda m: " " * len(m.group()), text)


def blank_codes(text: str) -> str:
    """Inline codes, placeholders and URLs blanked to spaces, keeping offsets: they are
    qa.placeholders' to compare ("%s" is no percent sign)."""
    if strip_codes(text) is text:
        return text
    for pattern in (URL, INLINE_CODE, PRINTF, BRACE):
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def sign_count(text: str, sign: str, language: str) -> int:
    count = text.count(sign)
    words = SIGN_WORDS.get(sign, {})
    for phrase in words.get(language, ()) + words.get("", ()):
        count += len(re.findall(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE))
    return count


class Codes(Check):
    id = "qa.codes"
    name = "Codes, e-mail addresses and symbols"
    description = (
        "E-mail addresses, alphanumeric codes (V2000, 800V, C-NCAP, OTA) and symbols "
        "(° % ‰ € $ £ ® ™ ©) are kept as in the source; the locale's spacing (800 V, 5 %) "
        "and glossary renderings are accepted."
    )
    severity = Severity.ERROR

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        if not (_maybe(source) or _maybe(target)):
            return []
        terms = analyse(source, target, context)
        source = blank_codes(mask(source, terms.source_spans))
        slips = tuple((slip.start, slip.end) for slip in terms.casing)
        target = blank_codes(mask(target, terms.target_spans + slips))
        problems: list[str | Problem] = []
        problems.extend(_emails(source, target))
        result = compare_codes(_blank_emails(source), _blank_emails(target))
        if result.missing or result.extra:
            problems.append(_code_problem(result))
        problems.extend(_signs(source, target, context))
        return problems


def _emails(source: str, target: str) -> list[Problem]:
    want = Counter(m.group().rstrip(".") for m in EMAIL.finditer(source))
    have = Counter(m.group().rstrip(".") for m in EMAIL.finditer(target))
    missing, extra = sorted((want - have).elements()), sorted((have - want).elements())
    if not missing and not extra:
        return []
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing)}")
    if extra:
        parts.append(f"not in the source {', '.join(extra)}")
    return [Problem(f"e-mail addresses differ: {'; '.join(parts)}",
                    extra[0] if extra else None)]


def _code_problem(result: Comparison) -> Problem:
    parts = []
    if result.missing:
        parts.append(f"missing {', '.join(c.text for c in result.missing)}")
    if result.extra:
        parts.append(f"not in the source {', '.join(c.text for c in result.extra)}")
    only_acronyms = all(c.acronym for c in result.missing + result.extra)
    return Problem(f"codes differ: {'; '.join(parts)}",
                   result.extra[0].text if result.extra else None,
                   Severity.WARNING if only_acronyms else None)


def _signs(source: str, target: str, context: CheckContext) -> list[Problem]:
    lang = context.language.language
    differ = []
    for sign in SYMBOLS:
        if sign not in source and sign not in target:
            continue
        want = sign_count(source, sign, context.source_language)
        have = sign_count(target, sign, lang)
        if want != have:
            differ.append(f"{sign} {want} in the source, {have} in the translation")
    if not differ:
        return []
    return [Problem(f"symbols differ: {'; '.join(differ)}")]
