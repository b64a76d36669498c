"""`pipeline check [PATHS]`: glossary and QA checks on PO files, for people and CI."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.checks.formats import FORMAT_NAMES, get_format
from pipeline.errors import InputError, Location

FAIL_ON = ("error", "warning", "never")


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--include-fuzzy/--skip-fuzzy", default=True, show_default=True,
    help="Check fuzzy entries too (machine output is fuzzy until a translator approves it).",
)
@click.option(
    "--fail-on", type=click.Choice(FAIL_ON), default=None,
    help="Exit 1 on findings of this severity or worse [default: from pyproject, else error].",
)
@click.option("--disable", "disabled", multiple=True, metavar="ID",
              help="Switch a check off (repeatable), e.g. --disable qa.doubled-word.")
@click.option("--enable", "enabled", multiple=True, metavar="ID",
              help="Switch on a check that is off by default (repeatable).")
@click.option("--glossary", "glossaries", multiple=True, metavar="FILE",
              type=click.Path(path_type=Path),
              help="Glossary file (repeatable) [default: glossaries from pyproject].")
@click.option("--max-untranslated", type=click.FloatRange(0, 100), default=None,
              metavar="PERCENT",
              help="qa.completeness fires above this share of untranslated+fuzzy entries.")
@click.option("--format", "format_name", type=click.Choice(FORMAT_NAMES), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of stdout.")
@click.option("--source", "source_only", is_flag=True,
              help="Check the English of the releases instead (PATHS: release files or "
                   "folders, default: releases/): forbidden spellings and casing slips.")
@click.option("--with-source", is_flag=True,
              help="Check the catalogs and the releases' English in one report (make check).")
@click.option("--list-checks", is_flag=True, help="List the checks with their ids and exit.")
def check(paths, include_fuzzy, fail_on, disabled, enabled, glossaries, max_untranslated,
          format_name, output, source_only, with_source, list_checks) -> None:
    """Check PO files (default: every locales/*/*.po) against the glossary and QA rules.
    With --source, check the releases' English (release:line); with --with-source, both.

    PATHS may be PO files or directories. Exit status: 0 clean, 1 findings at or
    above --fail-on, 2 unreadable input (PO file, glossary, path).
    """
    from pipeline.checks import ALL_CHECKS, select_checks
    from pipeline.checks.runner import (
        check_paths,
        helpers_started,
        load_glossary,
        source_report,
        with_threshold,
    )
    from pipeline.config import load_settings

    if list_checks:
        for item in ALL_CHECKS:
            click.echo(f"{item.id:<22} {item.severity.value:<8} {item.description}")
        return
    settings = with_threshold(load_settings(), max_untranslated)
    pyproject = Location(str(settings.root / "pyproject.toml"))
    fail_on = fail_on or settings.check.fail_on
    if fail_on not in FAIL_ON:
        raise InputError(f"[tool.pipeline.check] fail_on must be one of {', '.join(FAIL_ON)}",
                         pyproject)
    select_checks(settings.check.disable, pyproject, settings.check.enable)
    checks = select_checks((*settings.check.disable, *disabled), Location("--disable"),
                           (*settings.check.enable, *enabled))
    wants_source = source_only or with_source
    # With several brands (and no --glossary), each file gets its own brand's glossaries.
    per_brand = settings.brands and not glossaries
    wanted = wants_source or _needs_glossary(checks)
    if source_only:
        glossary = load_glossary(glossaries, settings) if not per_brand else None
        report = source_report(paths, settings, checks, glossary)
    else:
        with helpers_started(paths, settings, checks):
            glossary = load_glossary(glossaries, settings) if wanted and not per_brand else None
            report = check_paths(paths, settings, include_fuzzy=include_fuzzy, checks=checks,
                                 glossary=glossary)
        if with_source:
            report = report.merged(source_report((), settings, checks, glossary))
    _emit(get_format(format_name), report, output)
    for problem in report.unreadable:  # after the good files' findings, as promised
        click.echo(f"pipeline: {problem}", err=True)
    raise SystemExit(report.exit_code(fail_on))


def _needs_glossary(checks) -> bool:
    return any("glossary" in item.needs for item in checks)


def _emit(fmt, report, output: Path | None) -> None:
    text = fmt.render(report)
    if output is not None:
        from pipeline import atomic  # and filelock: only when a file is written

        atomic.write_text(output, text)
        click.echo(report.summary(), err=fmt.machine)
    else:
        click.echo(text, nl=False)
        if fmt.machine:
            click.echo(report.summary(), err=True)
