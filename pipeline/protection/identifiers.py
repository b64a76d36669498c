"""Time-zone names and offsets (Europe/Amsterdam, UTC+8, CET): identifiers an engine must
not touch. Apertium en→es turns "Europe/Amsterdam" into "Amsterdam/de Europa"; a reader
needs the name exactly as the tz database spells it.

Found by shape, not by a list of every zone: an IANA area ("Europe/", "America/", ...)
followed by capitalised names, UTC or GMT with an optional offset, and the common
upper-case zone abbreviations. Upper case is required, so "est" or "West" stay words.
"""

from __future__ import annotations

import re

_AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia",
          "Europe", "Indian", "Pacific", "Etc")
# WEST (Western European Summer Time) is left out: it is also an English word in headlines.
_ABBREVIATIONS = ("CET", "CEST", "EET", "EEST", "WET", "BST", "MSK", "EST", "EDT", "CST",
                  "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT", "HST", "JST", "KST",
                  "HKT", "SGT", "AWST", "ACST", "ACDT", "AEST", "AEDT", "NZST", "NZDT")

ZONE = re.compile(
    rf"(?<![\w/])(?:(?:{'|'.join(_AREAS)})/[A-Z][A-Za-z_-]*(?:/[A-Z][A-Za-z_-]*)?"
    r"(?:[+-]\d{1,2})?"
    r"|(?:UTC|GMT)(?:[ ]?[+−-][ ]?\d{1,2}(?::?\d{2})?)?"
    rf"|{'|'.join(sorted(_ABBREVIATIONS, key=len, reverse=True))})(?![\w/+−-])"
)


def find_identifiers(text: str) -> list[tuple[int, int]]:
    """(start, end) of each time-zone name, abbreviation or UTC offset in `text`."""
    return [(match.start(), match.end()) for match in ZONE.finditer(text)]
