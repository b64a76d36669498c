"""Reading releases into Documents and rendering them back, one reader per file suffix.

Adding an input format means writing one Reader subclass and adding its suffixes
to _REGISTRY below (its module is imported when a file of its format is read).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.documents.base import Reader
from pipeline.documents.loader import expand_paths
from pipeline.documents.model import Block, Document
from pipeline.errors import InputError
from pipeline.files import display_path, project_path
from pipeline.inline import CodeType

if TYPE_CHECKING:
    from pipeline.language import Language
    from pipeline.links import Rewrite

# Suffix -> (format name, module, class). A reader's module is imported when a file of
# its format is first read: `pipeline check` and a Markdown-only project never load the
# Word or HTML machinery.
_REGISTRY: dict[str, tuple[str, str, str]] = {
    ".txt": ("txt", "txt", "TxtReader"),
    ".md": ("md", "markdown", "MarkdownReader"),
    ".markdown": ("md", "markdown", "MarkdownReader"),
    ".html": ("html", "html", "HtmlReader"),
    ".htm": ("html", "html", "HtmlReader"),
    ".docx": ("docx", "docx", "DocxReader"),
}


class _Readers(Mapping[str, type[Reader]]):
    """The reader class of each suffix, imported on first use (a lazy registry)."""

    def __getitem__(self, suffix: str) -> type[Reader]:
        _, module, name = _REGISTRY[suffix]
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)

    def __iter__(self) -> Iterator[str]:
        return iter(_REGISTRY)

    def __len__(self) -> int:
        return len(_REGISTRY)


READERS: Mapping[str, type[Reader]] = _Readers()
# Format name -> its first suffix (several suffixes share one reader).
_BY_FORMAT: dict[str, str] = {}
for _suffix, (_format, _, _) in _REGISTRY.items():
    _BY_FORMAT.setdefault(_format, _suffix)

__all__ = [
    "READERS",
    "display_path",
    "project_path",
    "Reader",
    "expand_release_paths",
    "read_document",
    "read_documents",
    "reader_for",
    "render_document",
]


def reader_for(format_name: str) -> Reader:
    try:
        return READERS[_BY_FORMAT[format_name]]()
    except KeyError:
        raise InputError(f"no reader for format {format_name!r}") from None


def expand_release_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files and directories -> release files with a supported suffix, sorted per directory."""
    return expand_paths(paths, READERS)


def read_document(path: str | Path, root: Path | None = None) -> Document:
    path = Path(path)
    shown = project_path(path, root)
    reader_class = READERS.get(path.suffix.lower())
    if reader_class is None:
        raise InputError(
            f"unsupported format {path.suffix or '(no suffix)'!r}; "
            f"supported: {', '.join(sorted(READERS))}",
            shown,
        )
    reader = reader_class()
    raw = reader.load(path)
    return Document(path=shown, format=reader.name, raw=raw, blocks=reader.parse(raw, shown))


def read_documents(paths: Iterable[str | Path], root: Path | None = None) -> list[Document]:
    """Every release under `paths`, all read (and so validated) before anything is written;
    named relative to `root` (the project) when given."""
    return [read_document(path, root) for path in expand_release_paths(paths)]


def render_document(document: Document, translated: Mapping[Block, str],
                    language: Language | None = None,
                    links: Rewrite | None = None) -> str | bytes:
    """The raw document with each block in `translated` replaced by its rendered text
    (bytes for a binary format, which also takes the target `language`).

    Blocks not in `translated` keep their raw source. A block nested in another
    (an `alt` attribute inside a paragraph's inline image) is rendered into its
    parent's source first, so both translations land. With a `language`, the places
    where the release names its language (`<html lang>`) are set to it; with `links`,
    link targets are rewritten (pipeline/links.py), in blocks and out of them.
    """
    reader = reader_for(document.format)
    if reader.binary:
        return reader.render_file(document, translated, language, links)
    raw = document.raw
    if links is not None:  # a block with a link to rewrite is rendered, translated or not
        translated = {**{block: block.text for block in document.blocks
                         if _relinked(block, links) is not block}, **translated}
    pieces: list[tuple[int, int, str]] = []
    for parent, children in _nest(document.blocks):
        rendered = {child: reader.render_block(child, translated[child], raw[slice(*child.span)])
                    for child in children if child in translated}
        source = _spliced(raw, *parent.span, rendered)
        if parent in translated:
            parent_now = _with_nested(raw, parent, rendered) if rendered else parent
            if links is not None:
                parent_now = _relinked(parent_now, links)
            source = reader.render_block(parent_now, translated[parent], source)
        pieces.append((*parent.span, source))
    edits = reader.language_edits(raw, language.tag) if language is not None else []
    edits += reader.link_edits(raw, links) if links is not None else []
    taken = [(start, end) for start, end, _ in pieces]
    pieces += [(edit.start, edit.end, edit.text) for edit in edits
               if not any(start < edit.end and edit.start < end for start, end in taken)]
    out, cursor = [], 0
    for start, end, text in sorted(pieces):
        out += [raw[cursor:start], text]
        cursor = end
    out.append(raw[cursor:])
    return "".join(out)


def _nest(blocks: Iterable[Block]) -> list[tuple[Block, list[Block]]]:
    ordered = sorted(blocks, key=lambda block: (block.span[0], -block.span[1]))
    groups: list[tuple[Block, list[Block]]] = []
    for block in ordered:
        if groups and block.span[1] <= groups[-1][0].span[1]:
            groups[-1][1].append(block)
        else:
            groups.append((block, []))
    return groups


def _spliced(raw: str, start: int, end: int, rendered: Mapping[Block, str]) -> str:
    """raw[start:end] with the rendered blocks inside it in their places."""
    parts, cursor = [], start
    for child in sorted(rendered, key=lambda block: block.span):
        if start <= child.span[0] and child.span[1] <= end and child.span[0] >= cursor:
            parts += [raw[cursor:child.span[0]], rendered[child]]
            cursor = child.span[1]
    parts.append(raw[cursor:end])
    return "".join(parts)


def _relinked(block: Block, links: Rewrite) -> Block:
    """`block` with the targets of its link codes rewritten (itself when none changes)."""
    codes = tuple(replace(code, open=links.markup(code.open, code.url),
                          close=links.markup(code.close, code.url))
                  if code.ctype == CodeType.LINK and code.url and links(code.url) != code.url
                  else code for code in block.codes)
    return block if codes == block.codes else replace(block, codes=codes)


def _with_nested(raw: str, parent: Block, rendered: Mapping[Block, str]) -> Block:
    """`parent` whose codes hold, where the reader knows their place, the translations of
    the blocks nested in their markup (an image's alt text, a link's title)."""
    codes = []
    for code in parent.codes:
        if code.offsets:
            at = code.offsets
            opened = _spliced(raw, at[0], at[0] + len(code.open), rendered)
            closed = (_spliced(raw, at[1], at[1] + len(code.close), rendered)
                      if len(at) > 1 else code.close)
            code = replace(code, open=opened, close=closed)
        codes.append(code)
    return replace(parent, codes=tuple(codes))
