"""One `terms:` entry of a glossary as a Term, with every problem of the entry at its line.

A term with a misspelt key, an invalid kind and a number where a list belongs gets three
problems, not the first one: a brand manager fixes the file in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pipeline.errors import GlossaryError, Location
from pipeline.glossary.model import Term, TermKind
from pipeline.glossary.yaml_reader import LineMapping

TERM_KEYS = {
    "term", "id", "kind", "category", "variants", "targets", "forbidden", "case_sensitive",
    "keep_lowercase", "exceptions", "note", "overrides", "pattern", "forbidden_patterns",
}
OVERRIDE_KEYS = {"forbidden", "exceptions", "note"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
T = TypeVar("T")


class TermProblems(GlossaryError):
    """Every problem of one entry; its message and location are the first one's."""

    def __init__(self, errors: list[GlossaryError]):
        super().__init__(errors[0].message, errors[0].location)
        self.errors = errors


class _Problems:
    """Collects an entry's problems: each value is read on, with a default, past one."""

    def __init__(self) -> None:
        self.errors: list[GlossaryError] = []

    def read(self, default: T, read: Callable[..., T], *args: Any) -> T:
        try:
            return read(*args)
        except GlossaryError as exc:
            self.errors.append(exc)
            return default


def line_of(entry: Any, key: str | None = None) -> int | None:
    if isinstance(entry, LineMapping):
        if key is not None and key in entry.key_lines:
            return entry.key_lines[key]
        return entry.line
    return None


def unknown_keys(entry: Mapping, allowed: set[str], what: str,
                 path: str) -> list[GlossaryError]:
    """One error per key not in `allowed`, with the closest known key as the fix."""
    errors = []
    for key in entry:
        if key in allowed:
            continue
        import difflib  # loaded for a mistake only

        close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
        fix = f"; did you mean {close[0]!r}?" if close else ""
        errors.append(GlossaryError(f"unknown key {key!r} in {what}{fix} (known: "
                                    f"{', '.join(sorted(allowed))})",
                                    Location(path, line_of(entry, str(key)))))
    return errors


def _forms(value: Any, what: str, path: str, line: int | None) -> tuple[str, ...]:
    """A list of strings (a single string is accepted as a one-item list)."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise GlossaryError(f"{what} must be a list of strings", Location(path, line))
    forms = []
    for item in value:
        if not isinstance(item, str):
            raise GlossaryError(f"{what}: {item!r} is not a string", Location(path, line))
        forms.append(_check_form(item, what, path, line))
    return tuple(dict.fromkeys(forms))


def _listed(entry: Mapping, key: str, path: str) -> tuple[str, ...]:
    return _forms(entry.get(key), key, path, line_of(entry, key))


def _check_form(form: str, what: str, path: str, line: int | None) -> str:
    if not form.strip():
        raise GlossaryError(f"{what}: empty or whitespace-only term", Location(path, line))
    if form != form.strip():
        raise GlossaryError(f"{what}: {form!r} has leading or trailing whitespace",
                            Location(path, line))
    if _CONTROL.search(form):
        raise GlossaryError(f"{what}: {form!r} contains a line break or control character",
                            Location(path, line))
    return form


def _text(entry: Mapping, key: str, path: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise GlossaryError(f"{key} must be a string", Location(path, line_of(entry, key)))
    return value.strip()


def _flag(entry: Mapping, key: str, default: bool, path: str) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise GlossaryError(f"{key} must be true or false", Location(path, line_of(entry, key)))
    return value


def _per_language(entry: Mapping, key: str, path: str) -> Mapping[str, Any]:
    value = entry.get(key) or {}
    if not isinstance(value, Mapping):
        raise GlossaryError(f"{key} must map language codes to values",
                            Location(path, line_of(entry, key)))
    return value


def slug(source: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", source.lower()).strip("-") or "term"


def _not_a_mapping(entry: Any) -> str:
    if isinstance(entry, str) and " " in entry.strip():
        word, rest = entry.strip().split(" ", 1)
        return (f"this entry is the text {entry!r}, not `key: value` lines; a ':' is "
                f"missing, e.g. `- {word}: {rest}`")
    return "each entry of terms must be `key: value` lines, such as `- term: smart`"


def parse_term(entry: Any, path: str, line: int | None = None) -> Term:
    """One `terms:` entry (at `line` where the list knows it) as a Term; TermProblems (a
    GlossaryError) with every problem otherwise."""
    if not isinstance(entry, Mapping):
        raise GlossaryError(_not_a_mapping(entry), Location(path, line_of(entry) or line))
    problems = _Problems()
    problems.errors += unknown_keys(entry, TERM_KEYS, "a term", path)
    line = line_of(entry)
    if "pattern" in entry:
        term = _pattern_term(entry, path, line, problems)
    elif "term" not in entry:
        problems.errors.append(GlossaryError(
            "term entry has no 'term' (the canonical source form) and no 'pattern'",
            Location(path, line)))
        term = None
    else:
        term = _term(entry, path, line, problems)
    if term is None or problems.errors:  # None comes with at least one problem
        raise TermProblems(problems.errors)
    return term


def _source(entry: Mapping, path: str) -> str:
    source = entry["term"]
    if not isinstance(source, str):
        raise GlossaryError("term must be a string", Location(path, line_of(entry, "term")))
    return _check_form(source, "term", path, line_of(entry, "term"))


def _kind(entry: Mapping, path: str) -> TermKind:
    name = entry.get("kind", "dnt")
    try:
        return TermKind(name)
    except ValueError:
        raise GlossaryError(f"invalid kind {name!r}; use dnt or forced",
                            Location(path, line_of(entry, "kind"))) from None


def _targets(entry: Mapping, path: str) -> dict[str, tuple[str, ...]]:
    return {str(lang): _forms(forms, f"targets.{lang}", path, line_of(entry, "targets"))
            for lang, forms in _per_language(entry, "targets", path).items()}


def _id(entry: Mapping, default: str, path: str) -> str:
    term_id = entry.get("id") or default
    if not isinstance(term_id, str):
        raise GlossaryError("id must be a string", Location(path, line_of(entry, "id")))
    return term_id


def _term(entry: Mapping, path: str, line: int | None, problems: _Problems) -> Term | None:
    source = problems.read(None, _source, entry, path)
    kind = problems.read(None, _kind, entry, path)
    targets = problems.read(None, _targets, entry, path)
    if kind is TermKind.DNT and targets and source:
        # the canonical form is always accepted; keep only additions
        targets = {lang: tuple(f for f in forms if f != source) for lang, forms in targets.items()}
    if kind is TermKind.FORCED and targets is not None and not any(targets.values()):
        problems.errors.append(GlossaryError(
            f"forced term {source!r} has no targets; add targets or use kind: dnt",
            Location(path, line)))
    overrides = problems.read(({}, {}, {}), _overrides, entry, path)
    term_id = problems.read("", _id, entry, slug(source or ""), path)
    fields = dict(
        category=problems.read("", _text, entry, "category", path),
        variants=problems.read((), _listed, entry, "variants", path),
        forbidden=problems.read((), _listed, entry, "forbidden", path),
        case_sensitive=problems.read(True, _flag, entry, "case_sensitive", True, path),
        keep_lowercase=problems.read(False, _flag, entry, "keep_lowercase", False, path),
        exceptions=problems.read((), _listed, entry, "exceptions", path),
        note=problems.read("", _text, entry, "note", path),
    )
    if problems.errors or source is None or kind is None or targets is None:
        return None
    return Term(id=term_id, source=source, kind=kind,
                targets={lang: forms for lang, forms in targets.items() if forms},
                location=Location(path, line), lang_forbidden=overrides[0],
                lang_exceptions=overrides[1], lang_notes=overrides[2], **fields)


def _pattern(entry: Mapping, path: str) -> str:
    from pipeline.glossary.patterns import pattern_problem

    pattern = entry["pattern"]
    problem = pattern_problem(pattern)
    if problem:
        raise GlossaryError(f"pattern {pattern!r}: {problem}",
                            Location(path, line_of(entry, "pattern")))
    return pattern


def _forbidden_patterns(entry: Mapping, path: str) -> tuple[str, ...]:
    from pipeline.glossary.patterns import pattern_problem

    forbidden = _listed(entry, "forbidden_patterns", path)
    for one in forbidden:
        problem = pattern_problem(one)
        if problem:
            raise GlossaryError(f"forbidden pattern {one!r}: {problem}",
                                Location(path, line_of(entry, "forbidden_patterns")))
    return forbidden


def _pattern_term(entry: Mapping, path: str, line: int | None,
                  problems: _Problems) -> Term | None:
    """`pattern: 'smart #\\d+'`: a do-not-translate family of names (glossary/patterns.py)."""
    if "term" in entry:
        problems.errors.append(GlossaryError(
            "an entry has either 'term' or 'pattern', not both", Location(path, line)))
    pattern = problems.read(None, _pattern, entry, path)
    if entry.get("kind", "dnt") != "dnt" or "targets" in entry:
        problems.errors.append(GlossaryError(
            "a pattern names terms that are not translated: kind dnt, no targets",
            Location(path, line)))
    fields = dict(
        forbidden_patterns=problems.read((), _forbidden_patterns, entry, path),
        category=problems.read("", _text, entry, "category", path),
        forbidden=problems.read((), _listed, entry, "forbidden", path),
        keep_lowercase=problems.read(False, _flag, entry, "keep_lowercase", False, path),
        exceptions=problems.read((), _listed, entry, "exceptions", path),
        note=problems.read("", _text, entry, "note", path),
    )
    if problems.errors or pattern is None:
        return None
    term_id = entry.get("id") or "pattern-" + slug(pattern)
    return Term(id=str(term_id), source=pattern, kind=TermKind.DNT,
                location=Location(path, line), pattern=pattern, **fields)


def _overrides(entry: Mapping, path: str) -> tuple[dict, dict, dict]:
    forbidden: dict[str, tuple[str, ...]] = {}
    exceptions: dict[str, tuple[str, ...]] = {}
    notes: dict[str, str] = {}
    for lang, override in _per_language(entry, "overrides", path).items():
        lang = str(lang)
        if not isinstance(override, Mapping):
            raise GlossaryError(f"overrides.{lang} must be a mapping",
                                Location(path, line_of(entry, "overrides")))
        unknown = unknown_keys(override, OVERRIDE_KEYS, f"overrides.{lang}", path)
        if unknown:
            raise unknown[0]
        where = line_of(override) or line_of(entry, "overrides")
        if override.get("forbidden"):
            forbidden[lang] = _forms(override["forbidden"], f"overrides.{lang}.forbidden",
                                     path, where)
        if override.get("exceptions"):
            exceptions[lang] = _forms(override["exceptions"], f"overrides.{lang}.exceptions",
                                      path, where)
        if override.get("note"):
            notes[lang] = _text(override, "note", path)
    return forbidden, exceptions, notes
