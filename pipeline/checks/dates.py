"""`qa.dates`: the dates of the source appear in the translation, compared by value.

The source is read as English ("19 January 2024", "Jan. 19, 2024", "January 2024",
ISO "2024-01-19"); the translation with its own locale's CLDR month names, connecting
words and numeric order (pipeline.dates), so "19. Januar 2024",
"19 de enero de 2024", "19 janvier 2024" and "19.01.2024" all equal "19 January 2024"
and "20. Januar 2024" does not. `qa.numbers` leaves the digits of dates to this check.
"""

from __future__ import annotations

from babel.core import UnknownLocaleError

from pipeline.checks.base import Check, CheckContext, Problem, Severity
from pipeline.checks.marks import has_digit
from pipeline.checks.qa import strip_codes
from pipeline.dates import DateSpan, read_dates, write_date


def date_spans(source: str, target: str, context: CheckContext
               ) -> tuple[list[DateSpan], list[DateSpan]]:
    """The dates of each side; the source is not read in a locale's numeric order
    ("01/02/2024" is ambiguous in English)."""
    return (read_dates(source, context.source_language, numeric=False),
            read_dates(target, context.language))


def compare(source: str, target: str, context: CheckContext
            ) -> tuple[list[DateSpan], list[DateSpan]]:
    """(source dates missing from the target, target dates not in the source)."""
    want, left = date_spans(strip_codes(source), strip_codes(target), context)
    missing = []
    for span in want:
        match = next((other for other in left if other.value == span.value), None)
        if match is None:
            missing.append(span)
        else:
            left.remove(match)
    return missing, left


class Dates(Check):
    id = "qa.dates"
    name = "Dates"
    description = (
        "The translation contains the dates of the source, compared by value in the "
        "target locale (19 January 2024 = de 19. Januar 2024 = es 19 de enero de 2024)."
    )
    severity = Severity.ERROR

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        if not has_digit(source) and not has_digit(target):
            return []
        missing, extra = compare(source, target, context)
        if not missing and not extra:
            return []
        parts = []
        if missing:
            parts.append("missing " + ", ".join(
                f"{span.text} ({_written(span, context)})" for span in missing))
        if extra:
            parts.append("not in the source " + ", ".join(
                f"{span.text} (reads as {span.value})" for span in extra))
        return [Problem(f"dates differ: {'; '.join(parts)}", extra[0].text if extra else None)]


def _written(span: DateSpan, context: CheckContext) -> str:
    """How the target locale writes the missing date, as the fix."""
    try:
        return f"{context.language.tag}: {write_date(span.value, context.language)}"
    except (UnknownLocaleError, ValueError):
        return str(span.value)
