"""Units: one per unique segment text, the step between segments and a catalog.

Rules (see docs/extract.md):
- msgid is the segment text with every run of whitespace (newline, NBSP,
  several spaces) collapsed to one space. Translators see one clean sentence;
  the exact source bytes stay on the Segment, and `block_texts` puts them back
  for any segment left untranslated, so builds stay byte-identical.
- Repeated text is one unit with several occurrences (two `#:` references for a
  caption shown twice).
- msgctxt is set only for short texts (at most SHORT_WORDS words) that appear
  both as a label (title, heading, caption, speaker, table cell, attribute) and
  inside running text: "Launch" as a heading and as a sentence fragment may need
  different words. Longer texts mean the same thing wherever they appear.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from pipeline import inline
from pipeline.documents.base import restore_codes
from pipeline.documents.model import Block, Document, InlineCode, Role
from pipeline.errors import Location
from pipeline.segmentation import segment_block
from pipeline.segmentation.model import Segment

SHORT_WORDS = 3
LABEL_ROLES = frozenset(
    {
        Role.TITLE,
        Role.HEADING,
        Role.CAPTION,
        Role.SPEAKER,
        Role.BOILERPLATE_HEADING,
        Role.TABLE_CELL,
        Role.ATTRIBUTE,
        Role.END_MARK,
        Role.DATELINE,
    }
)


@dataclass(frozen=True)
class Occurrence:
    location: Location  # file and the line where the segment starts
    comment: str  # the block's role and context, e.g. "quote (Mr. Tong Xiangbei)"
    segment: Segment

    @property
    def reference(self) -> str:
        return str(self.location)


@dataclass(frozen=True)
class Unit:
    msgid: str
    msgctxt: str | None
    occurrences: tuple[Occurrence, ...]

    @property
    def references(self) -> list[str]:
        return _unique(occurrence.reference for occurrence in self.occurrences)

    @property
    def comments(self) -> list[str]:
        return _unique(occurrence.comment for occurrence in self.occurrences)

    @property
    def codes(self) -> list[InlineCode]:
        """The inline codes of msgid in order of their ids, each meaning once: a `<g1>` that
        links to two pages in two occurrences is listed twice."""
        found: dict[tuple[int, str], InlineCode] = {}
        wanted = inline.ids(self.msgid)
        for occurrence in self.occurrences:
            for code in occurrence.segment.block.codes:
                if code.id in wanted:
                    found.setdefault((code.id, code.meaning.describe()), code)
        return [found[key] for key in sorted(found)]


def normalize(text: str) -> str:
    """The msgid form of a segment: whitespace runs (NBSP, newlines) become one space."""
    return " ".join(text.split())


def segment_line(segment: Segment) -> int | None:
    line = segment.block.location.line
    if line is None:
        return None
    # Inline codes may hold line breaks of their own (a Markdown hard break).
    before = restore_codes(segment.block.text[: segment.start], segment.block.codes)
    return line + before.count("\n")


def translatable_segments(document: Document,
                          sentence_starts: Collection[str] = ()) -> list[Segment]:
    """`sentence_starts`: the glossary's names that may start a sentence in lowercase."""
    segments: list[Segment] = []
    for block in document.blocks:
        if block.translatable and block.role is not Role.CODE:
            segments.extend(segment_block(block, sentence_starts))
    return segments


def build_units(documents: Iterable[Document], *,
                sentence_starts: Collection[str] = ()) -> list[Unit]:
    """One unit per unique (msgctxt, msgid), in order of first appearance.

    `sentence_starts` (the glossary's `sentence_starts`) must be the same wherever a
    release is segmented, in extract, translate and build, or the units differ."""
    occurrences: list[tuple[str, Occurrence]] = []
    for document in documents:
        for segment in translatable_segments(document, sentence_starts):
            msgid = normalize(segment.text)
            if not inline.has_text(msgid):
                continue  # nothing but codes (an image on its own): nothing to translate
            location = Location(segment.block.location.path, segment_line(segment))
            occurrences.append((msgid, Occurrence(location, segment.block.comment, segment)))
    ambiguous = _ambiguous(occurrences)
    grouped: dict[tuple[str | None, str], list[Occurrence]] = {}
    for msgid, occurrence in occurrences:
        role = occurrence.segment.block.role
        msgctxt = role.value if msgid in ambiguous else None
        grouped.setdefault((msgctxt, msgid), []).append(occurrence)
    return [Unit(msgid, msgctxt, tuple(found)) for (msgctxt, msgid), found in grouped.items()]


def _ambiguous(occurrences: list[tuple[str, Occurrence]]) -> set[str]:
    kinds: dict[str, set[bool]] = {}
    for msgid, occurrence in occurrences:
        if len(msgid.split()) <= SHORT_WORDS:
            kinds.setdefault(msgid, set()).add(occurrence.segment.block.role in LABEL_ROLES)
    return {msgid for msgid, seen in kinds.items() if len(seen) > 1}


def block_texts(units: Iterable[Unit], lookup: Callable[[Unit], str | None]) -> dict[Block, str]:
    """Each block's text with its segments replaced by `lookup(unit)`.

    A segment whose lookup is None (untranslated) or equal to the msgid keeps
    its exact source text, NBSPs included. Whitespace between segments is kept.
    """
    replacements: dict[Block, list[tuple[Segment, str]]] = {}
    for unit in units:
        target = lookup(unit)
        for occurrence in unit.occurrences:
            segment = occurrence.segment
            text = segment.text if target is None or target == unit.msgid else target
            replacements.setdefault(segment.block, []).append((segment, text))
    result: dict[Block, str] = {}
    for block, pieces in replacements.items():
        parts, cursor = [], 0
        for segment, text in sorted(pieces, key=lambda piece: piece[0].start):
            parts.append(block.text[cursor : segment.start])
            parts.append(text)
            cursor = segment.end
        parts.append(block.text[cursor:])
        result[block] = "".join(parts)
    return result


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
