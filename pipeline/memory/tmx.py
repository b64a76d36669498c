"""TMX 1.4b export of approved pairs, for CAT tools.

Only reviewed entries (translated, not fuzzy) of `locales/<lang>/*.po` are
exported: machine drafts are never offered as memory. Inline codes are TMX
inline elements, not text, so CAT tools show them as tags:

    <gN>…</gN>   <bpt i="N" x="N">&lt;gN&gt;</bpt>…<ept i="N">&lt;/gN&gt;</ept>
    <xN/>        <ph x="N">&lt;xN/&gt;</ph>
    unpaired     <it pos="begin|end" x="N">…</it>
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from pipeline import __version__
from pipeline.catalogs.inline import ILLEGAL_XML
from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import read_po
from pipeline.errors import InputError, Location
from pipeline.inline import TokenKind, crossing, pairs, tokens
from pipeline.memory.tm import TmEntry
from pipeline.safexml import indent

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tmx_bytes(entries: list[TmEntry], source_lang: str, target_lang: str) -> bytes:
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="pipeline",
        creationtoolversion=__version__,
        segtype="sentence",
        adminlang="en",
        srclang=source_lang,
        datatype="plaintext",
        **{"o-tmf": "PO", "creationdate": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")},
    )
    body = etree.SubElement(root, "body")
    for entry in entries:
        tu = etree.SubElement(body, "tu")
        prop = etree.SubElement(tu, "prop", type="x-origin")
        prop.text = entry.origin
        for lang, text in ((source_lang, entry.source), (target_lang, entry.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            fill_seg(etree.SubElement(tuv, "seg"), text)
    indent(root, ("seg", "prop", "note"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def fill_seg(seg: etree._Element, text: str) -> None:
    """PO notation -> TMX segment content with <bpt>/<ept>/<ph>/<it> inline elements: a pair
    that nests or crosses is <bpt>/<ept> (TMX links them by `i`), a lone tag <it>."""
    items = tokens(text)
    paired = pairs(items)
    paired |= crossing(items, paired)
    last: etree._Element | None = None
    for index, token in enumerate(items):
        if token.kind is TokenKind.TEXT:
            _append_text(seg, last, token.value)
            continue
        code_id = str(token.id)
        opened = token.kind is TokenKind.OPEN
        if token.kind is TokenKind.STANDALONE:
            last = etree.SubElement(seg, "ph", x=code_id)
        elif index in paired:
            name = "bpt" if opened else "ept"
            last = etree.SubElement(seg, name, i=code_id, **({"x": code_id} if opened else {}))
        else:
            last = etree.SubElement(seg, "it", pos="begin" if opened else "end", x=code_id)
        last.text = token.value  # the native code, as TMX wants it inside the element
    _append_text(seg, last, "")


def _append_text(seg: etree._Element, last: etree._Element | None, text: str) -> None:
    if last is None:
        seg.text = (seg.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def approved_pairs(locale_dir: Path, admits: Callable[[Catalog, Entry], bool] | None = None
                   ) -> list[TmEntry]:
    """Every distinct reviewed (source, target) pair of `locale_dir/*.po`, first origin kept;
    `admits` (pipeline.checks.gate) leaves out pairs that fail an error-level check."""
    pairs: dict[tuple[str, str], TmEntry] = {}
    for path in sorted(locale_dir.glob("*.po")):
        catalog = read_po(path)
        for entry in catalog.active():
            if not entry.reviewed or (admits is not None and not admits(catalog, entry)):
                continue
            for text in (entry.msgid, entry.msgstr):
                if ILLEGAL_XML.search(text):
                    raise InputError("a control character XML cannot carry",
                                     Location(str(path), entry.line))
            pairs.setdefault((entry.msgid, entry.msgstr),
                             TmEntry(entry.msgid, entry.msgstr, path.stem))
    return list(pairs.values())
