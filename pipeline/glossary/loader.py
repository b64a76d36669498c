"""Read brand glossaries (YAML or TOML) into a `Glossary`, with file:line for every problem.

The schema is documented in docs/glossary.md. `read_glossary_file` collects every
problem of a file so that `pipeline glossary lint` can report them all at once;
`load_glossaries` is the strict entry point the rest of the pipeline uses: the
first problem is raised as a GlossaryError.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import GlossaryError, Location
from pipeline.glossary.entries import TermProblems, line_of, parse_term, slug, unknown_keys
from pipeline.glossary.model import Glossary, Term
from pipeline.glossary.yaml_reader import read_yaml, read_yaml_parts

__all__ = ["MAX_BYTES", "GlossaryFile", "check_terms", "glossary_file", "load_glossaries",
           "parse_term", "parse_text", "read_document", "read_glossary_file", "slug"]

TOP_KEYS = {"glossary", "source_language", "languages", "terms"}
MAX_BYTES = 32 * 1024 * 1024  # 10,000 terms take about 2 MB


@dataclass
class GlossaryFile:
    """One parsed file: its terms, declared languages and every problem found."""

    path: str
    terms: list[Term] = field(default_factory=list)
    languages: tuple[str, ...] = ()
    problems: list[GlossaryError] = field(default_factory=list)
    syntax_errors: list[GlossaryError] = field(default_factory=list)  # read with recover
    language_lines: dict[str, int | None] = field(default_factory=dict)


# --- reading YAML and TOML -------------------------------------------------------------

def read_text(path: str | Path) -> str:
    """The file's text; GlossaryError when it is missing, not a regular file or not UTF-8."""
    from pipeline.files import read_regular

    path = str(path)
    if not Path(path).exists() and not Path(path).is_symlink():
        raise GlossaryError("glossary file not found", Location(path))
    data = read_regular(Path(path), MAX_BYTES, "glossary", path, GlossaryError)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the "
                            "glossary as UTF-8", Location(path, line)) from None


def read_document(path: str | Path) -> Any:
    """The file's data; GlossaryError with the parser's line when it is not YAML/TOML."""
    return parse_text(str(path), read_text(path))


def parse_text(path: str, text: str) -> Any:
    """The data of glossary text, parsed as the suffix of `path` says."""
    if path.endswith(".toml"):
        from pipeline.glossary.toml_reader import read_toml  # a YAML project never needs it

        return read_toml(path, text)
    if path.endswith((".yaml", ".yml")):
        return read_yaml(path, text)
    raise GlossaryError("unknown glossary format; use .yaml, .yml or .toml", Location(path))


# --- from data to terms ----------------------------------------------------------------

def read_glossary_file(path: str | Path, recover: bool = False) -> GlossaryFile:
    """Parse one file, collecting every entry's problem. Unreadable files raise.

    `recover` (for lint): past a YAML or TOML syntax error each term is read on its own;
    the syntax errors are in `syntax_errors` and the terms that read are checked as usual."""
    path = str(path)
    if recover and path.endswith(".toml"):
        from pipeline.glossary.toml_reader import read_toml_parts

        data, errors = read_toml_parts(path, read_text(path))
    elif recover and path.endswith((".yaml", ".yml")):
        data, errors = read_yaml_parts(path, read_text(path))
    else:
        return glossary_file(path, read_document(path))
    parsed = glossary_file(path, data)
    parsed.syntax_errors = errors
    return parsed


def glossary_file(path: str, data: Any) -> GlossaryFile:
    """Parsed data (from `read_document` or `parse_text`) as terms and problems."""
    result = GlossaryFile(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("terms"), list):
        raise GlossaryError("a glossary needs a top-level 'terms:' list", Location(path, 1))
    result.problems += unknown_keys(data, TOP_KEYS, "the glossary", path)
    languages = data.get("languages") or []
    if isinstance(languages, list) and all(isinstance(lang, str) for lang in languages):
        result.languages = tuple(languages)
        result.language_lines = dict.fromkeys(languages, line_of(data, "languages"))
    else:
        result.problems.append(GlossaryError("languages must be a list of language codes",
                                             Location(path, line_of(data, "languages"))))
    lines = getattr(data["terms"], "item_lines", [])
    for number, entry in enumerate(data["terms"]):
        try:
            result.terms.append(parse_term(entry, path,
                                           lines[number] if number < len(lines) else None))
        except TermProblems as exc:
            result.problems += exc.errors
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
    """All glossary files merged into one Glossary; the first problem raises GlossaryError
    (saying how many more there are: `pipeline glossary lint` lists them all)."""
    files = [read_glossary_file(path) for path in paths]
    for parsed in files:
        if parsed.problems:
            raise _first_of(parsed.problems)
    kept, _duplicates, conflicts = check_terms(t for parsed in files for t in parsed.terms)
    if conflicts:
        raise _first_of(conflicts)
    languages = tuple(dict.fromkeys(lang for parsed in files for lang in parsed.languages))
    return Glossary(terms=tuple(kept), paths=tuple(parsed.path for parsed in files),
                    languages=languages)


def _first_of(problems: list[GlossaryError]) -> GlossaryError:
    first = problems[0]
    if len(problems) == 1:
        return first
    more = len(problems) - 1
    return GlossaryError(f"{first.message} (and {more} more problem{'s' if more > 1 else ''}: "
                         "`pipeline glossary lint` lists them all)", first.location)
