"""GitHub Actions workflow commands: each finding becomes an annotation on the PR diff."""

from __future__ import annotations

from pipeline.checks.formats.base import Format
from pipeline.checks.runner import Report


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormat(Format):
    name = "github"
    description = "GitHub Actions annotations (::error file=...,line=...,title=...::message)"

    def render(self, report: Report) -> str:
        lines = [
            f"::{f.severity.value} file={_property(f.path)},line={f.line},"
            f"title={_property(f.check)}::{_data(f.message)}"
            for f in report.findings
        ]
        return "".join(line + "\n" for line in lines)
