"""Where translation stands: counts per language and release from `locales/<lang>/*.po`.

Counts are over active (non-obsolete) entries, one per unique segment:
translated = reviewed (msgstr, not fuzzy); fuzzy = drafts; untranslated = empty
msgstr. MT and TM say where the current msgstr came from (its "MT:" / "TM:"
note, pipeline.catalogs.metadata), reviewed or not. Words are the msgids' source words
in each state, counted as Translate Toolkit's `pocount` counts them
(pipeline.catalogs.words). Glossary findings come from the glossary checks of `pipeline
check`, fuzzy drafts included; "stale" says that the release changed after the PO was made
(the catalog.stale check).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.catalogs.metadata import Origin, Status, entry_meta
from pipeline.catalogs.model import Catalog
from pipeline.catalogs.po import read_po
from pipeline.catalogs.words import source_words
from pipeline.config import Settings
from pipeline.language import Language, from_folder

GlossaryCounter = Callable[[Sequence[Path], Settings], "dict[Path, int] | None"]


@dataclass(frozen=True)
class ReleaseStats:
    language: str
    release: str
    segments: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    mt: int = 0
    tm: int = 0
    words: int = 0  # source words, as pocount counts them
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    glossary: int | None = None  # None: no glossary to check against
    stale: bool = False  # the release changed after the PO was made (catalog.stale)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.segments if self.segments else 100.0


def catalog_stats(catalog: Catalog, language: str, release: str,
                  glossary: int | None = None, stale: bool = False) -> ReleaseStats:
    counts = dict.fromkeys(_COUNTS, 0)
    column = {Status.REVIEWED: "translated", Status.DRAFT: "fuzzy", Status.NEW: "untranslated"}
    for entry in catalog.active():
        meta = entry_meta(entry)
        words = source_words(entry)
        counts["segments"] += 1
        counts["words"] += words
        counts[column[meta.status]] += 1
        counts[f"{column[meta.status]}_words"] += words
        if meta.origin is Origin.MT:
            counts["mt"] += 1
        elif meta.origin is Origin.TM:
            counts["tm"] += 1
    return ReleaseStats(language, release, glossary=glossary, stale=stale, **counts)


def po_files(settings: Settings, languages: Sequence[Language] = ()
             ) -> list[tuple[str, Path]]:
    """(language tag, path) of every `locales/<lang>/*.po`, the folder spelled de_CH or
    de-CH; templates/ and folders that name no language are skipped."""
    locales = settings.path(settings.locales)
    if not locales.is_dir():
        return []
    found = []
    for folder in sorted(p for p in locales.iterdir() if p.is_dir()):
        language = from_folder(folder.name)
        if language is None or (languages and language not in languages):
            continue
        found.extend((language.tag, path) for path in sorted(folder.glob("*.po")))
    return found


def glossary_findings(paths: Sequence[Path], settings: Settings) -> dict[Path, int] | None:
    """Findings of the enabled glossary checks per PO file; None when no glossary exists."""
    from pipeline.checks import select_checks
    from pipeline.checks.runner import check_paths, load_glossary

    if not settings.glossaries or not all(settings.path(g).is_file() for g in settings.glossaries):
        return None
    # The glossary column counts the glossary checks' findings (their family of ids).
    checks = [c for c in select_checks(settings.check.disable, enable=settings.check.enable)
              if c.id.startswith("glossary.")]
    report = check_paths([str(p) for p in paths], settings, checks=checks,
                         glossary=load_glossary([], settings))
    counts = {path: 0 for path in paths}
    by_name = {str(path): path for path in paths}
    for finding in report.findings:
        if finding.path in by_name:
            counts[by_name[finding.path]] += 1
    return counts


def collect(settings: Settings, languages: Sequence[Language] = (),
            glossary_counter: GlossaryCounter = glossary_findings) -> list[ReleaseStats]:
    files = po_files(settings, languages)
    findings = glossary_counter([path for _, path in files], settings) if files else None
    catalogs = [(language, path, read_po(path)) for language, path in files]
    stale = _stale(settings, [(path, catalog) for _, path, catalog in catalogs])
    return [
        catalog_stats(catalog, language, path.stem,
                      None if findings is None else findings.get(path, 0), path in stale)
        for language, path, catalog in catalogs
    ]


def _stale(settings: Settings, catalogs: Sequence[tuple[Path, Catalog]]) -> set[Path]:
    """The POs whose release changed since they were made (the catalog.stale check)."""
    from pipeline.catalogs.provenance import DIGEST_HEADER, stale_reason
    from pipeline.checks.runner import load_glossary
    from pipeline.glossary.model import Glossary

    if not any(catalog.header.get(DIGEST_HEADER) for _, catalog in catalogs):
        return set()
    have = settings.glossaries and all(settings.path(g).is_file() for g in settings.glossaries)
    glossary = load_glossary([], settings) if have else Glossary()
    return {path for path, catalog in catalogs
            if stale_reason(catalog, settings.root, glossary) is not None}


def totals(rows: Sequence[ReleaseStats]) -> ReleaseStats:
    def add(name: str) -> int:
        return sum(getattr(row, name) for row in rows)

    glossary = [row.glossary for row in rows if row.glossary is not None]
    return ReleaseStats("all", "total", *(add(n) for n in _COUNTS),
                        glossary=sum(glossary) if glossary else None,
                        stale=any(row.stale for row in rows))


_COUNTS = ("segments", "translated", "fuzzy", "untranslated", "mt", "tm", "words",
           "translated_words", "fuzzy_words", "untranslated_words")
HEADINGS = ("language", "release", "segments", "translated", "fuzzy", "untranslated",
            "words (t/f/u)", "MT", "TM", "glossary", "source")


def format_table(rows: Sequence[ReleaseStats]) -> str:
    """A plain aligned table, one row per language and release, then the totals."""
    lines = [HEADINGS] + [_cells(row) for row in [*rows, totals(rows)]]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADINGS))]

    def render(cells: Sequence[str]) -> str:
        left = [cells[i].ljust(widths[i]) for i in range(2)]
        right = [cells[i].rjust(widths[i]) for i in range(2, len(cells))]
        return "  ".join(left + right).rstrip()

    rule = "  ".join("-" * width for width in widths)
    body = [render(cells) for cells in lines[1:-1]]
    return "\n".join([render(lines[0]), rule, *body, rule, render(lines[-1])]) + "\n"


def _cells(row: ReleaseStats) -> tuple[str, ...]:
    translated = f"{row.translated} ({row.percent:.0f}%)"
    glossary = "-" if row.glossary is None else str(row.glossary)
    source = "stale" if row.stale else "current"
    words = (f"{row.words} ({row.translated_words}/{row.fuzzy_words}/"
             f"{row.untranslated_words})")
    return (row.language, row.release, str(row.segments), translated, str(row.fuzzy),
            str(row.untranslated), words, str(row.mt), str(row.tm), glossary, source)


def to_json(rows: Sequence[ReleaseStats]) -> str:
    def record(row: ReleaseStats) -> dict:
        return {**asdict(row), "percent_translated": round(row.percent, 1)}

    data = {"releases": [record(row) for row in rows], "total": record(totals(rows))}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
