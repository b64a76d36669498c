"""`pipeline glossary lint`: every problem of a set of glossary files, as file:line findings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import GlossaryError, Location
from pipeline.glossary.loader import GlossaryFile, check_terms, read_glossary_file
from pipeline.glossary.matcher import fold, normalise
from pipeline.glossary.model import Term


@dataclass(frozen=True)
class Finding:
    location: Location | None
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass
class LintResult:
    findings: list[Finding]
    # What stops a file from being used: not there, not YAML/TOML (each YAML syntax error,
    # the terms around it still checked), hostile. Exit 2.
    unreadable: list[GlossaryError]
    terms: int = 0  # terms read, duplicates not counted
    files: int = 0


def known_language(code: str) -> bool:
    from pipeline.errors import InputError
    from pipeline.language import Language

    try:
        Language.parse(code)
    except InputError:
        return False
    return True


def _key(form: str) -> str:
    return fold(normalise(form))


def _language_findings(parsed: GlossaryFile) -> list[Finding]:
    findings = [Finding(Location(parsed.path, line), f"unknown language code {code!r}")
                for code, line in parsed.language_lines.items() if not known_language(code)]
    for term in parsed.terms:
        codes = {*term.targets, *term.lang_forbidden, *term.lang_exceptions, *term.lang_notes}
        findings += [Finding(term.location, f"{term.source!r}: unknown language code {code!r}")
                     for code in sorted(codes) if not known_language(code)]
    return findings


def _term_findings(term: Term) -> list[Finding]:
    """Forms that can never match or contradict each other within one term."""
    found: list[str] = []
    forms = (term.source, *term.variants)
    if not any(ch.isalnum() for ch in term.source):
        found.append(f"{term.source!r} contains no letter or digit; it cannot match a word")
    same = (lambda a, b: a == b) if term.case_sensitive else (lambda a, b: _key(a) == _key(b))
    found += [f"variant {v!r} repeats the term {term.source!r}"
              for v in term.variants if same(v, term.source)]
    found += [f"forbidden form {form!r} is also the term or a variant"
              for form in term.forbidden if form in forms]
    for lang in sorted({*term.targets, *term.lang_forbidden}):
        approved = term.renderings(lang)
        found += [f"forbidden form {form!r} is also an approved {lang} form of {term.source!r}"
                  for form in term.forbidden_forms(lang) if form in approved]
    keys = [_key(form) for form in forms]
    for lang in (None, *sorted(term.lang_exceptions)):
        for phrase in term.exceptions_for(lang):
            if not any(key in _key(phrase) for key in keys) and lang is None:
                found.append(f"exception {phrase!r} does not contain {term.source!r}; "
                             "it never applies")
    return [Finding(term.location, message) for message in dict.fromkeys(found)]


def _cross_findings(terms: list[Term], declared: Iterable[str]) -> list[Finding]:
    """A form forbidden by one term but approved by another, in the same language."""
    approved: dict[tuple[str, str], Term] = {}
    langs = sorted({*declared, *(lang for term in terms
                                 for lang in (*term.targets, *term.lang_forbidden))})
    for term in terms:
        for lang in langs:
            for form in term.renderings(lang):
                approved.setdefault((lang, form), term)
    clashes: dict[tuple[int, str], list[str]] = {}
    for number, term in enumerate(terms):
        for lang in langs:
            for form in term.forbidden_forms(lang):
                other = approved.get((lang, form))
                if other is not None and other is not term:
                    clashes.setdefault((number, form), []).append(lang)
    findings = []
    for (number, form), where in clashes.items():
        term, other = terms[number], approved[(where[0], form)]
        findings.append(Finding(term.location, (
            f"{form!r} is forbidden by {term.source!r} but approved by {other.source!r} "
            f"({other.location}) in {', '.join(where)}")))
    return findings


def _pattern_findings(terms: list[Term]) -> list[Finding]:
    """A pattern that also matches a listed term of another kind (a forced term, one with
    its own renderings) is ambiguous: which rule applies to that name?"""
    findings = []
    for pattern_term in (t for t in terms if t.pattern):
        for term in terms:
            if term.pattern or not re.fullmatch(pattern_term.pattern, term.source):
                continue
            if term.kind is not pattern_term.kind or term.targets:
                findings.append(Finding(pattern_term.location, (
                    f"pattern {pattern_term.pattern!r} also matches {term.source!r} "
                    f"({term.location}), a {term.kind.value} term with its own renderings; "
                    "exclude it from the pattern or make both do-not-translate")))
        for forbidden in pattern_term.forbidden_patterns:
            for term in terms:
                if not term.pattern and re.fullmatch(forbidden, term.source):
                    findings.append(Finding(pattern_term.location, (
                        f"forbidden pattern {forbidden!r} matches the listed term "
                        f"{term.source!r} ({term.location})")))
    return findings


_HASH_COMMENT = re.compile(r"\s#\d")


def _comment_findings(path: str) -> list[Finding]:
    """In YAML, `term: smart #1` is the term "smart" followed by a comment."""
    if not path.endswith((".yaml", ".yml")):
        return []
    findings = []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        hit = _HASH_COMMENT.search(line)
        if hit and line[:hit.start()].count('"') % 2 == 0 and \
                line[:hit.start()].count("'") % 2 == 0 and not line.lstrip().startswith("#"):
            findings.append(Finding(Location(path, number),
                                    f"unquoted {line[hit.start() + 1:hit.end()]!r} starts a "
                                    'YAML comment here; quote the value, e.g. "smart #1"'))
    return findings


def lint(paths: Iterable[str | Path]) -> LintResult:
    paths = list(paths)
    findings: list[Finding] = []
    unreadable: list[GlossaryError] = []
    files: list[GlossaryFile] = []
    for path in paths:
        try:
            files.append(read_glossary_file(path, recover=True))
        except GlossaryError as exc:
            unreadable.append(exc)
    for parsed in files:
        unreadable += parsed.syntax_errors
        findings += [Finding(p.location, p.message) for p in parsed.problems]
        findings += _language_findings(parsed)
        for term in parsed.terms:
            findings += _term_findings(term)
    kept, duplicates, conflicts = check_terms(t for parsed in files for t in parsed.terms)
    findings += [Finding(d.term.location, f"duplicate of {d.first.source!r} defined at "
                                          f"{d.first.location}") for d in duplicates]
    findings += [Finding(c.location, c.message) for c in conflicts]
    findings += _cross_findings(kept, (lang for parsed in files for lang in parsed.languages))
    findings += _pattern_findings(kept)
    findings += [f for parsed in files for f in _comment_findings(parsed.path)]
    findings.sort(key=lambda f: (str(f.location.path) if f.location else "",
                                 (f.location.line or 0) if f.location else 0))
    return LintResult(findings, unreadable, len(kept), len(paths))
