"""XLIFF back from a CAT tool -> the release's PO file (the PO stays the source of truth).

Per unit (docs/build.md, "Coming back from CAT tools"):
- confirmed target (1.2 state translated/signed-off/final, or approved="yes"
  without a state; 2.x state translated/reviewed/final) that differs from the
  PO: written as a non-fuzzy translation, unless the PO entry changed since
  export, which is a conflict, reported and not applied;
- unconfirmed target (new, needs-review..., 2.x initial): the PO entry stays;
- unit id not in the PO, a source that differs from the msgid, a target with
  broken inline codes: reported with the XLIFF's file:line, never applied.

"Changed since export" needs the XLIFF as it was sent (`base`). Without it the
rule is conservative: a reviewed PO translation that differs from the returned
target is a conflict, because an approved translation is never replaced
silently; machine drafts (fuzzy) and empty entries take the confirmed target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath

from pipeline import atomic
from pipeline.build import code_problem
from pipeline.catalogs.metadata import MT_PREFIX, RECOVERY_PREFIX, TM_PREFIX
from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import read_po, write_po
from pipeline.catalogs.xliff import XliffDocument, XliffUnit, read_xliff
from pipeline.config import Settings
from pipeline.documents.loader import display_path
from pipeline.errors import InputError, Location
from pipeline.names import inside, safe_language, safe_release_name

_MACHINE_NOTES = (MT_PREFIX, TM_PREFIX, RECOVERY_PREFIX)


class Refusal(StrEnum):
    UNKNOWN_ID = "unknown unit id"
    SOURCE_MISMATCH = "source differs from the PO"
    CONFLICT = "conflict"
    BROKEN_CODES = "broken inline codes"


@dataclass(frozen=True)
class Refused:
    location: Location  # the unit in the XLIFF file
    kind: Refusal
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.kind.value}: {self.message}"


@dataclass
class ImportResult:
    xliff: str
    po_path: Path
    applied: int = 0  # confirmed targets now reviewed translations in the PO
    unchanged: int = 0  # confirmed targets the PO already had
    unconfirmed: int = 0  # drafts and empty targets, left as the PO has them
    refused: list[Refused] = field(default_factory=list)
    regenerated: Path | None = None  # the XLIFF beside the PO, rewritten from it

    def summary(self) -> str:
        return (f"{display_path(self.po_path)}: applied {self.applied}, unchanged "
                f"{self.unchanged}, not confirmed {self.unconfirmed}, refused "
                f"{len(self.refused)}")


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
    locales = settings.path(settings.locales)
    tag = safe_language(document.target_lang)
    for language in dict.fromkeys((tag, tag.replace("-", "_"), tag.split("-")[0])):
        candidate = inside(locales / language, f"{safe_release_name(name, str(where))}.po")
        if candidate.is_file():
            return candidate
    raise InputError(f"no PO file for release {name!r} in {tag}: "
                     f"{display_path(locales / tag / (name + '.po'))} does not exist; "
                     "pass --po PATH", where)


def import_xliff(xliff_path: str | Path, settings: Settings, *, po_path: Path | None = None,
                 base_path: str | Path | None = None, theirs: bool = False,
                 wait: float = 0) -> ImportResult:
    """Apply a returned XLIFF to its PO; reads and checks everything before writing."""
    document = read_xliff(xliff_path)
    base = read_xliff(base_path).by_id() if base_path else None
    po_path = po_path or locate_po(document, settings)
    result = ImportResult(document.path, po_path)
    with atomic.locked(po_path.parent, wait=wait):
        catalog = read_po(po_path)
        _check_language(document, catalog, po_path)
        by_id = {entry.id: entry for entry in catalog.active()}
        for unit in document.units:
            if unit.translate:
                _apply(unit, by_id.get(unit.id), base, theirs, result, catalog)
        if result.applied:
            sibling = _sibling_xliff(po_path, document)  # read before anything is written
            catalog.header["PO-Revision-Date"] = dt.datetime.now(dt.UTC).strftime(
                "%Y-%m-%d %H:%M+0000")
            write_po(po_path, catalog)
            if sibling is not None:
                _regenerate(catalog, sibling, document, settings)
                result.regenerated = sibling[0]
    return result


def _check_language(document: XliffDocument, catalog: Catalog, po_path: Path) -> None:
    ours = (catalog.language or "").replace("_", "-").lower()
    theirs = (document.target_lang or "").lower()
    if ours and theirs and ours != theirs and ours.split("-")[0] != theirs:
        raise InputError(f"the XLIFF is for {document.target_lang!r} but "
                         f"{display_path(po_path)} is {catalog.language!r}",
                         Location(document.path, 1))


def _apply(unit: XliffUnit, entry: Entry | None, base: dict[str, XliffUnit] | None,
           theirs: bool, result: ImportResult, catalog: Catalog) -> None:
    where = Location(result.xliff, unit.line)

    def refuse(kind: Refusal, message: str) -> None:
        result.refused.append(Refused(where, kind, message))

    if entry is None:
        refuse(Refusal.UNKNOWN_ID, _unknown(unit, catalog))
    elif unit.source != entry.msgid:
        refuse(Refusal.SOURCE_MISMATCH, f"unit {unit.id!r} has source {_short(unit.source)!r}, "
               f"the PO has {_short(entry.msgid)!r}")
    elif unit.target is None or not unit.confirmed:
        result.unconfirmed += 1
    elif unit.target == entry.msgstr and not entry.fuzzy:
        result.unchanged += 1
    elif problem := code_problem(unit.target, entry.msgid, ()):
        refuse(Refusal.BROKEN_CODES, f"unit {unit.id!r}: {problem}")
    elif not theirs and _conflict(unit, entry, base):
        refuse(Refusal.CONFLICT, f"unit {unit.id!r}: the PO translation {_short(entry.msgstr)!r} "
               f"changed since export; the XLIFF has {_short(unit.target)!r} (kept the PO's; "
               "--theirs takes the XLIFF's)")
    else:
        _confirm(entry, unit.target)
        result.applied += 1


def _conflict(unit: XliffUnit, entry: Entry, base: dict[str, XliffUnit] | None) -> bool:
    if base is None:
        return entry.reviewed
    sent = base.get(unit.id)
    if sent is None:
        return entry.reviewed
    sent_target = sent.target or ""
    changed_since_export = entry.msgstr != sent_target or entry.reviewed != sent.confirmed
    return changed_since_export and unit.target != entry.msgstr


def _confirm(entry: Entry, target: str) -> None:
    if target != entry.msgstr:
        # The msgstr is now the translator's: machine and memory notes no longer describe it.
        entry.translator_comments = [c for c in entry.translator_comments
                                     if not c.startswith(_MACHINE_NOTES)]
    entry.msgstr = target
    entry.set_fuzzy(False)
    entry.previous_msgid = entry.previous_msgctxt = None


def _unknown(unit: XliffUnit, catalog: Catalog) -> str:
    if any(entry.id == unit.id for entry in catalog.entries if entry.obsolete):
        return (f"unit {unit.id!r} ({_short(unit.source)!r}) is obsolete in the PO: the source "
                "sentence changed since export")
    return f"unit {unit.id!r} ({_short(unit.source)!r}) is not in {catalog.path}"


def _sibling_xliff(po_path: Path, document: XliffDocument) -> tuple[Path, str] | None:
    """The XLIFF beside the PO and its version, unless it is the file being imported."""
    sibling = po_path.with_suffix(".xlf")
    if not sibling.is_file() or sibling.resolve() == Path(document.path).resolve():
        return None
    return sibling, "2.1" if read_xliff(sibling).version.startswith("2") else "1.2"


def _regenerate(catalog: Catalog, sibling: tuple[Path, str], document: XliffDocument,
                settings: Settings) -> None:
    """Keep the XLIFF beside the PO consistent with it (the PO is the source of truth)."""
    from pipeline.catalogs.xliff import write_xliff

    originals = [unit.original for unit in document.units if unit.original]
    write_xliff(catalog, sibling[0], version=sibling[1], source_lang=settings.source_language,
                target_lang=catalog.language or document.target_lang,
                original=originals[0] if originals else None)


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
