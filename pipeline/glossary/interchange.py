"""CSV import (`source,target,lang,kind,note`) and writing a glossary back as YAML."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.errors import GlossaryError, Location
from pipeline.files import read_regular
from pipeline.glossary.loader import MAX_BYTES, parse_term, slug
from pipeline.glossary.model import Glossary, Term, TermKind
from pipeline.glossary.yaml_reader import LineMapping

CSV_COLUMNS = ("source", "target", "lang", "kind", "note")
CSV_KINDS = ("dnt", "forced", "forbidden")


@dataclass
class _Draft:
    source: str
    line: int
    kind: TermKind | None = None
    targets: dict[str, list[str]] = field(default_factory=dict)
    forbidden: list[str] = field(default_factory=list)
    lang_forbidden: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _add(forms: list[str], form: str) -> None:
    if form and form not in forms:
        forms.append(form)


def _row(draft: _Draft, row: dict[str, str], where: Location) -> None:
    kind, target, lang = row["kind"], row["target"], row["lang"]
    if kind == "forbidden":
        if not target:
            raise GlossaryError("a forbidden row needs the forbidden form in 'target'", where)
        _add(draft.lang_forbidden.setdefault(lang, []) if lang else draft.forbidden, target)
    else:
        term_kind = TermKind(kind)
        if draft.kind not in (None, term_kind):
            raise GlossaryError(f"{draft.source!r} is {draft.kind.value} on line {draft.line} "
                                f"and {kind} here", where)
        draft.kind = term_kind
        if term_kind is TermKind.FORCED and not (target and lang):
            raise GlossaryError("a forced row needs 'target' and 'lang'", where)
        if target and lang and target != draft.source:
            _add(draft.targets.setdefault(lang, []), target)
    _add(draft.notes, row["note"])


def import_csv(path: str | Path) -> Glossary:
    """Rows grouped by source term. kind: dnt (target optional: an accepted extra form),
    forced (target and lang required), forbidden (target is the forbidden form; in `lang`
    only, or everywhere when lang is empty)."""
    path = str(path)
    drafts: dict[str, _Draft] = {}
    reader = csv.DictReader(io.StringIO(_csv_text(path), newline=""))
    try:
        missing = [c for c in ("source", "kind") if c not in (reader.fieldnames or ())]
        if missing:
            raise GlossaryError(f"CSV header lacks {', '.join(missing)}; expected columns "
                                f"{','.join(CSV_COLUMNS)}", Location(path, 1))
        for raw in reader:
            where = Location(path, reader.line_num)
            row = {c: (raw.get(c) or "").strip() for c in CSV_COLUMNS}
            if not row["source"]:
                raise GlossaryError("empty source term", where)
            if row["kind"] not in CSV_KINDS:
                raise GlossaryError(f"invalid kind {row['kind']!r}; use "
                                    f"{', '.join(CSV_KINDS)}", where)
            draft = drafts.setdefault(row["source"], _Draft(row["source"], reader.line_num))
            _row(draft, row, where)
    except csv.Error as exc:
        raise GlossaryError(f"invalid CSV: {exc}", Location(path, reader.line_num)) from None
    terms = [_term(draft, path) for draft in drafts.values()]
    languages = {lang for t in terms for lang in (*t.targets, *t.lang_forbidden)}
    return Glossary(terms=tuple(terms), paths=(path,), languages=tuple(sorted(languages)))


def _csv_text(path: str) -> str:
    """The CSV decoded: UTF-8, or the encoding its byte-order mark names. Excel's other
    "CSV" (Windows-1252, UTF-16 without a mark) is refused with how to save it."""
    data = read_regular(Path(path), MAX_BYTES, "CSV file", path, GlossaryError)
    marks = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
             (codecs.BOM_UTF16_BE, "utf-16"))
    encoding = next((name for mark, name in marks if data.startswith(mark)), "utf-8")
    if encoding == "utf-8" and b"\x00" in data[:4096]:
        # ASCII in UTF-16 is valid UTF-8 with a NUL after every letter
        raise GlossaryError("UTF-16 without a byte-order mark; save it as UTF-8 (Excel: Save "
                            "As > CSV UTF-8)", Location(path, 1))
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        if encoding == "utf-8":
            found = f"not UTF-8 (byte 0x{data[exc.start]:02x}; Windows-1252 from Excel?)"
        else:
            found = f"not valid {encoding.upper()}"
        raise GlossaryError(f"{found}; save it as UTF-8 (Excel: Save As > CSV UTF-8)",
                            Location(path, line)) from None


def check_imported(glossary: Glossary) -> None:
    """Each imported term as the YAML loader will read it, refused at its own line in the
    imported file (the CSV row, the TBX entry), never at a line of the YAML to be written."""
    for term in glossary.terms:
        location = term.location or Location(glossary.paths[0] if glossary.paths else "")
        entry = LineMapping(location.line)
        entry.update(term_to_data(term))
        try:
            parse_term(entry, location.path)
        except GlossaryError as exc:
            raise GlossaryError(f"not a valid glossary term: {exc.message}",
                                exc.location) from None


def _term(draft: _Draft, path: str) -> Term:
    kind = draft.kind or TermKind.DNT
    return Term(
        id=slug(draft.source), source=draft.source, kind=kind,
        targets={lang: tuple(forms) for lang, forms in draft.targets.items()},
        forbidden=tuple(draft.forbidden),
        lang_forbidden={lang: tuple(forms) for lang, forms in draft.lang_forbidden.items()},
        note=" ".join(draft.notes), location=Location(path, draft.line),
    )


# --- YAML writer ---------------------------------------------------------------------------

def term_to_data(term: Term) -> dict:
    """A term in the YAML schema, leaving out what equals the default."""
    if term.pattern:
        data: dict = {"pattern": term.pattern}
        if term.id != "pattern-" + slug(term.pattern):
            data["id"] = term.id
    else:
        data = {"term": term.source}
        if term.id != slug(term.source):
            data["id"] = term.id
        data["kind"] = term.kind.value
    optional = {
        "category": term.category,
        "variants": list(term.variants),
        "targets": {lang: list(forms) for lang, forms in term.targets.items()},
        "forbidden": list(term.forbidden),
        "case_sensitive": None if term.case_sensitive else False,
        "keep_lowercase": term.keep_lowercase or None,
        "exceptions": list(term.exceptions),
        "note": term.note,
        "forbidden_patterns": list(term.forbidden_patterns),
    }
    data.update({key: value for key, value in optional.items() if value not in (None, "", [],
                                                                                   {})})
    overrides: dict = {}
    for lang, forms in term.lang_forbidden.items():
        overrides.setdefault(lang, {})["forbidden"] = list(forms)
    for lang, forms in term.lang_exceptions.items():
        overrides.setdefault(lang, {})["exceptions"] = list(forms)
    for lang, note in term.lang_notes.items():
        overrides.setdefault(lang, {})["note"] = note
    if overrides:
        data["overrides"] = overrides
    return data


def dump_yaml(glossary: Glossary, comment: str = "") -> str:
    """The glossary as YAML in the schema `load_glossaries` reads."""
    document: dict = {}
    if glossary.languages:
        document["languages"] = list(glossary.languages)
    document["terms"] = [term_to_data(term) for term in glossary.terms]
    header = "".join(f"# {line}\n" for line in comment.splitlines())
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=None)
    return header + body
