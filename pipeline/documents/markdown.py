"""Markdown releases, parsed with markdown-it-py (CommonMark with GFM tables).

Blocks: headings (`#` is `title`, the others `heading`), paragraphs, list items, block
quotes, each table cell, footnote definitions (`[^note]: …`, the label is layout), the
`title:` and `description:` of YAML front matter, image alt texts and link and image
titles (also those of reference definitions); HTML blocks go through the HTML reader.
Emphasis, links, inline code, images, raw inline HTML, hard breaks and footnote
references become inline codes holding their exact raw markup (pipeline/documents/
markdown_inline.py). Code blocks are not translated.

markdown-it gives each block's lines (`token.map`) and its raw inline source; every
block is located in the raw text after the one before it, so rendering each block's own
text gives back the source byte for byte. A collapsed or shortcut reference link whose
text is translated (`[full report][]` -> `[vollständiger Bericht][]`) is written with its
label (`[vollständiger Bericht][full report]`), so it still finds its definition.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.documents import markdown_parts as parts
from pipeline.documents.base import Edit, Reader, line_number, restore_codes
from pipeline.documents.markdown_inline import Inline, Misaligned, walk
from pipeline.documents.model import Block, Role
from pipeline.errors import Location
from pipeline.inline import CodeType, escape_literals, has_text

if TYPE_CHECKING:
    from pipeline.links import Rewrite

_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]:[ \t]*")
_CELLS = ("th_open", "td_open")
_PARTS = {"yaml": parts.render_yaml, "alt": parts.render_alt, "title": parts.render_title}


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


class MarkdownReader(Reader):
    name = "md"
    suffixes = (".md", ".markdown")

    def parse(self, raw: str, path: str) -> tuple[Block, ...]:
        return tuple(sorted(_Parse(raw, path).blocks(), key=lambda block: block.span))

    def language_edits(self, raw: str, tag: str) -> list[Edit]:
        front = parts.front_matter(raw)
        if front is None:
            return []
        return [Edit(part.start, part.end, _quoted_like(raw[part.start:part.end], tag))
                for part in front.language]

    def link_edits(self, raw: str, links: Rewrite) -> list[Edit]:
        """The targets of reference definitions (`[kit]: https://…`)."""
        edits = []
        for start, end in _Parse(raw, "").definition_spans():
            target = parts.definition_target(raw, start, end)
            if target is not None and links(raw[slice(*target)]) != raw[slice(*target)]:
                edits.append(Edit(*target, links(raw[slice(*target)])))
        return edits

    def render_block(self, block: Block, text: str, source: str) -> str:
        if block.syntax == "html":
            from pipeline.documents.html import HtmlReader

            return HtmlReader().render_block(block, text, source)
        if block.syntax in _PARTS:
            original = restore_codes(block.text, block.codes)
            return _PARTS[block.syntax](restore_codes(text, block.codes, block), source,
                                        original)
        if block.role is Role.TABLE_CELL:
            text = parts.render_cell(text)
        block = _labelled(block, text)
        separators = _separators(restore_codes(block.text, block.codes), source)
        lines = restore_codes(text, block.codes, block).split("\n")
        out = [lines[0]]
        for index, line in enumerate(lines[1:]):
            out.append(separators[min(index, len(separators) - 1)] if separators else "\n")
            out.append(line)
        return "".join(out)


class _Parse:
    """One pass over markdown-it's tokens, each block found after the one before it."""

    def __init__(self, raw: str, path: str):
        self.raw, self.path = raw, path
        self.front = parts.front_matter(raw)
        self.env: dict = {}
        masked = parts.mask(raw, self.front.end) if self.front else raw
        self.tokens = _parser().parse(masked, self.env)
        self.starts = _line_starts(raw)
        self.cursor = self.front.end if self.front else 0

    def blocks(self) -> list[Block]:
        found = [self.part(part, Role.ATTRIBUTE, f"front matter: {part.key}", "yaml")
                 for part in (self.front.parts if self.front else ())]
        containers: list[str] = []
        cell = 0
        for index, token in enumerate(self.tokens):
            if token.nesting == 1:
                containers.append(token.type)
                cell = 0 if token.type == "tr_open" else cell + (token.type in _CELLS)
            elif token.nesting == -1 and containers:
                containers.pop()
            if token.type == "html_block" and token.map:
                found += self.html(token)
            elif token.type == "inline" and token.content.strip() and token.map is not None:
                role = _role(containers, self.tokens[index - 1])
                found += self.inline(token, role, cell - 1 if role is Role.TABLE_CELL else -1)
        found += self.definitions()
        return found

    def inline(self, token, role: Role, cell: int) -> list[Block]:
        content, children, context = token.content, list(token.children or []), ""
        if cell >= 0:
            row = self.line_span(token.map[0])
            bounds = parts.cells(self.raw, *row)
            if cell >= len(bounds):
                return []
            start, end = bounds[cell]
            content, offsets = self.raw[start:end], [start]
            lines = [0]
        else:
            footnote = _FOOTNOTE.match(content) if role is Role.PARAGRAPH else None
            located = _locate(self.raw, content, max(self.starts[token.map[0]], self.cursor))
            if located is None:
                return []
            offsets, lines = located
            if footnote and children and children[0].type == "text" \
                    and children[0].content.startswith(footnote.group()):
                children[0] = replace_content(children[0], footnote.end())
                content, context = content[footnote.end():], f"footnote [^{footnote.group(1)}]"
                offsets = [offsets[0] + footnote.end(), *offsets[1:]]
                lines = [0, *(line - footnote.end() for line in lines[1:])]
        at = _mapper(offsets, lines)
        inline = _inline(content, children, at)
        span = (at(0), at(len(content)))
        self.cursor = span[1]
        block = Block(role, inline.text, Location(self.path, line_number(self.raw, span[0])),
                      span, inline.codes, context=context)
        nested = [self.nested(one.context, one.start, one.end) for one in inline.nested]
        return ([block] if _worth(block) else []) + nested

    def nested(self, context: str, start: int, end: int) -> Block:
        part = parts.Part(context, start, end, self.raw[start + 1:end - 1])
        return self.part(part, Role.ATTRIBUTE, context, context)

    def part(self, part: parts.Part, role: Role, context: str, syntax: str) -> Block:
        text, codes = escape_literals(part.text, 1, None)
        return Block(role, text, Location(self.path, line_number(self.raw, part.start)),
                     (part.start, part.end), tuple(codes), context=context, syntax=syntax)

    def html(self, token) -> list[Block]:
        from pipeline.documents.html import html_blocks

        start = self.starts[token.map[0]]
        end = self.starts[min(token.map[1], len(self.starts) - 1)]
        self.cursor = max(self.cursor, end)
        return [replace(block, syntax="html")
                for block in html_blocks(self.raw, self.path, start, end)]

    def definitions(self) -> list[Block]:
        found = []
        for span in self.definition_spans():
            title = parts.definition_title(self.raw, *span)
            if title is not None:
                found.append(self.nested("title", title.start, title.end))
        return found

    def definition_spans(self) -> list[tuple[int, int]]:
        """The raw lines of each link reference definition."""
        return [self.lines_span(*reference["map"])
                for reference in self.env.get("references", {}).values()
                if reference.get("map")]

    def line_span(self, line: int) -> tuple[int, int]:
        start, end = self.lines_span(line, line + 1)
        return start, len(self.raw[start:end].rstrip("\r\n")) + start

    def lines_span(self, first: int, last: int) -> tuple[int, int]:
        return self.starts[first], self.starts[min(last, len(self.starts) - 1)]


def replace_content(token, skip: int):
    """`token` (a markdown-it Token) without its first `skip` characters."""
    return token.copy(content=token.content[skip:])


def _inline(content: str, children, at) -> Inline:
    try:
        return walk(content, children, at)
    except Misaligned:
        text, codes = escape_literals(content, 1)
        return Inline(text, tuple(codes))


def _worth(block: Block) -> bool:
    """A paragraph of nothing but an image is no block; its alt text and title are."""
    return has_text(block.text)


def _labelled(block: Block, text: str) -> Block:
    """Collapsed and shortcut reference links whose text changed get their label."""
    changed = []
    for code in block.codes:
        if code.ctype != CodeType.LINK or code.close not in ("]", "][]"):
            changed.append(code)
            continue
        label = _between(block.text, code.id)
        if label is None or _between(text, code.id) == label:
            changed.append(code)
            continue
        changed.append(replace(code, close=f"][{restore_codes(label, block.codes)}]"))
    return replace(block, codes=tuple(changed))


def _between(text: str, code_id: int) -> str | None:
    start, end = text.find(f"<g{code_id}>"), text.find(f"</g{code_id}>")
    return text[start + len(f"<g{code_id}>"):end] if 0 <= start < end else None


def _quoted_like(source: str, value: str) -> str:
    return f"{source[0]}{value}{source[0]}" if source[:1] in ("'", '"') else value


def _role(containers: list[str], opener) -> Role:
    if opener.type == "heading_open":
        return Role.TITLE if opener.tag == "h1" else Role.HEADING
    if opener.type in _CELLS:
        return Role.TABLE_CELL
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


def _locate(raw: str, content: str, cursor: int) -> tuple[list[int], list[int]] | None:
    """Where each line of the inline source starts in `raw`, and in `content`."""
    offsets, lines, position = [], [], 0
    for line in content.split("\n"):
        found = raw.find(line, cursor)
        if found < 0:
            return None
        offsets.append(found)
        lines.append(position)
        cursor = found + len(line)
        position += len(line) + 1
    return offsets, lines


def _mapper(offsets: list[int], lines: list[int]):
    """An offset in the inline source -> its offset in the raw document."""
    def at(position: int) -> int:
        index = bisect.bisect_right(lines, position) - 1
        return offsets[index] + position - lines[index]

    return at


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
