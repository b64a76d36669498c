"""Quality checks that need no glossary: placeholders, whitespace, doubled words,
end punctuation and per-file completeness. Numbers live in checks/numbers.py."""

from __future__ import annotations

import re
from collections import Counter

from pipeline.catalogs.model import Catalog
from pipeline.checks.base import CatalogCheck, Check, CheckContext, Problem, Severity, quote
from pipeline.inline import CODE_TAG, nesting_problem

# Inline codes (pipeline/inline.py), printf and brace placeholders, URLs.
INLINE_CODE = CODE_TAG
# `%` followed by a letter that goes on in lower case ("100%ige", "50%des") is prose, not a
# placeholder; a unit in capitals after the conversion ("%dMB") is not.
PRINTF = re.compile(
    r"%(?:\d+\$|\([A-Za-z_]\w*\))?[-+#0]*\d*(?:\.\d+)?[sdifuxXeEgGcr](?![^\W\d_A-Z])"
)
# Unnumbered printf conversions are filled in order: %s %d cannot become %d %s.
_UNNUMBERED = re.compile(r"%[-+#0]*\d*(?:\.\d+)?([sdifuxXeEgGcr])")
BRACE = re.compile(r"\{[A-Za-z_0-9]*(?:[.!:][^{}\s]*)?\}")
URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"“”„«»‘’]+|\bwww\.[^\s<>\"“”„«»‘’]+")
_URL_TAIL = ".,;:!?)]}"
# Every pattern above needs one of these; most sentences have none, and looking for them
# is much cheaper than the four patterns (URL's leading \b defeats re's prefix scan).
def _maybe_code(text: str) -> bool:
    return "<" in text or "%" in text or "{" in text or "://" in text or "www." in text


def placeholders(text: str) -> list[str]:
    """Inline codes, placeholders and URLs of `text`, in order of appearance."""
    if not _maybe_code(text):
        return []
    text = text.replace("%%", "")
    found: list[tuple[int, str]] = []
    for pattern in (INLINE_CODE, PRINTF, BRACE):
        found.extend((m.start(), m.group()) for m in pattern.finditer(text))
    found.extend((m.start(), m.group().rstrip(_URL_TAIL)) for m in URL.finditer(text))
    return [token for _, token in sorted(found)]


def strip_codes(text: str) -> str:
    """Text without inline codes, placeholders and URLs (for number and punctuation checks)."""
    if not _maybe_code(text):
        return text
    for pattern in (URL, INLINE_CODE, PRINTF, BRACE):
        text = pattern.sub(" ", text)
    return text


class Placeholders(Check):
    id = "qa.placeholders"
    name = "Placeholders and inline codes"
    description = (
        "Inline codes (<g1>, </g1>, <x1/>), printf/brace placeholders and URLs "
        "must appear in the translation exactly as in the source, properly nested."
    )
    severity = Severity.ERROR

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        in_source, in_target = placeholders(source), placeholders(target)
        if not in_source and not in_target and "<" not in target:
            return []  # nothing to compare and no inline code to nest
        want, have = Counter(in_source), Counter(in_target)
        problems: list[str | Problem] = []
        missing = sorted((want - have).elements())
        extra = sorted((have - want).elements())
        if missing:
            problems.append(
                Problem(f"missing in the translation: {', '.join(missing)}", missing[0])
            )
        if extra:
            problems.append(Problem(f"not in the source: {', '.join(extra)}", extra[0]))
        if not missing and not extra:
            broken = nesting_problem(target)
            if broken:
                problems.append(Problem(f"inline code {broken} is closed out of order", broken))
            problems.extend(_reordered(in_source, in_target))
        return problems


def _reordered(in_source: list[str], in_target: list[str]) -> list[Problem]:
    """Unnumbered printf conversions of different kinds in another order."""
    def order(found: list[str]) -> list[str]:
        return [token for token in found if _UNNUMBERED.fullmatch(token)]

    want, have = order(in_source), order(in_target)
    if want == have or len(set(want)) < 2:
        return []
    return [Problem(f"placeholders {' '.join(have)} in another order than the source's "
                    f"{' '.join(want)}; unnumbered ones are filled in order (number them, "
                    "%1$s, to reorder)", have[0])]


class Whitespace(Check):
    id = "qa.whitespace"
    name = "Leading and trailing whitespace"
    description = "The translation starts and ends with the same whitespace as the source."
    severity = Severity.WARNING

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        if not (source[:1].isspace() or source[-1:].isspace() or target[:1].isspace()
                or target[-1:].isspace()):
            return []  # neither text starts or ends with whitespace: the common case
        problems: list[str | Problem] = []
        for where, pick in (("leading", _leading), ("trailing", _trailing)):
            if pick(source) != pick(target):
                problems.append(
                    f"{where} whitespace differs: source {_describe(pick(source))}, "
                    f"translation {_describe(pick(target))}"
                )
        return problems


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()):]


def _describe(space: str) -> str:
    if not space:
        return "has none"
    names = {" ": "space", "\n": "newline", "\t": "tab", "\u00a0": "no-break space"}
    return "has " + " + ".join(names.get(char, f"U+{ord(char):04X}") for char in space)


# Doubled words that are grammatical: "die die Zeitung", "nous nous sommes", "had had".
GRAMMATICAL_DOUBLES = {
    "de": {"die", "der", "das", "dem", "den"},
    "nl": {"dat", "die"},
    "fr": {"nous", "vous"},
    "en": {"had", "that"},
}
# Possessive: only a whole letter run can be followed by a space, so giving letters back
# never finds a match; it only cost time.
DOUBLED = re.compile(r"(?<!\w)([^\W\d_]++)\s++(\1)(?!\w)", re.IGNORECASE)


class DoubledWord(Check):
    id = "qa.doubled-word"
    name = "Doubled word"
    description = "The same word twice in a row (\"the the\") where the source has no such pair."
    severity = Severity.WARNING

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        allowed = GRAMMATICAL_DOUBLES.get(context.language.language, set())
        problems: list[str | Problem] = []
        for match in DOUBLED.finditer(target):
            word = match.group(1)
            if word.lower() in allowed or _doubled_in(source, word):
                continue
            problems.append(Problem(f"doubled word {quote(match.group())}", match.group()))
        return problems


def _doubled_in(text: str, word: str) -> bool:
    return any(m.group(1).lower() == word.lower() for m in DOUBLED.finditer(text))


# End punctuation classes; other scripts' marks count as their Latin equivalent.
END_CLASSES = {
    ".": "full stop", "。": "full stop", "．": "full stop", "।": "full stop", "۔": "full stop",
    "!": "exclamation mark", "！": "exclamation mark",
    "?": "question mark", "？": "question mark", "؟": "question mark",
    ":": "colon", "：": "colon",
    ";": "semicolon", "；": "semicolon", "؛": "semicolon",
    "…": "ellipsis",
}
# Closing quotes and brackets do not decide the end punctuation: `Level”.` vs `Level“.`
_CLOSERS = "\"'”“’‘»«›‹)]}）」』】"
_SPACES = " \t\n\u00a0\u202f\u2009"


# The marks before which a language sets a (narrow) no-break space: French before ; : ! ?,
# Canadian French only before : (Office québécois de la langue française); every other
# language sets none ("French narrow no-break space; none elsewhere").
SPACED_MARKS: dict[str, str] = {"fr": ";:!?", "fr-CA": ":"}


def spaced_marks(context: CheckContext) -> str:
    return context.language.lookup(SPACED_MARKS, "")


def _bare_end(text: str) -> str:
    if "<" in text:  # every inline code starts with one
        text = INLINE_CODE.sub("", text)
    return text.rstrip(_SPACES + _CLOSERS)


def end_class(text: str, language: str = "") -> str:
    text = _bare_end(text)
    if text.endswith("..."):
        return "ellipsis"
    if not text:
        return "none"
    if language == "el" and text[-1] == ";":  # the Greek question mark
        return "question mark"
    return END_CLASSES.get(text[-1], "none")


class EndPunctuation(Check):
    id = "qa.end-punctuation"
    name = "End punctuation"
    description = (
        "The translation ends with the same kind of punctuation as the source (CJK "
        "full-width marks and closing quotes accepted), an ellipsis … not written as three "
        "full stops, and no space before the last mark where the language sets none "
        "(French sets one before ! ? : ;)."
    )
    severity = Severity.WARNING

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        want = end_class(source, context.source_language)
        have = end_class(target, context.language.language)
        if want != have:
            return [f"source ends with {_article(want)}, translation with {_article(have)}"]
        ours, theirs = _bare_end(target), _bare_end(source)
        if want == "ellipsis" and theirs.endswith("…") and ours.endswith("..."):
            return [Problem("source ends with an ellipsis (…), translation with three full "
                            "stops (...)", "...")]
        mark = ours[-1:]
        if mark in ";:!?" and mark not in spaced_marks(context) \
                and ours[:-1] != ours[:-1].rstrip(_SPACES) \
                and theirs[:-1] == theirs[:-1].rstrip(_SPACES):
            return [Problem(f"space before the last {quote(mark)}; "
                            f"{context.language.tag} sets none", ours[-2:])]
        return []


def _article(kind: str) -> str:
    return "no punctuation" if kind == "none" else f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


class Completeness(CatalogCheck):
    id = "qa.completeness"
    name = "Completeness"
    description = (
        "The share of untranslated and fuzzy entries in a file is at most "
        "[tool.pipeline.check] untranslated_threshold percent."
    )
    severity = Severity.ERROR

    def _check_catalog(self, catalog: Catalog, context: CheckContext) -> list[str | Problem]:
        entries = catalog.active()
        if not entries:
            return []
        open_ = sum(1 for entry in entries if not entry.translated)
        share = 100.0 * open_ / len(entries)
        limit = context.settings.untranslated_threshold
        if share <= limit:
            return []
        return [
            f"{open_} of {len(entries)} entries ({share:.0f}%) are untranslated or fuzzy; "
            f"the limit is {limit:g}%"
        ]
