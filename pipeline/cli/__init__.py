"""The `pipeline` command. Only this layer turns exceptions into messages and exit codes.

Each command lives in its own module under pipeline/cli/ and is added to the group
below. Command modules import heavy machinery (engines) inside the command body,
so `pipeline --help`, `check` and `extract` start fast.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable

import click

from pipeline import __version__
from pipeline.errors import PipelineError

EXIT_INPUT = 2
GC_THRESHOLD = 50_000  # allocations between young-generation collections (default 700)


class PipelineGroup(click.Group):
    """Turns PipelineError into `pipeline: <file>:<line>: <reason>` and exit code 2.

    Commands registered lazily (pipeline/cli/commands.py) are imported on first use."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, Callable[[], click.Command]] = {}

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        load = self.lazy.pop(cmd_name, None)
        if load is not None:
            command = load()
            if command.name != cmd_name:
                raise RuntimeError(f"command {cmd_name!r} loaded as {command.name!r}")
            self.add_command(command)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

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
    # A command is one short run that builds many small objects (catalog entries,
    # findings) and frees them at exit; the cyclic collector's default thresholds made
    # it scan them over and over, about a tenth of `pipeline check`'s time.
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def run() -> None:
    """`pipeline` as a process (the console script and `python -m pipeline`): `main`, and
    at the end everything left frozen, so that the collector's passes at interpreter exit
    skip it. They walked every object of the run, a tenth of a 50-file `check`."""
    try:
        main()
    finally:
        gc.freeze()


def _register() -> None:
    from pipeline.cli import commands

    for command in commands.ALL:
        if isinstance(command, commands.Lazy):
            main.lazy[command.name] = command.load
        else:
            main.add_command(command)


_register()
