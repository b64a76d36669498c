"""`pipeline report`: one self-contained HTML page for reviewers.

    report = build_report(settings, "de")          # rows, findings, glossary marks
    html = render_html(report)                      # escaped, inline CSS/JS only
    write_report(report, Path("build/report-de.html"))
"""

from __future__ import annotations

import os

from pipeline import atomic
from pipeline.report.build import build_report, default_output
from pipeline.report.html import render_html
from pipeline.report.model import Counts, Mark, ReviewReport, Row, Section, State


def write_report(report: ReviewReport, path: str | os.PathLike) -> None:
    """Render and write atomically: a reader never sees half a page."""
    atomic.write_text(path, render_html(report))


__all__ = [
    "Counts",
    "Mark",
    "ReviewReport",
    "Row",
    "Section",
    "State",
    "build_report",
    "default_output",
    "render_html",
    "write_report",
]
