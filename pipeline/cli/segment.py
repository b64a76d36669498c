"""`pipeline segment FILE`: show how a release is cut into sentences, for checking."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.config import load_settings


@click.command("segment")
@click.argument("file", type=click.Path(path_type=Path))
def segment_command(file: Path) -> None:
    """Print each segment of FILE with its line number and role."""
    from pipeline.brands import Brands
    from pipeline.catalogs.units import normalize, segment_line, translatable_segments
    from pipeline.documents import read_document

    settings = load_settings()
    document = read_document(file, settings.root)
    # Cut as extract and translate cut it: the release's brand glossaries name the
    # lowercase words that may start a sentence.
    starts = Brands(settings).glossary(document.path).sentence_starts
    segments = translatable_segments(document, starts)
    width = max((len(segment.block.comment) for segment in segments), default=0)
    for segment in segments:
        line = segment_line(segment)
        click.echo(f"{line:>5}  {segment.block.comment:<{width}}  {normalize(segment.text)}")
    click.echo(f"{len(segments)} segments in {document.path}")
