"""Targets from an XLIFF file applied to a catalog: the rules of `pipeline import`, which
`pipeline translate` also follows before it regenerates an XLIFF (sync.py).

Per unit, matched to an entry by id, else by source text and context (files made by
other tools, such as translate-toolkit's po2xliff, have their own ids):

- confirmed target (1.2 state translated/signed-off/final, or approved="yes" without
  a state; 2.x translated/reviewed/final) that differs from the PO: becomes a reviewed
  translation, unless the PO entry changed too since the XLIFF was written (a
  conflict, reported and not applied);
- unconfirmed target: the PO entry stays, except in a re-run's sync, where a draft a
  person edited in the XLIFF (and nobody changed in the PO) comes in as a fuzzy draft;
- unknown unit, a source that differs from the msgid, a target whose inline codes or
  placeholders differ from the source's (unless allowed): reported at the XLIFF's
  file:line, never applied.

"Changed since the XLIFF was written" is known per unit from the digest the pipeline
wrote into it (XliffUnit.base), else from `--base` (the XLIFF as sent), else from the
file's PO digest. Without any of them the rule is conservative: a reviewed PO
translation that differs from the returned target is a conflict; machine drafts and
empty entries take the confirmed target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.build import code_problem
from pipeline.catalogs import notes
from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import newline_problem
from pipeline.catalogs.xliff import XliffDocument, XliffUnit, target_digest
from pipeline.errors import Location

HEADER_RESTYPE = "x-gettext-domain-header"  # po2xliff's unit for the PO header


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


@dataclass(frozen=True)
class Rules:
    """How sure we are of what the XLIFF was written from, and what to let through."""

    base: dict[str, XliffUnit] | None = None  # --base: the XLIFF as it was sent
    po_unchanged: bool = False  # the PO is byte for byte what the XLIFF was written from
    theirs: bool = False  # --theirs: the XLIFF wins conflicts
    allow_code_changes: bool = False
    drafts: bool = False  # take edited unconfirmed targets as fuzzy drafts (sync only)


@dataclass
class Applied:
    applied: int = 0  # confirmed targets now reviewed translations in the PO
    drafts: int = 0  # edited unconfirmed targets now fuzzy drafts (sync)
    unchanged: int = 0  # confirmed targets the PO already had
    unconfirmed: int = 0  # drafts and empty targets, left as the PO has them
    refused: list[Refused] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.applied or self.drafts)


def apply_units(document: XliffDocument, catalog: Catalog, rules: Rules) -> Applied:
    """Apply `document`'s targets to `catalog` in place."""
    outcome = Applied()
    finder = _Finder(catalog)
    for unit in document.units:
        if unit.translate and unit.restype != HEADER_RESTYPE:
            _apply(unit, finder, rules, outcome, document.path, catalog)
    return outcome


class _Finder:
    def __init__(self, catalog: Catalog):
        active = catalog.singular()
        self.by_id = {entry.id: entry for entry in active}
        self.by_key = {entry.key: entry for entry in active}
        by_source: dict[str, list[Entry]] = {}
        for entry in active:
            by_source.setdefault(entry.msgid, []).append(entry)
        self.by_source = by_source

    def find(self, unit: XliffUnit) -> tuple[Entry | None, bool]:
        """The entry and whether it was found by id (then a differing source is refused)."""
        if unit.id in self.by_id:
            return self.by_id[unit.id], True
        contexts = [context for context in (unit.name, *unit.context) if context]
        for context in contexts:
            if (context, unit.source) in self.by_key:
                return self.by_key[(context, unit.source)], False
        same = self.by_source.get(unit.source, [])
        if not contexts and len(same) == 1:
            return same[0], False
        return None, False


def _apply(unit: XliffUnit, finder: _Finder, rules: Rules, outcome: Applied, path: str,
           catalog: Catalog) -> None:
    where = Location(path, unit.line)

    def refuse(kind: Refusal, message: str) -> None:
        outcome.refused.append(Refused(where, kind, message))

    entry, by_id = finder.find(unit)
    if entry is None:
        if unit.target is not None and unit.target.strip() and (
                unit.confirmed or unit.changed_since_written):
            refuse(Refusal.UNKNOWN_ID, _unknown(unit, catalog))
        else:
            outcome.unconfirmed += 1  # nothing a person wrote is at stake
        return
    if by_id and unit.source != entry.msgid:
        refuse(Refusal.SOURCE_MISMATCH, f"unit {unit.id!r} has source {_short(unit.source)!r}, "
               f"the PO has {_short(entry.msgid)!r}")
        return
    if unit.target is None or not unit.confirmed:
        _draft(unit, entry, rules, outcome, refuse)
    elif unit.target == entry.msgstr and not entry.fuzzy:
        outcome.unchanged += 1
    elif _xliff_stale(unit):
        # The PO moved on; the XLIFF still has what it was sent. Checked before the codes:
        # a target exactly as the pipeline wrote it is no edit to refuse.
        outcome.unchanged += 1
    elif problem := _code_problem(unit, entry, rules):
        refuse(Refusal.BROKEN_CODES, f"unit {unit.id!r}: {problem}")
    elif _po_changed(unit, entry, rules) and not rules.theirs:
        refuse(Refusal.CONFLICT, f"unit {unit.id!r}: the PO translation {_short(entry.msgstr)!r} "
               f"changed since export; the XLIFF has {_short(unit.target)!r} (kept the PO's; "
               "--theirs takes the XLIFF's)")
    else:
        confirm(entry, unit.target)
        outcome.applied += 1


def _draft(unit: XliffUnit, entry: Entry, rules: Rules, outcome: Applied, refuse) -> None:
    """An unconfirmed target. In sync, a person's edit of it must not be lost either."""
    edited = rules.drafts and unit.changed_since_written and unit.target is not None \
        and unit.target.strip() and unit.target != entry.msgstr
    if not edited:
        outcome.unconfirmed += 1
    elif _po_changed(unit, entry, rules):
        refuse(Refusal.CONFLICT, f"unit {unit.id!r}: the draft was edited both in the XLIFF "
               f"({_short(unit.target)!r}) and in the PO ({_short(entry.msgstr)!r})")
    elif problem := _code_problem(unit, entry, rules):
        refuse(Refusal.BROKEN_CODES, f"unit {unit.id!r}: {problem}")
    else:
        notes.reviewed(entry, target_changed=True)
        entry.msgstr = unit.target
        entry.set_fuzzy(True)
        outcome.drafts += 1


def _xliff_stale(unit: XliffUnit) -> bool:
    """The unit is exactly as the pipeline wrote it: it carries no edit of its own."""
    return unit.changed_since_written is False


def _po_changed(unit: XliffUnit, entry: Entry, rules: Rules) -> bool:
    """Whether the PO entry changed since the XLIFF (or `--base`) was written."""
    if unit.base is not None:
        return target_digest(entry.msgstr, entry.reviewed) != unit.base
    if rules.base is not None and unit.id in rules.base:
        sent = rules.base[unit.id]
        changed = entry.msgstr != (sent.target or "") or entry.reviewed != sent.confirmed
        return changed and unit.target != entry.msgstr
    if rules.po_unchanged:
        return False
    return entry.reviewed


def _code_problem(unit: XliffUnit, entry: Entry, rules: Rules) -> str | None:
    """Why the target cannot go into the PO as it is: nothing but whitespace, line breaks
    msgfmt -c rejects, inline codes or placeholders that differ from the source's."""
    from pipeline.checks.qa import Placeholders

    target = unit.target or ""
    if not target.strip() and entry.msgid.strip():
        return "the target is only whitespace"
    if problem := newline_problem(entry.msgid, target):
        return problem
    broken = code_problem(target, entry.msgid, ())
    if broken or rules.allow_code_changes:
        return broken
    problems = Placeholders().check_pair(entry.msgid, unit.target or "")
    if problems:
        return f"{'; '.join(problems)} (--allow-code-changes accepts it)"
    return None


def confirm(entry: Entry, target: str) -> None:
    """A person's confirmed target becomes the entry's reviewed translation."""
    notes.reviewed(entry, target_changed=target != entry.msgstr)
    entry.msgstr = target
    entry.set_fuzzy(False)


def _unknown(unit: XliffUnit, catalog: Catalog) -> str:
    if any(entry.id == unit.id for entry in catalog.entries if entry.obsolete):
        return (f"unit {unit.id!r} ({_short(unit.source)!r}) is obsolete in the PO: the source "
                "sentence changed since export")
    return f"unit {unit.id!r} ({_short(unit.source)!r}) is not in {catalog.path}"


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
