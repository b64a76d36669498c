"""Consistency across every catalog of a language, as Weblate and Xbench report it: one
source approved with different translations, and different sources approved with one
translation. Reported at each place, with where the other one is."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.catalogs.model import Catalog, Entry
from pipeline.checks.base import Check, CheckContext, Finding, Severity


@dataclass(frozen=True)
class Place:
    """One approved entry, all the check keeps of it: sent from a worker for each entry."""

    path: str
    line: int
    msgid: str
    msgstr: str


class Consistency(Check):
    id = "qa.consistency"
    name = "Consistent translations"
    description = (
        "Across every PO of a language: one source approved with different translations, "
        "or different sources approved with one translation."
    )
    # A warning: a sentence may rightly read differently in another release's context.
    severity = Severity.WARNING
    needs = frozenset({"catalogs"})  # all catalogs of the language at once (runner)

    def run(self, entry: Entry, context: CheckContext) -> list[Finding]:
        return []  # nothing to say about one entry alone

    def gather(self, catalog: Catalog, context: CheckContext) -> list[Place]:
        return [Place(context.path, entry.line or entry.msgid_line or 1, entry.msgid,
                      entry.msgstr)
                for entry in catalog.active()
                if entry.translated and self.id not in entry.ignored_checks()]

    def run_language(self, gathered: Sequence[list[Place]]) -> list[Finding]:
        by_source: dict[str, dict[str, list[Place]]] = defaultdict(lambda: defaultdict(list))
        by_target: dict[str, dict[str, list[Place]]] = defaultdict(lambda: defaultdict(list))
        for places in gathered:
            for place in places:
                by_source[place.msgid][place.msgstr].append(place)
                by_target[place.msgstr][place.msgid].append(place)
        found: list[Finding] = []
        for table, what in ((by_source, "translated differently"),
                            (by_target, "the translation of another source")):
            for groups in table.values():
                if len(groups) > 1:
                    found.extend(self._report(groups, what))
        return sorted(found, key=lambda f: (f.path, f.line))

    def _report(self, groups: dict[str, list[Place]], what: str) -> list[Finding]:
        places = [place for group in groups.values() for place in group]
        found = []
        for place in places:
            other = next(p for p in places if groups_key(p, what) != groups_key(place, what))
            text = other.msgstr if what == "translated differently" else other.msgid
            message = (f"{what} at {other.path}:{other.line}: {_short(text)!r}"
                       if what == "translated differently" else
                       f"also {what} at {other.path}:{other.line} ({_short(text)!r})")
            finding = self._finding(message, place.path, place.line, None)
            found.append(replace(finding, msgid=place.msgid))  # approved: never fuzzy
        return found


def groups_key(place: Place, what: str) -> str:
    return place.msgstr if what == "translated differently" else place.msgid


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
