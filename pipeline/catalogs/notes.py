"""The pipeline's own notes in a PO entry: their format, their place, and their reading.

Every note the pipeline writes is a `#.` extracted comment, which Poedit, Weblate and
Lokalize show as read-only notes. `#` translator comments belong to the person and the
pipeline never writes them; lines that earlier versions wrote there are moved to `#.`
the next time the entry is merged. One line is one note:

    #. bullet                                             role (extraction, first line)
    #. code: <g1>…</g1> = link to https://www.smart.com/  what each inline code stands for
    #. glossary: smart: brand, do not translate           one per term
    #. MT: argos en→de, confidence 0.83, output 3f2a1b9c  the msgstr is this engine's draft
    #. TM: exact match from release 2023-12-01-x          the msgstr came from memory
    #. TM: 87% match from release 2023-12-01-x            a near match chosen as the draft
    #. TM suggestion (87% from release 2023-12-01-x): …   offered, not in msgstr
    #. MT suggestion (argos en→de, confidence 0.83): …    offered, not in msgstr
    #. source changed: …                                  what a re-run did with a change
    #. variant of de (base …, output …): <base text>      a market variant's source text
    #. variant suggestion (from de): …                    a variant's new derived text
    #. recovery: … / MT could not guarantee … / …         protection had to work around
    #. previous translation: …                            (read only; older files)

"output 3f2a1b9c" is a digest of the machine output as written: an entry whose msgstr
still has that digest was never touched by a person, so a re-run may replace it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from pipeline.catalogs.model import Entry
from pipeline.inline import TokenKind, ctype_of, tag


class Kind(StrEnum):
    """The prefix that starts each kind of pipeline note."""

    GLOSSARY = "glossary: "
    CODE = "code: "  # what an inline code stands for (extraction, from the release)
    MT = "MT:"
    TM = "TM:"
    TM_SUGGESTION = "TM suggestion"
    MT_SUGGESTION = "MT suggestion"
    SOURCE_CHANGED = "source changed:"
    RECOVERY = "recovery:"
    PREVIOUS = "previous translation: "
    VARIANT = "variant of "  # what a market variant was derived from (variants/derive.py)
    VARIANT_SUGGESTION = "variant suggestion"
    SOURCE_QA = "source QA: "  # a slip in the English itself (pipeline/checks/source.py)


# What pipeline/protection writes when a placeholder could not be guaranteed.
RECOVERY_MARKERS = (Kind.RECOVERY.value, "MT could not guarantee", "MT output unreliable",
                    "MT translated the text around")
_MACHINE = (Kind.MT.value, Kind.TM.value, *RECOVERY_MARKERS)  # describe where msgstr came from
# Meaningful only until a person reviews the entry.
_REVIEW_ONLY = (Kind.SOURCE_CHANGED.value, Kind.PREVIOUS.value, Kind.TM_SUGGESTION.value,
                Kind.MT_SUGGESTION.value, Kind.VARIANT_SUGGESTION.value)
_ALL = (Kind.GLOSSARY.value, Kind.CODE.value, Kind.VARIANT.value, Kind.SOURCE_QA.value,
        *_MACHINE, *_REVIEW_ONLY)
_OUTPUT = re.compile(r", output ([0-9a-f]{8})\b")

SOURCE_KEPT = ("source changed: the previous translation is kept as a fuzzy draft; "
               "update it to the new English (see #| msgid)")
SOURCE_REPLACED = ("source changed: the previous machine draft, never edited, was replaced "
                   "by a new one")


def is_pipeline(line: str) -> bool:
    """A line the pipeline wrote (any kind, glossary hints included)."""
    return line.startswith(_ALL)


def kind_of(line: str) -> Kind | None:
    for marker in RECOVERY_MARKERS:
        if line.startswith(marker):
            return Kind.RECOVERY
    return next((kind for kind in Kind if line.startswith(kind.value)), None)


# -- formatting --------------------------------------------------------------------------

def mt(label: str, text: str, confidence: float | None, machine: bool = True) -> str:
    """`label` is "argos en→de"; `text` the msgstr as written, digested for untouched_mt."""
    note = f"{Kind.MT.value} {label}"
    if not machine:
        note += ", glossary terms only, no engine output"
    elif confidence is not None:
        note += f", confidence {confidence:.2f}"
    return f"{note}, output {_digest(text)}"


def mt_suggestion(label: str, text: str, confidence: float | None) -> str:
    score = f", confidence {confidence:.2f}" if confidence is not None else ""
    return f"{Kind.MT_SUGGESTION.value} ({label}{score}): {text}"


def tm_exact(release: str) -> str:
    return f"{Kind.TM.value} exact match from release {release}"


def tm_near(percent: int, release: str) -> str:
    return f"{Kind.TM.value} {percent}% match from release {release}"


def tm_suggestion(percent: int, release: str, text: str) -> str:
    return f"{Kind.TM_SUGGESTION.value} ({percent}% from release {release}): {text}"


def glossary(hint: str) -> str:
    return f"{Kind.GLOSSARY.value}{hint}"


def code(notation: str, description: str) -> str:
    """`code: <g1>…</g1> = link to https://…` (notation: InlineCode.notation)."""
    return f"{Kind.CODE.value}{notation} = {description}"


@dataclass(frozen=True)
class CodeNote:
    """A `code:` note read back: which code, and what it stands for in words."""

    id: int
    paired: bool
    description: str

    @property
    def ctype(self) -> str:
        return ctype_of(self.description)

    @property
    def notation(self) -> str:
        return f"<g{self.id}>…</g{self.id}>" if self.paired else f"<x{self.id}/>"

    @property
    def line(self) -> str:
        return code(self.notation, self.description)


_CODE_NOTE = re.compile(r"(<g\d+>|<x\d+/>)(?:…</g\d+>)? = (.+)")


def code_notes(lines: Iterable[str]) -> dict[int, CodeNote]:
    """The `code:` notes among `lines` by code id, the first for an id."""
    found: dict[int, CodeNote] = {}
    for line in lines:
        if not line.startswith(Kind.CODE.value):
            continue
        match = _CODE_NOTE.fullmatch(line[len(Kind.CODE.value):].strip())
        token = tag(match.group(1)) if match else None
        if match and token is not None:
            found.setdefault(token.id, CodeNote(token.id, token.kind is TokenKind.OPEN,
                                                match.group(2).strip()))
    return found


def _digest(text: str) -> str:
    import hashlib  # OpenSSL's hashlib costs a check's start-up; loaded when a digest is made

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


# -- reading -----------------------------------------------------------------------------

# Lines extraction writes afresh from the release and glossary on every run.
_EXTRACTION = (Kind.GLOSSARY.value, Kind.CODE.value, Kind.SOURCE_QA.value)


def pipeline_lines(entry: Entry) -> list[str]:
    """The pipeline notes of `entry` (not extraction's glossary hints, codes and source QA),
    `#.` first, then legacy `#`."""
    return [line for line in (*entry.extracted_comments, *entry.translator_comments)
            if is_pipeline(line) and not line.startswith(_EXTRACTION)]


def developer_lines(lines: Iterable[str]) -> list[str]:
    """Extraction's own lines (role, glossary hints, other notes), hints once per term."""
    kept: list[str] = []
    terms: set[str] = set()
    for line in lines:
        if line.startswith(Kind.GLOSSARY.value):
            term = line[len(Kind.GLOSSARY.value):].partition(": ")[0]
            if term in terms:
                continue
            terms.add(term)
        elif is_pipeline(line) and not line.startswith((Kind.SOURCE_QA.value,
                                                        Kind.CODE.value)):
            continue
        kept.append(line)
    return kept


def person_lines(entry: Entry) -> list[str]:
    """The translator's own `#` comments."""
    return [line for line in entry.translator_comments if not is_pipeline(line)]


def untouched_mt(entry: Entry) -> bool:
    """A fuzzy machine draft whose msgstr is exactly what the engine wrote."""
    if not entry.fuzzy or not entry.msgstr:
        return False
    for line in pipeline_lines(entry):
        if line.startswith(Kind.MT.value):
            found = _OUTPUT.search(line)
            return bool(found) and found.group(1) == _digest(entry.msgstr)
    return False


# -- placing -----------------------------------------------------------------------------

def place(entry: Entry, developer: Iterable[str], notes: Iterable[str]) -> None:
    """Lay out `#.` as extraction lines then pipeline notes; `#` keeps the person's only."""
    entry.translator_comments = person_lines(entry)
    entry.extracted_comments = [*developer_lines(developer), *dict.fromkeys(notes)]


def add(entry: Entry, *lines: str, replace: Iterable[Kind] = ()) -> None:
    """Append notes, first dropping the entry's notes of the kinds in `replace`."""
    dropped = tuple(kind.value for kind in replace)
    keep = [line for line in pipeline_lines(entry) if not (dropped and line.startswith(dropped))]
    place(entry, entry.extracted_comments, [*keep, *lines])


def reviewed(entry: Entry, *, target_changed: bool) -> None:
    """A person approved the entry: change and suggestion notes no longer apply, nor the
    machine notes when the person's target differs from what the machine wrote."""
    drop = _REVIEW_ONLY + (_MACHINE if target_changed else ())
    place(entry, entry.extracted_comments,
          [line for line in pipeline_lines(entry) if not line.startswith(drop)])
    entry.previous_msgid = entry.previous_msgctxt = None


def refreshed(old: Entry) -> list[str]:
    """The pipeline notes an entry keeps across a re-run, for an unchanged source."""
    lines = pipeline_lines(old)
    if old.reviewed:
        lines = [line for line in lines if not line.startswith(_REVIEW_ONLY)]
    return lines
