"""Consistency across every catalog of a language, as Weblate and Xbench report it: one
source approved with different translations, and different sources approved with one
translation. Reported at each place, with where the other one is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple

from pipeline.catalogs.model import Catalog, Entry
from pipeline.checks.base import Check, CheckContext, Finding, Severity


class Place(NamedTuple):
    """One approved entry, all the check keeps of it. Sent pickled from a worker for each
    approved entry: a named tuple pickles in a fraction of a dataclass's time."""

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
        places = [place for kept in gathered for place in kept]
        found: list[Finding] = []
        for key, value, what in ((_msgid, _msgstr, "translated differently"),
                                 (_msgstr, _msgid, "the translation of another source")):
            for groups in _differing(places, key, value):
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


def _differing(places: list[Place], key: Callable[[Place], str],
               value: Callable[[Place], str]) -> list[dict[str, list[Place]]]:
    """Places grouped by `value`, for each `key` that has more than one value. A first
    pass finds those keys: most sources have one approved translation, and grouping
    every one of them cost more than the rest of the check."""
    first: dict[str, str] = {}
    differing: set[str] = set()
    for place in places:
        if first.setdefault(key(place), value(place)) != value(place):
            differing.add(key(place))
    groups: dict[str, dict[str, list[Place]]] = {}
    for place in places:
        if key(place) in differing:
            groups.setdefault(key(place), {}).setdefault(value(place), []).append(place)
    return list(groups.values())


def groups_key(place: Place, what: str) -> str:
    return place.msgstr if what == "translated differently" else place.msgid


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
