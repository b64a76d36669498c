"""`pipeline tm export`: the approved translations of one language as TMX 1.4b."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.config import load_settings


@click.group("tm")
def tm_group() -> None:
    """Translation memory of the approved (reviewed) translations in locales/."""


@tm_group.command("export")
@click.option("--lang", "-l", "lang", required=True, help="Target language, e.g. de.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True),
              help="Where the TMX goes (default: build/tm/<lang>.tmx; - for stdout).")
def export_command(lang: str, output: str | None) -> None:
    """Write every approved pair of a language as TMX 1.4b for CAT tools.

    \b
    Examples:
      pipeline tm export --lang de
      pipeline tm export --lang de -o ~/memories/smart-de.tmx
      pipeline tm export --lang fr -o - | xmllint --noout -
    """
    from pipeline import atomic
    from pipeline.errors import InputError
    from pipeline.files import display_path
    from pipeline.memory.tmx import approved_pairs, tmx_bytes
    from pipeline.names import inside, locale_dir, safe_language

    settings = load_settings()
    language = safe_language(lang)
    folder = locale_dir(settings, language)
    if not any(folder.glob("*.po")):
        raise InputError(f"no PO files for {language}; run `make translate "
                         f"LANG={language.tag}` first", display_path(folder))
    from pipeline.checks.gate import MemoryGate

    gate = MemoryGate(settings)
    pairs = approved_pairs(folder, lambda catalog, entry: gate.admits(catalog, entry))
    data = tmx_bytes(pairs, settings.source_language, language.tag)
    if output == "-":
        click.echo(data.decode("utf-8"), nl=False)
        return
    target = Path(output) if output else inside(settings.path(settings.build) / "tm",
                                                f"{language.tag}.tmx")
    atomic.write_bytes(target, data)
    click.echo(f"{display_path(target)}: {len(pairs)} approved pair(s) from "
               f"{display_path(folder)}")
