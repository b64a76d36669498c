"""Checks on a catalog as a whole against what it was made from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.catalogs.provenance import stale_reason
from pipeline.checks.base import CatalogCheck, CheckContext, Problem, Severity
from pipeline.glossary.model import Glossary

if TYPE_CHECKING:
    from pipeline.catalogs.model import Catalog


class StaleCatalog(CatalogCheck):
    id = "catalog.stale"
    name = "Catalog older than its release"
    description = (
        "The release or the glossary changed after the PO was made (its X-Source-Digest no "
        "longer matches): new or changed sentences are missing from it. Run make translate."
    )
    severity = Severity.ERROR
    needs = frozenset({"glossary", "releases"})

    def _check_catalog(self, catalog: Catalog, context: CheckContext) -> list[str | Problem]:
        if context.root is None:
            return []
        reason = stale_reason(catalog, context.root, context.glossary or Glossary())
        if reason is None:
            return []
        return [f"stale catalog: {reason}; update it with: make translate "
                f"LANG={context.language.tag}"]
