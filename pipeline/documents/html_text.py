"""HTML text both ways: entities decoded for translators, and a translation written back
with each character spelled the way the source spelled it (`&amp;`, `&#38;`, `&nbsp;`, a
bare `&`), in order, so that entities round-trip exactly."""

from __future__ import annotations

import html
import re

from pipeline import inline
from pipeline.documents.model import Block, InlineCode
from pipeline.errors import InputError

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# What html.unescape reads as one character reference (its own pattern).
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def decoded(raw: str, next_id: int = 1) -> tuple[str, list[InlineCode]]:
    """The text translators see for raw HTML text (entities decoded), a literal code tag
    in it (`&lt;x1/&gt;`) turned into a code numbered from `next_id` (pipeline.inline)."""
    shown = html.unescape(raw)
    if "<" not in shown:
        return shown, []
    return inline.escape_literals(shown, next_id, lambda start, end: _raw_of(raw, start, end))


def _raw_of(raw: str, start: int, end: int) -> str:
    """The raw spelling of characters start:end of `html.unescape(raw)`."""
    offsets: list[int] = []  # raw offset of each decoded character
    position = 0
    while position < len(raw):
        found = _CHARREF.match(raw, position) if raw[position] == "&" else None
        step = found.end() if found else position + 1
        offsets += [position] * len(html.unescape(raw[position:step]))
        position = step
    offsets.append(len(raw))
    return raw[offsets[start]:offsets[end]]


def _spellings(source: str) -> dict[str, list[str]]:
    """How the source writes each character that has several spellings in HTML text, in
    order of appearance: the n-th `&` of a translation is spelled as the source's n-th."""
    text_only = re.sub(r"<[^>]*>", " ", source)
    spelled: dict[str, list[str]] = {}
    position = 0
    while position < len(text_only):
        entity = _ENTITY.match(text_only, position)
        if entity:
            spelled.setdefault(html.unescape(entity.group()), []).append(entity.group())
            position = entity.end()
            continue
        if text_only[position] in "&<>\"'":
            spelled.setdefault(text_only[position], []).append(text_only[position])
        position += 1
    return spelled


_DEFAULT = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_DEFAULT_ATTRIBUTE = {**_DEFAULT, '"': "&quot;", "'": "&#39;"}


def render_text(
    text: str, source: str, *, codes=(), block: Block | None = None, attribute: bool = False
) -> str:
    """`text` as raw HTML in place of `source`: codes as their markup, each character
    spelled as the source spelled it (the same entity, or none) where it can be."""
    spelling = _Spelling(_spellings(source), _DEFAULT_ATTRIBUTE if attribute else _DEFAULT)
    where = block.location if block is not None else None
    return inline.restore(text, codes, escape=spelling.escape, unknown=lambda tag: InputError(
        f"unknown inline code {tag} in a translation", where))


class _Spelling:
    def __init__(self, spelled: dict[str, list[str]], default: dict[str, str]):
        self.spelled = spelled
        self.used: dict[str, int] = {}
        self.default = default

    def escape(self, text: str) -> str:
        return "".join(self.spell(char) for char in text)

    def spell(self, char: str) -> str:
        found = self.spelled.get(char)
        if not found:
            return self.default.get(char, char)
        count = self.used.get(char, 0)
        self.used[char] = count + 1
        return found[count] if count < len(found) else found[0]
