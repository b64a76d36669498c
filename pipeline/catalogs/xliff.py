"""XLIFF shared parts: the read model, `read_xliff` (1.2 and 2.x), hardened parsing,
serialisation, and `write_xliff` which picks the writer by version.

The writers live in xliff12.py and xliff21.py; they import the helpers here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.catalogs.inline import XLIFF2, XLIFF12, notation
from pipeline.catalogs.model import Catalog

if TYPE_CHECKING:
    from pipeline.language import Language
from pipeline.errors import Location, XmlInputError
from pipeline.safexml import indent, parse_untrusted

NS12 = XLIFF12.ns
NS2 = XLIFF2.ns
NS_GLS = "urn:oasis:names:tc:xliff:glossary:2.0"
NS_MTC = "urn:oasis:names:tc:xliff:matches:2.0"
NS_MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
VERSIONS = ("1.2", "2.1")
TOOL_ID = "press-pipeline"

# Targets a translator confirmed in a CAT tool; anything else stays a draft.
CONFIRMED_12 = frozenset({"translated", "signed-off", "final"})
CONFIRMED_2 = frozenset({"translated", "reviewed", "final"})
_STATE_RANK_2 = {"initial": 0, "translated": 1, "reviewed": 2, "final": 3}



@dataclass(frozen=True)
class XliffUnit:
    id: str
    source: str  # PO notation: inline codes as <gN>…</gN> and <xN/>
    target: str | None  # None when the unit has no <target>
    state: str | None  # 1.2 target/@state or the 2.x segment state (lowest of all)
    qualifier: str | None  # 1.2 @state-qualifier or 2.x @subState
    approved: bool | None  # 1.2 trans-unit/@approved; None where absent
    confirmed: bool  # a person confirmed the target (see docs/xliff.md)
    line: int | None
    original: str | None = None  # the <file original="..."> it belongs to
    name: str | None = None  # 1.2 resname / 2.x unit name: the msgctxt we wrote
    translate: bool = True
    base: str | None = None  # target_digest of the PO entry this unit was written from
    context: tuple[str, ...] = ()  # other tools' msgctxt (po2xliff's x-po-msgctxt)
    restype: str | None = None  # 1.2 restype (po2xliff marks the PO header unit)

    @property
    def changed_since_written(self) -> bool | None:
        """Whether a person edited this unit after the pipeline wrote it (None: unknown)."""
        if self.base is None:
            return None
        return target_digest(self.target or "", self.confirmed) != self.base


@dataclass(frozen=True)
class XliffFile:
    """One <file> element: what it translates, into which language, where it starts."""

    original: str | None
    target_lang: str | None
    line: int | None


@dataclass(frozen=True)
class XliffDocument:
    path: str
    version: str  # "1.2", "2.0", "2.1"
    source_lang: str | None
    target_lang: str | None
    units: tuple[XliffUnit, ...] = field(default_factory=tuple)
    po_digest: str | None = None  # po_digest of the PO this file was written from
    files: tuple[XliffFile, ...] = ()

    def by_id(self) -> dict[str, XliffUnit]:
        return {unit.id: unit for unit in self.units}


# -- what a file was written from ---------------------------------------------------------
# Both digests let a re-run tell a person's XLIFF edits from PO edits made since
# (pipeline/catalogs/sync.py): 1.2 keeps them in <file build-num> and <trans-unit
# extradata>, 2.x in the metadata module (docs/xliff.md).
BASE_PREFIX = "press-pipeline:"


def po_digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:16]


def target_digest(msgstr: str, reviewed: bool) -> str:
    return hashlib.sha1(f"{int(reviewed)}\x00{msgstr}".encode()).hexdigest()[:10]


def _base_of(value: str | None) -> str | None:
    if value and value.startswith(BASE_PREFIX):
        return value[len(BASE_PREFIX):] or None
    return None


# -- writing ---------------------------------------------------------------------------

def write_xliff(catalog: Catalog, path: str | Path, *, version: str = "1.2",
                source_lang: str, target_lang: str | None = None,
                original: str | None = None, po_digest: str | None = None) -> None:
    """Write `catalog` as XLIFF `version` ("1.2" default, or "2.1"/"2.0") atomically."""
    # Imported here because both writers import this module's helpers.
    from pipeline.catalogs.xliff12 import write_xliff12
    from pipeline.catalogs.xliff21 import write_xliff21

    if version == "1.2":
        writer = write_xliff12
    elif version in ("2.0", "2.1"):
        writer = write_xliff21
    else:
        raise XmlInputError(f"unknown XLIFF version {version!r}; use one of {', '.join(VERSIONS)}")
    writer(catalog, path, source_lang=source_lang, target_lang=target_lang, original=original,
           po_digest=po_digest)


def language_tag(code: Language | str) -> str:
    """PO `pt_BR` (or a Language) -> BCP 47 `pt-BR`, as xsd:language requires; a header
    that is no tag CLDR knows is written as it is, normalised to hyphens."""
    from pipeline.errors import InputError
    from pipeline.language import Language

    if isinstance(code, Language):
        return code.tag
    bare = code.split("@", 1)[0].split(".", 1)[0]
    try:
        return Language.parse(bare).tag
    except InputError:
        return bare.replace("_", "-")


def default_original(catalog: Catalog) -> str:
    for entry in catalog.active():
        for ref in entry.references:
            path, sep, line = ref.rpartition(":")
            return path if sep and line.isdigit() else ref
    return catalog.path or "catalog"


_LEAVES = frozenset({"source", "target", "note", "context", "term", "translation", "definition"})


def serialize(root: etree._Element) -> bytes:
    indent(root, _LEAVES)
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return body + b"\n"


# -- reading ---------------------------------------------------------------------------

def read_xliff(path: str | Path) -> XliffDocument:
    """Read XLIFF 1.2 or 2.x; hostile or malformed input raises XmlInputError(file:line)."""
    name = str(path)
    root = parse_untrusted(name)
    localname = etree.QName(root).localname
    namespace = etree.QName(root).namespace
    version = (root.get("version") or "").strip()
    if localname != "xliff":
        raise XmlInputError(f"not an XLIFF file (root element <{localname}>)",
                            Location(name, root.sourceline))
    if namespace == NS2 or version.startswith("2."):
        return _read2(root, name, version or "2.0")
    if namespace in (None, NS12, "urn:oasis:names:tc:xliff:document:1.1") or \
            version.startswith("1."):
        return _read12(root, name, version or "1.2")
    raise XmlInputError(f"unsupported XLIFF version {version!r} (namespace {namespace})",
                        Location(name, root.sourceline))


def _read12(root: etree._Element, path: str, version: str) -> XliffDocument:
    ns = etree.QName(root).namespace
    q = (lambda local: f"{{{ns}}}{local}") if ns else (lambda local: local)
    units: list[XliffUnit] = []
    files = root.findall(q("file"))
    for file_element in files:
        for element in file_element.iter(q("trans-unit")):
            units.append(_unit12(element, q, path, file_element.get("original")))
    first = files[0] if files else root
    return XliffDocument(path, version, first.get("source-language"),
                         first.get("target-language"), tuple(units),
                         po_digest=_base_of(first.get("build-num")),
                         files=tuple(XliffFile(f.get("original"), f.get("target-language"),
                                               f.sourceline) for f in files))


def _unit12(element: etree._Element, q, path: str, original: str | None) -> XliffUnit:
    unit_id = _required_id(element, path)
    source = element.find(q("source"))
    if source is None:
        raise XmlInputError(f"trans-unit {unit_id!r} has no <source>",
                            Location(path, element.sourceline))
    target = element.find(q("target"))
    text = None if target is None else notation(target, XLIFF12, path)
    state = None if target is None else target.get("state")
    approved = element.get("approved")
    # The state decides; `approved` only speaks for targets without one.
    confirmed = state in CONFIRMED_12 if state is not None else approved == "yes"
    return XliffUnit(
        id=unit_id, source=notation(source, XLIFF12, path), target=text, state=state,
        qualifier=None if target is None else target.get("state-qualifier"),
        approved=None if approved is None else approved == "yes",
        confirmed=confirmed and bool(text), line=element.sourceline, original=original,
        name=element.get("resname"), translate=element.get("translate", "yes") != "no",
        base=_base_of(element.get("extradata")), context=_po_context(element, q),
        restype=element.get("restype"),
    )


def _po_context(element: etree._Element, q) -> tuple[str, ...]:
    """msgctxt as translate-toolkit's po2xliff writes it (context-type x-po-msgctxt)."""
    return tuple(context.text or "" for context in element.iter(q("context"))
                 if context.get("context-type") == "x-po-msgctxt")


def _read2(root: etree._Element, path: str, version: str) -> XliffDocument:
    units: list[XliffUnit] = []
    for file_element in root.iterchildren(f"{{{NS2}}}file"):
        for element in file_element.iter(f"{{{NS2}}}unit"):
            units.append(_unit2(element, path, file_element.get("original")))
    files = list(root.iterchildren(f"{{{NS2}}}file"))
    return XliffDocument(path, version, root.get("srcLang"), root.get("trgLang"), tuple(units),
                         po_digest=_meta2(files[0], "po-digest") if files else None,
                         files=tuple(XliffFile(f.get("original"), root.get("trgLang"),
                                               f.sourceline) for f in files))


def _unit2(element: etree._Element, path: str, original: str | None) -> XliffUnit:
    unit_id = _required_id(element, path)
    sources: list[str] = []
    targets: list[str] = []
    states: list[str] = []
    substates: list[str] = []
    has_target = False
    for part in element.iterchildren(f"{{{NS2}}}segment", f"{{{NS2}}}ignorable"):
        source = part.find(f"{{{NS2}}}source")
        target = part.find(f"{{{NS2}}}target")
        source_text = "" if source is None else notation(source, XLIFF2, path)
        sources.append(source_text)
        # An ignorable without target (whitespace between segments) keeps its source.
        fallback = source_text if etree.QName(part).localname == "ignorable" else ""
        targets.append(fallback if target is None else notation(target, XLIFF2, path))
        has_target = has_target or target is not None
        if etree.QName(part).localname == "segment":
            states.append(part.get("state", "initial"))
            substates.append(part.get("subState") or "")
    if not states:
        raise XmlInputError(f"unit {unit_id!r} has no <segment>",
                            Location(path, element.sourceline))
    state = min(states, key=lambda value: _STATE_RANK_2.get(value, 0))
    target_text = "".join(targets) if has_target else None
    return XliffUnit(
        id=unit_id, source="".join(sources), target=target_text, state=state,
        qualifier=next((value for value in substates if value), None), approved=None,
        confirmed=state in CONFIRMED_2 and bool(target_text), line=element.sourceline,
        original=original, name=element.get("name"),
        translate=element.get("translate", "yes") != "no",
        base=_meta2(element, "target-digest"),
    )


def _meta2(element: etree._Element, kind: str) -> str | None:
    """A press-pipeline value of the 2.x metadata module, directly under `element`."""
    for group in element.iterchildren(f"{{{NS_MDA}}}metadata"):
        for meta in group.iter(f"{{{NS_MDA}}}meta"):
            if meta.get("type") == f"{BASE_PREFIX}{kind}":
                return (meta.text or "").strip() or None
    return None


def _required_id(element: etree._Element, path: str) -> str:
    unit_id = element.get("id")
    if not unit_id:
        local = etree.QName(element).localname
        raise XmlInputError(f"<{local}> without an id", Location(path, element.sourceline))
    return unit_id
