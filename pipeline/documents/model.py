"""The document model: a release is a Document made of Blocks.

A block's `text` is what translators see. Inline markup is not in it as raw
syntax but as neutral inline codes, `<gN>…</gN>` for paired markup (bold, a
link) and `<xN/>` for standalone markup (a line break, an image), where N is the
id of an `InlineCode` in `Block.codes` (pipeline/inline.py, their one home). The raw
syntax lives in the code, so link targets and attributes survive translation untouched.

`span` is the block's (start, end) character range in `Document.raw`; the
format's reader can turn a (translated) block text back into raw syntax, which
is how localized documents are built byte-for-byte from the source layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from pipeline.errors import Location
from pipeline.inline import CODE_TAG, CodeKind, InlineCode

__all__ = ["CODE_TAG", "Block", "CodeKind", "Document", "InlineCode", "Role"]


class Role(str, Enum):
    """What a block is, shown to translators as an extracted comment."""

    TITLE = "title"
    DATELINE = "dateline"
    HEADING = "heading"
    BULLET = "bullet"
    PARAGRAPH = "paragraph"
    LEAD = "lead paragraph"  # the body paragraph opening with the in-text dateline
    SPEAKER = "speaker"
    QUOTE = "quote"
    CAPTION = "image caption"
    END_MARK = "end mark"
    BOILERPLATE_HEADING = "boilerplate heading"
    BOILERPLATE = "boilerplate"
    LIST_ITEM = "list item"
    BLOCKQUOTE = "block quote"
    TABLE_CELL = "table cell"
    ATTRIBUTE = "attribute"
    CODE = "code"  # never translated


@dataclass(frozen=True)
class Block:
    role: Role
    text: str
    location: Location
    span: tuple[int, int]
    codes: tuple[InlineCode, ...] = ()
    context: str = ""  # e.g. the speaker of a quote, or the attribute name
    translatable: bool = True
    # How the text is written where it is not in the document's own syntax: "html" for an
    # HTML block in Markdown, "alt" / "title" / "yaml" for an image's alt text, a link's
    # title or a front-matter value. The reader renders a translation accordingly.
    syntax: str = ""

    @property
    def comment(self) -> str:
        """The extracted comment translators see, e.g. `quote (Mr. Tong Xiangbei)`."""
        return f"{self.role.value} ({self.context})" if self.context else self.role.value

    def code(self, code_id: int) -> InlineCode:
        for code in self.codes:
            if code.id == code_id:
                return code
        raise KeyError(code_id)


@dataclass(frozen=True)
class Document:
    path: str  # as the user named it, relative to the project root where possible
    format: str  # reader name: "txt", "md", "html", "docx"
    raw: str | bytes  # bytes for a binary format (a .docx package)
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        """The release name: file name without suffix, used for locales/<lang>/<name>.po."""
        from pathlib import PurePath

        return PurePath(self.path).stem

    @property
    def data(self) -> bytes:
        """The release as stored: its bytes (what digests are computed over)."""
        return self.raw if isinstance(self.raw, bytes) else self.raw.encode("utf-8")
