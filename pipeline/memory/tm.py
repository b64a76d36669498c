"""Translation memory: approved pairs from the other releases of one language.

Exact matches are reused instead of machine translation; near matches above a
similarity are offered to translators as fuzzy suggestions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import read_po


@dataclass(frozen=True)
class TmEntry:
    source: str
    target: str
    origin: str  # release name the pair was approved in


@dataclass(frozen=True)
class TmMatch:
    entry: TmEntry
    similarity: float  # 0..1; 1.0 for an exact match

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


class TranslationMemory:
    def __init__(self, entries: Iterable[TmEntry] = ()):
        self._by_source: dict[str, TmEntry] = {}
        for entry in entries:
            # First approved translation wins; releases are read in sorted order.
            self._by_source.setdefault(entry.source, entry)
        self._sources = list(self._by_source)

    def __len__(self) -> int:
        return len(self._by_source)

    def entries(self) -> list[TmEntry]:
        return list(self._by_source.values())

    def exact(self, source: str) -> TmMatch | None:
        entry = self._by_source.get(source)
        return TmMatch(entry, 1.0) if entry else None

    def near(self, source: str, threshold: float) -> TmMatch | None:
        """Best non-identical match at or above `threshold` (0..1)."""
        if not self._sources:
            return None
        found = process.extractOne(
            source, self._sources, scorer=fuzz.ratio, score_cutoff=threshold * 100
        )
        if found is None or found[0] == source:
            return None
        return TmMatch(self._by_source[found[0]], found[1] / 100)

    @classmethod
    def from_catalogs(cls, catalogs: Iterable[tuple[str, Catalog]],
                      admits: Callable[[Catalog, Entry], bool] | None = None
                      ) -> TranslationMemory:
        """Approved entries; `admits` (pipeline.checks.gate) leaves out those that fail an
        error-level check."""
        return cls(
            TmEntry(entry.msgid, entry.msgstr, origin)
            for origin, catalog in catalogs
            for entry in catalog.active()
            if entry.reviewed and (admits is None or admits(catalog, entry))
        )

    @classmethod
    def from_locale(cls, locale_dir: Path, exclude: str | None = None) -> TranslationMemory:
        """Approved entries of every `<release>.po` in one language, except `exclude`."""
        catalogs = [
            (path.stem, read_po(path))
            for path in sorted(locale_dir.glob("*.po"))
            if path.stem != exclude
        ]
        return cls.from_catalogs(catalogs)
