"""`pipeline models`: list and install Argos translation models.

Only `models install` may use the network, and only when given a language code.
"""

from __future__ import annotations

from pathlib import Path

import click


@click.group("models")
def models_command() -> None:
    """List and install Argos translation models (offline from an .argosmodel file)."""


@models_command.command("list")
def list_models() -> None:
    """Show the installed models: pair, version, folder."""
    from pipeline.engines import packages

    models = packages.installed_models()
    if not models:
        click.echo(f"no Argos models installed in {packages.packages_dir()}; "
                   'install one with "pipeline models install de" or '
                   '"pipeline models install FILE.argosmodel"')
        return
    for model in models:
        click.echo(f"{model.pair}\t{model.version}\t{model.path}")


@models_command.command("install")
@click.argument("what", nargs=-1, required=True)
@click.option("--from", "source", default=None, metavar="LANG",
              help="Source language of the model (default: source_language, usually en).")
@click.option("--progress/--no-progress", default=None,
              help="Show a download progress bar (default: when stderr is a terminal).")
def install_models(what: tuple[str, ...], source: str | None, progress: bool | None) -> None:
    """Install models: language codes (de fr, or de,fr) from the Argos package index
    (ARGOS_PACKAGE_INDEX), or .argosmodel files without network."""
    from pipeline.config import load_settings
    from pipeline.engines import packages

    source = source or load_settings().source_language
    for item in _items(what):
        if item.endswith(".argosmodel") or Path(item).is_file():
            model = packages.install_file(item)
        else:
            model = packages.install_from_index(source, item, progress)
        click.echo(f"installed {model.pair} {model.version} in {model.path}")


def _items(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
