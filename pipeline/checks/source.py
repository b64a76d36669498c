"""Brand QA on the English releases themselves (`pipeline check --source`).

The glossary checks that make sense on a source (`on_source`: forbidden spellings and
casing slips, e.g. "SMART #1", "Smart customers") run over every segment of every
release, segmented exactly as `translate` does, and report at `release:line` with the
same severities and output formats as the catalog checks. `translate` and `extract` print
the same findings as warnings and write each into its PO entry as a note (source_notes).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from pipeline.catalogs.units import Unit, build_units
from pipeline.checks.base import Check, CheckContext, Finding
from pipeline.config import Settings
from pipeline.documents import read_documents
from pipeline.documents.model import Document
from pipeline.glossary.model import Glossary
from pipeline.language import Language

SOURCE_NOTE = "source QA: "


def source_checks(checks: Sequence[Check]) -> tuple[Check, ...]:
    return tuple(check for check in checks if check.on_source)


def check_documents(documents: Sequence[Document], settings: Settings,
                    glossary: Glossary | Callable[[Document], Glossary],
                    checks: Sequence[Check]) -> tuple[list[Finding], int]:
    """Findings on the releases' English, in release and line order, and the number of
    segments checked. `glossary` may be one per release (several brands)."""
    chosen = source_checks(checks)
    findings: list[Finding] = []
    segments = 0
    for document in documents:
        mine = glossary(document) if callable(glossary) else glossary
        units = build_units([document], sentence_starts=mine.sentence_starts)
        segments += len(units)
        if chosen and mine.terms:
            findings.extend(unit_findings(units, document.path, settings, mine, chosen))
    return sorted(findings, key=lambda f: (f.path, f.line, f.column or 0, f.check)), segments


def unit_findings(units: Sequence[Unit], path: str, settings: Settings, glossary: Glossary,
                  checks: Sequence[Check]) -> list[Finding]:
    context = _context(path, settings, glossary)
    found: list[Finding] = []
    for unit in units:
        for check in checks:
            for problem in check.check_pair(unit.msgid, unit.msgid, context):
                for occurrence in unit.occurrences:
                    found.append(Finding(check.id, check.severity, problem,
                                         occurrence.location.path,
                                         occurrence.location.line or 1, unit.msgid))
    return found


def check_releases(paths: Sequence[str | os.PathLike], settings: Settings,
                   glossary: Glossary | None, checks: Sequence[Check]
                   ) -> tuple[list[Finding], list[str], int]:
    """(findings, release paths, segments checked) for `check --source`; without a given
    glossary, each release's brand glossaries (pipeline.brands)."""
    given = [str(p) for p in paths] or [str(settings.path(settings.releases))]
    documents = read_documents(given, settings.root)
    chosen = glossary if glossary is not None else _by_brand(settings)
    found, segments = check_documents(documents, settings, chosen, checks)
    return found, [d.path for d in documents], segments


def _by_brand(settings: Settings) -> Callable[[Document], Glossary]:
    from pipeline.brands import Brands

    brands = Brands(settings)
    return lambda document: brands.glossary(document.path)


def notes_by_msgid(findings: Sequence[Finding]) -> dict[str, list[str]]:
    """The `#.` notes translate and extract write into the affected PO entries."""
    notes: dict[str, list[str]] = {}
    for finding in findings:
        line = f"{SOURCE_NOTE}{finding.check}: {finding.message}"
        if line not in notes.setdefault(finding.msgid, []):
            notes[finding.msgid].append(line)
    return notes


def _context(path: str, settings: Settings, glossary: Glossary) -> CheckContext:
    source = Language.parse(settings.source_language)
    return CheckContext(path=path, language=source, glossary=glossary,
                        glossary_language=source, settings=settings.check, root=settings.root,
                        source_text=True)
