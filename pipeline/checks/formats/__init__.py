"""Report formats of `pipeline check`; adding one is one class and one line in FORMATS."""

from __future__ import annotations

from pipeline.checks.formats.base import Format
from pipeline.checks.formats.github import GithubFormat
from pipeline.checks.formats.jsonfmt import JsonFormat
from pipeline.checks.formats.junit import JunitFormat
from pipeline.checks.formats.sarif import SarifFormat
from pipeline.checks.formats.text import TextFormat

FORMATS: tuple[Format, ...] = (TextFormat(), JsonFormat(), JunitFormat(), SarifFormat(),
                               GithubFormat())
FORMAT_NAMES: tuple[str, ...] = tuple(fmt.name for fmt in FORMATS)


def get_format(name: str) -> Format:
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(name)


__all__ = ["FORMATS", "FORMAT_NAMES", "Format", "get_format"]
