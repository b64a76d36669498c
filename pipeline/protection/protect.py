"""protect(): cut out of a segment everything the engine must not touch.

Glossary hits come from the caller (the glossary matcher); inline code tags, URLs,
e-mail addresses, time-zone names, dates and grouped numbers are found here. Overlaps are
settled by priority: inline codes first, then URLs, e-mail addresses and time-zone names
(longest first), then terms (longest first), then dates, then numbers, so a term inside a
URL stays part of the URL and "Europe" stays part of "Europe/Amsterdam".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from pipeline.dates import find_dates
from pipeline.glossary.model import Hit, Term
from pipeline.inline import CODE_TAG
from pipeline.protection.forms import FORMS, PlaceholderForm
from pipeline.protection.identifiers import find_identifiers
from pipeline.protection.model import Glue, Protected, Slot, SlotKind
from pipeline.protection.numbers import find_numbers
from pipeline.protection.restore import starts_sentence

URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"“”‘’«»⟦⟧]+", re.IGNORECASE)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_URL_TRAILING = ".,;:!?'’”»"
_PAIRS = {")": "(", "]": "[", "}": "{"}


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: SlotKind
    priority: int
    term: Term | None = None


def protect(text: str, hits: Sequence[Hit], lang: str,
            forms: Sequence[PlaceholderForm] = FORMS) -> Protected:
    """Replace glossary hits, inline codes, URLs, e-mail addresses, time-zone names, dates
    and grouped numbers with placeholders.

    `lang` is the target language: forced terms restore to its approved rendering.
    """
    spans = _select(_candidates(text, hits))
    pieces = _pieces(text, spans)
    usable = tuple(form for form in forms if all(form.usable(piece) for piece in pieces))
    primary = usable[0] if usable else forms[0]
    slots = tuple(_slot(text, spans, i, primary, lang) for i in range(len(spans)))
    protected = Protected(source=text, text=text, slots=slots, pieces=pieces, lang=lang,
                          form=primary, forms=usable)
    if not slots:
        return protected
    return Protected(source=text, text=protected.render(primary), slots=slots, pieces=pieces,
                     lang=lang, form=primary, forms=usable)


def find_links(text: str) -> list[tuple[int, int, SlotKind]]:
    """URLs and e-mail addresses in `text` as (start, end, kind)."""
    found = [(m.start(), _url_end(m.group(0)) + m.start(), SlotKind.URL)
             for m in URL.finditer(text)]
    found += [(m.start(), m.end(), SlotKind.EMAIL) for m in EMAIL.finditer(text)]
    return sorted(found)


def _url_end(url: str) -> int:
    """Length of `url` without trailing sentence punctuation and unbalanced brackets."""
    end = len(url)
    while end:
        last = url[end - 1]
        unbalanced = last in _PAIRS and url[:end].count(_PAIRS[last]) < url[:end].count(last)
        if last in _URL_TRAILING or unbalanced:
            end -= 1
        else:
            break
    return end


def _candidates(text: str, hits: Sequence[Hit]) -> Iterable[_Span]:
    for match in CODE_TAG.finditer(text):
        yield _Span(match.start(), match.end(), SlotKind.CODE, 0)
    for start, end, kind in find_links(text):
        if end > start:
            yield _Span(start, end, kind, 1)
    for hit in hits:
        if text[hit.start:hit.end] != hit.text or hit.end <= hit.start:
            raise ValueError(f"hit {hit.text!r} at {hit.start}:{hit.end} is not in the text "
                             f"{text!r}")
        yield _Span(hit.start, hit.end, SlotKind.TERM, 2, hit.term)
    for start, end in find_identifiers(text):
        yield _Span(start, end, SlotKind.IDENTIFIER, 1)
    for start, end in find_dates(text):
        yield _Span(start, end, SlotKind.DATE, 3)
    for start, end in find_numbers(text):
        yield _Span(start, end, SlotKind.NUMBER, 4)


def _select(candidates: Iterable[_Span]) -> list[_Span]:
    """Non-overlapping spans, higher priority and then longer spans winning, in text order."""
    chosen: list[_Span] = []
    ranked = sorted(candidates, key=lambda s: (s.priority, s.start - s.end, s.start))
    for span in ranked:
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def _pieces(text: str, spans: Sequence[_Span]) -> tuple[str, ...]:
    pieces, position = [], 0
    for span in spans:
        pieces.append(text[position:span.start])
        position = span.end
    pieces.append(text[position:])
    return tuple(pieces)


def _glue(text: str, spans: Sequence[_Span], i: int, side: int) -> Glue:
    span = spans[i]
    neighbour = i + side
    if 0 <= neighbour < len(spans):
        other = spans[neighbour]
        if (side < 0 and other.end == span.start) or (side > 0 and other.start == span.end):
            return Glue.SLOT
    position = span.start - 1 if side < 0 else span.end
    if 0 <= position < len(text) and (text[position].isalnum() or text[position] == "_"):
        return Glue.WORD
    return Glue.NONE


def _slot(text: str, spans: Sequence[_Span], i: int, form: PlaceholderForm,
          lang: str) -> Slot:
    span = spans[i]
    slot = Slot(index=i + 1, kind=span.kind, original=text[span.start:span.end],
                start=span.start, end=span.end, token=form.render(i + 1), target="",
                term=span.term, glue_left=_glue(text, spans, i, -1),
                glue_right=_glue(text, spans, i, 1),
                opens_sentence=span.kind is SlotKind.DATE and starts_sentence(text[:span.start]))
    return replace(slot, target=slot.restore_text(lang))
