"""Glossary checks: DNT terms kept, forced renderings used, forbidden variants absent,
brand casing intact.

All four read one shared analysis of the entry, so a violation is reported once:
a span that is a forbidden variant is not also a casing slip, and a DNT or forced
term whose absence is explained by a reported variant or slip is not also "missing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from pipeline.checks.base import Check, CheckContext, Problem, Severity, quote
from pipeline.glossary.model import Glossary, Hit, Term, TermKind


@dataclass(frozen=True)
class CasingSlip:
    """A term written with a case its glossary entry does not allow."""

    term: Term
    start: int
    end: int
    text: str
    expected: str


@dataclass(frozen=True)
class Analysis:
    """The glossary's findings on one source/target pair, shared by the checks."""

    source_terms: tuple[Term, ...]
    rendered: frozenset[str]  # ids of terms with an approved rendering in the target
    forbidden: tuple[Hit, ...]
    casing: tuple[CasingSlip, ...]
    # Spans of glossary terms in each text (approved and forbidden forms in the target),
    # so other checks can leave them to the glossary checks: "smart #3" is not a number.
    source_spans: tuple[tuple[int, int], ...] = ()
    target_spans: tuple[tuple[int, int], ...] = ()

    def explained(self, term: Term) -> bool:
        """A reported forbidden variant or casing slip of `term` (or of a term within it)."""
        culprits = [hit.term for hit in self.forbidden] + [slip.term for slip in self.casing]
        return any(_part_of(culprit, term) for culprit in culprits)


EMPTY = Analysis((), frozenset(), (), ())


def analyse(source: str, target: str, context: CheckContext) -> Analysis:
    if context.glossary is None or not context.glossary.terms:
        return EMPTY
    return context.memo(("glossary", source, target), lambda: _analyse(source, target, context))


def _analyse(source: str, target: str, context: CheckContext) -> Analysis:
    glossary, lang = context.glossary, context.glossary_language
    matcher = glossary.matcher
    # Brand QA on the English itself (`check --source`): the text is its own "target",
    # and nothing in it is excused by being in the source.
    # Most sentences name no term at all; a translation that is its source names what the
    # source names (one index serves both lookups).
    source_named = not context.source_text and matcher.mentions(source, lang)
    named = (source_named if target == source and not context.source_text
             else matcher.mentions(target, lang))
    source_hits = matcher.source_hits(source) if source_named else []
    approved = matcher.target_hits(target, lang) if named else []
    found_forbidden = matcher.forbidden_hits(target, lang) if named else []
    slips = _casing_slips(glossary, lang, target)
    if not (source_hits or approved or found_forbidden or slips):
        return EMPTY  # what the general path below makes of no hits, without its cost
    source_terms = tuple(dict.fromkeys(hit.term for hit in source_hits))
    # A form the brand's own source uses outside any term ("the No. 1 brand") means
    # something else there; a source term's own form ("Golden Steering Wheel") does not.
    as_term = {hit.text for hit in source_hits}

    def excused(text: str) -> bool:
        return not context.source_text and _in_text(text, source) and text not in as_term

    forbidden = _longest(
        hit
        for hit in found_forbidden
        if not excused(hit.text)
        and not _inside(hit, approved)
        and not _excepted(hit.term, target, hit.start, hit.end, lang)
    )
    casing = tuple(
        slip
        for slip in slips
        if not excused(slip.text)
        and not _inside(slip, approved)
        and not any(_overlaps(slip, hit) for hit in forbidden)
        and not _excepted(slip.term, target, slip.start, slip.end, lang)
    )
    return Analysis(
        source_terms,
        frozenset(hit.term.id for hit in approved),
        forbidden,
        casing,
        source_spans=tuple((hit.start, hit.end) for hit in source_hits),
        target_spans=tuple((hit.start, hit.end) for hit in (*approved, *forbidden)),
    )


def mask(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """`text` with the given spans blanked out (same length, so offsets stay valid)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _part_of(culprit: Term, term: Term) -> bool:
    return culprit.id == term.id or _in_text(culprit.source, term.source, fold=True)


def _in_text(phrase: str, text: str, fold: bool = False) -> bool:
    flags = re.IGNORECASE if fold else 0
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, flags) is not None


def _overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def _inside(span, hits: list[Hit]) -> bool:
    return any(hit.start <= span.start and span.end <= hit.end for hit in hits)


def _longest(hits) -> tuple[Hit, ...]:
    """Overlapping hits collapse to the longest, so one span is reported once."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if not any(_overlaps(hit, other) for other in kept):
            kept.append(hit)
    return tuple(sorted(kept, key=lambda h: h.start))


def _excepted(term: Term, text: str, start: int, end: int, lang: str) -> bool:
    """Inside one of the term's exception phrases ("smart home"), matched in any case."""
    for phrase in _exceptions(term, lang):
        for match in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE):
            if match.start() <= start and end <= match.end():
                return True
    return False


def _exceptions(term: Term, lang: str) -> tuple[str, ...]:
    exceptions_for = getattr(term, "exceptions_for", None)
    return exceptions_for(lang) if exceptions_for else term.exceptions


def _casing_slips(glossary: Glossary, lang: str, target: str) -> list[CasingSlip]:
    pattern, forms, automaton = _casing_pattern(glossary, lang)
    # The case-insensitive alternation is slow to scan; Aho-Corasick over the folded text
    # first says whether any form occurs at all.
    if pattern is None or next(automaton.iter(target.casefold()), None) is None:
        return []
    slips = []
    for match in pattern.finditer(target):
        text = match.group()
        candidates = forms[text.casefold()]
        if any(text == form for _, form in candidates):
            continue
        term, expected = candidates[0]
        slips.append(CasingSlip(term, match.start(), match.end(), text, expected))
    return slips


# Keyed by the glossary's identity: an lru_cache hashes and compares the whole glossary
# (every term) on each of the thousands of calls a check run makes.
_CASING_PATTERNS: dict[tuple[int, str], tuple[Glossary, tuple]] = {}


def _casing_pattern(glossary: Glossary, lang: str):
    """One case-insensitive pattern over every rendering of the keep-lowercase terms."""
    known = _CASING_PATTERNS.get((id(glossary), lang))
    if known is None or known[0] is not glossary:
        if len(_CASING_PATTERNS) >= 16:
            _CASING_PATTERNS.clear()
        known = (glossary, _build_casing_pattern(glossary, lang))
        _CASING_PATTERNS[(id(glossary), lang)] = known
    return known[1]


def _build_casing_pattern(glossary: Glossary, lang: str) -> tuple:
    forms: dict[str, list[tuple[Term, str]]] = {}
    for term in glossary.terms:
        if term.keep_lowercase:
            for form in term.renderings(lang):
                forms.setdefault(form.casefold(), []).append((term, form))
    if not forms:
        return None, forms, None
    alternatives = sorted({form for pairs in forms.values() for _, form in pairs}, key=len)
    body = "|".join(re.escape(form) for form in reversed(alternatives))
    automaton = ahocorasick.Automaton()
    for folded in forms:
        automaton.add_word(folded, folded)
    automaton.make_automaton()
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE), forms, automaton


def _found_altered(term: Term, target: str, lang: str) -> str | None:
    """The rendering as written with other casing or spacing, e.g. "Auto Bild"."""
    for form in term.renderings(lang):
        loose = r"\s*".join(re.escape(part) for part in form.split())
        match = re.search(rf"(?<!\w){loose}(?!\w)", target, re.IGNORECASE)
        if match:
            return match.group()
    return None


class DntAltered(Check):
    id = "glossary.dnt"
    name = "Do-not-translate term kept"
    description = (
        "A do-not-translate term of the source (brand, model, programme, name) appears "
        "unchanged in the translation, or as one of its approved inflected forms."
    )
    severity = Severity.ERROR
    needs = frozenset({"glossary"})

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        analysis = analyse(source, target, context)
        problems: list[str | Problem] = []
        for term in analysis.source_terms:
            if term.kind is not TermKind.DNT or term.id in analysis.rendered:
                continue
            if analysis.explained(term):
                continue
            altered = _found_altered(term, target, context.glossary_language)
            if altered in term.renderings(context.glossary_language):
                continue  # written exactly, only in a place the matcher does not count
            if altered:
                message = f"{quote(altered)} alters {quote(term.source)}; do not translate"
            else:
                message = f"{quote(term.source)} is missing or altered; keep it untranslated"
            problems.append(Problem(message, altered))
        return problems


class ForcedMissing(Check):
    id = "glossary.forced"
    name = "Forced translation used"
    description = "A term with an approved rendering in the target language is translated that way."
    severity = Severity.ERROR
    needs = frozenset({"glossary"})

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        analysis = analyse(source, target, context)
        lang = context.glossary_language
        problems: list[str | Problem] = []
        for term in analysis.source_terms:
            if term.kind is not TermKind.FORCED or term.id in analysis.rendered:
                continue
            if analysis.explained(term):
                continue
            problems.append(
                f"{quote(term.source)} must be translated as {quote(term.preferred(lang))}"
            )
        return problems


class ForbiddenTerm(Check):
    id = "glossary.forbidden"
    name = "Forbidden variant"
    description = ('A forbidden spelling of a term ("Smart", "smart 1") is in the translation '
                   "(or, with --source, in the release).")
    severity = Severity.ERROR
    needs = frozenset({"glossary"})
    on_source = True

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        lang = context.glossary_language
        return [
            Problem(f"{quote(hit.text)} is forbidden; use {quote(hit.term.preferred(lang))}",
                    hit.text)
            for hit in analyse(source, target, context).forbidden
        ]


class BrandCasing(Check):
    id = "glossary.casing"
    name = "Brand casing"
    description = (
        "A term that always stays lowercase (\"smart\") is not capitalised, not even at the "
        "start of a sentence, in a headline or inside quotes."
    )
    severity = Severity.ERROR
    needs = frozenset({"glossary"})
    on_source = True

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        return [
            Problem(f"{quote(slip.text)} must be written {quote(slip.expected)}; "
                    "it stays lowercase", slip.text)
            for slip in analyse(source, target, context).casing
        ]
