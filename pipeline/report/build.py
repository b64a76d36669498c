"""Collect what the review report shows: the PO files of one language, their findings
from the checks, and the glossary used to highlight terms."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pipeline.brands import Brands
from pipeline.catalogs.po import read_po
from pipeline.checks import select_checks
from pipeline.checks.runner import check_paths, load_glossary, release_path
from pipeline.config import Settings
from pipeline.errors import InputError, Location
from pipeline.language import Language
from pipeline.names import locale_dir
from pipeline.report.model import ReviewReport, build_section


def report_files(settings: Settings, language: Language | str) -> list[str]:
    language = Language.coerce(language)  # never a path such as ../x
    directory = locale_dir(settings, language)
    files = sorted(directory.glob("*.po")) if directory.is_dir() else []
    if not files:
        raise InputError(
            f"no PO files for {language}; run `make translate LANG={language.tag}` first",
            Location(_display(directory)),
        )
    return [_display(path) for path in files]


def build_report(
    settings: Settings,
    language: Language | str,
    glossary_paths: Sequence[str | os.PathLike] = (),
) -> ReviewReport:
    """Read every `<locales>/<language>/*.po`, run the enabled checks, build the rows.

    Raises InputError (PoFileError, GlossaryError) on unreadable input.
    """
    language = Language.coerce(language)
    files = report_files(settings, language)
    # Several brands: each file is checked and marked with its own brand's glossaries.
    by_brand = settings.brands and not glossary_paths
    glossary = None if by_brand else load_glossary(glossary_paths, settings)
    checks = select_checks(settings.check.disable, Location(str(settings.path("pyproject.toml"))),
                           enable=settings.check.enable)
    checked = check_paths(files, settings, checks=checks, glossary=glossary)
    brands = Brands(settings)

    def glossary_of(catalog):
        return glossary if glossary is not None else brands.glossary(
            release_path(catalog, settings))
    by_path: dict[str, list] = {path: [] for path in files}
    for finding in checked.findings:
        by_path.setdefault(finding.path, []).append(finding)
    catalogs = {path: read_po(path) for path in files}
    sections = tuple(
        build_section(Path(path).stem, path, catalogs[path], by_path[path],
                      glossary_of(catalogs[path]), language)
        for path in files
    )
    used = [glossary] if glossary is not None else [glossary_of(c) for c in catalogs.values()]
    return ReviewReport(
        language=language.tag,
        source_language=settings.source_language,
        sections=sections,
        glossary_paths=tuple(dict.fromkeys(_display(Path(p)) for g in used for p in g.paths)),
        checks_run=tuple(check.id for check in checks),
    )


def default_output(settings: Settings, language: Language | str) -> Path:
    return settings.path(settings.build) / f"report-{Language.coerce(language).tag}.html"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
