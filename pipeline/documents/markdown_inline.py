"""Markdown inline content -> block text with inline codes.

markdown-it gives an inline token's children (text, emphasis, links, images…) but not
where each sits in the source, so the raw inline source is walked alongside them: every
piece of markup becomes a code holding its exact raw text, and rendering a block's own
text gives the source back byte for byte.

What a code stands for is kept with it (a link's target, an image's source, alt text and
title). The parts of a code's markup a translator must see, an image's alt text and a
link's or an image's title, are `Nested` pieces: blocks of their own, rendered into the
markup (InlineCode.offsets). In text, a footnote reference `[^note]` is a code, so no
engine can touch its label, and text that only looks like a code (`\\<x1/>`) gets one of
its own (pipeline.inline.escape_literals).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.inline import CodeKind, CodeType, InlineCode

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PAIRED = {"em_open": CodeType.ITALIC, "strong_open": CodeType.BOLD,
           "s_open": CodeType.STRIKE}
_CLOSERS = {"em_close", "strong_close", "s_close"}
_BREAK = re.compile(r"[ \t]*\\?\n[ \t]*|[ \t]*\\?$")
# In text: a footnote reference, or a code tag written as text (escaped, `\<x1/>`).
_IN_TEXT = re.compile(r"(?<!\\)\[\^(?P<label>[^\]\s]+)\](?!:)|\\?(?P<tag></?g\d+>|<x\d+/>)")
# `(dest "title")` or `(<dest> 'title')`: where the title's delimiters are.
_DESTINATION = re.compile(
    r"\(\s*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?P<title>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?\s*\)",
    re.DOTALL,
)


class Misaligned(Exception):
    """The raw source could not be matched to the parsed children."""


@dataclass(frozen=True)
class Nested:
    """A translatable part inside a code's markup; start/end include its delimiters."""

    context: str  # "alt" or "title"
    start: int  # absolute offsets in Document.raw
    end: int


@dataclass
class Inline:
    text: str
    codes: tuple[InlineCode, ...]
    nested: list[Nested] = field(default_factory=list)


def walk(content: str, children, at: Callable[[int], int]) -> Inline:
    """`content`: the raw inline source; `at`: its offsets -> offsets in Document.raw."""
    return _Walker(content, at).walk(children)


class _Walker:
    def __init__(self, content: str, at: Callable[[int], int]):
        self.content = content
        self.at = at
        self.pos = 0
        self.parts: list[str] = []
        self.codes: list[InlineCode] = []
        self.nested: list[Nested] = []
        self.open: list[tuple[int, str, str, int, dict]] = []  # id, ctype, markup, at, attrs

    def walk(self, children) -> Inline:
        skip_until_close = False
        for child in children:
            if skip_until_close:
                skip_until_close = child.type != "link_close"
                continue
            skip_until_close = self.child(child)
        if self.open or self.pos != len(self.content):
            raise Misaligned
        return Inline("".join(self.parts), tuple(sorted(self.codes, key=lambda c: c.id)),
                      self.nested)

    def child(self, child) -> bool:
        kind = child.type
        if kind == "text":
            self.text(child.content)
        elif kind == "softbreak":
            self.parts.append(self.spaces_around_newline())
        elif kind == "hardbreak":
            self.standalone(CodeType.BREAK, self.pos, self.spaces_around_newline())
        elif kind in _PAIRED:
            self.opening(_PAIRED[kind], self.expect(child.markup), {})
        elif kind in _CLOSERS:
            self.closing(self.expect(child.markup))
        elif kind == "link_open" and child.markup == "autolink":
            start = self.pos
            self.standalone(CodeType.LINK, start, self.until(">"),
                            url=str(child.attrs.get("href", "")))
            return True
        elif kind == "link_open":
            self.opening(CodeType.LINK, self.expect("["), dict(child.attrs))
        elif kind == "link_close":
            self.closing(self.expect("]") + self.destination())
        elif kind == "image":
            self.image(child)
        elif kind == "code_inline":
            start = self.pos
            self.standalone(CodeType.CODE, start, self.code_span(len(child.markup)),
                            text=child.content)
        elif kind == "html_inline":
            start = self.pos
            self.standalone(CodeType.HTML, start, self.expect(child.content),
                            text=" ".join(child.content.split()))
        else:
            raise Misaligned
        return False

    # -- consuming raw source -------------------------------------------------------------
    def expect(self, markup: str) -> str:
        if not self.content.startswith(markup, self.pos):
            raise Misaligned
        self.pos += len(markup)
        return markup

    def text(self, decoded: str) -> None:
        start, content = self.pos, self.content
        for char in decoded:
            entity = _ENTITY.match(content, self.pos)
            if entity and html.unescape(entity.group()) == char:
                self.pos = entity.end()
            elif content.startswith("\\" + char, self.pos):
                self.pos += 2
            elif content.startswith(char, self.pos):
                self.pos += 1
            else:
                raise Misaligned
        self.raw_text(start, content[start:self.pos])

    def raw_text(self, start: int, raw: str) -> None:
        """Raw text as block text; footnote references and look-alike tags become codes."""
        position = 0
        for found in _IN_TEXT.finditer(raw):
            self.parts.append(raw[position:found.start()])
            if found.group("label"):
                self.standalone(CodeType.FOOTNOTE, start + found.start(), found.group(),
                                text=f"^{found.group('label')}")
            else:
                self.standalone(CodeType.LITERAL, start + found.start(), found.group(),
                                text=found.group("tag"))
            position = found.end()
        self.parts.append(raw[position:])

    def spaces_around_newline(self) -> str:
        match = _BREAK.match(self.content, self.pos)
        if not match or not match.group():
            raise Misaligned
        self.pos = match.end()
        return match.group()

    def until(self, end: str) -> str:
        found = self.content.find(end, self.pos)
        if found < 0:
            raise Misaligned
        raw, self.pos = self.content[self.pos : found + len(end)], found + len(end)
        return raw

    def balanced(self, opener: str, closer: str) -> str:
        content, start = self.content, self.pos
        if not content.startswith(opener, start):
            raise Misaligned
        depth, index = 0, start
        while index < len(content):
            char = content[index]
            if char == "\\":
                index += 2
                continue
            depth += (char == opener) - (char == closer)
            index += 1
            if depth == 0:
                self.pos = index
                return content[start:index]
        raise Misaligned

    def destination(self) -> str:
        """`(url "title")` (its title nested), `[ref]`, `[]` or nothing (a shortcut)."""
        start = self.pos
        if self.content.startswith("(", start):
            raw = self.balanced("(", ")")
            found = _DESTINATION.fullmatch(raw)
            if found and found.group("title") and len(found.group("title")) > 2:
                self.nest("title", start + found.start("title"), start + found.end("title"))
            return raw
        if self.content.startswith("[", start):
            return self.balanced("[", "]")
        return ""

    def image(self, child) -> None:
        start = self.pos
        markup = self.expect("!")
        alt_start = self.pos
        markup += self.balanced("[", "]")
        if child.content.strip():
            self.nest("alt", alt_start, self.pos)
        markup += self.destination()
        self.standalone(CodeType.IMAGE, start, markup, url=str(child.attrs.get("src", "")),
                        text=" ".join(child.content.split()),
                        title=str(child.attrs.get("title") or ""))

    def code_span(self, ticks: int) -> str:
        fence = "`" * ticks
        start = self.pos
        self.expect(fence)
        close = re.compile(rf"(?<!`){fence}(?!`)").search(self.content, self.pos)
        if not close:
            raise Misaligned
        self.pos = close.end()
        return self.content[start : self.pos]

    def nest(self, context: str, start: int, end: int) -> None:
        self.nested.append(Nested(context, self.at(start), self.at(end)))

    # -- codes ----------------------------------------------------------------------------
    def next_id(self) -> int:
        return len(self.codes) + len(self.open) + 1

    def standalone(self, ctype: str, start: int, markup: str, **meaning: str) -> None:
        code = InlineCode(self.next_id(), CodeKind.STANDALONE, ctype, markup,
                          offsets=(self.at(start),), **meaning)
        self.codes.append(code)
        self.parts.append(code.start_tag)

    def opening(self, ctype: str, markup: str, attrs: dict) -> None:
        code_id = self.next_id()
        self.open.append((code_id, ctype, markup, self.at(self.pos - len(markup)), attrs))
        self.parts.append(f"<g{code_id}>")

    def closing(self, markup: str) -> None:
        if not self.open:
            raise Misaligned
        code_id, ctype, opened, at, attrs = self.open.pop()
        close_at = self.at(self.pos - len(markup))
        self.codes.append(InlineCode(code_id, CodeKind.PAIRED, ctype, opened, markup,
                                     url=str(attrs.get("href", "")),
                                     title=str(attrs.get("title") or ""),
                                     offsets=(at, close_at)))
        self.parts.append(f"</g{code_id}>")
