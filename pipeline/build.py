"""Localized releases: `locales/<lang>/<release>.po` + the source -> `build/<lang>/<release>.<ext>`.

The source is read again and segmented exactly as `pipeline translate` did, each
segment is replaced by its PO translation, and the format's reader renders every
block back into raw syntax (pipeline.documents.render_document). Everything that
is not a segment (bullets, the dateline's line breaks, tags, attributes, link
targets, entities) is copied from the source, so a PO whose msgstr equals its
msgid rebuilds the source byte for byte.

Which translation a segment gets (docs/build.md):
- reviewed entry (translated, not fuzzy): its msgstr;
- fuzzy entry: the source text with a warning, or the draft with `use_fuzzy`;
- untranslated, or missing from the PO (the source changed since the last
  translate run): the source text with a warning.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pipeline import atomic
from pipeline.brands import Brands
from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import read_po
from pipeline.catalogs.units import Unit, block_texts, build_units
from pipeline.config import Settings
from pipeline.documents import read_documents, render_document
from pipeline.documents.model import Block, Document
from pipeline.errors import InputError, Location
from pipeline.files import display_path
from pipeline.inline import ids, render_problem
from pipeline.language import Language, parse_list
from pipeline.links import Rewrite
from pipeline.names import (
    inside,
    locale_dir,
    refuse_name_clashes,
    refuse_parent_paths,
    safe_release_name,
)


class Fallback(StrEnum):
    """Why a segment kept its source text."""

    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"
    MISSING = "not in the PO"
    BROKEN_CODES = "draft with broken inline codes"


@dataclass(frozen=True)
class FallbackSegment:
    location: Location  # where the segment is in the release
    msgid: str
    reason: Fallback


@dataclass(frozen=True)
class CodeWarning:
    """A reviewed translation used in the build that fails qa.placeholders: it renders,
    but without a bold, a link or a placeholder the source has."""

    location: Location  # the entry in the PO
    msgid: str
    problems: tuple[str, ...]


@dataclass(frozen=True)
class BuildOptions:
    languages: tuple[Language, ...]
    releases: tuple[str, ...] = ()  # release files or directories; default: the releases folder
    use_fuzzy: bool = False
    keep: float = 0.0  # percent of segments that must be translated for a file to be written

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", parse_list(self.languages, source=None))


@dataclass
class BuildResult:
    language: Language
    release: str
    target: Path
    units: int = 0
    translated: int = 0  # reviewed translations used
    drafts: int = 0  # fuzzy drafts used (--use-fuzzy)
    fallbacks: list[FallbackSegment] = field(default_factory=list)
    code_warnings: list[CodeWarning] = field(default_factory=list)
    text: str | bytes = ""  # the localized file: bytes for a binary format (.docx)
    written: bool = False

    @property
    def filled(self) -> int:
        return self.translated + self.drafts

    @property
    def percent(self) -> float:
        return 100.0 if not self.units else 100.0 * self.filled / self.units


# -- one document ----------------------------------------------------------------------------

def localize(document: Document, catalog: Catalog, *, use_fuzzy: bool = False,
             result: BuildResult | None = None,
             sentence_starts: Collection[str] = (),
             links: Rewrite | None = None) -> BuildResult:
    """Fill `result` (text and counts) with the localized document; writes nothing.
    `sentence_starts`: the glossary's, as translate segmented the release; `links`: the
    language's link rules ([tool.pipeline.links])."""
    result = result or BuildResult("", document.name, Path(document.path))
    index = catalog.index()
    units = build_units([document], sentence_starts=sentence_starts)
    result.units = len(units)

    def lookup(unit: Unit) -> str | None:
        target, reason = _choose(index.get((unit.msgctxt, unit.msgid)), unit, use_fuzzy,
                                 catalog.path or "")
        if reason is not None:
            result.fallbacks.extend(
                FallbackSegment(occurrence.location, unit.msgid, reason)
                for occurrence in unit.occurrences
            )
        else:
            entry = index[(unit.msgctxt, unit.msgid)]
            if entry.reviewed:
                result.translated += 1
            else:
                result.drafts += 1
            _check_codes(entry, catalog.path or "", result)
        return target

    result.text = render_document(document, block_texts(units, lookup),
                                  language=result.language or None, links=links)
    return result


def _check_codes(entry: Entry, po_path: str, result: BuildResult) -> None:
    from pipeline.checks.qa import Placeholders

    problems = Placeholders().check_pair(entry.msgid, entry.msgstr)
    if problems and not any(w.msgid == entry.msgid for w in result.code_warnings):
        result.code_warnings.append(
            CodeWarning(Location(display_path(Path(po_path)), entry.line), entry.msgid,
                        tuple(problems)))


def _choose(entry: Entry | None, unit: Unit, use_fuzzy: bool,
            po_path: str) -> tuple[str | None, Fallback | None]:
    if entry is None:
        return None, Fallback.MISSING
    if not entry.msgstr:
        return None, Fallback.UNTRANSLATED
    blocks = [occurrence.segment.block for occurrence in unit.occurrences]
    problem = code_problem(entry.msgstr, entry.msgid, blocks)
    if entry.reviewed:
        if problem:
            raise InputError(f"translation of {_short(entry.msgid)!r}: {problem}",
                             Location(po_path, entry.line))
        return entry.msgstr, None
    if not use_fuzzy:
        return None, Fallback.FUZZY
    return (None, Fallback.BROKEN_CODES) if problem else (entry.msgstr, None)


def code_problem(msgstr: str, msgid: str, blocks: Sequence[Block]) -> str | None:
    """Why `msgstr`'s inline codes cannot be rendered into `blocks`, or None when they can
    (the rules: pipeline.inline.render_problem)."""
    known = ids(msgid)
    for block in blocks:
        known &= {code.id for code in block.codes}
    return render_problem(msgstr, known)


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# -- the job ---------------------------------------------------------------------------------

def build(settings: Settings, options: BuildOptions) -> list[BuildResult]:
    """Read and check every input, then write each localized release that passes `keep`."""
    refuse_parent_paths(options.releases)
    paths = options.releases or (str(settings.path(settings.releases)),)
    documents = read_documents(paths, settings.root)
    refuse_name_clashes(documents)
    brands = Brands(settings)  # each release segmented with its brand's glossary names
    planned: list[tuple[BuildResult, Document, Catalog]] = []
    for language in options.languages:
        folder = locale_dir(settings, language)
        out_dir = settings.path(settings.build) / language.gettext
        for document in documents:
            name = safe_release_name(document.name, document.path)
            po_path = inside(folder, f"{name}.po")
            if not po_path.is_file():
                raise InputError(
                    f"no translations for {language}: {display_path(po_path)} does not exist; "
                    f"run `make translate LANG={language.tag}` first", document.path)
            target = inside(out_dir, f"{name}{Path(document.path).suffix}")
            result = BuildResult(language, name, target)
            planned.append((result, document, read_po(po_path)))
    for result, document, catalog in planned:
        localize(document, catalog, use_fuzzy=options.use_fuzzy, result=result,
                 sentence_starts=brands.glossary(document.path).sentence_starts,
                 links=settings.links.rewrite(result.language))
    for result, _, _ in planned:
        if result.percent >= options.keep:
            text = result.text
            atomic.write_bytes(result.target,
                               text if isinstance(text, bytes) else text.encode("utf-8"))
            result.written = True
    return [result for result, _, _ in planned]
