"""A report format renders a Report as one string; the CLI writes it to stdout or a file."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from pipeline.checks.runner import Report


class Format:
    name: ClassVar[str]
    description: ClassVar[str]
    # Machine formats keep stdout parseable: the summary line goes to stderr instead.
    machine: ClassVar[bool] = True

    def render(self, report: Report) -> str:
        raise NotImplementedError
