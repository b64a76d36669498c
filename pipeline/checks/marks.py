"""One scan of a text for the characters the checks look for before doing any work.

A check that compares numbers, quotes, brackets or codes has nothing to say about a text
without a digit, a quotation mark, a bracket or a symbol, and most sentences of a
release have none. Each check used to scan every source and target for its own marks,
a dozen regex scans per entry that mostly found nothing; `marks(text)` scans once, and
the checks ask it. Entries are checked one after the other by every check, so a small
cache holds each text for all of them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# Everything but ASCII letters and spaces: punctuation, symbols and digits, and letters
# beyond ASCII, which no check asks for. An ASCII class scans in half the time of \w.
_MARK = re.compile(r"[^A-Za-z\s]")


class Marks(NamedTuple):
    """What one scan found in a text."""

    chars: frozenset[str]  # punctuation, symbols, digits (and letters beyond ASCII)
    digit: bool  # a decimal digit (what the regex `\d` finds)


@lru_cache(maxsize=256)
def marks(text: str) -> Marks:
    found = frozenset(_MARK.findall(text))
    return Marks(found, any(mark.isdecimal() for mark in found))


def has_digit(text: str) -> bool:
    return marks(text).digit


def has_any(text: str, wanted: frozenset[str]) -> bool:
    """Any of the marks `wanted` (punctuation, symbols, digits) in `text`."""
    return not wanted.isdisjoint(marks(text).chars)
