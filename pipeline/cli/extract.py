"""`pipeline extract`: releases -> locales/templates/<release>.pot."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.config import load_settings


@click.command("extract")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--output-dir",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the templates go (default: <locales>/templates).",
)
def extract_command(paths: tuple[Path, ...], output_dir: Path | None) -> None:
    """Write one PO template per release (files or directories; default: releases/)."""
    from pipeline.brands import Brands
    from pipeline.catalogs.extract import extract
    from pipeline.catalogs.po import read_po
    from pipeline.files import display_path

    settings = load_settings()
    # Segmented as `pipeline translate` does: the lowercase names of the release's brand
    # glossaries may start a sentence.
    brands = Brands(settings)
    if not paths:
        paths = (settings.path(settings.releases),)
    out_dir = output_dir or settings.path(settings.locales) / "templates"
    slips = _source_qa(paths, settings)
    for template in extract(paths, out_dir, root=settings.root,
                            hints=lambda msgid: slips.get(msgid, []),
                            sentence_starts=lambda d: brands.glossary(d.path).sentence_starts):
        count = len(read_po(template).active())
        click.echo(f"{display_path(template)}: {count} entries")


def _source_qa(paths, settings) -> dict[str, list[str]]:
    """Slips of glossary terms in the English: warned about, and noted in their entries
    (`#. source QA: …`), as `pipeline translate` does."""
    from pipeline.checks import select_checks
    from pipeline.checks.source import check_releases, notes_by_msgid

    findings, _, _ = check_releases(paths, settings, None,
                                    select_checks(settings.check.disable,
                                                  enable=settings.check.enable))
    for finding in findings:
        click.echo(f"pipeline: warning: {finding.path}:{finding.line}: {finding.check}: "
                   f"{finding.message} (the English itself)", err=True)
    return notes_by_msgid(findings)
