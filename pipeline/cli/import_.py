"""`pipeline import`: an XLIFF back from a CAT tool updates the release's PO file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.config import load_settings

EXIT_REFUSED = 1


@click.command("import")
@click.argument("xliff", type=click.Path(path_type=Path))
@click.option("--po", "po_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The PO to update (default: locales/<target-language>/<release>.po).")
@click.option("--base", "base_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The XLIFF as it was sent to the translator, for exact conflict detection.")
@click.option("--theirs", is_flag=True,
              help="On a conflict take the XLIFF's target instead of keeping the PO's.")
@click.option("--allow-code-changes", is_flag=True,
              help="Accept targets whose inline codes or placeholders differ from the "
                   "source's (a dropped bold or link); by default such a unit is refused.")
@click.option("--wait", type=float, default=0, show_default=True,
              help="Seconds to wait for another run holding the same locale.")
def import_command(xliff: Path, po_path: Path | None, base_path: Path | None, theirs: bool,
                   allow_code_changes: bool, wait: float) -> None:
    """Apply the confirmed targets of an XLIFF 1.2 or 2.x file to its PO file.

    Exit code 0 when every unit was applied or already there, 1 when some were
    refused (conflict, unknown id, changed source, changed inline codes; each listed
    with file:line),
    2 when the XLIFF or the PO cannot be read (nothing is written).

    \b
    Examples:
      pipeline import ~/Downloads/2024-01-19-x.xlf
      pipeline import returned.xlf --po locales/de/2024-01-19-x.po
      pipeline import returned.xlf --base sent.xlf
    """
    from pipeline.catalogs.importer import import_xliff
    from pipeline.files import display_path

    result = import_xliff(xliff, load_settings(), po_path=po_path, base_path=base_path,
                          theirs=theirs, allow_code_changes=allow_code_changes, wait=wait)
    for refused in result.refused:
        click.echo(f"pipeline: {refused}", err=True)
    click.echo(result.summary())
    if result.regenerated is not None:
        click.echo(f"  regenerated {display_path(result.regenerated)} from the PO")
    if result.refused:
        sys.exit(EXIT_REFUSED)
