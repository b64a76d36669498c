"""The list of commands of the `pipeline` group: adding a command is one entry here.

An entry is `Lazy(name, loader)`: the loader imports the command's module, and the group
calls it only when that command runs or is listed (`pipeline --help`), so `pipeline
check` does not pay for the imports of every other command. A plain click command
appended to ALL is registered as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Lazy:
    """A command whose module is imported only when it is run."""

    name: str  # the command's name; the loaded command must have it
    load: Callable[[], click.Command]


ALL: list[Lazy | click.Command] = []


def _extract() -> click.Command:
    from pipeline.cli.extract import extract_command

    return extract_command


def _segment() -> click.Command:
    from pipeline.cli.segment import segment_command

    return segment_command


def _translate() -> click.Command:
    from pipeline.cli.translate import translate_command

    return translate_command


def _check() -> click.Command:
    from pipeline.cli.check import check

    return check


def _models() -> click.Command:
    from pipeline.cli.models import models_command

    return models_command


def _report() -> click.Command:
    from pipeline.cli.report import report_command

    return report_command


def _build() -> click.Command:
    from pipeline.cli.build import build_command

    return build_command


def _import() -> click.Command:
    from pipeline.cli.import_ import import_command

    return import_command


def _glossary() -> click.Command:
    from pipeline.cli.glossary import glossary

    return glossary


def _tm() -> click.Command:
    from pipeline.cli.tm import tm_group

    return tm_group


def _stats() -> click.Command:
    from pipeline.cli.stats import stats_command

    return stats_command


ALL.append(Lazy("extract", _extract))
ALL.append(Lazy("segment", _segment))
ALL.append(Lazy("translate", _translate))
ALL.append(Lazy("check", _check))
ALL.append(Lazy("models", _models))
ALL.append(Lazy("report", _report))
ALL.append(Lazy("build", _build))
ALL.append(Lazy("import", _import))
ALL.append(Lazy("glossary", _glossary))
ALL.append(Lazy("tm", _tm))
ALL.append(Lazy("stats", _stats))
