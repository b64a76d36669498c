"""Helpers for build/import/stats tests: PO files made from a release's real units."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.catalogs.extract import units_to_catalog
from pipeline.catalogs.model import Catalog
from pipeline.catalogs.po import write_po
from pipeline.catalogs.units import build_units
from pipeline.documents import read_document

Translate = Callable[[str], "str | None"]


def write_catalog(release: Path, po_path: Path, translate: Translate, *, fuzzy: bool = False,
                  language: str = "de", comment: str | None = None) -> Catalog:
    """A PO for `release` whose msgstr is `translate(msgid)` (None: left untranslated)."""
    document = read_document(release)
    catalog = units_to_catalog(build_units([document]), project=document.name)
    catalog.header["Language"] = language
    for entry in catalog.entries:
        target = translate(entry.msgid)
        if target is None:
            continue
        entry.msgstr = target
        entry.set_fuzzy(fuzzy)
        if comment:  # a pipeline note: `#.`, where translate writes it
            entry.extracted_comments.append(comment)
    write_po(po_path, catalog)
    return catalog
