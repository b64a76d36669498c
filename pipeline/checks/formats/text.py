"""One line per finding, `path:line: severity [check] message`, then a summary."""

from __future__ import annotations

from pipeline.checks.formats.base import Format
from pipeline.checks.runner import Report


class TextFormat(Format):
    name = "text"
    description = "path:line: severity [check] message, then a summary (for people and editors)"
    machine = False

    def render(self, report: Report) -> str:
        lines = [
            f"{f.path}:{f.line}: {f.severity.value} [{f.check}] {f.message}"
            for f in report.findings
        ]
        lines.append(report.summary())
        return "\n".join(lines) + "\n"
