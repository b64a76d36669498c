"""A JSON document: summary counts and every finding with its location."""

from __future__ import annotations

from pipeline.checks.base import Severity
from pipeline.checks.formats.base import Format
from pipeline.checks.runner import Report


class JsonFormat(Format):
    name = "json"
    description = "one JSON document with a summary and a list of findings"

    def render(self, report: Report) -> str:
        import json  # loaded for this format only

        document = {
            "version": 1,
            "summary": {
                "files": len(report.files),
                "entries": report.entries,
                "errors": report.count(Severity.ERROR),
                "warnings": report.count(Severity.WARNING),
            },
            "checks": [check.id for check in report.checks],
            "findings": [
                {
                    "check": f.check,
                    "severity": f.severity.value,
                    "message": f.message,
                    "path": f.path,
                    "line": f.line,
                    "column": f.column,
                    "msgid": f.msgid,
                    "snippet": f.snippet,
                    "fuzzy": f.fuzzy,
                }
                for f in report.findings
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
