"""Cutting a very long paragraph into pieces before sentence segmentation.

pysbd's abbreviation pass, and the boundary filter after it, cost time quadratic in
the length of the text they are given: a 100 KB paragraph takes seconds, a 2 MB one
(well inside the 5 MB release limit) hours. A paragraph longer than `LONG` characters
is therefore cut into pieces of about `CHUNK` (at most `LONG`) characters, each segmented on its
own, which keeps the whole cost linear. Paragraphs up to `LONG` are never cut, so
every real release (the longest paragraph in the corpus is about 2 KB) segments
exactly as before.

A cut is made, where possible, at a boundary pysbd and the filter would keep anyway:
after a lowercase word of three letters or more and a full stop, before an uppercase
letter, outside quotation marks and inline codes. Where a piece has no such boundary
the cut falls on whitespace (or, in a piece without any, at the limit) and is marked
unclean: the sentences on either side of it are joined again, so a cut never creates
a sentence end that the text does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.inline import ANY, CLOSE, OPEN

LONG = 8192
CHUNK = 1024  # pysbd costs about 2.5 us a character at this length, 6 us at 8 KB

# "…deliveries. The next…": a lowercase word (no abbreviation such as "Co." or "Jan.")
# and a stop, then an uppercase start.
_SAFE = re.compile(r"(?<![\w.])([a-z]{3,})[.!?]\s+(?=[A-Z])")
_QUOTES = re.compile(rf"[\"“”]|{CLOSE}|{OPEN}")
_SPACE = re.compile(r"\s+")
_TAG = re.compile(ANY)


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    clean_end: bool  # the cut after this piece is a sentence end the segmenter keeps


def pieces(text: str, never_final: frozenset[str], continuations: re.Pattern) -> list[Piece]:
    """Consecutive pieces covering `text`; one piece when the text is not longer than LONG."""
    result: list[Piece] = []
    start = 0
    while len(text) - start > LONG:
        cut, clean = _cut(text, start, never_final, continuations)
        result.append(Piece(start, cut, clean))
        start = cut
    result.append(Piece(start, len(text), True))
    return result


def _cut(text: str, start: int, never_final: frozenset[str],
         continuations: re.Pattern) -> tuple[int, bool]:
    low, high = start + CHUNK, start + LONG
    balance = _Balance()
    balance.scan(text, start, low)
    position = low
    for match in _SAFE.finditer(text, low, high):
        balance.scan(text, position, match.start())
        position = match.start()
        if (balance.level() and match.group(1) not in never_final
                and not continuations.match(text, match.end())):
            return match.end(), True
    # The first whitespace, not the last: pieces stay near CHUNK, where the cost is low.
    space = _SPACE.search(text, low, high)
    if space:
        return space.end(), False
    return _outside_tag(text, high), False


class _Balance:
    """Whether quotation marks and inline codes opened since the piece's start are closed."""

    def __init__(self) -> None:
        self.straight = 0
        self.curly = 0
        self.codes = 0

    def scan(self, text: str, start: int, end: int) -> None:
        for match in _QUOTES.finditer(text, start, end):
            mark = match.group()
            if mark == '"':
                self.straight ^= 1
            elif mark == "“":
                self.curly += 1
            elif mark == "”":
                self.curly = max(0, self.curly - 1)
            elif mark.startswith("</"):
                self.codes = max(0, self.codes - 1)
            else:
                self.codes += 1

    def level(self) -> bool:
        return not (self.straight or self.curly or self.codes)


def _outside_tag(text: str, cut: int) -> int:
    """`cut`, moved past an inline code it would split (`<g1` | `2>`)."""
    for match in _TAG.finditer(text, max(0, cut - 8), min(len(text), cut + 8)):
        if match.start() < cut < match.end():
            return match.end()
    return cut
