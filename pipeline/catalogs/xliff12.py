"""XLIFF 1.2 (the default `.xlf`) written from the catalog model.

Everything comes from the PO entry and its comment conventions
(pipeline/catalogs/metadata.py), so the file can always be regenerated from the
PO alone. State mapping (docs/xliff.md):

    empty msgstr             <target state="new"/>
    fuzzy + "MT:" comment    state="needs-review-translation" state-qualifier="mt-suggestion"
    fuzzy + "TM:" comment    state="needs-review-translation" state-qualifier="exact-match"
                             or "fuzzy-match"
    other fuzzy              state="needs-review-translation"
    translated, not fuzzy    state="translated" and trans-unit approved="yes"
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline import atomic
from pipeline.catalogs.inline import XLIFF12, render
from pipeline.catalogs.metadata import EntryMeta, Origin, Status, Suggestion, entry_meta
from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.xliff import (
    BASE_PREFIX,
    NS12,
    TOOL_ID,
    XML_NS,
    default_original,
    language_tag,
    serialize,
    target_digest,
)
from pipeline.errors import InputError, Location

DATATYPE = "plaintext"


def write_xliff12(catalog: Catalog, path: str | Path, *, source_lang: str,
                  target_lang: str | None = None, original: str | None = None,
                  po_digest: str | None = None) -> None:
    """Write `catalog` as XLIFF 1.2 to `path` atomically."""
    atomic.write_bytes(path, format_xliff12(catalog, source_lang=source_lang,
                                            target_lang=target_lang, original=original,
                                            po_digest=po_digest))


def format_xliff12(catalog: Catalog, *, source_lang: str, target_lang: str | None = None,
                   original: str | None = None, po_digest: str | None = None) -> bytes:
    root = etree.Element(_q("xliff"), nsmap={None: NS12}, version="1.2")
    file_element = etree.SubElement(root, _q("file"))
    file_element.set("original", original or default_original(catalog))
    file_element.set("source-language", language_tag(source_lang))
    target = target_lang or catalog.language
    if target:
        file_element.set("target-language", language_tag(target))
    file_element.set("datatype", DATATYPE)
    file_element.set("tool-id", TOOL_ID)
    if po_digest:
        file_element.set("build-num", f"{BASE_PREFIX}{po_digest}")
    header = etree.SubElement(file_element, _q("header"))
    etree.SubElement(header, _q("tool"), {"tool-id": TOOL_ID, "tool-name": TOOL_ID})
    body = etree.SubElement(file_element, _q("body"))
    for entry in catalog.singular():
        body.append(_trans_unit(entry, catalog.path))
    return serialize(root)


def _q(local: str) -> str:
    return f"{{{NS12}}}{local}"


def _trans_unit(entry: Entry, catalog_path: str | None) -> etree._Element:
    meta = entry_meta(entry)
    unit = etree.Element(_q("trans-unit"), id=entry.id)
    if entry.msgctxt is not None:
        unit.set("resname", entry.msgctxt)
    unit.set(f"{{{XML_NS}}}space", "preserve")
    unit.set("extradata", f"{BASE_PREFIX}{target_digest(entry.msgstr, entry.reviewed)}")
    if meta.status is Status.REVIEWED:
        unit.set("approved", "yes")
    try:
        codes = meta.code_notes()
        render(etree.SubElement(unit, _q("source")), entry.msgid, XLIFF12, codes)
        target = etree.SubElement(unit, _q("target"), _target_state(meta))
        render(target, entry.msgstr, XLIFF12, codes)
        for reference in meta.references:
            unit.append(_context_group(reference.path, reference.line))
        for note_from, text in _notes(entry, meta):
            etree.SubElement(unit, _q("note"), {"from": note_from}).text = text
        if meta.status is Status.DRAFT and meta.match_percent is not None:
            unit.append(_alt_trans(entry, meta))
        if meta.status is not Status.REVIEWED:
            unit.extend(_suggestion(entry, one) for one in meta.suggestions)
    except ValueError as exc:
        raise InputError(str(exc), Location(catalog_path or "catalog", entry.msgid_line)) from None
    return unit


def _target_state(meta: EntryMeta) -> dict[str, str]:
    if meta.status is Status.NEW:
        return {"state": "new"}
    if meta.status is Status.REVIEWED:
        state = {"state": "translated"}
        if meta.origin is Origin.TM and meta.tm_similarity == 100:
            state["state-qualifier"] = "exact-match"
        return state
    state = {"state": "needs-review-translation"}
    if meta.origin is Origin.MT:
        state["state-qualifier"] = "mt-suggestion"
    elif meta.origin is Origin.TM:
        exact = meta.tm_similarity == 100
        state["state-qualifier"] = "exact-match" if exact else "fuzzy-match"
    return state


def _context_group(path: str, line: int | None) -> etree._Element:
    # No name: the schema wants names unique per file, and sentences share lines.
    group = etree.Element(_q("context-group"), purpose="location")
    etree.SubElement(group, _q("context"), {"context-type": "sourcefile"}).text = path
    if line is not None:
        etree.SubElement(group, _q("context"), {"context-type": "linenumber"}).text = str(line)
    return group


def _notes(entry: Entry, meta: EntryMeta) -> list[tuple[str, str]]:
    """(from, text): the developer (extraction) side first, then the pipeline's work."""
    notes: list[tuple[str, str]] = []
    if meta.role:
        notes.append(("developer", f"role: {meta.role}"))
    if entry.msgctxt is not None:
        notes.append(("developer", f"context: {entry.msgctxt}"))
    notes.extend(("developer", code.line) for code in meta.codes)
    notes.extend(("developer", f"glossary: {hint.text}") for hint in meta.hints)
    notes.extend(("developer", line) for line in meta.developer_notes)
    notes.extend(("pipeline", line) for line in meta.pipeline_notes)
    notes.extend(("translator", line) for line in meta.translator_notes)
    return notes


def _alt_trans(entry: Entry, meta: EntryMeta) -> etree._Element:
    """The engine's (or memory's) proposal with its score, for CAT tools' match panes."""
    alt = etree.Element(_q("alt-trans"), {"match-quality": str(meta.match_percent)})
    if meta.origin is Origin.MT and meta.mt_engine:
        alt.set("origin", meta.mt_engine)
    elif meta.origin is Origin.TM:
        alt.set("origin", f"tm:{meta.tm_release}" if meta.tm_release else "tm")
    codes = meta.code_notes()
    render(etree.SubElement(alt, _q("source")), entry.msgid, XLIFF12, codes)
    render(etree.SubElement(alt, _q("target")), entry.msgstr, XLIFF12, codes)
    return alt


def _suggestion(entry: Entry, suggestion: Suggestion) -> etree._Element:
    """A TM near match or the old target of a changed sentence; not in the target yet."""
    alt = etree.Element(_q("alt-trans"), origin=suggestion.origin)
    if suggestion.similarity is not None:
        alt.set("match-quality", f"{suggestion.similarity:g}")
    if suggestion.source is not None:
        render(etree.SubElement(alt, _q("source")), suggestion.source, XLIFF12)
    render(etree.SubElement(alt, _q("target")), suggestion.target, XLIFF12)
    return alt
