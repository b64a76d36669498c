"""Helpers for build/import/stats tests: PO files made from a release's real units."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.catalogs.extract import units_to_catalog
from pipeline.catalogs.model import Catalog
from pipeline.catalogs.po import write_po
from pipeline.catalogs.units import build_units
from pipeline.config import load_settings
from pipeline.documents import read_document
from pipeline.glossary.loader import load_glossaries

Translate = Callable[[str], "str | None"]


def write_catalog(release: Path, po_path: Path, translate: Translate, *, fuzzy: bool = False,
                  language: str = "de", comment: str | None = None) -> Catalog:
    """A PO for `release` whose msgstr is `translate(msgid)` (None: left untranslated),
    segmented as translate does: with the project's glossary names as sentence starts."""
    document = read_document(release)
    settings = load_settings()
    starts = load_glossaries([settings.path(p) for p in settings.glossaries]).sentence_starts
    units = build_units([document], sentence_starts=starts)
    catalog = units_to_catalog(units, project=document.name)
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
