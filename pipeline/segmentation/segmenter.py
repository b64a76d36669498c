"""Sentence segmentation: pysbd, plus the few rules press releases need on top of it.

pysbd already handles abbreviations, decimals, thousands, URLs and e-mail
addresses. The domain rules:

- a sentence may start with a name written in lowercase ("… premium brand. smart
  continues …", "… appeal. eBay said …"); the names come from the caller (the
  glossary's `sentence_starts`), none is written here;
- the items of an inline enumeration ("1.) The first item 2.) The second item")
  are segments of their own even without a full stop (pipeline.segmentation.enumeration);
- sentences inside a quotation are split like any others (as SRX rules do);
- a piece that does not end a sentence (the in-text dateline "(Hangzhou, Jan.
  19, 2024)", "Geely Co." before "Ltd.") is joined to what follows;
- an inline code is never cut: `<g1>…</g1>` stays in one segment and closing
  tags stay with the sentence they close.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from pipeline.documents.model import Block, Role
from pipeline.inline import ANY, CLOSE, OPEN, STANDALONE, open_at
from pipeline.segmentation import chunks, enumeration
from pipeline.segmentation.model import Segment

# Abbreviations that never end a sentence when followed by more text.
NEVER_FINAL = frozenset(
    {
        *("mr", "ms", "mrs", "dr", "prof", "st", "no", "nos", "e.g", "i.e", "vs", "approx"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("ca", "fig"),
    }
)
# Words that continue a company name after "Co." or "Holding".
CONTINUATIONS = re.compile(r"(Ltd|Limited|Inc|GmbH|AG|KG|Corp|LLC|S\.A)\b")
# Roles whose block is one unit whatever its punctuation.
UNSPLIT = frozenset({Role.DATELINE, Role.SPEAKER, Role.END_MARK, Role.CODE})

_TERMINAL = re.compile(r"[.!?…][”’\"'»)\]]*$")
_TAGS = re.compile(rf"(?:{ANY})+")
_TRAILING_TAGS = re.compile(rf"(?:{CLOSE}|{STANDALONE})+")
_QUOTED = re.compile(r"“[^“”]+”|\"[^\"]+\"")
_LAST_WORD = re.compile(r"([\w.]+)\.[”’\"'»)\]]*$")


class _Starts:
    """The lowercase names that may start a sentence, as the two patterns the rules need."""

    def __init__(self, names: tuple[str, ...]):
        # Whole words only ("smarter" is not "smart"); longest first saves backtracking.
        alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        self.name = re.compile(rf"(?:{alternatives})(?!\w)") if names else None
        self.boundary = re.compile(
            rf"(?<=[.!?…])[”’\"'»)\]]*(?:{CLOSE})*\s+(?=(?:{OPEN})*(?:{alternatives})(?!\w))"
        ) if names else None


@lru_cache(maxsize=16)
def _starts(names: tuple[str, ...]) -> _Starts:
    return _Starts(tuple(name for name in names if name))


@lru_cache(maxsize=1)
def _pysbd():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def segment_block(block: Block, sentence_starts: Collection[str] = ()) -> list[Segment]:
    """`sentence_starts`: names that may start a sentence in lowercase (the glossary's)."""
    if block.role in UNSPLIT:
        spans = [_strip(block.text, 0, len(block.text))]
    else:
        spans = segment_spans(block.text, sentence_starts)
    return [
        Segment(block=block, start=start, end=end, text=block.text[start:end], index=index)
        for index, (start, end) in enumerate(spans)
        if end > start
    ]


def segment_text(text: str, sentence_starts: Collection[str] = ()) -> list[str]:
    return [text[start:end] for start, end in segment_spans(text, sentence_starts)]


def segment_spans(text: str, sentence_starts: Collection[str] = ()) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets in `text`; what lies between them is whitespace.

    A very long paragraph is segmented in pieces (pipeline.segmentation.chunks), so the
    cost stays linear in its length."""
    starts = _starts(tuple(sentence_starts))
    spans: list[tuple[int, int]] = []
    join_next = False
    for piece in chunks.pieces(text, NEVER_FINAL, CONTINUATIONS):
        found = [(piece.start + a, piece.start + b)
                 for a, b in _piece_spans(text[piece.start:piece.end], starts)]
        if join_next and spans and found:
            # the cut before this piece was not a sentence end: join across it
            spans[-1] = (spans[-1][0], found.pop(0)[1])
        spans.extend(found)
        join_next = not piece.clean_end
    return spans


def _piece_spans(text: str, names: _Starts) -> list[tuple[int, int]]:
    starts = set(_pysbd_starts(text, 0, len(text)))
    for quoted in _QUOTED.finditer(text):
        starts.update(_pysbd_starts(text, quoted.start() + 1, quoted.end() - 1))
    if names.boundary:
        starts.update(match.end() for match in names.boundary.finditer(text))
    starts = {_after_closing_tags(text, start) for start in starts}
    items = enumeration.items(text)
    starts = (starts | items.starts) - items.bodies
    kept = _filter(text, sorted(start for start in starts if 0 < start < len(text)), names,
                   items)
    bounds = [0, *kept, len(text)]
    spans = [_strip(text, a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    return _merge_bare_punctuation(text, [span for span in spans if span[1] > span[0]])


def _merge_bare_punctuation(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece with no letter or digit (a lone closing quote) belongs to the sentence before."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        bare = not any(char.isalnum() for char in _TAGS.sub("", text[start:end]))
        if merged and bare:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _pysbd_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets (in `text`) where pysbd starts a sentence inside text[start:end]."""
    piece = text[start:end]
    if not piece.strip():
        return []
    result, cursor = [], 0
    for sentence in _pysbd().segment(piece):
        found = piece.find(sentence, cursor)
        if found < 0:
            found = piece.find(sentence.strip(), cursor)
        if found < 0:
            return []  # pysbd changed the text: trust no boundary in this piece
        if found > 0:
            result.append(start + _skip_space(piece, found))
        cursor = found + len(sentence.strip())
    return result


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _after_closing_tags(text: str, start: int) -> int:
    """A boundary right before `</g1>` or `<x2/>` glued to the full stop moves past them:
    the tag closes (or breaks the line after) the previous sentence."""
    if start == 0 or text[start - 1].isspace():
        return start
    match = _TRAILING_TAGS.match(text, start)
    return _skip_space(text, match.end()) if match else start


def _filter(text: str, starts: list[int], names: _Starts,
            items: enumeration.Items) -> list[int]:
    """The boundaries that end a sentence; an enumeration item (`items`) starts one whatever
    ends the item before it."""
    kept: list[int] = []
    for start in starts:
        previous = kept[-1] if kept else 0
        before = _TAGS.sub("", text[previous:start]).strip()
        after = _TAGS.sub("", text[start:]).lstrip()
        if start not in items.starts and _joins(before, after, names):
            continue
        if open_at(text, start):
            continue
        kept.append(start)
    return kept


def _joins(before: str, after: str, names: _Starts) -> bool:
    """True when the boundary between `before` and `after` is not a sentence end."""
    if not before or not after:
        return True
    if not _TERMINAL.search(before):
        return True  # "(Hangzhou, Jan. 19, 2024)" opens the next sentence
    last = _LAST_WORD.search(before)
    if last and last.group(1).lower() in NEVER_FINAL:
        return True
    if CONTINUATIONS.match(after):
        return True
    return after[0].islower() and not (names.name and names.name.match(after))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
