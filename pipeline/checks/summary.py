"""The line `pipeline check` ends with: what was looked at, and what was found, small and
honest. Never "clean" while a file could not be read.

    clean: no problems in 1 file, 83 entries (0 reviewed, 83 MT drafts)
    5 errors in 2 of 4 files, 3 warnings
    2 warnings in 1 of 4 files; 1 file could not be read
    no PO files found in locales; nothing to check
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from pipeline.catalogs.metadata import Origin, Status, entry_meta, status_of
from pipeline.checks.base import Finding, Severity

if TYPE_CHECKING:
    from pipeline.catalogs.model import Catalog
    from pipeline.checks.runner import Report


@dataclass(frozen=True)
class Tally:
    """A catalog's active entries by where they stand: approved by a person, a fuzzy draft
    (by who made it, pipeline.catalogs.metadata) or empty."""

    reviewed: int = 0
    mt_drafts: int = 0
    tm_drafts: int = 0
    other_drafts: int = 0  # a msgmerge guess, a person's own fuzzy entry
    untranslated: int = 0
    drafts_checked: bool = True  # False with --skip-fuzzy

    @classmethod
    def of(cls, catalog: Catalog, drafts_checked: bool = True) -> Tally:
        counts = dict.fromkeys(("reviewed", "mt_drafts", "tm_drafts", "other_drafts",
                                "untranslated"), 0)
        for entry in catalog.active():
            counts[_column(entry)] += 1
        return cls(**counts, drafts_checked=drafts_checked)

    def __add__(self, other: Tally) -> Tally:
        counts = {f.name: getattr(self, f.name) + getattr(other, f.name)
                  for f in fields(self) if f.name != "drafts_checked"}
        return Tally(**counts, drafts_checked=self.drafts_checked and other.drafts_checked)

    @property
    def total(self) -> int:
        return (self.reviewed + self.mt_drafts + self.tm_drafts + self.other_drafts
                + self.untranslated)

    def describe(self) -> str:
        """ "83 entries (0 reviewed, 83 MT drafts)"; drafts not checked say so."""
        drafts = self.mt_drafts + self.tm_drafts + self.other_drafts
        parts = [f"{self.reviewed} reviewed"]
        if self.drafts_checked:
            parts.append(_plural(self.mt_drafts, "MT draft"))
            parts += [_plural(n, what) for n, what in ((self.tm_drafts, "TM draft"),
                                                       (self.other_drafts, "other draft")) if n]
        if self.untranslated:
            parts.append(f"{self.untranslated} untranslated")
        skipped = (f"; {_plural(drafts, 'draft')} skipped by --skip-fuzzy"
                   if drafts and not self.drafts_checked else "")
        scope = _plural(self.total, "entry", "entries")
        return f"{scope} ({', '.join(parts)}{skipped})" if self.total else scope


def _column(entry) -> str:
    status = status_of(entry)  # only a draft's notes are read: its origin
    if status is Status.REVIEWED:
        return "reviewed"
    if status is Status.NEW:
        return "untranslated"
    origin = entry_meta(entry).origin
    return {Origin.MT: "mt_drafts", Origin.TM: "tm_drafts"}.get(origin, "other_drafts")


def summary_line(report: Report) -> str:
    if not report.files:
        where = ", ".join(report.searched) or "the given paths"
        return f"no PO files found in {where}; nothing to check"
    files = len(report.files)
    unread = (f"; {_plural(len(report.unreadable), 'file')} could not be read"
              if report.unreadable else "")
    errors = _by_severity(report.findings, Severity.ERROR)
    warnings = _by_severity(report.findings, Severity.WARNING)
    if not errors and not warnings:
        what = (report.tally.describe() if report.tally is not None
                else _plural(report.entries, *report.noun))
        readable = files - len(report.unreadable)
        if unread:
            return f"no problems in {_plural(readable, 'readable file')}, {what}{unread}"
        return f"clean: no problems in {_plural(files, 'file')}, {what}"
    found = [_found(errors, "error", files), _found(warnings, "warning", files)]
    if errors and warnings:
        found[1] = _plural(len(warnings), "warning")  # counted apart, where is in the list
    return ", ".join(part for part in found if part) + unread


def _by_severity(findings: Sequence[Finding], severity: Severity) -> list[Finding]:
    return [finding for finding in findings if finding.severity is severity]


def _found(findings: Sequence[Finding], noun: str, files: int) -> str:
    """ "5 errors in 2 of 4 files"; "1 error in 1 file" where only one was checked."""
    if not findings:
        return ""
    where = min(files, len({finding.path for finding in findings}))
    scope = "1 file" if files == 1 else f"{where} of {files} files"
    return f"{_plural(len(findings), noun)} in {scope}"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"
