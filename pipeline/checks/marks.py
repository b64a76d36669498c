"""One scan of a text for the characters the checks look for before doing any work.

A check that compares numbers, quotes, brackets or codes has nothing to say about a text
without a digit, a quotation mark, a bracket or a capital pair, and most sentences of a
release have none. Each check used to scan every source and target for its own marks,
a dozen regex scans per entry that mostly found nothing; `marks(text)` scans once, and
the checks ask it. Entries are checked one after the other by every check, so a small
cache holds each text for all of them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# Punctuation and symbols, digits, and the first letter of a pair of ASCII capitals
# ("OTA", "C-NCAP": acronyms for qa.codes).
_MARK = re.compile(r"[^\w\s]|\d|[A-Z](?=[A-Z])")


class Marks(NamedTuple):
    """What one scan found in a text."""

    chars: frozenset[str]  # punctuation, symbols, digits, the first of two capitals
    digit: bool  # a decimal digit (what the regex `\d` finds)


@lru_cache(maxsize=256)
def marks(text: str) -> Marks:
    found = _MARK.findall(text)
    return Marks(frozenset(found), any(mark.isdecimal() for mark in found))


def has_digit(text: str) -> bool:
    return marks(text).digit


def has_any(text: str, wanted: frozenset[str]) -> bool:
    """Any of the marks `wanted` (punctuation, symbols, digits, ASCII capitals) in `text`."""
    return not wanted.isdisjoint(marks(text).chars)
