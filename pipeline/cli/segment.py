"""`pipeline segment FILE`: show how a release is cut into sentences, for checking."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("segment")
@click.argument("file", type=click.Path(path_type=Path))
def segment_command(file: Path) -> None:
    """Print each segment of FILE with its line number and role."""
    from pipeline.catalogs.units import normalize, segment_line, translatable_segments
    from pipeline.documents import read_document

    document = read_document(file)
    segments = translatable_segments(document)
    width = max((len(segment.block.comment) for segment in segments), default=0)
    for segment in segments:
        line = segment_line(segment)
        click.echo(f"{line:>5}  {segment.block.comment:<{width}}  {normalize(segment.text)}")
    click.echo(f"{len(segments)} segments in {document.path}")
