"""What every check shares: severities, findings, the per-file context, the Check class.

A check is one small class with an id such as `glossary.forbidden`. Its public
`run(entry, context)` does the shared work (skipping untranslated, obsolete and
ignored entries, turning problems into findings at the msgstr line) and calls
the check's own `_check(source, target, context)` hook, modelled on Weblate's
weblate/checks.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from pipeline.config import CheckSettings
from pipeline.language import Language

if TYPE_CHECKING:
    from pathlib import Path

    from pipeline.catalogs.model import Catalog, Entry
    from pipeline.glossary.model import Glossary
    from pipeline.variants.rules import Rule


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


@dataclass(frozen=True)
class Problem:
    """What a check's hook reports; `run` turns it into a located Finding."""

    message: str
    snippet: str | None = None  # the offending text in the translation
    severity: Severity | None = None  # overrides the check's default severity


@dataclass(frozen=True)
class Finding:
    """One problem a check found, located at its file and line."""

    check: str
    severity: Severity
    message: str
    path: str
    line: int  # 1-based line of the entry's msgstr (1 for per-file findings)
    msgid: str = ""
    column: int | None = None
    snippet: str | None = None
    fuzzy: bool = False  # the entry is fuzzy (machine output not yet reviewed)


@dataclass
class CheckContext:
    """Everything a check may need about the file being checked."""

    path: str
    language: Language  # the catalog's language (pipeline.language)
    glossary: Glossary | None = None
    glossary_language: Language | str = ""  # what glossary lookups are asked for
    source_language: str = "en"
    settings: CheckSettings = field(default_factory=CheckSettings)
    include_fuzzy: bool = True
    root: Path | None = None  # the project, for checks that read its releases
    variant_rules: tuple[Rule, ...] = ()  # the language's rules, if it is a market variant
    source_text: bool = False  # checking a release's English (`check --source`), not a PO
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.language, str):  # callers may pass "de" or "pt_BR"
            self.language = Language.parse(self.language)

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Share work between checks on the same entry (e.g. glossary matching)."""
        if key not in self._memo:
            if len(self._memo) > 256:
                self._memo.clear()
            self._memo[key] = compute()
        return self._memo[key]


class Check:
    """One check on a translated entry. Subclasses set the class attributes and `_check`."""

    id: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    # What the check reads besides the PO: "glossary" (loaded once), "releases".
    needs: ClassVar[frozenset[str]] = frozenset()
    # Also run on the releases' English by `check --source` (brand QA of the source).
    on_source: ClassVar[bool] = False
    # Off unless listed in [tool.pipeline.check] enable (or --enable).
    default_on: ClassVar[bool] = True

    def wants(self, entry: Entry, context: CheckContext) -> bool:
        return checked(entry, context) and self.id not in entry.ignored_checks()

    def run(self, entry: Entry, context: CheckContext) -> list[Finding]:
        if not self.wants(entry, context):
            return []
        problems = self._check(entry.msgid, entry.msgstr, context)
        line = entry.line or entry.msgid_line or 1
        return [self._finding(problem, context.path, line, entry) for problem in problems]

    def prepare(self, context: CheckContext) -> None:
        """Start what the check needs for a file (a helper process) before any check runs;
        nothing by default."""

    def warm_up(self, languages: Collection[Language]) -> None:
        """Before any catalog is read: start what the check will need for these languages
        (one helper, shared by the forked workers), so that it gets ready while the
        glossary loads; nothing by default."""

    def settle(self) -> None:
        """Just before the workers fork: wait until what `warm_up` started is ready, so
        that no worker waits for it; nothing by default."""

    def release(self) -> None:
        """Stop what `warm_up` started; nothing by default."""

    def run_catalog(self, catalog: Catalog, context: CheckContext) -> list[Finding]:
        findings: list[Finding] = []
        for entry in catalog.entries:
            findings.extend(self.run(entry, context))
        return findings

    def _finding(
        self, problem: str | Problem, path: str, line: int, entry: Entry | None
    ) -> Finding:
        if isinstance(problem, str):
            problem = Problem(problem)
        return Finding(
            check=self.id,
            severity=problem.severity or self.severity,
            message=problem.message,
            path=path,
            line=line,
            msgid=entry.msgid if entry else "",
            snippet=problem.snippet,
            fuzzy=bool(entry and entry.fuzzy),
        )

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        raise NotImplementedError

    def gather(self, catalog: Catalog, context: CheckContext) -> object:
        """For checks that need every catalog of a language at once (needs "catalogs"):
        what the check keeps of one file for `run_language`. It is taken where the file is
        read, a worker process, and sent back pickled, so it should be small."""
        return None

    def run_language(self, gathered: Sequence[object]) -> list[Finding]:
        """Findings across a language's files, from what `gather` kept of each."""
        return []

    def check_pair(self, source: str, target: str, context: CheckContext | None = None
                   ) -> list[str]:
        """The problems' messages for one source/target pair, outside any catalog."""
        context = context or CheckContext(path="", language=Language("und"))
        return [problem.message if isinstance(problem, Problem) else problem
                for problem in self._check(source, target, context)]


class CatalogCheck(Check):
    """A check on a whole file rather than on each entry; findings point at line 1."""

    def run(self, entry: Entry, context: CheckContext) -> list[Finding]:
        return []

    def run_catalog(self, catalog: Catalog, context: CheckContext) -> list[Finding]:
        problems = self._check_catalog(catalog, context)
        return [self._finding(problem, context.path, 1, None) for problem in problems]

    def _check_catalog(self, catalog: Catalog, context: CheckContext) -> list[str | Problem]:
        raise NotImplementedError


def checked(entry: Entry, context: CheckContext) -> bool:
    """The one rule for which entries are checked: translated, not obsolete, and fuzzy
    drafts only with --include-fuzzy (the default). `#, ignore-<id>` is per check."""
    if entry.obsolete or not entry.msgstr:
        return False
    return context.include_fuzzy or not entry.fuzzy


def run_checks(checks: Sequence[Check], catalog: Catalog, context: CheckContext
               ) -> list[Finding]:
    """Every check over one catalog: the same findings in the same order as calling each
    check's `run_catalog` in turn, but each entry is filtered once for all checks."""
    results: list[list[Finding]] = [[] for _ in checks]
    for check in checks:
        check.prepare(context)
    pairs = list(zip(results, checks, strict=True))
    shared = [(found, check) for found, check in pairs if _plain(check)]
    if shared:  # first: what the others prepared (hunspell) gets ready meanwhile
        _run_entries(shared, catalog, context)
    for found, check in pairs:
        if not _plain(check):
            found.extend(check.run_catalog(catalog, context))
    return [finding for found in results for finding in found]


def _plain(check: Check) -> bool:
    """A per-entry check that keeps the base class's filtering and locating."""
    kind = type(check)
    return (kind.run is Check.run and kind.wants is Check.wants
            and kind.run_catalog is Check.run_catalog)


def _run_entries(shared: list[tuple[list[Finding], Check]], catalog: Catalog,
                 context: CheckContext) -> None:
    path = context.path
    # The hooks bound once: this loop runs for every entry times every check.
    hooks = [(found, check, check._check) for found, check in shared]
    for entry in catalog.entries:
        if not checked(entry, context):
            continue
        ignored = entry.ignored_checks() if entry.flags else ()
        source, target = entry.msgid, entry.msgstr
        for found, check, hook in hooks:
            if ignored and check.id in ignored:
                continue
            problems = hook(source, target, context)
            if problems:
                line = entry.line or entry.msgid_line or 1
                found.extend(check._finding(problem, path, line, entry) for problem in problems)


def quote(text: str) -> str:
    """Quote a term in a message the way the issue's examples do: "Smart"."""
    return f'"{text}"'
