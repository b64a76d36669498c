"""What every format reader provides, and the helpers they share.

A reader turns a decoded release into Blocks (`parse`) and turns a block's
(translated) text back into the raw syntax of its format (`render_block`). A
block's `span` covers only what a translation replaces; everything around it
(bullet markers, blank lines, tags of block elements) is layout and stays as is.

A binary format (`binary = True`: a .docx) reads the file's bytes (`load`), and
rebuilds the whole file itself (`render_file`) instead of block by block.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import inline
from pipeline.documents.model import Block, Document, InlineCode
from pipeline.errors import InputError

if TYPE_CHECKING:
    from pipeline.links import Rewrite

# str.strip() already covers NBSP and the other Unicode spaces; a BOM is layout too.
LAYOUT = None
BOM = "\ufeff"


@dataclass(frozen=True)
class Edit:
    """A change to the raw text outside every block: (start, end) replaced by `text`."""

    start: int
    end: int
    text: str


class Reader:
    """One input format. Subclasses set `name` and `suffixes` and implement both methods."""

    name: str = ""
    suffixes: tuple[str, ...] = ()
    binary: bool = False

    def load(self, path: Path) -> str | bytes:
        """What `parse` reads: the decoded text, or a binary format's checked bytes."""
        from pipeline.documents.loader import load_text

        return load_text(path)

    def parse(self, raw: str, path: str) -> tuple[Block, ...]:
        raise NotImplementedError

    def render_file(self, document: Document, translated: Mapping[Block, str],
                    language, links=None) -> bytes:
        """A binary format's whole localized file (`language`: a Language, or None;
        `links`: the language's pipeline.links.Rewrite, or None)."""
        raise NotImplementedError

    def language_edits(self, raw: str, tag: str) -> list[Edit]:
        """Where the release names its language, set to `tag` (a BCP 47 tag) at build."""
        return []

    def link_edits(self, raw: str, links: Rewrite) -> list[Edit]:
        """Link targets outside every block (a Markdown reference definition), rewritten;
        those inside blocks are in their codes' markup."""
        return []

    def render_block(self, block: Block, text: str, source: str) -> str:
        """Raw syntax for `text` in place of `source` (the raw text under `block.span`).

        Rendering a block's own text must give back `source` byte for byte.
        """
        return restore_codes(text, block.codes, block)


def restore_codes(text: str, codes: tuple[InlineCode, ...], block: Block | None = None) -> str:
    """Replace `<gN>`, `</gN>` and `<xN/>` by the raw markup of inline code N."""
    where = block.location if block is not None else None
    return inline.restore(text, codes, unknown=lambda tag: InputError(
        f"unknown inline code {tag} in a translation", where))


def line_number(raw: str, offset: int) -> int:
    return raw.count("\n", 0, offset) + 1


def stripped_span(raw: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) narrowed to exclude leading and trailing whitespace (NBSP and BOM too)."""
    while start < end and (raw[start].isspace() or raw[start] == BOM):
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    return start, end
