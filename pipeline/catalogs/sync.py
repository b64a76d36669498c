"""The PO and the XLIFF beside it, kept in step.

The PO is the source of truth and the XLIFF is regenerated from it, but translators
work in both. So before any XLIFF is rewritten, what a person did in it is taken into
the PO with the rules of `pipeline import` (reconcile.py): confirmed targets that
differ from the PO become reviewed translations, edited drafts become fuzzy drafts.
Anything that cannot be taken (a conflict with a PO edit, broken inline codes) stops
the run with one line naming the file and the count, before anything is written.

The XLIFF records the digest of the PO bytes it was written from (xliff.po_digest):
when the PO has changed since, the XLIFF is regenerated even if no entry did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.catalogs.model import Catalog
from pipeline.catalogs.reconcile import Applied, Rules, apply_units
from pipeline.catalogs.xliff import po_digest, read_xliff
from pipeline.errors import InputError, Location

DEFAULT_VERSION = "1.2"


@dataclass(frozen=True)
class XliffState:
    """What the XLIFF beside a PO was, and what was taken from it."""

    path: Path
    version: str | None = None  # None: no XLIFF yet
    in_step: bool = False  # written from exactly the PO bytes now on disk
    taken: Applied = field(default_factory=Applied)

    def wanted_version(self, asked: str | None) -> str:
        """`--xliff` if given; else a file keeps its version (sticky); else 1.2."""
        if asked:
            return asked
        if self.version and self.version.startswith("2"):
            return self.version if self.version in ("2.0", "2.1") else "2.1"
        return DEFAULT_VERSION


def absorb(catalog: Catalog, xliff_path: Path, po_bytes: bytes | None) -> XliffState:
    """Take a person's edits in `xliff_path` into `catalog` (in place), or refuse."""
    if not xliff_path.is_file():
        return XliffState(xliff_path)
    document = read_xliff(xliff_path)
    in_step = po_bytes is not None and document.po_digest == po_digest(po_bytes)
    taken = apply_units(document, catalog, Rules(po_unchanged=in_step, drafts=True))
    if taken.refused:
        from pipeline.files import display_path

        first, shown = taken.refused[0], display_path(xliff_path)
        raise InputError(
            f"{len(taken.refused)} edited target(s) in this XLIFF cannot be taken into "
            f"{Path(catalog.path or '').name or 'the PO'} (first: {first.kind.value}: "
            f"{first.message}); nothing was written. Run 'pipeline import {shown}' to "
            "list them, settle them in the PO or the XLIFF, and run again",
            Location(shown, first.location.line))
    return XliffState(xliff_path, document.version, in_step and not taken.changed, taken)
