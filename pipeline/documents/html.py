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

from pipeline.documents.base import Reader, line_number
from pipeline.documents.html_scan import (
    BLOCK_ROLES,
    Run,
    decoded,
    fragment,
    render_text,
    scan,
)
from pipeline.documents.model import Block, Role
from pipeline.errors import Location, XmlInputError

_ENTITY_DECL = re.compile(r"<!DOCTYPE[^>]*\[|<!ENTITY", re.IGNORECASE)


class HtmlReader(Reader):
    name = "html"
    suffixes = (".html", ".htm")

    def parse(self, raw: str, path: str) -> tuple[Block, ...]:
        _validate(raw, path)
        runs, attributes = scan(raw)
        blocks = [_block(raw, path, run) for run in runs]
        for attribute in attributes:
            text, codes = decoded(raw[attribute.start:attribute.end])
            blocks.append(
                Block(
                    role=Role.ATTRIBUTE,
                    text=text,
                    location=Location(path, line_number(raw, attribute.start)),
                    span=(attribute.start, attribute.end),
                    codes=tuple(codes),
                    context=attribute.name,
                )
            )
        return tuple(sorted(blocks, key=lambda block: block.span))

    def render_block(self, block: Block, text: str, source: str) -> str:
        if block.role is Role.ATTRIBUTE:
            return render_text(text, source, codes=block.codes, block=block, attribute=True)
        _, codes = fragment(source)
        return render_text(text, source, codes=codes, block=block)


def _block(raw: str, path: str, run: Run) -> Block:
    text, codes = fragment(raw[run.start : run.end])
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
