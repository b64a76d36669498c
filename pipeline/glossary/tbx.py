"""TBX interchange: export TBX v3 (ISO 30042:2019, TBX-Basic, DCA style), import v3 and 2008.

Mapping (documented in docs/glossary.md):

- one `conceptEntry` per term; `descrip type="subjectField"` is the category, `note`
  the translator note; `admin type="x-caseSensitive"|"x-keepLowercase"` and
  `descrip type="x-exception"` carry the matcher settings (TBX-Basic has no category
  for them; CAT tools ignore unknown types);
- the source `langSec`: the canonical term (`preferredTerm-admn-sts`), source variants
  (`admittedTerm-admn-sts`) and the globally forbidden forms (`deprecatedTerm-admn-sts`);
- one `langSec` per target language: approved forms, preferred first; forbidden forms of
  that language as `deprecatedTerm-admn-sts`; do-not-translate terms carry
  `termNote type="transferComment"` = `doNotTranslate` (the ISO 12620 data category for
  how a term transfers into another language).

Import reads both the v3 `tbx/conceptEntry/langSec/termSec` and the 2008
`martif/termEntry/langSet/tig|ntig` forms. Entity declarations are refused before the
parser sees them (XXE, billion laughs); DTDs are never loaded, the network never used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from pipeline.errors import Location, XmlInputError
from pipeline.glossary.model import Glossary, Term, TermKind
from pipeline.safexml import parse_untrusted

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED = "preferredTerm-admn-sts", "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
FORBIDDEN_STATUSES = {DEPRECATED, "supersededTerm-admn-sts"}
DNT = "doNotTranslate"
PATTERN_NOTE = "pattern (regular expression): "
FORBIDDEN_PATTERN_NOTE = "forbidden pattern (regular expression): "
_PATTERN_NOTES = (PATTERN_NOTE, FORBIDDEN_PATTERN_NOTE)
_NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")


# --- export ------------------------------------------------------------------------------

def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str):
    element = etree.SubElement(parent, f"{{{NS}}}{tag}", {k.replace("_", ":"): v
                                                          for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _term_sec(lang_sec, form: str, status: str, dnt: bool = False) -> None:
    sec = _el(lang_sec, "termSec")
    _el(sec, "term", form)
    _el(sec, "termNote", status, type="administrativeStatus")
    if dnt:
        _el(sec, "termNote", DNT, type="transferComment")


def _lang_sec(entry, lang: str):
    sec = etree.SubElement(entry, f"{{{NS}}}langSec")
    sec.set(XML_LANG, lang)
    return sec


def _concept(body, term: Term, number: int, source_lang: str, languages: list[str]) -> None:
    valid_id = bool(_NCNAME.match(term.id))
    entry = _el(body, "conceptEntry", id=term.id if valid_id else f"t{number}")
    if not valid_id:
        _el(entry, "admin", term.id, type="x-termId")
    if term.category:
        _el(entry, "descrip", term.category, type="subjectField")
    _el(entry, "admin", "yes" if term.case_sensitive else "no", type="x-caseSensitive")
    if term.keep_lowercase:
        _el(entry, "admin", "yes", type="x-keepLowercase")
    for phrase in term.exceptions:
        _el(entry, "descrip", phrase, type="x-exception")
    if term.note:
        _el(entry, "note", term.note)
    if term.pattern:  # TBX has no pattern terms: a note other tools show, read back here
        _el(entry, "note", f"{PATTERN_NOTE}{term.pattern}")
        for pattern in term.forbidden_patterns:
            _el(entry, "note", f"{FORBIDDEN_PATTERN_NOTE}{pattern}")
    dnt = term.kind is TermKind.DNT
    source = _lang_sec(entry, source_lang)
    _term_sec(source, term.source, PREFERRED, dnt)
    for variant in term.variants:
        _term_sec(source, variant, ADMITTED)
    for form in term.forbidden:
        _term_sec(source, form, DEPRECATED)
    for lang in languages:
        targets = term.targets.get(lang, ())
        if not dnt and not targets:
            continue  # a forced term without an approved rendering here keeps the English
        sec = _lang_sec(entry, lang)
        if lang in term.lang_notes:
            _el(sec, "note", term.lang_notes[lang])
        for phrase in term.lang_exceptions.get(lang, ()):
            _el(sec, "descrip", phrase, type="x-exception")
        forms = term.renderings(lang) if dnt else targets
        for index, form in enumerate(forms):
            _term_sec(sec, form, PREFERRED if index == 0 else ADMITTED, dnt and index == 0)
        for form in term.lang_forbidden.get(lang, ()):
            _term_sec(sec, form, DEPRECATED)


def _languages(glossary: Glossary, source_lang: str) -> list[str]:
    found = list(glossary.languages)
    for term in glossary.terms:
        for table in (term.targets, term.lang_forbidden, term.lang_exceptions, term.lang_notes):
            found.extend(table)
    return [lang for lang in dict.fromkeys(found) if lang != source_lang]


def export_tbx(glossary: Glossary, source_lang: str = "en", title: str = "") -> bytes:
    """The glossary as a TBX-Basic (DCA) v3 document, UTF-8 bytes."""
    root = etree.Element(f"{{{NS}}}tbx", nsmap={None: NS})
    root.set(XML_LANG, source_lang)
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    file_desc = _el(_el(root, "tbxHeader"), "fileDesc")
    _el(_el(file_desc, "titleStmt"), "title", title or "glossary")
    sources = ", ".join(glossary.paths) or "pipeline glossary"
    _el(_el(file_desc, "sourceDesc"), "p", f"Exported by pipeline from {sources}")
    body = _el(_el(root, "text"), "body")
    languages = _languages(glossary, source_lang)
    for number, term in enumerate(glossary.terms, 1):
        _concept(body, term, number, source_lang, languages)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- import ------------------------------------------------------------------------------

def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element, *names: str) -> list:
    return [child for child in element if _local(child) in names]


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _typed(element, name: str, kind: str) -> list[str]:
    return [_text(c) for c in _children(element, name) if c.get("type") == kind]


def _term_records(lang_sec) -> list[tuple[str, str, bool]]:
    """(form, administrative status, do-not-translate) of each termSec/tig/ntig."""
    records = []
    for sec in _children(lang_sec, "termSec", "tig", "ntig"):
        holders = [sec, *_children(sec, "termGrp")]  # ntig wraps term and notes in termGrp
        term = next((t for h in holders for t in _children(h, "term")), None)
        if term is None or not _text(term):
            continue
        notes = [n for h in holders for n in _children(h, "termNote", "termNoteGrp")]
        notes = [n if _local(n) == "termNote" else next(iter(_children(n, "termNote")), n)
                 for n in notes]
        status = next((_text(n) for n in notes
                       if n.get("type") in ("administrativeStatus", "normativeAuthorization")),
                      "")
        dnt = any(n.get("type") == "transferComment" and _text(n) == DNT for n in notes)
        records.append((_text(term), status, dnt))
    return records


def _lang(element, default: str) -> str:
    return element.get(XML_LANG) or element.get("lang") or default


def _same_base(one: str, other: str) -> bool:
    """en-US and en are one source language (TBX files tag either)."""
    from pipeline.errors import InputError
    from pipeline.language import Language

    try:
        return Language.parse(one).base == Language.parse(other).base
    except InputError:
        return one.lower() == other.lower()


def _entry_to_term(entry, path: str, source_lang: str) -> Term | None:
    lang_secs = {_lang(sec, ""): sec for sec in _children(entry, "langSec", "langSet")}
    source_key = next((lang for lang in lang_secs if lang == source_lang), None) or next(
        (lang for lang in lang_secs if _same_base(lang, source_lang)), None)
    source_sec = lang_secs.pop(source_key, None) if source_key is not None else None
    if source_sec is None:
        return None
    records = _term_records(source_sec)
    usable = [r for r in records if r[1] not in FORBIDDEN_STATUSES]
    if not usable:
        return None
    canonical = next((r for r in usable if r[1] == PREFERRED), usable[0])
    targets, lang_forbidden, lang_notes, lang_exceptions = {}, {}, {}, {}
    for lang, sec in lang_secs.items():
        recs = _term_records(sec)
        approved = [r[0] for r in recs if r[1] == PREFERRED]  # preferred first
        approved += [r[0] for r in recs if r[1] not in FORBIDDEN_STATUSES | {PREFERRED}]
        if approved:
            targets[lang] = tuple(dict.fromkeys(approved))
        if forbidden := tuple(r[0] for r in recs if r[1] in FORBIDDEN_STATUSES):
            lang_forbidden[lang] = forbidden
        if notes := [_text(n) for n in _children(sec, "note")]:
            lang_notes[lang] = " ".join(notes)
        if phrases := _typed(sec, "descrip", "x-exception"):
            lang_exceptions[lang] = tuple(phrases)
    # A term whose every approved target is its own source form is do-not-translate too,
    # whatever other tools call it.
    same = all(forms[0] == canonical[0] for forms in targets.values())
    dnt = canonical[2] or not targets or same
    kind = TermKind.DNT if dnt else TermKind.FORCED
    if dnt:
        targets = {lang: tuple(f for f in forms if f != canonical[0])
                   for lang, forms in targets.items()}
        targets = {lang: forms for lang, forms in targets.items() if forms}
    term_id = (_typed(entry, "admin", "x-termId") or [entry.get("id") or ""])[0]
    notes = [_text(n) for n in _children(entry, "note")]
    flags = {kind: _typed(entry, "admin", kind) for kind in ("x-caseSensitive",
                                                               "x-keepLowercase")}
    return Term(
        id=term_id or re.sub(r"[^0-9a-z]+", "-", canonical[0].lower()).strip("-"),
        source=canonical[0],
        kind=kind,
        category=" ".join(_typed(entry, "descrip", "subjectField")),
        variants=tuple(r[0] for r in usable if r is not canonical),
        targets=targets,
        forbidden=tuple(r[0] for r in records if r[1] in FORBIDDEN_STATUSES),
        case_sensitive=flags["x-caseSensitive"] != ["no"],
        keep_lowercase=flags["x-keepLowercase"] == ["yes"],
        exceptions=tuple(_typed(entry, "descrip", "x-exception")),
        note=" ".join(n for n in notes if not n.startswith(_PATTERN_NOTES)),
        pattern=next((n[len(PATTERN_NOTE):] for n in notes if n.startswith(PATTERN_NOTE)),
                     None),
        forbidden_patterns=tuple(n[len(FORBIDDEN_PATTERN_NOTE):] for n in notes
                                 if n.startswith(FORBIDDEN_PATTERN_NOTE)),
        location=Location(path, entry.sourceline),
        lang_forbidden=lang_forbidden,
        lang_exceptions=lang_exceptions,
        lang_notes=lang_notes,
    )


def import_tbx(path: str | Path) -> Glossary:
    """Terms of a TBX v3 (`tbx`) or TBX 2008 (`martif`) file."""
    path = str(path)
    root = parse_untrusted(path)
    if _local(root) not in ("tbx", "martif"):
        raise XmlInputError(f"not a TBX file: root element is <{_local(root)}>",
                            Location(path, root.sourceline))
    source_lang = _lang(root, "en")
    entries = [el for el in root.iter() if _local(el) in ("conceptEntry", "termEntry")]
    terms = [term for entry in entries
             if (term := _entry_to_term(entry, path, source_lang)) is not None]
    languages: Iterable[str] = (
        _lang(sec, "") for entry in entries for sec in _children(entry, "langSec", "langSet"))
    return Glossary(terms=tuple(terms), paths=(path,),
                    languages=tuple(lang for lang in dict.fromkeys(languages)
                                    if lang and lang != source_lang))
