"""`pipeline stats`: the command behind `make stats`."""

from __future__ import annotations

import click

from pipeline.config import load_settings


@click.command("stats")
@click.option("--lang", "-l", "lang", help="Only these languages, comma-separated: de or de,fr.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="An aligned table, or JSON for scripts.")
def stats_command(lang: str | None, output_format: str) -> None:
    """Segments, translated, fuzzy, untranslated, source words (as pocount counts them),
    MT, TM and glossary findings per language and release, from locales/<lang>/*.po.

    \b
    Examples:
      pipeline stats
      pipeline stats --lang de --format json
    """
    from pipeline.catalogs.stats import collect, format_table, to_json
    from pipeline.language import parse_list

    settings = load_settings()
    languages = parse_list(lang or "", source=None)
    rows = collect(settings, languages)
    if output_format == "json":
        click.echo(to_json(rows), nl=False)
        return
    if not rows:
        click.echo(f"no PO files under {settings.locales}/<lang>/; "
                   "run `make translate LANG=de` first", err=True)
        return
    click.echo(format_table(rows), nl=False)
    if rows and rows[0].glossary is None:
        click.echo("glossary: - (no glossary file found; see glossaries in [tool.pipeline])",
                   err=True)
