"""SARIF 2.1.0: one run whose driver lists every enabled check as a rule.

GitHub code scanning, VS Code's SARIF viewer and most CI dashboards read it; results
carry the PO file as a relative URI and the msgstr line as the region.
"""

from __future__ import annotations

from urllib.parse import quote

from pipeline import __version__
from pipeline.checks.base import Finding, Severity
from pipeline.checks.formats.base import Format
from pipeline.checks.runner import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


class SarifFormat(Format):
    name = "sarif"
    description = "SARIF 2.1.0 (rules, results, physical locations) for code-scanning tools"

    def render(self, report: Report) -> str:
        import json  # loaded for this format only

        rules = [
            {
                "id": check.id,
                "name": _rule_name(check.name),
                "shortDescription": {"text": check.name},
                "fullDescription": {"text": check.description},
                "defaultConfiguration": {"level": LEVELS[check.severity]},
                "properties": {"tags": [check.id.split(".")[0]]},
            }
            for check in report.checks
        ]
        index = {check.id: position for position, check in enumerate(report.checks)}
        document = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "pipeline check",
                            "version": __version__,
                            "rules": rules,
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": [_result(f, index) for f in report.findings],
                    "invocations": [{"executionSuccessful": True}],
                }
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _rule_name(name: str) -> str:
    # SARIF rule names are identifier-like ("DoubledWord"), shown by some viewers.
    return "".join(word[:1].upper() + word[1:] for word in name.replace("-", " ").split())


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/")


def _result(finding: Finding, index: dict[str, int]) -> dict:
    region: dict = {"startLine": finding.line}
    if finding.column:
        region["startColumn"] = finding.column
    if finding.snippet:
        region["snippet"] = {"text": finding.snippet}
    result = {
        "ruleId": finding.check,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path)},
                    "region": region,
                }
            }
        ],
    }
    if finding.check in index:
        result["ruleIndex"] = index[finding.check]
    return result
