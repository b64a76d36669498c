"""TMX 1.4b export of approved pairs, for CAT tools."""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from pipeline import __version__
from pipeline.memory.tm import TmEntry

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
            etree.SubElement(tuv, "seg").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
