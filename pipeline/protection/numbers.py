"""Grouped numbers ("70,000", "1,234.5") are protected and written in the target
locale's format by Babel/CLDR: "70.000" in German and Spanish, "70 000" in French.

Only numbers with a thousands separator are touched: a bare "2023" is a year and
"3.0" is usually a version, and both must stay as they are.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.core import UnknownLocaleError
from babel.numbers import format_decimal

from pipeline.errors import InputError
from pipeline.language import Language

GROUPED = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w]|[.,]\d)")


def find_numbers(text: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in GROUPED.finditer(text)]


def localize_number(number: str, lang: Language | str) -> str:
    """`number` in English notation, written for `lang`; unchanged for an unknown locale."""
    try:
        locale = Language.coerce(lang).locale
    except (UnknownLocaleError, ValueError, InputError):
        return number
    value = Decimal(number.replace(",", ""))
    decimals = len(number.partition(".")[2])
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale)
