"""Inline codes between the PO notation (`<gN>…</gN>`, `<xN/>`) and XLIFF elements.

| PO notation          | XLIFF 1.2            | XLIFF 2.x                        |
| -------------------- | -------------------- | -------------------------------- |
| `<g1>…</g1>`         | `<g id="1">…</g>`    | `<pc id="1">…</pc>`              |
| `<x2/>`              | `<x id="2"/>`        | `<ph id="2"/>`                   |
| unpaired/crossing    | `<bx id="1"/>`,      | `<sc id="1"/>`,                  |
| `<g1>` … `</g1>`     | `<ex id="1"/>`       | `<ec startRef="1"/>`             |

What a code stands for (its `code:` note, pipeline/catalogs/notes.py) goes with it: XLIFF
1.2 `ctype` (bold, italic, underlined, link on <g>; image, lb, pb on <x>; `x-…` for the
rest) and `equiv-text`; XLIFF 2 `type` and `subType` (fmt xlf:b, xlf:i, xlf:u, xlf:lb,
xlf:pb; link; image; `pipeline:…` for the rest), `dispStart`/`disp` and, for a standalone
code that stands for text (a literal `<x1/>`, an image's alt text), `equiv`.

Machine output can drop or cross codes; such a target still has to be written
(flagged fuzzy) and read back unchanged, so unpaired codes use the XLIFF
spanning-code elements instead of failing. Reading also accepts what CAT tools
write: `<ph>`/`<it>`/`<bpt>`/`<ept>` in 1.2, `<mrk>` (unwrapped), `<cp>` in 2.x.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from pipeline.catalogs.notes import CodeNote
from pipeline.errors import Location, XmlInputError
from pipeline.inline import CodeType, Token, TokenKind, crossing, pairs, tokens

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


def render(parent: etree._Element, text: str, dialect: Dialect,
           codes: Mapping[int, CodeNote] | None = None) -> None:
    """Append `text` (PO notation) to `parent` as XLIFF inline content; `codes`: what each
    code stands for, written as its attributes."""
    codes = codes or {}
    items = tokens(text)
    paired = pairs(items)
    spans = crossing(items, paired)
    stack = [parent]
    for index, token in enumerate(items):
        if token.kind is TokenKind.TEXT:
            _append_text(stack[-1], token.value, dialect)
        elif token.kind is TokenKind.STANDALONE:
            element = etree.SubElement(stack[-1], dialect.tag(dialect.standalone),
                                       id=str(token.id))
            _describe(element, codes.get(token.id), dialect, paired=False)
        elif index in paired and token.kind is TokenKind.OPEN:
            stack.append(etree.SubElement(stack[-1], dialect.tag(dialect.paired),
                                          id=str(token.id)))
            _describe(stack[-1], codes.get(token.id), dialect, paired=True)
        elif index in paired:
            stack.pop()
        else:
            element = _spanning(stack[-1], token, dialect, linked=index in spans)
            if token.kind is TokenKind.OPEN:
                _describe(element, codes.get(token.id), dialect, paired=True)


# ctype -> XLIFF 1.2 ctype, XLIFF 2 type and subType, where the standards name one.
_DELIMITERS = {CodeType.BOLD: "bold", CodeType.ITALIC: "italic",
               CodeType.UNDERLINE: "underlined", CodeType.LINK: "link"}
_PLACEHOLDERS = {CodeType.IMAGE: "image", CodeType.BREAK: "lb", CodeType.PAGE_BREAK: "pb"}
_TYPES2 = {CodeType.BOLD: ("fmt", "xlf:b"), CodeType.ITALIC: ("fmt", "xlf:i"),
           CodeType.UNDERLINE: ("fmt", "xlf:u"), CodeType.BREAK: ("fmt", "xlf:lb"),
           CodeType.PAGE_BREAK: ("fmt", "xlf:pb"), CodeType.LINK: ("link", None),
           CodeType.IMAGE: ("image", None)}
_NOT_FORMATTING = frozenset({CodeType.LITERAL, CodeType.PROTECTED, CodeType.FIELD,
                             CodeType.FOOTNOTE, CodeType.HTML, CodeType.COMMENT})
_QUOTED = re.compile(r"'(.*?)'(?= \(| titled '|$)")


def _describe(element: etree._Element, note: CodeNote | None, dialect: Dialect,
              paired: bool) -> None:
    if note is None:
        return
    ctype, slug = note.ctype, re.sub(r"[\s:]+", "-", note.ctype.strip()) or "code"
    equiv = _equiv(note)
    if dialect is XLIFF12:
        known = _DELIMITERS if paired else _PLACEHOLDERS
        element.set("ctype", known.get(ctype, f"x-{slug}"))  # type: ignore[call-overload]
        element.set("equiv-text", equiv if equiv is not None else note.description)
        return
    kind, sub = _TYPES2.get(ctype, (  # type: ignore[call-overload]
        "other" if ctype in _NOT_FORMATTING else "fmt", f"pipeline:{slug}"))
    element.set("type", kind)
    if sub:
        element.set("subType", sub)
    element.set("dispStart" if paired and etree.QName(element).localname == "pc" else "disp",
                note.description)
    if equiv is not None and not paired:
        element.set("equiv", equiv)


def _equiv(note: CodeNote) -> str | None:
    """The text a standalone code stands for: a literal's, an image's alt text."""
    if note.paired or note.ctype not in (CodeType.LITERAL, CodeType.IMAGE):
        return None
    quoted = _QUOTED.search(note.description)
    return quoted.group(1) if quoted else None


def _spanning(parent: etree._Element, token: Token, dialect: Dialect,
              linked: bool) -> etree._Element:
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
    return element


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
