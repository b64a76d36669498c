"""HTML releases.

lxml.html checks that the file is a parseable HTML document (its parser never
touches the network and expands no external entities; a DOCTYPE declaring
entities is refused). The blocks themselves come from a small scanner over the
raw text, because lxml keeps no character offsets and byte-exact rendering
needs them (see pipeline.documents.html_scan).

Block elements (p, h1-h6, li, td, th, blockquote, figcaption, title, dt, dd)
give blocks; text directly inside other containers (div, section, body) too.
Inline elements become inline codes. `translate="no"` (W3C ITS) skips an element
and its descendants, or protects an inline one as a single code. script and
style are skipped. `alt` and `title` attributes become ATTRIBUTE blocks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.documents.base import Edit, Reader, line_number
from pipeline.documents.html_scan import (
    BLOCK_ROLES,
    Run,
    fragment,
    language_attributes,
    link_targets,
    scan,
)
from pipeline.documents.html_text import decoded, render_text
from pipeline.documents.model import Block, Role
from pipeline.errors import Location, XmlInputError

if TYPE_CHECKING:
    from pipeline.links import Rewrite

_ENTITY_DECL = re.compile(r"<!DOCTYPE[^>]*\[|<!ENTITY", re.IGNORECASE)


class HtmlReader(Reader):
    name = "html"
    suffixes = (".html", ".htm")

    def parse(self, raw: str, path: str) -> tuple[Block, ...]:
        _validate(raw, path)
        return tuple(html_blocks(raw, path))

    def language_edits(self, raw: str, tag: str) -> list[Edit]:
        """`<html lang="en">` (and `xml:lang`) -> the target; `<html>` gets `lang`."""
        found = language_attributes(raw)
        if found is None:
            return []
        insert_at, values = found
        if not values:
            return [Edit(insert_at, insert_at, f' lang="{tag}"')]
        return [Edit(start, end, tag) for start, end in values]

    def link_edits(self, raw: str, links: Rewrite) -> list[Edit]:
        """`href` of every `<a>` (those in blocks are in their codes and left out here)."""
        return [Edit(start, end, links.markup(raw[start:end], url))
                for start, end, url in link_targets(raw) if links(url) != url]

    def render_block(self, block: Block, text: str, source: str) -> str:
        if block.role is Role.ATTRIBUTE:
            return render_text(text, source, codes=block.codes, block=block, attribute=True)
        return render_text(text, source, codes=block.codes, block=block)


def html_blocks(raw: str, path: str, start: int = 0, end: int | None = None) -> list[Block]:
    """The blocks of the HTML in raw[start:end], spans in `raw` (also for HTML blocks in
    Markdown), in document order."""
    piece = raw[start:end]
    runs, attributes = scan(piece)
    blocks = [_block(raw, path, Run(run.container, run.start + start, run.end + start))
              for run in runs]
    for attribute in attributes:
        span = (attribute.start + start, attribute.end + start)
        text, codes = decoded(raw[slice(*span)])
        blocks.append(Block(role=Role.ATTRIBUTE, text=text,
                            location=Location(path, line_number(raw, span[0])), span=span,
                            codes=tuple(codes), context=attribute.name))
    return sorted(blocks, key=lambda block: block.span)


def _block(raw: str, path: str, run: Run) -> Block:
    text, codes = fragment(raw[run.start : run.end], run.start)
    return Block(
        role=BLOCK_ROLES.get(run.container, Role.PARAGRAPH),
        text=text,
        location=Location(path, line_number(raw, run.start)),
        span=(run.start, run.end),
        codes=codes,
    )


def _validate(raw: str, path: str) -> None:
    if _ENTITY_DECL.search(raw[:4096]):
        raise XmlInputError("DOCTYPE declares entities; refused", Location(path, 1))
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_blank_text=False)
    try:
        lxml.html.document_fromstring(raw, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise XmlInputError(f"not a readable HTML document: {exc}", Location(path, 1)) from None
