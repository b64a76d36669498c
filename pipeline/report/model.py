"""The typed rows of the review report, built from a catalog, its findings and a glossary.

Everything shown about an entry comes from the PO file through
`pipeline.catalogs.metadata.entry_meta` (state, MT confidence, TM origin,
recovery notes); findings come from the checks; highlights from the glossary
matcher. The HTML renderer only formats these rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.catalogs.metadata import EntryMeta, Origin, Status, entry_meta
from pipeline.catalogs.model import Catalog, Entry
from pipeline.checks.base import Finding, Severity
from pipeline.glossary.model import Glossary, Hit, HitKind


class State(StrEnum):
    """The badge of a row: who produced the target and whether a person approved it."""

    REVIEWED = "reviewed"
    MT = "mt"
    TM = "tm"
    DRAFT = "draft"  # fuzzy without an MT or TM note: a msgmerge guess or a hand-set flag
    UNTRANSLATED = "untranslated"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    State.REVIEWED: "reviewed",
    State.MT: "MT draft",
    State.TM: "TM",
    State.DRAFT: "fuzzy draft",
    State.UNTRANSLATED: "untranslated",
}

# Rows without a confidence follow the MT rows, most urgent state first.
_STATE_URGENCY = {
    State.UNTRANSLATED: 0,
    State.DRAFT: 1,
    State.MT: 2,
    State.TM: 3,
    State.REVIEWED: 4,
}


def state_of(meta: EntryMeta) -> State:
    if meta.status is Status.NEW:
        return State.UNTRANSLATED
    if meta.origin is Origin.TM:
        return State.TM
    if meta.status is Status.REVIEWED:
        return State.REVIEWED
    return State.MT if meta.origin is Origin.MT else State.DRAFT


@dataclass(frozen=True)
class Mark:
    """A glossary highlight: text[start:end] is `term`; `rule` says what the glossary wants."""

    start: int
    end: int
    term: str
    rule: str
    forbidden: bool = False

    @property
    def title(self) -> str:
        if self.forbidden:
            return f"forbidden variant of “{self.term}” — {self.rule}"
        return f"glossary term “{self.term}” — {self.rule}"


@dataclass(frozen=True)
class Row:
    release: str
    path: str  # the PO file, for file:line references
    position: int  # 0-based position of the entry in its file
    entry: Entry
    meta: EntryMeta
    state: State
    findings: tuple[Finding, ...] = ()
    source_marks: tuple[Mark, ...] = ()
    target_marks: tuple[Mark, ...] = ()

    @property
    def line(self) -> int | None:
        return self.entry.line or self.entry.msgid_line

    @property
    def where(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"

    @property
    def needs_recovery(self) -> bool:
        return bool(self.meta.recovery)

    @property
    def flagged(self) -> bool:
        return bool(self.findings)

    @property
    def confidence(self) -> float | None:
        return self.meta.confidence

    def priority(self) -> tuple:
        """Default order: recovery, then flagged (errors first), then lowest confidence."""
        worst = max((f.severity.rank for f in self.findings), default=0)
        confidence = self.confidence
        return (
            not self.needs_recovery,
            -worst,
            confidence is None,
            confidence if confidence is not None else 0.0,
            _STATE_URGENCY[self.state],
            self.position,
        )


@dataclass(frozen=True)
class Counts:
    segments: int = 0
    reviewed: int = 0
    mt: int = 0
    tm: int = 0
    draft: int = 0
    untranslated: int = 0
    recovery: int = 0
    errors: int = 0
    warnings: int = 0

    @property
    def findings(self) -> int:
        return self.errors + self.warnings

    @classmethod
    def of(cls, rows: Sequence[Row], file_findings: Sequence[Finding] = ()) -> Counts:
        findings = [f for row in rows for f in row.findings] + list(file_findings)
        states = [row.state for row in rows]
        return cls(
            segments=len(rows),
            reviewed=states.count(State.REVIEWED),
            mt=states.count(State.MT),
            tm=states.count(State.TM),
            draft=states.count(State.DRAFT),
            untranslated=states.count(State.UNTRANSLATED),
            recovery=sum(1 for row in rows if row.needs_recovery),
            errors=sum(1 for f in findings if f.severity is Severity.ERROR),
            warnings=sum(1 for f in findings if f.severity is Severity.WARNING),
        )

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{name: getattr(self, name) + getattr(other, name)
                         for name in self.__dataclass_fields__})


@dataclass(frozen=True)
class Section:
    """One release: its rows in the default review order."""

    release: str
    path: str
    rows: tuple[Row, ...]
    file_findings: tuple[Finding, ...] = ()  # findings about the whole file (line 1)
    revision_date: str = ""

    @property
    def counts(self) -> Counts:
        return Counts.of(self.rows, self.file_findings)


@dataclass(frozen=True)
class ReviewReport:
    language: str
    source_language: str
    sections: tuple[Section, ...]
    glossary_paths: tuple[str, ...] = ()
    checks_run: tuple[str, ...] = field(default=())

    @property
    def totals(self) -> Counts:
        total = Counts()
        for section in self.sections:
            total = total + section.counts
        return total


def build_section(
    release: str,
    path: str,
    catalog: Catalog,
    findings: Iterable[Finding],
    glossary: Glossary | None,
    language: str,
) -> Section:
    """The rows of one catalog with their findings attached, in review order."""
    by_line: dict[int, list[Finding]] = {}
    for finding in findings:
        by_line.setdefault(finding.line, []).append(finding)
    rows = []
    for position, entry in enumerate(catalog.active()):
        attached = tuple(by_line.pop(entry.line, ())) if entry.line else ()
        rows.append(_row(release, path, position, entry, attached, glossary, language))
    leftover = tuple(f for line in sorted(by_line) for f in by_line[line])
    ordered = tuple(sorted(rows, key=Row.priority))
    return Section(release, path, ordered, leftover, catalog.header.get("PO-Revision-Date", ""))


def _row(release: str, path: str, position: int, entry: Entry, findings: tuple[Finding, ...],
         glossary: Glossary | None, language: str) -> Row:
    meta = entry_meta(entry)
    source_marks: tuple[Mark, ...] = ()
    target_marks: tuple[Mark, ...] = ()
    if glossary is not None and glossary.terms:
        matcher = glossary.matcher
        source_marks = _marks(matcher.source_hits(entry.msgid), language)
        if entry.msgstr:
            hits = matcher.target_hits(entry.msgstr, language)
            hits += matcher.forbidden_hits(entry.msgstr, language)
            target_marks = _marks(hits, language)
    return Row(release, path, position, entry, meta, state_of(meta), findings,
               source_marks, target_marks)


def _marks(hits: Iterable[Hit], language: str) -> tuple[Mark, ...]:
    """Non-overlapping marks, longest first where an approved and a forbidden form overlap."""
    kept: list[Mark] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        if any(hit.start < mark.end and mark.start < hit.end for mark in kept):
            continue
        rule = hit.term.hint(language).partition(": ")[2] or hit.term.source
        if hit.kind is HitKind.FORBIDDEN:
            rule = f"write “{hit.term.preferred(language)}” ({rule})"
        kept.append(Mark(hit.start, hit.end, hit.term.source, rule,
                         forbidden=hit.kind is HitKind.FORBIDDEN))
    return tuple(sorted(kept, key=lambda mark: mark.start))
