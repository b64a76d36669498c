"""JUnit XML: one testsuite per PO file, one failing testcase per finding.

CI systems that show test results (GitLab, Jenkins, Azure) then list each finding
under its file. A file without findings gets one passing testcase.
"""

from __future__ import annotations

from collections import defaultdict

from pipeline.checks.base import Finding
from pipeline.checks.formats.base import Format
from pipeline.checks.runner import Report


class JunitFormat(Format):
    name = "junit"
    description = "JUnit XML, one testsuite per file and one failed testcase per finding"

    def render(self, report: Report) -> str:
        from lxml import etree

        by_file: dict[str, list[Finding]] = defaultdict(list)
        for finding in report.findings:
            by_file[finding.path].append(finding)
        root = etree.Element(
            "testsuites", name="pipeline check",
            tests=str(sum(max(1, len(by_file[p])) for p in report.files)),
            failures=str(len(report.findings)),
        )
        for path in report.files:
            findings = by_file.get(path, [])
            suite = etree.SubElement(
                root, "testsuite", name=path, tests=str(max(1, len(findings))),
                failures=str(len(findings)), errors="0",
            )
            if not findings:
                etree.SubElement(suite, "testcase", name="pipeline check", classname=path)
            for finding in findings:
                _testcase(suite, finding)
        return etree.tostring(root, pretty_print=True, xml_declaration=True,
                              encoding="UTF-8").decode("utf-8")


def _testcase(suite, finding: Finding) -> None:
    from lxml import etree

    case = etree.SubElement(
        suite, "testcase", name=f"{finding.check} line {finding.line}",
        classname=finding.path, file=finding.path, line=str(finding.line),
    )
    failure = etree.SubElement(
        case, "failure", message=finding.message, type=finding.severity.value
    )
    text = f"{finding.path}:{finding.line}: {finding.severity.value} [{finding.check}] "
    text += finding.message
    if finding.msgid:
        text += f"\nmsgid: {finding.msgid}"
    failure.text = text
