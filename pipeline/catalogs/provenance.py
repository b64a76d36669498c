"""What a PO was made from: the `X-Source-Digest` header, written by `translate` and
compared by `translate` (nothing to redo) and by `check` and `stats` (catalog.stale)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pipeline import __version__
from pipeline.catalogs.metadata import parse_reference
from pipeline.files import project_path, read_regular

if TYPE_CHECKING:
    from pipeline.catalogs.model import Catalog
    from pipeline.documents.model import Document
    from pipeline.glossary.model import Glossary

DIGEST_HEADER = "X-Source-Digest"
MAX_RELEASE_BYTES = 64 * 1024 * 1024  # above every reader's own limit


def source_digest(document: Document, glossary: Glossary) -> str:
    """The pipeline version, the glossary and the release as stored (named from the
    project root, pipeline.files.project_path)."""
    return _digest(document.path, document.data, glossary)


def _digest(name: str, data: bytes, glossary: Glossary) -> str:
    import hashlib  # OpenSSL's hashlib costs a check's start-up; loaded when a digest is made

    digest = hashlib.sha1(f"{__version__}\x00{glossary.signature}\x00{name}\x00".encode())
    digest.update(data)
    return digest.hexdigest()[:16]


def release_of(catalog: Catalog, root: Path) -> Path | None:
    """The release a catalog was made from: its first `#:` reference, below the root."""
    for entry in catalog.active():
        for reference in entry.references:
            path = PurePosixPath(parse_reference(reference).path)
            if path.is_absolute() or ".." in path.parts:
                return None
            return root / path
    return None


def stale_reason(catalog: Catalog, root: Path, glossary: Glossary) -> str | None:
    """Why the catalog no longer matches its release, or None when it does (or when it
    records no digest: a hand-made PO)."""
    recorded = catalog.header.get(DIGEST_HEADER)
    release = release_of(catalog, root) if recorded else None
    if release is None:
        return None
    shown = release.relative_to(root).as_posix()
    if not release.is_file():
        return f"its release {shown} is gone"
    # The digest is over the bytes as stored: the release need not be parsed to tell.
    data = read_regular(release, MAX_RELEASE_BYTES, "release", shown)
    if _digest(project_path(release, root), data, glossary) != recorded:
        return f"{shown} (or the glossary) changed after this catalog was made"
    return None
