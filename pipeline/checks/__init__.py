"""`pipeline check`: glossary and QA checks on PO files.

Adding a check means writing one small class and listing it in ALL_CHECKS.
"""

from __future__ import annotations

from pipeline.checks.base import CatalogCheck, Check, CheckContext, Finding, Problem, Severity
from pipeline.checks.brackets import Brackets
from pipeline.checks.catalog import StaleCatalog
from pipeline.checks.codes import Codes
from pipeline.checks.consistency import Consistency
from pipeline.checks.dates import Dates
from pipeline.checks.glossary import BrandCasing, DntAltered, ForbiddenTerm, ForcedMissing
from pipeline.checks.numbers import Numbers
from pipeline.checks.qa import (
    Completeness,
    DoubledWord,
    EndPunctuation,
    Placeholders,
    Whitespace,
)
from pipeline.checks.spelling import Spelling
from pipeline.checks.typography import HeadlineCase, Quotes, Spacing
from pipeline.checks.variant import VariantOrthography
from pipeline.errors import InputError, Location

ALL_CHECKS: tuple[Check, ...] = (
    ForbiddenTerm(),
    BrandCasing(),
    DntAltered(),
    ForcedMissing(),
    Placeholders(),
    Numbers(),
    Codes(),
    Dates(),
    Whitespace(),
    DoubledWord(),
    EndPunctuation(),
    Quotes(),
    Brackets(),
    Spacing(),
    HeadlineCase(),
    Spelling(),
    Completeness(),
    StaleCatalog(),
    Consistency(),
    VariantOrthography(),
)
CHECK_IDS: tuple[str, ...] = tuple(check.id for check in ALL_CHECKS)


def select_checks(disable: tuple[str, ...] | list[str], where: Location | None = None,
                  enable: tuple[str, ...] | list[str] = ()) -> tuple[Check, ...]:
    """The enabled checks: those on by default and those in `enable`, less `disable`. An
    unknown id is an input error: a typo would switch nothing."""
    unknown = sorted((set(disable) | set(enable)) - set(CHECK_IDS))
    if unknown:
        raise InputError(
            f"unknown check id {', '.join(unknown)}; known: {', '.join(CHECK_IDS)}", where
        )
    return tuple(check for check in ALL_CHECKS
                 if (check.default_on or check.id in set(enable))
                 and check.id not in set(disable))


__all__ = [
    "ALL_CHECKS",
    "CHECK_IDS",
    "CatalogCheck",
    "Check",
    "CheckContext",
    "Finding",
    "Problem",
    "Severity",
    "select_checks",
]
