"""Find glossary terms in text: whole words, longest match first, typed hits.

Text is normalised before matching (curly quotes and guillemets to ASCII quotes,
Unicode hyphens and dashes to "-", no-break and thin spaces to " "). Every
replacement is one character for one character, so a span found in the normalised
text is the same span in the original, and hits carry the original text.

All forms of all terms go into Aho-Corasick automata (one for case-sensitive forms,
one for case-insensitive ones), so the cost of a lookup grows with the length of the
text and the number of candidates, not with the size of the glossary.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from pipeline.glossary.model import Hit, HitKind, Term, lookup_keys
from pipeline.glossary.patterns import Patterns, canonical, instance

_NORMALISE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": "'", "\u203a": "'",
    "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",
})


# The characters normalise() replaces: one scan for them is much cheaper than
# str.translate, which looks every character up, and most text has none.
_NORMALISABLE = re.compile("[" + re.escape("".join(chr(code) for code in _NORMALISE)) + "]")


def normalise(text: str) -> str:
    """Length-preserving normalisation of quotes, apostrophes, hyphens and spaces."""
    if text.isascii() or not _NORMALISABLE.search(text):
        return text
    return text.translate(_NORMALISE)


def fold(text: str) -> str:
    """Lower-case `text` without changing its length (so spans stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):  # lower() only ever grows a string
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def whole_word(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not part of a longer word or number.

    Only ends that are word characters need a boundary: "smart" in "smart’s" and
    "smart-modellen" is a word, in "smarter" and "smartcare" it is not; "smart #1"
    does not match inside "smart #10" nor inside the decimal "smart 1.5".
    """
    first, last = text[start], text[end - 1]
    if _is_word(first) and start > 0 and _is_word(text[start - 1]):
        return False
    if _is_word(last) and end < len(text):
        after = text[end]
        if _is_word(after):
            return False
        if last.isdigit() and after in ".," and end + 1 < len(text) and text[end + 1].isdigit():
            return False
    decimal_before = start > 1 and text[start - 1] in ".," and text[start - 2].isdigit()
    return not (first.isdigit() and decimal_before)


@dataclass(frozen=True)
class Candidate:
    """A glossary form found in a normalised text, before overlaps are resolved."""

    start: int
    end: int
    term_index: int
    form: str  # the glossary form that matched, normalised


class _Index:
    """Forms of many terms in two automata: exact and case-insensitive."""

    def __init__(self, entries: Iterable[tuple[str, int, bool]]):
        exact: dict[str, list[tuple[int, str]]] = {}
        folded: dict[str, list[tuple[int, str]]] = {}
        for form, term_index, case_sensitive in entries:
            key = normalise(form)
            if not key.strip():
                continue
            table, key = (exact, key) if case_sensitive else (folded, fold(key))
            payload = table.setdefault(key, [])
            if (term_index, key) not in payload:
                payload.append((term_index, key))
        self.exact = self._build(exact)
        self.folded = self._build(folded)

    @staticmethod
    def _build(table: dict[str, list[tuple[int, str]]]) -> ahocorasick.Automaton | None:
        if not table:
            return None
        automaton = ahocorasick.Automaton()
        for key, payload in table.items():
            automaton.add_word(key, (len(key), tuple(payload)))
        automaton.make_automaton()
        return automaton

    def candidates(self, norm: str, folded: str | None) -> list[Candidate]:
        found: list[Candidate] = []
        for automaton, haystack in ((self.exact, norm), (self.folded, folded)):
            if automaton is None or haystack is None:
                continue
            for last, (length, payload) in automaton.iter(haystack):
                start, end = last - length + 1, last + 1
                if not whole_word(norm, start, end):
                    continue
                found.extend(Candidate(start, end, index, form) for index, form in payload)
        return found


def resolve(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longest first, then leftmost, then glossary order."""
    ordered = sorted(candidates, key=lambda c: (c.start - c.end, c.start, c.term_index))
    starts: list[int] = []
    kept: list[Candidate] = []
    for cand in ordered:
        pos = bisect.bisect_left(starts, cand.start)
        if pos > 0 and kept[pos - 1].end > cand.start:
            continue
        if pos < len(kept) and kept[pos].start < cand.end:
            continue
        starts.insert(pos, cand.start)
        kept.insert(pos, cand)
    return kept


class Matcher:
    """Source, target and forbidden lookups over a fixed list of terms."""

    def __init__(self, terms: Iterable[Term]):
        self.terms: tuple[Term, ...] = tuple(terms)
        # A forbidden spelling in the English ("SMART #1", "Smart") still means its term:
        # it is found, protected and restored as the term (exact spelling, as in targets).
        self._source = _Index(
            [(form, index, term.case_sensitive)
             for index, term in enumerate(self.terms) if not term.pattern
             for form in (term.source, *term.variants)]
            + [(form, index, True)
               for index, term in enumerate(self.terms) for form in term.forbidden]
        )
        self._patterns = Patterns(self.terms)
        self._source_slips = _Index(
            (form, index, True) for index, term in enumerate(self.terms)
            for form in term.forbidden)
        self._targets: dict[tuple[str, ...], _Index] = {}
        self._forbidden: dict[tuple[str, ...], _Index] = {}
        self._exceptions: dict[tuple[str, ...], _Index] = {}
        self._any: dict[tuple[str, ...], _Index] = {}

    # -- indexes per language, built on first use ---------------------------------------

    def prepare(self, langs: Iterable[str]) -> None:
        """Build the per-language indexes now (they are otherwise built on first use)."""
        self._exception_index(None)
        for lang in langs:
            self._target_index(lang)
            self._forbidden_index(lang)
            self._exception_index(lang)

    def _target_index(self, lang) -> _Index:
        # Cached per fallback chain: "de_CH" and "de-CH" are one language.
        key = lookup_keys(lang)
        if key not in self._targets:
            self._targets[key] = _Index(
                (form, index, term.case_sensitive)
                for index, term in enumerate(self.terms) if not term.pattern
                for form in term.renderings(lang)
            )
        return self._targets[key]

    def _forbidden_index(self, lang) -> _Index:
        # Forbidden forms are exact spellings: "Smart" is forbidden where "smart" is not.
        key = lookup_keys(lang)
        if key not in self._forbidden:
            self._forbidden[key] = _Index(
                (form, index, True)
                for index, term in enumerate(self.terms)
                for form in term.forbidden_forms(lang)
            )
        return self._forbidden[key]

    def _exception_index(self, lang) -> _Index:
        # Exception phrases ("smarter", "smart home") match regardless of case.
        key = lookup_keys(lang)
        if key not in self._exceptions:
            self._exceptions[key] = _Index(
                (form, index, False)
                for index, term in enumerate(self.terms)
                for form in term.exceptions_for(lang)
            )
        return self._exceptions[key]

    def _any_index(self, lang) -> _Index:
        # Every form the source, target and forbidden lookups look for, each with the case
        # rule it has there: a text this finds nothing in, they find nothing in.
        key = lookup_keys(lang)
        if key not in self._any:
            self._any[key] = _Index(
                [(form, index, term.case_sensitive)
                 for index, term in enumerate(self.terms) if not term.pattern
                 for form in (term.source, *term.variants, *term.renderings(lang))]
                + [(form, index, True) for index, term in enumerate(self.terms)
                   for form in (*term.forbidden, *term.forbidden_forms(lang))]
            )
        return self._any[key]

    # -- public lookups ------------------------------------------------------------------

    def mentions(self, text: str, lang: str) -> bool:
        """Whether any lookup could find anything in `text`: False means `source_hits`,
        `target_hits` and `forbidden_hits` (for `lang`) all find nothing. One pass over
        the text instead of each lookup's own, for the many sentences that name no term."""
        norm = normalise(text)
        index = self._any_index(lang)
        if index.candidates(norm, fold(norm) if index.folded is not None else None):
            return True
        if self._patterns.empty or not self._patterns.may_match(norm):
            return False
        return bool(self._patterns.main.matches(norm) or self._patterns.forbidden.matches(norm))

    def source_hits(self, text: str) -> list[Hit]:
        """Terms in a source (English) segment, outermost and longest only; a forbidden
        spelling counts as its term (`source_slips` tells which ones were), and so does a
        forbidden spelling of a pattern that repairs to it ("Smart #6" -> "smart #6")."""
        return self._hits(text, self._source, None, HitKind.SOURCE, repaired=True)

    def source_slips(self, text: str) -> list[Hit]:
        """The source hits that are a forbidden spelling of their term ("SMART #1")."""
        slips = {(c.start, c.end) for c in self._source_slips.candidates(normalise(text), None)}
        slips |= {(m.start, m.end) for m in self._patterns.forbidden.matches(normalise(text))}
        return [hit for hit in self.source_hits(text) if (hit.start, hit.end) in slips]

    def target_hits(self, text: str, lang: str) -> list[Hit]:
        """Approved renderings of terms in a `lang` translation."""
        return self._hits(text, self._target_index(lang), lang, HitKind.TARGET)

    def forbidden_hits(self, text: str, lang: str) -> list[Hit]:
        """Forbidden variants in a `lang` translation, each reported once.

        A forbidden form inside a longer approved rendering, or spelled exactly like an
        approved one, is not reported; overlapping forbidden forms ("Smart #1" and
        "Smart") are reported once, as the longest.
        """
        norm = normalise(text)
        found = self._forbidden_index(lang).candidates(norm, None)
        found += [Candidate(m.start, m.end, m.term_index, m.text)
                  for m in self._patterns.forbidden.matches(norm)]
        if not found:
            return []
        found = self._drop_exceptions(found, norm, lang)
        approved = self._target_index(lang).candidates(norm, fold(norm))
        approved += self._pattern_candidates(norm)
        found = [c for c in found if not _covered_by_approved(c, approved, norm)]
        return self._to_hits(resolve(found), text, HitKind.FORBIDDEN)

    # -- helpers -------------------------------------------------------------------------

    def _hits(self, text: str, index: _Index, lang: str | None, kind: HitKind,
              repaired: bool = False) -> list[Hit]:
        norm = normalise(text)
        found = index.candidates(norm, fold(norm) if index.folded is not None else None)
        found += self._pattern_candidates(norm, listed=found, repaired=repaired)
        if not found:
            return []
        found = self._drop_exceptions(found, norm, lang)
        return self._to_hits(resolve(found), text, kind)

    def _pattern_candidates(self, norm: str, listed: Sequence[Candidate] = (),
                            repaired: bool = False) -> list[Candidate]:
        """Pattern matches, each as the one name it matched; a listed term of the same
        span wins. With `repaired`, forbidden spellings that repair to the pattern too."""
        if self._patterns.empty:
            return []
        taken = {(c.start, c.end) for c in listed}
        found = [Candidate(m.start, m.end, m.term_index, m.text)
                 for m in self._patterns.main.matches(norm) if (m.start, m.end) not in taken]
        if repaired:
            for m in self._patterns.forbidden.matches(norm):
                form = canonical(self.terms[m.term_index], m.text)
                if form is not None and (m.start, m.end) not in taken:
                    found.append(Candidate(m.start, m.end, m.term_index, form))
        return found

    def _drop_exceptions(self, found: list[Candidate], norm: str,
                         lang: str | None) -> list[Candidate]:
        index = self._exception_index(lang)
        if index.folded is None:
            return found
        spans: dict[int, list[tuple[int, int]]] = {}
        for cand in index.candidates(norm, fold(norm)):
            spans.setdefault(cand.term_index, []).append((cand.start, cand.end))
        if not spans:
            return found
        return [c for c in found
                if not any(s <= c.start and c.end <= e for s, e in spans.get(c.term_index, ()))]

    def _to_hits(self, found: list[Candidate], text: str, kind: HitKind) -> list[Hit]:
        return [Hit(self._term(c), c.start, c.end, text[c.start:c.end], kind) for c in found]

    def _term(self, cand: Candidate) -> Term:
        term = self.terms[cand.term_index]
        if not term.pattern:
            return term
        # A pattern hit stands for the one name it matched (its canonical form, for a
        # forbidden spelling that repairs; else the pattern, as the form to follow).
        form = cand.form if re.fullmatch(term.pattern, cand.form) else canonical(term, cand.form)
        return instance(term, form) if form else term


def _covered_by_approved(cand: Candidate, approved: list[Candidate], norm: str) -> bool:
    for ok in approved:
        if ok.start <= cand.start and cand.end <= ok.end:
            longer = (ok.end - ok.start) > (cand.end - cand.start)
            if longer or norm[ok.start:ok.end] == norm[cand.start:cand.end] == ok.form:
                return True
    return False
