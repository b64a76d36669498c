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

# Punctuation and symbols, digits, and the first letter of a pair of ASCII capitals
# ("OTA", "C-NCAP": acronyms for qa.codes).
_MARK = re.compile(r"[^\w\s]|\d|[A-Z](?=[A-Z])")


@lru_cache(maxsize=256)
def marks(text: str) -> frozenset[str]:
    """The punctuation, symbols and digits of `text`, and the first capital of each pair
    of ASCII capitals."""
    return frozenset(_MARK.findall(text))


def has_digit(text: str) -> bool:
    """A decimal digit anywhere in `text` (what the regex `\\d` finds)."""
    return any(mark.isdecimal() for mark in marks(text))


def has_any(text: str, wanted: frozenset[str]) -> bool:
    """Any of the marks `wanted` (punctuation, symbols, digits, ASCII capitals) in `text`."""
    return not wanted.isdisjoint(marks(text))
