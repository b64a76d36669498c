"""The `pipeline` command. Only this layer turns exceptions into messages and exit codes.

Each command lives in its own module under pipeline/cli/ and is added to the group
below. Command modules import heavy machinery (engines) inside the command body,
so `pipeline --help`, `check` and `extract` start fast.
"""

from __future__ import annotations

import sys

import click

from pipeline import __version__
from pipeline.errors import PipelineError

EXIT_INPUT = 2


class PipelineGroup(click.Group):
    """Turns PipelineError into `pipeline: <file>:<line>: <reason>` and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PipelineError as exc:
            click.echo(f"pipeline: {exc}", err=True)
            sys.exit(EXIT_INPUT)
        except KeyboardInterrupt:
            click.echo("pipeline: interrupted; files already written are complete", err=True)
            sys.exit(130)


@click.group(cls=PipelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pipeline")
def main() -> None:
    """Offline press-release localization: extract, translate with a brand glossary,
    check, and build localized releases."""


def _register() -> None:
    from pipeline.cli import commands

    for command in commands.ALL:
        main.add_command(command)


_register()
