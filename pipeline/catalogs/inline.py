"""Inline codes between the PO notation (`<gN>…</gN>`, `<xN/>`) and XLIFF elements.

| PO notation          | XLIFF 1.2            | XLIFF 2.x                        |
| -------------------- | -------------------- | -------------------------------- |
| `<g1>…</g1>`         | `<g id="1">…</g>`    | `<pc id="1">…</pc>`              |
| `<x2/>`              | `<x id="2"/>`        | `<ph id="2"/>`                   |
| unpaired/crossing    | `<bx id="1"/>`,      | `<sc id="1"/>`,                  |
| `<g1>` … `</g1>`     | `<ex id="1"/>`       | `<ec startRef="1"/>`             |

Machine output can drop or cross codes; such a target still has to be written
(flagged fuzzy) and read back unchanged, so unpaired codes use the XLIFF
spanning-code elements instead of failing. Reading also accepts what CAT tools
write: `<ph>`/`<it>`/`<bpt>`/`<ept>` in 1.2, `<mrk>` (unwrapped), `<cp>` in 2.x.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipeline.errors import Location, XmlInputError
from pipeline.inline import Token, TokenKind, crossing, pairs, tokens

# Characters XML 1.0 cannot carry; XLIFF 2 writes them as <cp hex="..."/>.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Dialect:
    """Element names of one XLIFF version."""

    ns: str
    paired: str
    standalone: str
    start: str
    end: str
    version: str

    def tag(self, local: str) -> str:
        return f"{{{self.ns}}}{local}"


XLIFF12 = Dialect("urn:oasis:names:tc:xliff:document:1.2", "g", "x", "bx", "ex", "1.2")
XLIFF2 = Dialect("urn:oasis:names:tc:xliff:document:2.0", "pc", "ph", "sc", "ec", "2")


def render(parent: etree._Element, text: str, dialect: Dialect) -> None:
    """Append `text` (PO notation) to `parent` as XLIFF inline content."""
    items = tokens(text)
    paired = pairs(items)
    spans = crossing(items, paired)
    stack = [parent]
    for index, token in enumerate(items):
        if token.kind is TokenKind.TEXT:
            _append_text(stack[-1], token.value, dialect)
        elif token.kind is TokenKind.STANDALONE:
            etree.SubElement(stack[-1], dialect.tag(dialect.standalone), id=str(token.id))
        elif index in paired and token.kind is TokenKind.OPEN:
            stack.append(etree.SubElement(stack[-1], dialect.tag(dialect.paired),
                                          id=str(token.id)))
        elif index in paired:
            stack.pop()
        else:
            _spanning(stack[-1], token, dialect, linked=index in spans)


def _spanning(parent: etree._Element, token: Token, dialect: Dialect, linked: bool) -> None:
    name = dialect.start if token.kind is TokenKind.OPEN else dialect.end
    element = etree.SubElement(parent, dialect.tag(name))
    code_id = str(token.id)
    if dialect is XLIFF12:
        element.set("id", code_id)
    elif token.kind is TokenKind.CLOSE and linked:
        element.set("startRef", code_id)
    else:
        element.set("id", code_id)
        if not linked:
            element.set("isolated", "yes")


def _append_text(parent: etree._Element, text: str, dialect: Dialect) -> None:
    position = 0
    for bad in ILLEGAL_XML.finditer(text):
        if dialect is not XLIFF2:
            raise ValueError(f"character U+{ord(bad.group()):04X} cannot be written to XLIFF 1.2")
        _add(parent, text[position:bad.start()])
        etree.SubElement(parent, dialect.tag("cp"), hex=f"{ord(bad.group()):04X}")
        position = bad.end()
    _add(parent, text[position:])


def _add(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# -- reading ---------------------------------------------------------------------------

_UNWRAP = {"mrk"}  # markers CAT tools add around text; their content is the text
_DROP = {"sm", "em"}  # 2.x standalone marker boundaries


def notation(element: etree._Element, dialect: Dialect, path: str) -> str:
    """The content of a <source>/<target> as PO notation."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_child(child, dialect, path))
        parts.append(child.tail or "")
    return "".join(parts)


def _child(child: etree._Element, dialect: Dialect, path: str) -> str:
    local = etree.QName(child).localname
    if local in _UNWRAP:
        return notation(child, dialect, path)
    if local in _DROP:
        return ""
    if local == "cp" and dialect is XLIFF2:
        return chr(int(child.get("hex", "0"), 16))
    if local in {"g", "pc"}:
        code = _code_id(child, "id", path)
        return f"<g{code}>{notation(child, dialect, path)}</g{code}>"
    if local in {"x", "ph"}:
        return f"<x{_code_id(child, 'id', path)}/>"
    if local in {"bx", "bpt", "sc"}:
        return f"<g{_code_id(child, 'rid' if child.get('rid') else 'id', path)}>"
    if local == "ec" and child.get("startRef"):
        return f"</g{_code_id(child, 'startRef', path)}>"
    if local in {"ex", "ept", "ec"}:
        return f"</g{_code_id(child, 'rid' if child.get('rid') else 'id', path)}>"
    if local == "it":
        code = _code_id(child, "rid" if child.get("rid") else "id", path)
        return f"</g{code}>" if child.get("pos") == "close" else f"<g{code}>"
    raise XmlInputError(f"unsupported inline element <{local}>", Location(path, child.sourceline))


def _code_id(element: etree._Element, attribute: str, path: str) -> str:
    value = (element.get(attribute) or "").strip()
    if not value.isdigit():
        local = etree.QName(element).localname
        raise XmlInputError(
            f"inline <{local}> has {attribute}={value!r}; the pipeline only knows numeric code ids",
            Location(path, element.sourceline),
        )
    return str(int(value))
