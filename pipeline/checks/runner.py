"""Run the enabled checks over PO files and collect a Report.

Paths may be PO files or directories (searched recursively for `*.po`); with no
paths, every `<locales>/*/*.po` of the project is checked. A file's language is
its `Language` header, else the name of its directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.brands import Brands
from pipeline.catalogs.model import Catalog
from pipeline.catalogs.po import read_po
from pipeline.checks import ALL_CHECKS, Check, CheckContext, Finding, Severity
from pipeline.checks.base import checked as is_checked
from pipeline.checks.base import run_checks
from pipeline.checks.parallel import map_files
from pipeline.checks.summary import Tally, summary_line
from pipeline.config import Settings
from pipeline.errors import InputError, Location, PipelineError
from pipeline.glossary.model import Glossary
from pipeline.language import Language, from_folder
from pipeline.variants.rules import Replacements, rule_for

FAIL_ON = ("error", "warning", "never")


@dataclass(frozen=True)
class Report:
    """What `check` found over its files, and what it looked at."""

    findings: tuple[Finding, ...] = ()
    files: tuple[str, ...] = ()
    entries: int = 0  # entries that were checked (translated, or fuzzy when included)
    checks: tuple[Check, ...] = ALL_CHECKS
    searched: tuple[str, ...] = field(default=())  # what was asked for, for messages
    # Files that could not be read, as "file:line: reason"; the others were still checked.
    unreadable: tuple[str, ...] = ()
    noun: tuple[str, str] = ("translated entry", "translated entries")  # what `entries` counts
    tally: Tally | None = None  # the catalogs' entries by state; None for releases

    def merged(self, other: Report) -> Report:
        """Two reports as one (catalogs and releases in `make check`)."""
        return Report(self.findings + other.findings, self.files + other.files,
                      self.entries, self.checks, self.searched + other.searched,
                      self.unreadable + other.unreadable, tally=self.tally)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    def exit_code(self, fail_on: str) -> int:
        """0 when clean, 1 when a finding is at or above `fail_on`, 2 when a file could not
        be read."""
        if self.unreadable:
            return 2
        if fail_on == "never":
            return 0
        threshold = Severity(fail_on).rank
        return 1 if any(f.severity.rank >= threshold for f in self.findings) else 0

    def summary(self) -> str:
        return summary_line(self)


def check_paths(
    paths: Sequence[str | os.PathLike],
    settings: Settings,
    *,
    include_fuzzy: bool = True,
    checks: Sequence[Check] = ALL_CHECKS,
    glossary: Glossary | None = None,
) -> Report:
    """Check PO files. Raises InputError (PoFileError, GlossaryError) on unreadable input.

    `glossary=None` loads the project's configured glossaries when a glossary check is
    enabled; pass `Glossary()` to check without one.
    """
    needs = any("glossary" in check.needs for check in checks)
    brands = _brands(settings) if glossary is None and needs and settings.brands else None
    if glossary is None and needs and brands is None:
        glossary = load_glossary((), settings)
    searched = tuple(str(p) for p in paths) or (settings.locales,)
    files = find_po_files(paths, settings)
    if glossary is not None:
        glossary.matcher  # noqa: B018 - built once here, not in every worker
    for check in checks:
        check.settle()
    job = _FileJob(settings, glossary, include_fuzzy, tuple(checks), brands)
    results = map_files(job, files)
    findings = [finding for result in results for finding in result.findings]
    entries = sum(result.checked for result in results)
    unreadable = [result.error for result in results if result.error is not None]
    tally = sum((result.tally for result in results), Tally(drafts_checked=include_fuzzy))
    findings.extend(_across_catalogs(checks, results))
    order = {check.id: index for index, check in enumerate(checks)}
    findings.sort(key=lambda f: (f.path, f.line, order.get(f.check, 0)))
    return Report(tuple(findings), tuple(files), entries, tuple(checks), searched,
                  tuple(unreadable), tally=tally)


@contextmanager
def helpers_started(paths: Sequence[str | os.PathLike], settings: Settings,
                    checks: Sequence[Check]) -> Iterator[None]:
    """The checks' helper processes (hunspell, one per dictionary) started for the
    languages of the files' folders, to get ready while the caller loads the glossary;
    stopped when the block ends. A file whose header names another language gets its own
    when it is checked."""
    files = find_po_files(paths, settings)
    folders = {Path(path).parent.name for path in files}
    languages = {language for language in map(from_folder, folders) if language}
    for check in checks:
        check.warm_up(languages)
    try:
        yield
    finally:
        for check in checks:
            check.release()


@dataclass(frozen=True)
class _FileResult:
    """One file's findings and counts, sent back from a worker."""

    path: str
    findings: list[Finding]
    checked: int  # entries checked
    error: str | None = None  # why the file could not be read: the others still are
    language: Language | None = None
    gathered: tuple[object, ...] = ()  # per check that needs every catalog: its gather()
    tally: Tally = Tally()


@dataclass(frozen=True)
class _FileJob:
    """Read and check one file, once: its findings, and what the checks that need every
    catalog of the language (qa.consistency) keep of it."""

    settings: Settings
    glossary: Glossary | None
    include_fuzzy: bool
    checks: tuple[Check, ...]
    brands: Brands | None = None  # several brands: each catalog its release's glossaries

    def __call__(self, path: str) -> _FileResult:
        try:
            catalog = read_po(path)
            context = make_context(catalog, path, self.settings, self._glossary(catalog),
                                   self.include_fuzzy)
            checked = sum(1 for entry in catalog.entries if is_checked(entry, context))
            gathered = tuple(check.gather(catalog, context) for check in self.checks
                             if "catalogs" in check.needs)
            return _FileResult(path, run_checks(self.checks, catalog, context), checked,
                               language=context.language, gathered=gathered,
                               tally=Tally.of(catalog, self.include_fuzzy))
        except PipelineError as exc:
            return _FileResult(path, [], 0, str(exc))


    def _glossary(self, catalog: Catalog) -> Glossary | None:
        if self.brands is None:
            return self.glossary
        return self.brands.glossary(release_path(catalog, self.settings))


def _across_catalogs(checks: Sequence[Check], results: Sequence[_FileResult]
                     ) -> list[Finding]:
    """Checks that need every catalog of a language at once (qa.consistency), over what
    they kept of each file in the per-file pass."""
    wanting = [check for check in checks if "catalogs" in check.needs]
    if not wanting:
        return []
    by_language: dict[Language, list[tuple[object, ...]]] = {}
    for result in results:
        if result.language is not None and result.error is None:
            by_language.setdefault(result.language, []).append(result.gathered)
    return [finding for index, check in enumerate(wanting)
            for gathered in by_language.values()
            for finding in check.run_language([kept[index] for kept in gathered])]


def release_path(catalog: Catalog, settings: Settings) -> str:
    """The project-relative path of the release a catalog was made from ("" if unknown)."""
    from pipeline.catalogs.provenance import release_of

    release = release_of(catalog, settings.root)
    return release.relative_to(settings.root).as_posix() if release is not None else ""


def _brands(settings: Settings) -> Brands:
    """Every brand's glossaries loaded (and matchers built) before workers fork."""
    brands = Brands(settings)
    for name in ("", *settings.brands):
        brands.glossary_of(name).matcher  # noqa: B018
    return brands


def find_po_files(paths: Sequence[str | os.PathLike], settings: Settings) -> list[str]:
    """The PO files to check, as display paths (relative where the user gave them so)."""
    if not paths:
        locales = settings.path(settings.locales)
        found = sorted(locales.glob("*/*.po")) if locales.is_dir() else []
        return [_display(path) for path in found]
    files: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(str(found) for found in sorted(path.rglob("*.po")))
        elif path.exists():
            files.append(str(path))
        else:
            raise InputError("no such file or directory", Location(str(path)))
    return list(dict.fromkeys(files))


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def make_context(
    catalog: Catalog, path: str, settings: Settings, glossary: Glossary | None, include_fuzzy: bool
) -> CheckContext:
    language = language_of(catalog, path)
    return CheckContext(
        path=path,
        language=language,
        glossary=glossary,
        glossary_language=language,  # the glossary falls back de-CH -> de itself
        source_language=settings.source_language,
        settings=settings.check,
        include_fuzzy=include_fuzzy,
        root=settings.root,
        variant_rules=variant_rules(settings, language),
    )


def variant_rules(settings: Settings, language: Language) -> tuple:
    """The rules a market variant declares in [tool.pipeline.variants], as rule objects."""
    declared = settings.variants.get(language.tag)
    if declared is None:
        return ()
    rules = [rule_for(name) for name in declared.rules]
    if declared.replacements:
        rules.append(Replacements(declared.replacements))
    return tuple(rules)


def language_of(catalog: Catalog, path: str) -> Language:
    """The catalog's `Language` header, else the name of its folder (`de_CH`, `de-CH`)."""
    header = (catalog.language or "").strip()
    if header:
        return Language.parse(header, Location(path, 1))
    folder = from_folder(Path(path).parent.name)
    if folder is not None:
        return folder
    raise InputError(
        "no Language header and the directory name is not a language code; "
        'add "Language: de\\n" to the header',
        Location(path, 1),
    )


def load_glossary(paths: Sequence[str | os.PathLike], settings: Settings) -> Glossary:
    """Load the given glossaries, or the project's configured ones."""
    from pipeline.glossary.loader import load_glossaries

    chosen = [Path(p) for p in paths] or [settings.path(p) for p in settings.glossaries]
    for path in chosen:
        # Only a path that is not there is "not found"; a directory or a FIFO is named as
        # such by the loader.
        if not path.exists() and not path.is_symlink():
            raise InputError(
                "glossary not found (pass --glossary FILE or set glossaries in "
                "[tool.pipeline] of pyproject.toml)",
                Location(str(path)),
            )
    return load_glossaries(chosen)


def source_report(paths: Sequence[str | os.PathLike], settings: Settings,
                  checks: Sequence[Check], glossary: Glossary | None) -> Report:
    """`check --source`: the releases' English, as a Report like the catalogs'."""
    from pipeline.checks.source import check_releases, source_checks

    found, files, segments = check_releases(paths, settings, glossary, checks)
    searched = tuple(str(p) for p in paths) or (settings.releases,)
    return Report(tuple(found), tuple(files), segments, source_checks(checks), searched,
                  noun=("segment", "segments"))


def with_threshold(settings: Settings, threshold: float | None) -> Settings:
    if threshold is None:
        return settings
    return replace(settings, check=replace(settings.check, untranslated_threshold=threshold))
