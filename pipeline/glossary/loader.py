"""Read brand glossaries (YAML or TOML) into a `Glossary`, with file:line for every problem.

The schema is documented in docs/glossary.md. `read_glossary_file` collects every
problem of a file so that `pipeline glossary lint` can report them all at once;
`load_glossaries` is the strict entry point the rest of the pipeline uses: the
first problem is raised as a GlossaryError.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import GlossaryError, Location
from pipeline.glossary.model import Glossary, Term, TermKind
from pipeline.glossary.yaml_reader import LineMapping, read_yaml

TOP_KEYS = {"glossary", "source_language", "languages", "terms"}
TERM_KEYS = {
    "term", "id", "kind", "category", "variants", "targets", "forbidden", "case_sensitive",
    "keep_lowercase", "exceptions", "note", "overrides", "pattern", "forbidden_patterns",
}
OVERRIDE_KEYS = {"forbidden", "exceptions", "note"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_BYTES = 32 * 1024 * 1024  # 10,000 terms take about 2 MB


@dataclass
class GlossaryFile:
    """One parsed file: its terms, declared languages and every problem found."""

    path: str
    terms: list[Term] = field(default_factory=list)
    languages: tuple[str, ...] = ()
    problems: list[GlossaryError] = field(default_factory=list)
    language_lines: dict[str, int | None] = field(default_factory=dict)


# --- reading YAML and TOML -------------------------------------------------------------

def _read_toml(path: str, text: str) -> Any:
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, tomllib.TOMLDecodeError):
            raise _toml_error(path, exc) from None
        # tomllib's int() refuses 4,300 digits and more; arrays nest by recursion
        raise GlossaryError("invalid TOML: a number too long or values nested too deeply",
                            Location(path)) from None
    return _toml_terms(data, text)


def _toml_error(path: str, exc: tomllib.TOMLDecodeError) -> GlossaryError:
    found = re.search(r"line (\d+)", str(exc))
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
    line = int(found.group(1)) if found else None
    return GlossaryError(f"invalid TOML: {reason}", Location(path, line))


def _toml_terms(data: dict, text: str) -> LineMapping:
    # tomllib keeps no positions: the Nth [[terms]] header is the Nth term's line.
    lines = text.splitlines()
    headers = [n for n, row in enumerate(lines, 1) if re.match(r"\s*\[\[\s*terms\s*\]\]", row)]
    top = LineMapping(1)
    for key, value in data.items():
        top[key] = value
    terms = data.get("terms")
    if isinstance(terms, list):
        converted = []
        for index, entry in enumerate(terms):
            line = headers[index] if index < len(headers) else None
            if isinstance(entry, dict):
                mapped = LineMapping(line)
                mapped.update(entry)
                entry = mapped
            converted.append(entry)
        top["terms"] = converted
    return top


def read_document(path: str | Path) -> Any:
    """The file's data; GlossaryError with the parser's line when it is not YAML/TOML."""
    from pipeline.files import read_regular

    path = str(path)
    if not Path(path).exists() and not Path(path).is_symlink():
        raise GlossaryError("glossary file not found", Location(path))
    data = read_regular(Path(path), MAX_BYTES, "glossary", path, GlossaryError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the "
                            "glossary as UTF-8", Location(path, line)) from None
    return parse_text(path, text)


def parse_text(path: str, text: str) -> Any:
    """The data of glossary text, parsed as the suffix of `path` says."""
    if path.endswith(".toml"):
        return _read_toml(path, text)
    if path.endswith((".yaml", ".yml")):
        return read_yaml(path, text)
    raise GlossaryError("unknown glossary format; use .yaml, .yml or .toml", Location(path))


# --- from data to terms ----------------------------------------------------------------

class _Problems(Exception):
    def __init__(self, errors: list[GlossaryError]):
        super().__init__(str(errors[0]))
        self.errors = errors


def _line(entry: Any, key: str | None = None) -> int | None:
    if isinstance(entry, LineMapping):
        if key is not None and key in entry.key_lines:
            return entry.key_lines[key]
        return entry.line
    return None


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
        raise GlossaryError(f"{key} must be a string", Location(path, _line(entry, key)))
    return value.strip()


def _flag(entry: Mapping, key: str, default: bool, path: str) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise GlossaryError(f"{key} must be true or false", Location(path, _line(entry, key)))
    return value


def _unknown_keys(entry: Mapping, allowed: set[str], what: str, path: str) -> None:
    for key in entry:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise GlossaryError(f"unknown key {key!r} in {what} (known: {known})",
                                Location(path, _line(entry, str(key))))


def _per_language(entry: Mapping, key: str, path: str) -> Mapping[str, Any]:
    value = entry.get(key) or {}
    if not isinstance(value, Mapping):
        raise GlossaryError(f"{key} must map language codes to values",
                            Location(path, _line(entry, key)))
    return value


def slug(source: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", source.lower()).strip("-") or "term"


def parse_term(entry: Any, path: str) -> Term:
    """One `terms:` entry as a Term; GlossaryError at the offending line otherwise."""
    if not isinstance(entry, Mapping):
        raise GlossaryError("each entry of terms must be a mapping", Location(path, _line(entry)))
    _unknown_keys(entry, TERM_KEYS, "a term", path)
    line = _line(entry)
    if "pattern" in entry:
        return _pattern_term(entry, path, line)
    if "term" not in entry:
        raise GlossaryError("term entry has no 'term' (the canonical source form) and no "
                            "'pattern'", Location(path, line))
    source = entry["term"]
    if not isinstance(source, str):
        raise GlossaryError("term must be a string", Location(path, _line(entry, "term")))
    source = _check_form(source, "term", path, _line(entry, "term"))
    kind_name = entry.get("kind", "dnt")
    try:
        kind = TermKind(kind_name)
    except ValueError:
        raise GlossaryError(f"invalid kind {kind_name!r}; use dnt or forced",
                            Location(path, _line(entry, "kind"))) from None
    targets = {
        str(lang): _forms(forms, f"targets.{lang}", path, _line(entry, "targets"))
        for lang, forms in _per_language(entry, "targets", path).items()
    }
    if kind is TermKind.DNT:  # the canonical form is always accepted; keep only additions
        targets = {lang: tuple(f for f in forms if f != source) for lang, forms in targets.items()}
    if kind is TermKind.FORCED and not any(targets.values()):
        raise GlossaryError(f"forced term {source!r} has no targets; add targets or use "
                            "kind: dnt", Location(path, line))
    lang_forbidden, lang_exceptions, lang_notes = _overrides(entry, path)
    term_id = entry.get("id") or slug(source)
    if not isinstance(term_id, str):
        raise GlossaryError("id must be a string", Location(path, _line(entry, "id")))
    return Term(
        id=term_id,
        source=source,
        kind=kind,
        category=_text(entry, "category", path),
        variants=_forms(entry.get("variants"), "variants", path, _line(entry, "variants")),
        targets={lang: forms for lang, forms in targets.items() if forms},
        forbidden=_forms(entry.get("forbidden"), "forbidden", path, _line(entry, "forbidden")),
        case_sensitive=_flag(entry, "case_sensitive", True, path),
        keep_lowercase=_flag(entry, "keep_lowercase", False, path),
        exceptions=_forms(entry.get("exceptions"), "exceptions", path,
                          _line(entry, "exceptions")),
        note=_text(entry, "note", path),
        location=Location(path, line),
        lang_forbidden=lang_forbidden,
        lang_exceptions=lang_exceptions,
        lang_notes=lang_notes,
    )


def _pattern_term(entry: Mapping, path: str, line: int | None) -> Term:
    """`pattern: 'smart #\\d+'`: a do-not-translate family of names (glossary/patterns.py)."""
    from pipeline.glossary.patterns import pattern_problem

    if "term" in entry:
        raise GlossaryError("an entry has either 'term' or 'pattern', not both",
                            Location(path, line))
    pattern = entry["pattern"]
    problem = pattern_problem(pattern)
    if problem:
        raise GlossaryError(f"pattern {pattern!r}: {problem}",
                            Location(path, _line(entry, "pattern")))
    if entry.get("kind", "dnt") != "dnt" or "targets" in entry:
        raise GlossaryError("a pattern names terms that are not translated: kind dnt, no "
                            "targets", Location(path, line))
    forbidden = _forms(entry.get("forbidden_patterns"), "forbidden_patterns", path,
                       _line(entry, "forbidden_patterns"))
    for one in forbidden:
        problem = pattern_problem(one)
        if problem:
            raise GlossaryError(f"forbidden pattern {one!r}: {problem}",
                                Location(path, _line(entry, "forbidden_patterns")))
    term_id = entry.get("id") or "pattern-" + slug(pattern)
    return Term(
        id=str(term_id), source=pattern, kind=TermKind.DNT,
        category=_text(entry, "category", path),
        forbidden=_forms(entry.get("forbidden"), "forbidden", path, _line(entry, "forbidden")),
        keep_lowercase=_flag(entry, "keep_lowercase", False, path),
        exceptions=_forms(entry.get("exceptions"), "exceptions", path,
                          _line(entry, "exceptions")),
        note=_text(entry, "note", path), location=Location(path, line),
        pattern=pattern, forbidden_patterns=forbidden,
    )


def _overrides(entry: Mapping, path: str) -> tuple[dict, dict, dict]:
    forbidden: dict[str, tuple[str, ...]] = {}
    exceptions: dict[str, tuple[str, ...]] = {}
    notes: dict[str, str] = {}
    for lang, override in _per_language(entry, "overrides", path).items():
        lang = str(lang)
        if not isinstance(override, Mapping):
            raise GlossaryError(f"overrides.{lang} must be a mapping",
                                Location(path, _line(entry, "overrides")))
        _unknown_keys(override, OVERRIDE_KEYS, f"overrides.{lang}", path)
        where = _line(override) or _line(entry, "overrides")
        if override.get("forbidden"):
            forbidden[lang] = _forms(override["forbidden"], f"overrides.{lang}.forbidden",
                                     path, where)
        if override.get("exceptions"):
            exceptions[lang] = _forms(override["exceptions"], f"overrides.{lang}.exceptions",
                                      path, where)
        if override.get("note"):
            notes[lang] = _text(override, "note", path)
    return forbidden, exceptions, notes


def read_glossary_file(path: str | Path) -> GlossaryFile:
    """Parse one file, collecting every entry's problem. Unreadable files raise."""
    path = str(path)
    return glossary_file(path, read_document(path))


def glossary_file(path: str, data: Any) -> GlossaryFile:
    """Parsed data (from `read_document` or `parse_text`) as terms and problems."""
    result = GlossaryFile(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("terms"), list):
        raise GlossaryError("a glossary needs a top-level 'terms:' list", Location(path, 1))
    try:
        _unknown_keys(data, TOP_KEYS, "the glossary", path)
    except GlossaryError as exc:
        result.problems.append(exc)
    languages = data.get("languages") or []
    if isinstance(languages, list) and all(isinstance(lang, str) for lang in languages):
        result.languages = tuple(languages)
        result.language_lines = dict.fromkeys(languages, _line(data, "languages"))
    else:
        result.problems.append(GlossaryError("languages must be a list of language codes",
                                             Location(path, _line(data, "languages"))))
    for entry in data["terms"]:
        try:
            result.terms.append(parse_term(entry, path))
        except GlossaryError as exc:
            result.problems.append(exc)
    return result


# --- consistency across terms and files ------------------------------------------------

def _definition(term: Term) -> tuple:
    return (term.kind, sorted((k, v) for k, v in term.targets.items()),
            term.forbidden, sorted(term.lang_forbidden.items()), term.case_sensitive)


def _keys(term: Term) -> list[str]:
    forms = (term.source, *term.variants)
    return [form if term.case_sensitive else form.casefold() for form in forms]


@dataclass(frozen=True)
class Duplicate:
    """`term` repeats (identically) a term defined earlier at `first`."""

    term: Term
    first: Term


def check_terms(terms: Iterable[Term]) -> tuple[list[Term], list[Duplicate],
                                                list[GlossaryError]]:
    """Split terms into kept ones, identical duplicates and conflicts (as errors).

    The same source form (or variant) defined twice with the same definition is a
    duplicate: the first is kept. Defined twice differently (DNT here, forced there,
    other targets or forbidden forms) is a conflict, because the matcher could not tell
    which rule applies.
    """
    kept: list[Term] = []
    duplicates: list[Duplicate] = []
    conflicts: list[GlossaryError] = []
    by_form: dict[str, Term] = {}
    by_id: dict[str, Term] = {}
    for term in terms:
        clash = next((by_form[key] for key in _keys(term) if key in by_form), None)
        if clash is not None:
            if _definition(clash) == _definition(term):
                duplicates.append(Duplicate(term, clash))
            else:
                conflicts.append(GlossaryError(
                    f"conflicting definitions of {term.source!r}: {term.kind.value} here, "
                    f"{clash.kind.value} with other targets/forbidden forms at {clash.location}",
                    term.location))
            continue
        if term.id in by_id:
            conflicts.append(GlossaryError(
                f"duplicate id {term.id!r} (also used at {by_id[term.id].location})",
                term.location))
            continue
        by_id[term.id] = term
        for key in _keys(term):
            by_form.setdefault(key, term)
        kept.append(term)
    return kept, duplicates, conflicts


def load_glossaries(paths: Iterable[str | Path]) -> Glossary:
    """All glossary files merged into one Glossary; the first problem raises GlossaryError."""
    files = [read_glossary_file(path) for path in paths]
    for parsed in files:
        if parsed.problems:
            raise parsed.problems[0]
    kept, _duplicates, conflicts = check_terms(t for parsed in files for t in parsed.terms)
    if conflicts:
        raise conflicts[0]
    languages = tuple(dict.fromkeys(lang for parsed in files for lang in parsed.languages))
    return Glossary(terms=tuple(kept), paths=tuple(parsed.path for parsed in files),
                    languages=languages)
