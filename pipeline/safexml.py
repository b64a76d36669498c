"""Untrusted XML (XLIFF from CAT tools, customer TBX): one safe parser and one indenter.

Entities, DTD loading and network access are off, and a DOCTYPE that declares entities
is refused before libxml2 sees it (XXE, billion laughs), naming the declaration's line.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from lxml import etree

from pipeline.errors import Location, XmlInputError

_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_XML_ERROR_TAIL = re.compile(r",\s*line \d+, column \d+.*$")


def parse_untrusted(path: str | Path) -> etree._Element:
    path = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise XmlInputError("no such file", path) from None
    except OSError as exc:
        raise XmlInputError(f"cannot read: {exc.strerror}", path) from None
    _refuse_entities(data, path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        reason = _XML_ERROR_TAIL.sub("", exc.msg or str(exc)).strip()
        raise XmlInputError(f"malformed XML: {reason}", Location(path, exc.lineno)) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise XmlInputError("refused: DOCTYPE declares entities (XXE/entity expansion)",
                            Location(path, _entity_line(_prolog_text(data)) or 1))
    return tree.getroot()


def has_doctype(data: bytes) -> bool:
    """Whether XML bytes (in any encoding libxml2 reads) declare a DOCTYPE at all: formats
    that forbid DTDs (OOXML parts) refuse any, not only those declaring entities."""
    return _DOCTYPE.search(_prolog_text(data)) is not None


def _refuse_entities(data: bytes, path: str) -> None:
    """Refuse entity declarations before libxml2 sees them (billion laughs, XXE)."""
    text = _prolog_text(data)
    doctype = _DOCTYPE.search(text)
    if doctype is None:
        return
    line = _entity_line(text, doctype.start())
    if line is not None:
        raise XmlInputError("refused: DOCTYPE declares entities (XXE/entity expansion)",
                            Location(path, line))


def _prolog_text(data: bytes) -> str:
    head = data[:1 << 20]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace")
    if head[:4] in (b"\x00<\x00?", b"<\x00?\x00"):
        return head.decode("utf-16-be" if head[0] == 0 else "utf-16-le", "replace")
    return head.decode("utf-8", "replace")


def _entity_line(text: str, start: int = 0) -> int | None:
    found = _ENTITY_DECL.search(text, start)
    return text.count("\n", 0, found.start()) + 1 if found else None


def indent(element: etree._Element, leaves: Collection[str], level: int = 0) -> None:
    """Indent the structure only: whitespace inside `leaves` elements is content."""
    children = [child for child in element if isinstance(child.tag, str)]
    if not children or etree.QName(element).localname in leaves:
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in children:
        child.tail = pad
        indent(child, leaves, level + 1)
    children[-1].tail = "\n" + "  " * level
