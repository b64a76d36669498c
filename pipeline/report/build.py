"""Collect what the review report shows: the PO files of one language, their findings
from the checks, and the glossary used to highlight terms."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from pipeline.catalogs.po import read_po
from pipeline.checks import select_checks
from pipeline.checks.runner import check_paths, glossary_language, load_glossary
from pipeline.config import Settings
from pipeline.errors import InputError, Location
from pipeline.report.model import ReviewReport, build_section

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


def locale_dir(settings: Settings, language: str) -> Path:
    """`<locales>/<language>`; a code that is not a language code never becomes a path."""
    if not _LANGUAGE_CODE.match(language):
        raise InputError(f"invalid language code {language!r} (use ISO 639-1 such as de, fr, es)")
    return settings.path(settings.locales) / language


def report_files(settings: Settings, language: str) -> list[str]:
    directory = locale_dir(settings, language)
    files = sorted(directory.glob("*.po")) if directory.is_dir() else []
    if not files:
        raise InputError(
            f"no PO files for {language}; run `make translate LANG={language}` first",
            Location(_display(directory)),
        )
    return [_display(path) for path in files]


def build_report(
    settings: Settings,
    language: str,
    glossary_paths: Sequence[str | os.PathLike] = (),
) -> ReviewReport:
    """Read every `<locales>/<language>/*.po`, run the enabled checks, build the rows.

    Raises InputError (PoFileError, GlossaryError) on unreadable input.
    """
    files = report_files(settings, language)
    glossary = load_glossary(glossary_paths, settings)
    checks = select_checks(settings.check.disable, Location(str(settings.path("pyproject.toml"))))
    checked = check_paths(files, settings, checks=checks, glossary=glossary)
    by_path: dict[str, list] = {path: [] for path in files}
    for finding in checked.findings:
        by_path.setdefault(finding.path, []).append(finding)
    lang_key = glossary_language(language.replace("-", "_"), glossary)
    sections = tuple(
        build_section(Path(path).stem, path, read_po(path), by_path[path], glossary, lang_key)
        for path in files
    )
    return ReviewReport(
        language=language,
        source_language=settings.source_language,
        sections=sections,
        glossary_paths=tuple(_display(Path(p)) for p in glossary.paths),
        checks_run=tuple(check.id for check in checks),
    )


def default_output(settings: Settings, language: str) -> Path:
    return settings.path(settings.build) / f"report-{language}.html"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
