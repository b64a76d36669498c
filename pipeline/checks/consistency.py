"""Consistency across every catalog of a language, as Weblate and Xbench report it: one
source approved with different translations, and different sources approved with one
translation. Reported at each place, with where the other one is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from pipeline.catalogs.model import Catalog, Entry
from pipeline.checks.base import Check, CheckContext, Finding, Severity


class Place(NamedTuple):
    """One approved entry, at its place."""

    path: str
    line: int
    msgid: str
    msgstr: str


@dataclass(frozen=True)
class Approved:
    """A file's approved entries, all the check keeps of it: sent pickled from a worker
    for each file, as columns (a few tuples pickle in a fraction of a record's time)."""

    path: str
    lines: tuple[int, ...]
    msgids: tuple[str, ...]
    msgstrs: tuple[str, ...]

    def places(self) -> list[Place]:
        return [Place(self.path, *row)
                for row in zip(self.lines, self.msgids, self.msgstrs, strict=True)]


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

    def gather(self, catalog: Catalog, context: CheckContext) -> Approved:
        kept = [entry for entry in catalog.active()
                if entry.translated and self.id not in entry.ignored_checks()]
        return Approved(context.path,
                        tuple(entry.line or entry.msgid_line or 1 for entry in kept),
                        tuple(entry.msgid for entry in kept),
                        tuple(entry.msgstr for entry in kept))

    def run_language(self, gathered: Sequence[Approved]) -> list[Finding]:
        sources, targets = _differing(gathered)
        if not sources and not targets:  # the common case: nothing to group
            return []
        places = [place for kept in gathered for place in kept.places()
                  if place.msgid in sources or place.msgstr in targets]
        found: list[Finding] = []
        for wanted, key, value, what in (
                (sources, _msgid, _msgstr, "translated differently"),
                (targets, _msgstr, _msgid, "the translation of another source")):
            for groups in _groups([p for p in places if key(p) in wanted], key, value):
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


def _msgid(place: Place) -> str:
    return place.msgid


def _msgstr(place: Place) -> str:
    return place.msgstr


def _differing(gathered: Sequence[Approved]) -> tuple[set[str], set[str]]:
    """The sources approved with more than one translation, and the translations given to
    more than one source: one pass, two dictionaries."""
    target_of: dict[str, str] = {}
    source_of: dict[str, str] = {}
    sources: set[str] = set()
    targets: set[str] = set()
    for kept in gathered:
        for msgid, msgstr in zip(kept.msgids, kept.msgstrs, strict=True):
            if target_of.setdefault(msgid, msgstr) != msgstr:
                sources.add(msgid)
            if source_of.setdefault(msgstr, msgid) != msgid:
                targets.add(msgstr)
    return sources, targets


def _groups(places: list[Place], key: Callable[[Place], str],
            value: Callable[[Place], str]) -> list[dict[str, list[Place]]]:
    """The places by key, and under each key by value, in the order first seen."""
    groups: dict[str, dict[str, list[Place]]] = {}
    for place in places:
        groups.setdefault(key(place), {}).setdefault(value(place), []).append(place)
    return list(groups.values())


def groups_key(place: Place, what: str) -> str:
    return place.msgstr if what == "translated differently" else place.msgid


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
