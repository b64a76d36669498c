"""XLIFF back from a CAT tool -> the release's PO file (the PO stays the source of truth).

The rules per unit are in pipeline/catalogs/reconcile.py (docs/build.md, "Coming back
from CAT tools"); this module finds the PO, checks the file as a whole, and writes the
PO and the XLIFF beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pipeline import atomic
from pipeline.catalogs.model import Catalog
from pipeline.catalogs.po import read_po, write_po
from pipeline.catalogs.reconcile import Refusal, Refused, Rules, apply_units
from pipeline.catalogs.sync import absorb
from pipeline.catalogs.xliff import XliffDocument, XliffFile, po_digest, read_xliff
from pipeline.config import Settings
from pipeline.errors import InputError, Location
from pipeline.files import display_path
from pipeline.language import Language
from pipeline.names import inside, locale_dir, safe_language, safe_release_name

__all__ = ["ImportResult", "Refusal", "Refused", "import_xliff", "locate_po"]


@dataclass
class ImportResult:
    xliff: str
    po_path: Path
    applied: int = 0  # confirmed targets now reviewed translations in the PO
    unchanged: int = 0  # confirmed targets the PO already had
    unconfirmed: int = 0  # drafts and empty targets, left as the PO has them
    refused: list[Refused] = field(default_factory=list)
    regenerated: Path | None = None  # the XLIFF beside the PO, rewritten from it
    from_sibling: int = 0  # edits taken from that XLIFF before it was rewritten

    def summary(self) -> str:
        return (f"{display_path(self.po_path)}: applied {self.applied}, unchanged "
                f"{self.unchanged}, not confirmed {self.unconfirmed}, refused "
                f"{len(self.refused)}" + (f"; first took {self.from_sibling} edit(s) from the "
                                          "XLIFF beside it" if self.from_sibling else ""))


def locate_po(document: XliffDocument, settings: Settings) -> Path:
    """locales/<target-language>/<release>.po, the release named by <file original>."""
    where = Location(document.path, 1)
    if not document.target_lang:
        raise InputError("the XLIFF names no target language; pass --po PATH", where)
    originals = {unit.original for unit in document.units if unit.original}
    if len(originals) != 1:
        raise InputError(f"the XLIFF names {len(originals)} original files, not one; "
                         "pass --po PATH", where)
    name = PurePosixPath(originals.pop().replace("\\", "/")).stem
    tag = safe_language(document.target_lang, where)
    for language in tag.chain:  # es-ES in the XLIFF finds locales/es_ES/, else locales/es/
        candidate = inside(locale_dir(settings, language),
                           f"{safe_release_name(name, str(where))}.po")
        if candidate.is_file():
            return candidate
    expected = locale_dir(settings, tag) / f"{name}.po"
    raise InputError(f"no PO file for release {name!r} in {tag}: {display_path(expected)} "
                     "does not exist; pass --po PATH", where)


def import_xliff(xliff_path: str | Path, settings: Settings, *, po_path: Path | None = None,
                 base_path: str | Path | None = None, theirs: bool = False,
                 allow_code_changes: bool = False, wait: float = 0) -> ImportResult:
    """Apply a returned XLIFF to its PO; reads and checks everything before writing."""
    document = read_xliff(xliff_path)
    base = read_xliff(base_path).by_id() if base_path else None
    po_path = po_path or locate_po(document, settings)
    result = ImportResult(document.path, po_path)
    with atomic.locked(po_path.parent, wait=wait):
        catalog = read_po(po_path)
        _check_language(document, catalog, po_path)
        sibling = _sibling_xliff(po_path, document)  # read before anything is written
        po_bytes = po_path.read_bytes()
        # The XLIFF beside the PO is regenerated below: a person's edits in it come first.
        kept = absorb(catalog, sibling[0], po_bytes).taken if sibling else None
        rules = Rules(base=base, theirs=theirs, allow_code_changes=allow_code_changes,
                      po_unchanged=document.po_digest == po_digest(po_bytes))
        outcome = apply_units(document, catalog, rules)
        result.applied, result.unchanged = outcome.applied, outcome.unchanged
        result.unconfirmed, result.refused = outcome.unconfirmed, outcome.refused
        result.from_sibling = kept.applied + kept.drafts if kept else 0
        if result.applied or result.from_sibling:
            catalog.header["PO-Revision-Date"] = dt.datetime.now(dt.UTC).strftime(
                "%Y-%m-%d %H:%M+0000")
            write_po(po_path, catalog)
            if sibling is not None:
                _regenerate(catalog, sibling, document, settings, po_path)
                result.regenerated = sibling[0]
    return result


def _check_language(document: XliffDocument, catalog: Catalog, po_path: Path) -> None:
    """Every <file> must be for the PO's language (a regional tag of it is fine: es-MX
    in an es file) and name its original once: a German file applied to the Spanish PO
    would become approved Spanish translations."""
    ours = _language(catalog.language, Location(str(po_path), 1))
    seen: dict[str, int | None] = {}
    for one in document.files or (XliffFile(None, document.target_lang, 1),):
        where = Location(document.path, one.line or 1)
        theirs = _language(one.target_lang, where)
        if ours and theirs and not ours.same_language(theirs):
            raise InputError(f"this <file> is for {one.target_lang!r} but "
                             f"{display_path(po_path)} is {catalog.language!r}", where)
        if one.original is not None:
            if one.original in seen:
                raise InputError(f"a second <file> for {one.original!r} (the first is at line "
                                 f"{seen[one.original]}); one file per release", where)
            seen[one.original] = one.line


def _language(text: str | None, where: Location) -> Language | None:
    return Language.parse(text, where) if text and text.strip() else None


def _sibling_xliff(po_path: Path, document: XliffDocument) -> tuple[Path, str] | None:
    """The XLIFF beside the PO and its version, unless it is the file being imported."""
    sibling = po_path.with_suffix(".xlf")
    if not sibling.is_file() or sibling.resolve() == Path(document.path).resolve():
        return None
    return sibling, "2.1" if read_xliff(sibling).version.startswith("2") else "1.2"


def _regenerate(catalog: Catalog, sibling: tuple[Path, str], document: XliffDocument,
                settings: Settings, po_path: Path) -> None:
    """Keep the XLIFF beside the PO consistent with it (the PO is the source of truth)."""
    from pipeline.catalogs.xliff import write_xliff

    existing = read_xliff(sibling[0])
    originals = [unit.original for unit in existing.units if unit.original]
    write_xliff(catalog, sibling[0], version=sibling[1], source_lang=settings.source_language,
                target_lang=catalog.language or document.target_lang,
                original=originals[0] if originals else None,
                po_digest=po_digest(po_path.read_bytes()))


