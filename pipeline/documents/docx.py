"""Word releases (.docx), read and rebuilt with python-docx.

Which paragraphs are read, in this order (docs/formats.md): the body with its tables
cell by cell and the text boxes in it, each header and footer once, the footnotes, the
endnotes; and the description (alt text) of each image. Comments are not offered.

A block's location line is the paragraph's number in that order (1 = the first
paragraph of the body), which is what `#:` references show; its span is the index of
its place in the same walk, which is how `render_file` finds the paragraph again in
the package it rebuilds from the same bytes.

The role comes from the paragraph style, following `basedOn`: Title, Heading N (or an
outline level) are title and heading, List* and numbered paragraphs list items,
Caption, Quote and Intense Quote; a paragraph in a table cell is a table cell.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.documents.base import Reader
from pipeline.documents.model import Block, Document, Role
from pipeline.errors import InputError, Location
from pipeline.files import display_path

if TYPE_CHECKING:
    from pipeline.language import Language
    from pipeline.links import Rewrite


class DocxReader(Reader):
    name = "docx"
    suffixes = (".docx",)
    binary = True

    # python-docx is imported only when a .docx is read: most projects have none.
    def load(self, path: Path) -> bytes:
        from pipeline.documents.docx_package import load_package

        return load_package(path, display_path(path))

    def parse(self, raw: bytes, path: str) -> tuple[Block, ...]:
        from pipeline.documents.docx_package import open_package
        from pipeline.documents.docx_runs import analyze
        from pipeline.documents.docx_sites import sites

        blocks = []
        for index, site in enumerate(sites(open_package(raw, path))):
            location = Location(path, site.number)
            if site.attribute:
                blocks.append(Block(Role.ATTRIBUTE, site.element.get(site.attribute), location,
                                    (index, index + 1), context=site.context))
                continue
            paragraph = analyze(site.element, site.targets)
            if paragraph.has_text:
                blocks.append(Block(site.role, paragraph.text, location, (index, index + 1),
                                    paragraph.codes, context=site.context))
        return tuple(blocks)

    def render_file(self, document: Document, translated: Mapping[Block, str],
                    language: Language | None, links: Rewrite | None = None) -> bytes:
        from pipeline.documents.docx_package import open_package, stories
        from pipeline.documents.docx_runs import analyze
        from pipeline.documents.docx_sites import sites
        from pipeline.documents.docx_write import (
            drop_text_box_fallbacks,
            rewrite_links,
            set_language,
            write_attribute,
            write_paragraph,
        )

        package = open_package(document.raw, document.path)
        walked = list(sites(package))
        for block in document.blocks:
            text = translated.get(block)
            if text is None or text == block.text:
                continue
            site = walked[block.span[0]]
            try:
                if site.attribute:
                    write_attribute(site.element, site.attribute, text)
                else:
                    write_paragraph(site.element, analyze(site.element, site.targets), text)
            except ValueError as exc:  # lxml: a character XML cannot hold
                raise InputError(f"translation cannot be written into the .docx: {exc}",
                                 block.location) from None
        roots = [story.root for story in stories(package)]
        for root in roots:
            drop_text_box_fallbacks(root)
        if language is not None:
            set_language(package, roots, language)
        if links is not None:
            rewrite_links(package, links)
        out = io.BytesIO()
        package.save(out)
        return out.getvalue()
