"""Only what passes goes into memory: the approved entries of a catalog that no
error-level check objects to. Translation-memory suggestions and `pipeline tm export` take
only those, so a translation with a broken brand name is never offered again."""

from __future__ import annotations

from pipeline.brands import Brands
from pipeline.catalogs.model import Catalog, Entry
from pipeline.checks import select_checks
from pipeline.checks.base import Check, Severity, run_checks
from pipeline.config import Settings


class MemoryGate:
    """Decides per catalog which approved entries may serve as memory."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.brands = Brands(settings)
        enabled = select_checks(settings.check.disable, enable=settings.check.enable)
        # Per-entry error checks only: a file's completeness or staleness says nothing
        # about one sentence, and spelling is a warning.
        self.checks: tuple[Check, ...] = tuple(
            check for check in enabled if check.severity is Severity.ERROR
            and not check.needs & {"catalogs", "releases", "dictionaries"})
        self._failing: dict[int, set[str]] = {}

    def admits(self, catalog: Catalog, entry: Entry, path: str | None = None) -> bool:
        if not entry.reviewed:
            return False
        key = id(catalog)
        if key not in self._failing:
            self._failing[key] = self._fails(catalog, path or catalog.path or "")
        return entry.msgid not in self._failing[key]

    def _fails(self, catalog: Catalog, path: str) -> set[str]:
        from pipeline.checks.runner import language_of, make_context, release_path

        glossary = self.brands.glossary(release_path(catalog, self.settings))
        context = make_context(catalog, path, self.settings, glossary, include_fuzzy=False)
        context.language = language_of(catalog, path)
        return {finding.msgid for finding in run_checks(self.checks, catalog, context)}
