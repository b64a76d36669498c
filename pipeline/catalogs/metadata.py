"""What the PO comments of an entry say, parsed in one place.

The PO file is the source of truth, so everything XLIFF, the report and stats show
(role, glossary hints, MT engine and confidence, TM origin, review state) is read back
from the notes and never kept anywhere else. The notes' format and place belong to
pipeline/catalogs/notes.py; docs/xliff.md documents them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pipeline.catalogs import notes
from pipeline.catalogs.model import Entry
from pipeline.catalogs.notes import RECOVERY_MARKERS, CodeNote, Kind

GLOSSARY_PREFIX = Kind.GLOSSARY.value
MT_PREFIX = Kind.MT.value
TM_PREFIX = Kind.TM.value
RECOVERY_PREFIX = Kind.RECOVERY.value
PREVIOUS_PREFIX = Kind.PREVIOUS.value

_CONFIDENCE = re.compile(r"\bconfidence\s+(\d+(?:\.\d+)?)\s*(%?)", re.IGNORECASE)
_MT_ENGINE = re.compile(r"^MT:\s*([^\s,]+)")
_TM_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_TM_RELEASE = re.compile(r"\bfrom release\s+(\S+)")
_TM_SUGGESTION = re.compile(r"^TM suggestion \((\d+(?:\.\d+)?)% from release (\S+)\):\s?(.*)$")
_MT_SUGGESTION = re.compile(
    r"^MT suggestion \(([^\s,)]+)[^)]*?(?:confidence (\d+(?:\.\d+)?))?\):\s?(.*)$")
_TRANSLATE_AS = re.compile(r"translate as\s+[“\"](.+?)[”\"]")
_DNT = "do not translate"


class Status(StrEnum):
    """Where an entry stands for translators, from msgstr and the fuzzy flag only."""

    NEW = "new"  # empty msgstr
    DRAFT = "draft"  # fuzzy: machine translation, TM suggestion or msgmerge guess
    REVIEWED = "reviewed"  # translated and not fuzzy: a person approved it


class Origin(StrEnum):
    """Who produced the current msgstr, from the translator comments."""

    MT = "mt"
    TM = "tm"
    HUMAN = "human"  # no MT/TM comment: typed or fixed by a translator
    NONE = "none"  # nothing to show yet


@dataclass(frozen=True)
class GlossaryHint:
    """A `#. glossary:` note: a term of the entry and how to render it."""

    term: str  # the canonical source form, e.g. "smart #1"
    note: str  # "brand, do not translate, always lowercase"
    translation: str | None  # the approved rendering, when the hint names one

    @property
    def text(self) -> str:
        return f"{self.term}: {self.note}" if self.note else self.term


@dataclass(frozen=True)
class Suggestion:
    """A target offered to the translator but not in msgstr (TM near match, old target)."""

    kind: str  # "tm", "mt" or "previous"
    target: str  # PO notation
    similarity: float | None = None  # 0..100, TM only
    release: str | None = None  # TM only
    source: str | None = None  # the suggestion's own source where the PO knows it

    @property
    def origin(self) -> str:
        if self.kind == "tm":
            return f"tm:{self.release}" if self.release else "tm"
        if self.kind == "mt" and self.release:
            return self.release  # the engine's name
        return self.kind


@dataclass(frozen=True)
class Reference:
    """A `#:` source reference: the release and its line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class EntryMeta:
    """What the pipeline's notes on an entry say: its status, origin, role and hints."""

    status: Status
    origin: Origin
    role: str | None = None
    hints: tuple[GlossaryHint, ...] = ()
    developer_notes: tuple[str, ...] = ()  # other extracted comment lines
    mt_engine: str | None = None  # "argos"
    confidence: float | None = None  # 0..1, MT only
    tm_release: str | None = None
    tm_similarity: float | None = None  # 0..100; 100 for an exact match
    recovery: tuple[str, ...] = ()  # recovery lines, "recovery: " prefix removed
    suggestions: tuple[Suggestion, ...] = ()
    pipeline_notes: tuple[str, ...] = ()  # MT/TM/suggestion/recovery lines, as written
    translator_notes: tuple[str, ...] = ()  # free translator comments
    references: tuple[Reference, ...] = ()
    codes: tuple[CodeNote, ...] = ()  # what each inline code of msgid stands for

    def code_notes(self) -> dict[int, CodeNote]:
        return {code.id: code for code in self.codes}

    @property
    def match_percent(self) -> int | None:
        """The 0..100 figure CAT tools show: MT confidence, else TM similarity."""
        if self.confidence is not None:
            return round(self.confidence * 100)
        if self.tm_similarity is not None:
            return round(self.tm_similarity)
        return None


def entry_meta(entry: Entry) -> EntryMeta:
    role, hints, developer = _extracted(entry.extracted_comments)
    pipeline = notes.pipeline_lines(entry)
    mt_line = _first(pipeline, MT_PREFIX)
    tm_line = _first(pipeline, TM_PREFIX)
    recovery = tuple(
        line.removeprefix(RECOVERY_PREFIX).strip()
        for line in pipeline if line.startswith(RECOVERY_MARKERS)
    )
    return EntryMeta(
        status=status_of(entry),
        origin=_origin(entry, mt_line, tm_line),
        role=role,
        hints=hints,
        developer_notes=developer,
        mt_engine=_match(_MT_ENGINE, mt_line),
        confidence=_confidence(mt_line),
        tm_release=_match(_TM_RELEASE, tm_line),
        tm_similarity=_similarity(tm_line),
        recovery=recovery,
        suggestions=_suggestions(entry, pipeline),
        pipeline_notes=tuple(line.strip() for line in pipeline),
        translator_notes=tuple(line for line in notes.person_lines(entry) if line.strip()),
        references=tuple(parse_reference(ref) for ref in entry.references),
        codes=tuple(notes.code_notes(entry.extracted_comments).values()),
    )


def status_of(entry: Entry) -> Status:
    if not entry.has_text:
        return Status.NEW
    return Status.DRAFT if entry.fuzzy else Status.REVIEWED


def parse_hint(text: str) -> GlossaryHint:
    """`smart: brand, do not translate` -> term "smart", translation "smart"."""
    term, sep, note = text.partition(": ")
    term, note = (term.strip(), note.strip()) if sep else (text.strip(), "")
    if _DNT in note:
        translation: str | None = term
    else:
        forced = _TRANSLATE_AS.search(note)
        translation = forced.group(1) if forced else None
    return GlossaryHint(term=term, note=note, translation=translation)


def parse_reference(ref: str) -> Reference:
    path, sep, line = ref.rpartition(":")
    if sep and line.isdigit():
        return Reference(path, int(line))
    return Reference(ref)


def _extracted(lines: list[str]) -> tuple[str | None, tuple[GlossaryHint, ...], tuple[str, ...]]:
    role: str | None = None
    hints: list[GlossaryHint] = []
    other: list[str] = []
    for index, line in enumerate(lines):
        if line.startswith(GLOSSARY_PREFIX):
            hints.append(parse_hint(line[len(GLOSSARY_PREFIX):]))
        elif notes.is_pipeline(line) or not line.strip():
            continue
        elif index == 0:
            role = line.strip()
        else:
            other.append(line.strip())
    return role, tuple(hints), tuple(other)


def _suggestions(entry: Entry, pipeline: list[str]) -> tuple[Suggestion, ...]:
    found: list[Suggestion] = []
    for line in pipeline:
        tm = _TM_SUGGESTION.match(line)
        mt = _MT_SUGGESTION.match(line)
        if tm:
            found.append(Suggestion("tm", tm.group(3), float(tm.group(1)), tm.group(2)))
        elif mt:
            score = float(mt.group(2)) * 100 if mt.group(2) else None
            found.append(Suggestion("mt", mt.group(3), score, mt.group(1), entry.msgid))
        elif line.startswith(PREVIOUS_PREFIX):
            found.append(Suggestion("previous", line[len(PREVIOUS_PREFIX):],
                                    source=entry.previous_msgid))
    return tuple(found)


def _first(lines: list[str], prefix: str) -> str | None:
    return next((line.strip() for line in lines if line.startswith(prefix)), None)


def _origin(entry: Entry, mt_line: str | None, tm_line: str | None) -> Origin:
    if not entry.msgstr:
        return Origin.NONE
    if mt_line:
        return Origin.MT
    if tm_line:
        return Origin.TM
    return Origin.HUMAN


def _match(pattern: re.Pattern[str], line: str | None) -> str | None:
    found = pattern.search(line) if line else None
    return found.group(1) if found else None


def _confidence(line: str | None) -> float | None:
    found = _CONFIDENCE.search(line) if line else None
    if not found:
        return None
    value = float(found.group(1))
    if found.group(2) or value > 1:  # "confidence 83%" written by hand
        value /= 100
    return min(max(value, 0.0), 1.0)


def _similarity(line: str | None) -> float | None:
    if not line:
        return None
    if "exact" in line.lower():
        return 100.0
    found = _TM_PERCENT.search(line)
    return min(float(found.group(1)), 100.0) if found else None
