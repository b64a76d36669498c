"""Placeholder forms: how a protected span looks to the engine, and how to find it again.

Each form has an exact rendering and a tolerant pattern that also finds the variants engines
produce (inner spaces, other brackets, re-cased names, other quotes). The primary form is
`⟦N⟧`: Apertium passes it through as punctuation around a number, and it is rare in real
text. The alternative, `<x id="N"/>`, is plain ASCII in the shape of the XLIFF inline tag
that NMT models see in their training data, so it fails in different ways than the primary.
Both survive Apertium en->es unchanged (tests/test_protection_apertium.py).

A form is not used for a text that already contains something its tolerant pattern or
debris pattern would find (a footnote "[1]"), so a match in the output is always ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PlaceholderForm:
    name: str
    template: str  # str.format template with {n}
    tolerant: re.Pattern[str]  # group "n": the slot number
    debris: re.Pattern[str]  # fragments that must not survive restore

    def render(self, n: int) -> str:
        return self.template.format(n=n)

    def usable(self, text: str) -> bool:
        """True when `text` holds nothing this form would mistake for a placeholder."""
        return not (self.tolerant.search(text) or self.debris.search(text))

    def __repr__(self) -> str:
        return f"PlaceholderForm({self.name!r})"


BRACKET = PlaceholderForm(
    name="bracket",
    template="⟦{n}⟧",
    tolerant=re.compile(r"[⟦〚【\[]{1,2}[^\S\n]*(?P<n>\d{1,4})[^\S\n]*[⟧〛】\]]{1,2}"),
    debris=re.compile(r"[⟦⟧〚〛]"),
)

_QUOTE = "[\"'“”„«»‘’]?"
XML_TAG = PlaceholderForm(
    name="xml",
    template='<x id="{n}"/>',
    tolerant=re.compile(
        rf"<[^\S\n]*x[^\S\n]+id[^\S\n]*=[^\S\n]*{_QUOTE}[^\S\n]*(?P<n>\d{{1,4}})"
        rf"[^\S\n]*{_QUOTE}[^\S\n]*/?[^\S\n]*>(?:[^\S\n]*<[^\S\n]*/[^\S\n]*x[^\S\n]*>)?",
        re.IGNORECASE,
    ),
    debris=re.compile(r"<[^\S\n]*/?[^\S\n]*x(?![\w-])|\bid=[\"']\d", re.IGNORECASE),
)

# Tried in this order: the first usable form is the primary, the rest are retries.
FORMS: tuple[PlaceholderForm, ...] = (BRACKET, XML_TAG)
