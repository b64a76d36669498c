"""JUnit XML: one testsuite per PO file, one testcase per finding: a failed testcase for an
error, a passing one that carries the message in <system-out> for a warning (so a CI test
view fails on errors only, as `pipeline check` does with fail_on = error).

CI systems that show test results (GitLab, Jenkins, Azure) then list each finding
under its file. A file without findings gets one passing testcase.
"""

from __future__ import annotations

from collections import defaultdict

from pipeline.checks.base import Finding, Severity
from pipeline.checks.formats.base import Format
from pipeline.checks.runner import Report


class JunitFormat(Format):
    name = "junit"
    description = ("JUnit XML, one testsuite per file; a failed testcase per error, a passing "
                   "one with the message per warning")

    def render(self, report: Report) -> str:
        from lxml import etree

        by_file: dict[str, list[Finding]] = defaultdict(list)
        for finding in report.findings:
            by_file[finding.path].append(finding)
        root = etree.Element(
            "testsuites", name="pipeline check",
            tests=str(sum(max(1, len(by_file[p])) for p in report.files)),
            failures=str(sum(1 for f in report.findings if f.severity is Severity.ERROR)),
        )
        for path in report.files:
            findings = by_file.get(path, [])
            suite = etree.SubElement(
                root, "testsuite", name=path, tests=str(max(1, len(findings))),
                failures=str(sum(1 for f in findings if f.severity is Severity.ERROR)),
                errors="0",
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
    text = f"{finding.path}:{finding.line}: {finding.severity.value} [{finding.check}] "
    text += finding.message
    if finding.msgid:
        text += f"\nmsgid: {finding.msgid}"
    if finding.severity is Severity.ERROR:
        failure = etree.SubElement(
            case, "failure", message=finding.message, type=finding.severity.value
        )
        failure.text = text
    else:
        etree.SubElement(case, "system-out").text = text
