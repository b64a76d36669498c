"""XLIFF 2.1 (`--xliff 2.1`) written from the catalog model.

One <unit> per active entry with one <segment> (canResegment="no": the pipeline
already segmented). Modules: `gls:glossary` lists the unit's glossary terms,
`mtc:matches` carries the MT proposal with its confidence. State mapping
(docs/xliff.md):

    empty msgstr             state="initial", no <target>
    fuzzy                    state="initial" with the draft <target>, subState
                             "pipeline:mt" / "pipeline:tm" / "pipeline:fuzzy"
    translated, not fuzzy    state="reviewed"
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline import atomic
from pipeline.catalogs.inline import XLIFF2, render
from pipeline.catalogs.metadata import EntryMeta, Origin, Status, entry_meta
from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.xliff import (
    BASE_PREFIX,
    NS2,
    NS_GLS,
    NS_MDA,
    NS_MTC,
    XML_NS,
    default_original,
    language_tag,
    serialize,
    target_digest,
)

VERSION = "2.1"
TOOL = "press-pipeline"
SEGMENT_ID = "s1"
EMPTY_UNIT_ID = "pipeline-empty"
_SUBSTATE = {Origin.MT: "pipeline:mt", Origin.TM: "pipeline:tm"}


def write_xliff21(catalog: Catalog, path: str | Path, *, source_lang: str,
                  target_lang: str | None = None, original: str | None = None,
                  version: str = VERSION, po_digest: str | None = None) -> None:
    """Write `catalog` as XLIFF 2.1 (or 2.0 with version="2.0") to `path` atomically."""
    atomic.write_bytes(path, format_xliff21(catalog, source_lang=source_lang,
                                            target_lang=target_lang, original=original,
                                            version=version, po_digest=po_digest))


def format_xliff21(catalog: Catalog, *, source_lang: str, target_lang: str | None = None,
                   original: str | None = None, version: str = VERSION,
                   po_digest: str | None = None) -> bytes:
    nsmap = {None: NS2, "gls": NS_GLS, "mtc": NS_MTC, "mda": NS_MDA}
    root = etree.Element(_q("xliff"), nsmap=nsmap, version=version,
                         srcLang=language_tag(source_lang))
    target = target_lang or catalog.language
    if target:
        root.set("trgLang", language_tag(target))
    file_element = etree.SubElement(root, _q("file"), id="f1",
                                    original=original or default_original(catalog))
    if po_digest:
        file_element.append(_metadata("po-digest", po_digest))
    entries = catalog.singular()
    for entry in entries:
        file_element.append(_unit(entry))
    if not entries:
        file_element.append(_empty_unit())
    return serialize(root)


def _q(local: str, ns: str = NS2) -> str:
    return f"{{{ns}}}{local}"


def _unit(entry: Entry) -> etree._Element:
    meta = entry_meta(entry)
    unit = etree.Element(_q("unit"), id=entry.id)
    if entry.msgctxt is not None:
        unit.set("name", entry.msgctxt)
    unit.set(f"{{{XML_NS}}}space", "preserve")
    unit.append(_metadata("target-digest", target_digest(entry.msgstr, entry.reviewed)))
    matches = _matches(entry, meta)
    if len(matches):
        unit.append(matches)
    if meta.hints:
        unit.append(_glossary(meta))
    notes = _notes(entry, meta)
    if notes:
        container = etree.SubElement(unit, _q("notes"))
        for category, applies_to, text in notes:
            note = etree.SubElement(container, _q("note"), category=category)
            if applies_to:
                note.set("appliesTo", applies_to)
            note.text = text
    unit.append(_segment(entry, meta))
    return unit


def _segment(entry: Entry, meta: EntryMeta) -> etree._Element:
    segment = etree.Element(_q("segment"), id=SEGMENT_ID, canResegment="no")
    if meta.status is Status.REVIEWED:
        segment.set("state", "reviewed")
    else:
        segment.set("state", "initial")
        if meta.status is Status.DRAFT:
            segment.set("subState", _SUBSTATE.get(meta.origin, "pipeline:fuzzy"))
    codes = meta.code_notes()
    render(etree.SubElement(segment, _q("source")), entry.msgid, XLIFF2, codes)
    if meta.status is not Status.NEW:
        render(etree.SubElement(segment, _q("target")), entry.msgstr, XLIFF2, codes)
    return segment


def _matches(entry: Entry, meta: EntryMeta) -> etree._Element:
    """The draft's own score, then earlier targets whose source the PO knows."""
    matches = etree.Element(_q("matches", NS_MTC))
    if meta.status is Status.DRAFT and meta.match_percent is not None:
        matches.append(_draft_match(entry, meta))
    if meta.status is not Status.REVIEWED:
        for suggestion in meta.suggestions:
            if suggestion.source is not None:  # mtc:match requires a source
                match = etree.SubElement(matches, _q("match", NS_MTC), ref=f"#{SEGMENT_ID}",
                                         type="other", origin=suggestion.origin)
                render(etree.SubElement(match, _q("source")), suggestion.source, XLIFF2)
                render(etree.SubElement(match, _q("target")), suggestion.target, XLIFF2)
    return matches


def _draft_match(entry: Entry, meta: EntryMeta) -> etree._Element:
    match = etree.Element(_q("match", NS_MTC), ref=f"#{SEGMENT_ID}")
    if meta.origin is Origin.TM:
        match.set("type", "tm")
        match.set("similarity", str(meta.match_percent))
        match.set("origin", f"tm:{meta.tm_release}" if meta.tm_release else "tm")
    else:
        match.set("type", "mt")
        match.set("matchQuality", str(meta.match_percent))
        if meta.mt_engine:
            match.set("origin", meta.mt_engine)
    codes = meta.code_notes()
    render(etree.SubElement(match, _q("source")), entry.msgid, XLIFF2, codes)
    render(etree.SubElement(match, _q("target")), entry.msgstr, XLIFF2, codes)
    return match


def _glossary(meta: EntryMeta) -> etree._Element:
    glossary = etree.Element(_q("glossary", NS_GLS))
    for hint in meta.hints:
        entry = etree.SubElement(glossary, _q("glossEntry", NS_GLS))
        etree.SubElement(entry, _q("term", NS_GLS), source="glossary").text = hint.term
        if hint.translation is not None:
            etree.SubElement(entry, _q("translation", NS_GLS)).text = hint.translation
        if hint.note:
            etree.SubElement(entry, _q("definition", NS_GLS)).text = hint.note
    return glossary


def _notes(entry: Entry, meta: EntryMeta) -> list[tuple[str, str | None, str]]:
    """(category, appliesTo, text) in the order translators should read them."""
    notes: list[tuple[str, str | None, str]] = []
    if meta.role:
        notes.append(("role", "source", meta.role))
    if entry.msgctxt is not None:
        notes.append(("context", "source", entry.msgctxt))
    # Glossary hints are in gls:glossary once; a note would repeat each of them.
    notes.extend(("developer", "source", code.line) for code in meta.codes)
    notes.extend(("developer", "source", line) for line in meta.developer_notes)
    notes.extend(("location", None, str(reference)) for reference in meta.references)
    notes.extend(("pipeline", "target", line) for line in meta.pipeline_notes)
    notes.extend(("translator", None, line) for line in meta.translator_notes)
    return notes


def _metadata(kind: str, value: str) -> etree._Element:
    """What the file or unit was written from (pipeline/catalogs/sync.py reads it back)."""
    metadata = etree.Element(_q("metadata", NS_MDA))
    group = etree.SubElement(metadata, _q("metaGroup", NS_MDA), category=TOOL)
    etree.SubElement(group, _q("meta", NS_MDA), type=f"{BASE_PREFIX}{kind}").text = value
    return metadata


def _empty_unit() -> etree._Element:
    """XLIFF 2 needs at least one unit; a catalog without entries gets a non-translatable one."""
    unit = etree.Element(_q("unit"), id=EMPTY_UNIT_ID, translate="no")
    segment = etree.SubElement(unit, _q("segment"))
    etree.SubElement(segment, _q("source"))
    return unit
