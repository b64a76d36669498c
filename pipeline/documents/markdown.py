"""Markdown releases, parsed with markdown-it-py (CommonMark).

Headings, paragraphs, list items and block quotes become blocks; emphasis,
links, inline code, images, raw inline HTML and hard breaks become inline codes
holding their exact raw markup (a link's URL stays inside the code, its text is
translated). Code blocks and raw HTML blocks are not translated.

markdown-it gives each block's lines (`token.map`) and its raw inline source
(`inline.content`); the markup between the text children is recovered by
walking that raw source alongside the parsed children, so rendering a block's
own text gives back the source byte for byte.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from pipeline.documents.base import Reader, line_number, restore_codes
from pipeline.documents.model import Block, CodeKind, InlineCode, Role
from pipeline.errors import Location

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PAIRED = {"em_open": "italic", "strong_open": "bold", "s_open": "strike"}
_CLOSERS = {"em_close", "strong_close", "s_close"}


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


class _Misaligned(Exception):
    """The raw source could not be matched to the parsed children; keep markup as text."""


class MarkdownReader(Reader):
    name = "md"
    suffixes = (".md", ".markdown")

    def parse(self, raw: str, path: str) -> tuple[Block, ...]:
        tokens = _parser().parse(raw)
        starts = _line_starts(raw)
        blocks: list[Block] = []
        containers: list[str] = []
        for index, token in enumerate(tokens):
            if token.nesting == 1:
                containers.append(token.type)
            elif token.nesting == -1 and containers:
                containers.pop()
            if token.type != "inline" or not token.content.strip() or token.map is None:
                continue
            span = _locate(raw, token.content, starts[token.map[0]])
            if span is None:
                continue
            text, codes = _inline(token)
            blocks.append(
                Block(
                    role=_role(containers, tokens[index - 1]),
                    text=text,
                    location=Location(path, line_number(raw, span[0])),
                    span=span,
                    codes=codes,
                )
            )
        return tuple(blocks)

    def render_block(self, block: Block, text: str, source: str) -> str:
        separators = _separators(restore_codes(block.text, block.codes), source)
        lines = restore_codes(text, block.codes, block).split("\n")
        parts = [lines[0]]
        for index, line in enumerate(lines[1:]):
            parts.append(separators[min(index, len(separators) - 1)] if separators else "\n")
            parts.append(line)
        return "".join(parts)


def _role(containers: list[str], opener) -> Role:
    if opener.type == "heading_open":
        return Role.TITLE if opener.tag == "h1" else Role.HEADING
    if "list_item_open" in containers:
        return Role.LIST_ITEM
    if "blockquote_open" in containers:
        return Role.BLOCKQUOTE
    return Role.PARAGRAPH


def _line_starts(raw: str) -> list[int]:
    starts = [0]
    for line in raw.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _locate(raw: str, content: str, cursor: int) -> tuple[int, int] | None:
    """The span in `raw` from the first to the last character of the inline source."""
    start = None
    for line in content.split("\n"):
        found = raw.find(line, cursor)
        if found < 0:
            return None
        start = found if start is None else start
        cursor = found + len(line)
    return (start, cursor) if start is not None else None


def _separators(content: str, source: str) -> list[str]:
    """What stands in `source` where `content` has a newline: "\\n", "\\n> ", "\\n   "."""
    separators, cursor = [], 0
    for index, line in enumerate(content.split("\n")):
        found = source.find(line, cursor)
        if found < 0:
            break
        if index:
            separators.append(source[cursor:found])
        cursor = found + len(line)
    return separators


def _inline(token) -> tuple[str, tuple[InlineCode, ...]]:
    try:
        return _InlineWalker(token.content).walk(token.children or [])
    except _Misaligned:
        return token.content, ()


class _InlineWalker:
    """Walks the raw inline source alongside markdown-it's children."""

    def __init__(self, content: str):
        self.content = content
        self.pos = 0
        self.parts: list[str] = []
        self.codes: list[InlineCode] = []
        self.open: list[tuple[int, str, str]] = []  # (id, ctype, open markup)

    def walk(self, children) -> tuple[str, tuple[InlineCode, ...]]:
        skip_until_close = False
        for child in children:
            if skip_until_close:
                skip_until_close = child.type != "link_close"
                continue
            skip_until_close = self.child(child)
        if self.open or self.pos != len(self.content):
            raise _Misaligned
        return "".join(self.parts), tuple(sorted(self.codes, key=lambda code: code.id))

    def child(self, child) -> bool:
        kind = child.type
        if kind == "text":
            self.text(child.content)
        elif kind == "softbreak":
            self.copy(self.spaces_around_newline())
        elif kind == "hardbreak":
            self.standalone("br", self.spaces_around_newline())
        elif kind in _PAIRED:
            self.opening(_PAIRED[kind], self.expect(child.markup))
        elif kind in _CLOSERS:
            self.closing(self.expect(child.markup))
        elif kind == "link_open" and child.markup == "autolink":
            self.standalone("link", self.until(">"))
            return True
        elif kind == "link_open":
            self.opening("link", self.expect("["))
        elif kind == "link_close":
            self.closing(self.expect("]") + self.destination())
        elif kind == "image":
            self.standalone("image", self.expect("!") + self.bracketed() + self.destination())
        elif kind == "code_inline":
            self.standalone("code", self.code_span(len(child.markup)))
        elif kind == "html_inline":
            self.standalone("html", self.expect(child.content))
        else:
            raise _Misaligned
        return False

    # -- consuming raw source -------------------------------------------------
    def expect(self, markup: str) -> str:
        if not self.content.startswith(markup, self.pos):
            raise _Misaligned
        self.pos += len(markup)
        return markup

    def copy(self, raw: str) -> None:
        self.parts.append(raw)

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
                raise _Misaligned
        self.copy(content[start : self.pos])

    def spaces_around_newline(self) -> str:
        match = re.compile(r"[ \t]*\\?\n[ \t]*|[ \t]*\\?$").match(self.content, self.pos)
        if not match or not match.group():
            raise _Misaligned
        self.pos = match.end()
        return match.group()

    def until(self, end: str) -> str:
        found = self.content.find(end, self.pos)
        if found < 0:
            raise _Misaligned
        raw, self.pos = self.content[self.pos : found + len(end)], found + len(end)
        return raw

    def bracketed(self) -> str:
        return self.balanced("[", "]")

    def balanced(self, opener: str, closer: str) -> str:
        content, start = self.content, self.pos
        if not content.startswith(opener, start):
            raise _Misaligned
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
        raise _Misaligned

    def destination(self) -> str:
        """`(url "title")`, `[ref]`, `[]` or nothing (a shortcut reference)."""
        if self.content.startswith("(", self.pos):
            return self.balanced("(", ")")
        if self.content.startswith("[", self.pos):
            return self.bracketed()
        return ""

    def code_span(self, ticks: int) -> str:
        fence = "`" * ticks
        start = self.pos
        self.expect(fence)
        close = re.compile(rf"(?<!`){fence}(?!`)").search(self.content, self.pos)
        if not close:
            raise _Misaligned
        self.pos = close.end()
        return self.content[start : self.pos]

    # -- codes ------------------------------------------------------------------
    def next_id(self) -> int:
        return len(self.codes) + len(self.open) + 1

    def standalone(self, ctype: str, markup: str) -> None:
        code = InlineCode(self.next_id(), CodeKind.STANDALONE, ctype, markup)
        self.codes.append(code)
        self.parts.append(code.start_tag)

    def opening(self, ctype: str, markup: str) -> None:
        code_id = self.next_id()
        self.open.append((code_id, ctype, markup))
        self.parts.append(f"<g{code_id}>")

    def closing(self, markup: str) -> None:
        if not self.open:
            raise _Misaligned
        code_id, ctype, opened = self.open.pop()
        self.codes.append(InlineCode(code_id, CodeKind.PAIRED, ctype, opened, markup))
        self.parts.append(f"</g{code_id}>")
