"""Inline enumerations: "1.) The first item 2.) The second item" written on one line.

The boundary filter keeps a sentence end only after terminal punctuation, so a list
whose items have no full stop (a short line that the txt reader takes for a caption)
stayed one segment. Each item of such a list is a segment of its own.

A marker starts an item only as part of a run, never from its looks alone: the first
marker opens the text (or follows a colon) with the first value of its style (1, a, A,
i), and each next marker has the next value in the same style ("1.) … 2.) … 3.)",
"a. … b. …", "(i) … (ii) …"), with item text between them. So "A. Smith and B. Jones"
(initials: an uppercase letter with a bare full stop is never a marker), "No. 1", a
version "2.0" or a lone "1." in running text start nothing. The markers stay in the
segments, as they do when the items end with a full stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.inline import ANY

_MARKER = re.compile(r"(?<!\S)(\(?)(\d{1,2}|[ivx]{1,4}|[a-zA-Z])(\.\)|\)|\.)(?=\s+\S)")
_TAGS = re.compile(ANY)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10, "xi": 11, "xii": 12}


@dataclass(frozen=True)
class Items:
    starts: frozenset[int]  # where an item starts: a segment starts there
    bodies: frozenset[int]  # where an item's text starts, after its marker: never a boundary


@dataclass(frozen=True)
class _Marker:
    start: int
    end: int
    style: tuple[str, str]  # ("(", ")") for "(1)", ("", ".)") for "1.)"
    values: frozenset[tuple[str, int]]  # ("roman", 1) and ("lower", 9) for "i."


def items(text: str) -> Items:
    """The items of the inline enumerations in `text`. The first item starts a segment
    only when a colon introduces the list (offset 0 is no boundary)."""
    markers = [marker for match in _MARKER.finditer(text)
               if (marker := _marker(match)) is not None]
    if len(markers) < 2:
        return Items(frozenset(), frozenset())
    chained: set[_Marker] = set()
    for index, head in enumerate(markers):
        if not _opens(text, head.start):
            continue
        for kind, value in head.values:
            if value == 1:
                chain = _chain(text, markers, index, kind)
                if len(chain) > 1:
                    chained.update(chain)
    # pysbd may end a sentence after "i." or "ii."; the marker belongs to its item.
    bodies = {_skip_space(text, marker.end) for marker in chained}
    return Items(frozenset(marker.start for marker in chained) - {0}, frozenset(bodies))


def _marker(match: re.Match) -> _Marker | None:
    opening, token, closing = match.groups()
    if opening and closing != ")":
        return None
    values: set[tuple[str, int]] = set()
    if token.isdigit():
        values.add(("number", int(token)))
    if token in _ROMAN:
        values.add(("roman", _ROMAN[token]))
    if len(token) == 1 and token.islower():
        values.add(("lower", ord(token) - ord("a") + 1))
    if len(token) == 1 and token.isupper() and closing != ".":  # "A." is an initial
        values.add(("upper", ord(token) - ord("A") + 1))
    if not values:
        return None
    return _Marker(match.start(), match.end(), (opening, closing), frozenset(values))


def _opens(text: str, offset: int) -> bool:
    """The marker at `offset` begins the text or follows a colon."""
    before = _TAGS.sub("", text[:offset]).rstrip()
    return not before or before.endswith(":")


def _chain(text: str, markers: list[_Marker], index: int, kind: str) -> list[_Marker]:
    chain = [markers[index]]
    for marker in markers[index + 1 :]:
        last = chain[-1]
        if marker.style == last.style and (kind, len(chain) + 1) in marker.values:
            if not any(char.isalnum() for char in text[last.end : marker.start]):
                break  # an empty item: "1. 2." is no list
            chain.append(marker)
    return chain


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index
