"""`pipeline report`: the command behind `make report LANG=de`."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.config import load_settings
from pipeline.errors import InputError
from pipeline.names import resolve_languages


@click.command("report")
@click.option("--lang", "-l", "lang",
              help="Target language(s), comma-separated (default: the configured languages).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (default: build/report-<lang>.html).")
@click.option("--glossary", "-g", "glossaries", multiple=True, type=click.Path(),
              help="Glossary file(s) (default: those in [tool.pipeline]).")
def report_command(lang: str | None, output: Path | None, glossaries: tuple[str, ...]) -> None:
    """Write one self-contained HTML page for reviewers: source and target side by side,
    state badges, MT confidence, glossary terms highlighted and findings inline.

    \b
    Examples:
      pipeline report --lang de
      pipeline report --lang de -o /tmp/review.html
    """
    from pipeline.report import build_report, default_output, write_report

    settings = load_settings()
    languages = resolve_languages(lang, settings)
    if output is not None and len(languages) > 1:
        raise InputError("--output takes one language; pass --lang with a single code")
    for language in languages:
        report = build_report(settings, language, glossaries)
        target = output or default_output(settings, language)
        write_report(report, target)
        totals = report.totals
        click.echo(
            f"{language}: wrote {_display(target)}: {totals.segments} segments in "
            f"{len(report.sections)} release(s); {totals.reviewed} reviewed, {totals.mt} MT draft, "
            f"{totals.tm} TM, {totals.untranslated} untranslated; "
            f"{_plural(totals.errors, 'error')}, {_plural(totals.warnings, 'warning')}; "
            f"{totals.recovery} needed recovery"
        )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
