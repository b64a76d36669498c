"""Reading releases into Documents and rendering them back, one reader per file suffix.

Adding an input format means writing one Reader subclass and adding its suffixes
to READERS below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.documents.base import Reader
from pipeline.documents.docx import DocxReader
from pipeline.documents.html import HtmlReader
from pipeline.documents.loader import display_path, expand_paths
from pipeline.documents.markdown import MarkdownReader
from pipeline.documents.model import Block, Document
from pipeline.documents.txt import TxtReader
from pipeline.errors import InputError

if TYPE_CHECKING:
    from pipeline.language import Language

READERS: dict[str, type[Reader]] = {
    ".txt": TxtReader,
    ".md": MarkdownReader,
    ".markdown": MarkdownReader,
    ".html": HtmlReader,
    ".htm": HtmlReader,
    ".docx": DocxReader,
}
_BY_FORMAT: dict[str, type[Reader]] = {reader.name: reader for reader in READERS.values()}

__all__ = [
    "READERS",
    "Reader",
    "expand_release_paths",
    "read_document",
    "read_documents",
    "reader_for",
    "render_document",
]


def reader_for(format_name: str) -> Reader:
    try:
        return _BY_FORMAT[format_name]()
    except KeyError:
        raise InputError(f"no reader for format {format_name!r}") from None


def expand_release_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files and directories -> release files with a supported suffix, sorted per directory."""
    return expand_paths(paths, READERS)


def project_path(path: Path, root: Path | None) -> str:
    """How a release is named in `#:` references and digests: relative to the project
    root, so that running from releases/ or elsewhere rewrites nothing."""
    if root is not None:
        resolved, base = path.resolve(), root.resolve()
        if base in resolved.parents:
            return resolved.relative_to(base).as_posix()
    return display_path(path)


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
                    language: Language | None = None) -> str | bytes:
    """The raw document with each block in `translated` replaced by its rendered text
    (bytes for a binary format, which also takes the target `language`).

    Blocks not in `translated` keep their raw source. A block nested in another
    (an `alt` attribute inside a paragraph's inline image) is rendered into its
    parent's source first, so both translations land.
    """
    reader = reader_for(document.format)
    if reader.binary:
        return reader.render_file(document, translated, language)
    raw = document.raw
    parts: list[str] = []
    cursor = 0
    for parent, children in _nest(document.blocks):
        start, end = parent.span
        parts.append(raw[cursor:start])
        source = _patched(raw, parent, children, reader, translated)
        if parent in translated:
            source = reader.render_block(parent, translated[parent], source)
        parts.append(source)
        cursor = end
    parts.append(raw[cursor:])
    return "".join(parts)


def _nest(blocks: Iterable[Block]) -> list[tuple[Block, list[Block]]]:
    ordered = sorted(blocks, key=lambda block: (block.span[0], -block.span[1]))
    groups: list[tuple[Block, list[Block]]] = []
    for block in ordered:
        if groups and block.span[1] <= groups[-1][0].span[1]:
            groups[-1][1].append(block)
        else:
            groups.append((block, []))
    return groups


def _patched(raw, parent, children, reader, translated) -> str:
    start, end = parent.span
    parts, cursor = [], start
    for child in children:
        if child not in translated:
            continue
        parts.append(raw[cursor : child.span[0]])
        parts.append(reader.render_block(child, translated[child], raw[slice(*child.span)]))
        cursor = child.span[1]
    parts.append(raw[cursor:end])
    return "".join(parts)
