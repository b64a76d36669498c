"""A Word paragraph as a translator sees it: one text with inline codes, from its runs.

Word stores a paragraph as runs (`w:r`), each with its formatting (`w:rPr`) and text.
Runs split where nothing visible changes (after edits, spell checking, revision ids),
so the paragraph is first flattened into pieces and adjacent text with the same
formatting is merged: "sm" + "art" + " #1" with the same rPr is one piece "smart #1".
Differences that change nothing a reader sees (language tags, proofing and revision
marks) do not split a piece, and a space takes its neighbour's formatting.

Then the formatting that covers most characters is the paragraph's plain text; every
other piece becomes a paired code `<gN>…</gN>` (bold, italic, underline, colour, font),
a hyperlink becomes one around its content, and breaks, tabs, images, fields, footnote
marks, symbols, content controls and equations become standalone codes `<xN/>`. A
complex field (begin ... end, its result included) is one code: Word recomputes it.
What sits before the first text or after the last (an image leading a caption, the mark
of a footnote) is layout, kept at its place and never shown. Bookmarks and comment
ranges are layout too: a translated paragraph keeps them at its start and end.
Deleted text of tracked changes is not offered; inserted text is, as if accepted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from lxml import etree

from pipeline.documents.docx_package import W, local, w
from pipeline.inline import CODE_TAG, CodeKind, InlineCode, escape_literals

# Wrappers whose content reads as if they were not there (tracked insertions, smart tags).
_TRANSPARENT = frozenset({"ins", "moveTo", "smartTag", "customXml", "dir", "bdo"})
# Deleted text, proofing marks and wrapper properties: never text, and not written back.
_DROPPED = frozenset({"pPr", "del", "moveFrom", "proofErr", "smartTagPr", "customXmlPr"})
_MARKERS = frozenset({"bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd",
                      "permStart", "permEnd", "moveFromRangeStart", "moveFromRangeEnd",
                      "moveToRangeStart", "moveToRangeEnd"})
# Run content that is a rendering hint only; Word recomputes it.
_RUN_HINTS = frozenset({"rPr", "lastRenderedPageBreak", "softHyphen"})
# Formatting no reader sees: a run differing only in these joins its neighbour.
_INVISIBLE = frozenset({"lang", "noProof", "rPrChange", "webHidden"})
_STANDALONE = {"tab": "tab", "ptab": "tab", "br": "br", "cr": "br", "drawing": "image",
               "pict": "image", "object": "object", "AlternateContent": "image",
               "footnoteReference": "footnote", "endnoteReference": "endnote",
               "footnoteRef": "footnote", "endnoteRef": "endnote", "sym": "symbol",
               "fldSimple": "field", "fldChar": "field", "instrText": "field",
               "sdt": "content control", "oMath": "math", "oMathPara": "math",
               "commentReference": "comment"}
_FORMAT_NAMES = (("b", "bold"), ("i", "italic"), ("u", "underline"), ("strike", "strike"),
                 ("dstrike", "strike"), ("vertAlign", "vertAlign"), ("color", "color"),
                 ("highlight", "color"), ("shd", "color"), ("rFonts", "font"), ("sz", "font"),
                 ("caps", "caps"), ("smallCaps", "caps"), ("rStyle", "style"))


class PieceKind(Enum):
    TEXT = "text"
    SPECIAL = "special"  # one standalone code
    MARKER = "marker"  # a bookmark or comment range: layout


@dataclass(eq=False)
class Piece:
    kind: PieceKind
    link: etree._Element | None = None  # the w:hyperlink it is inside
    text: str = ""
    props: etree._Element | None = None  # TEXT: the w:rPr of its run
    # SPECIAL and MARKER: the elements, each with the run it sat in (None: a paragraph child)
    parts: list[tuple[etree._Element | None, etree._Element]] = field(default_factory=list)
    ctype: str = ""

    @property
    def key(self) -> tuple:
        return props_key(self.props)


@dataclass(frozen=True)
class Paragraph:
    """What `analyze` found: the text and codes, and what writing a translation needs."""

    text: str
    codes: tuple[InlineCode, ...]
    head: tuple[Piece, ...]  # layout written before the text
    tail: tuple[Piece, ...]  # layout written after it
    base: etree._Element | None  # the rPr of plain text
    formats: dict[int, etree._Element | None]  # paired code id -> its rPr
    links: dict[int, tuple[etree._Element, etree._Element | None]]  # id -> link, its rPr
    specials: dict[int, Piece]  # standalone code id -> what it stands for
    literals: dict[int, str]  # code id -> text that only looks like a code (`<x1/>`)

    @property
    def has_text(self) -> bool:
        return bool(CODE_TAG.sub("", self.text).strip())


def analyze(paragraph: etree._Element, targets: Mapping[str, str] | None = None) -> Paragraph:
    """`targets`: the URL of each hyperlink relationship id, for the link codes' notes."""
    flat = _Flattener()
    flat.container(paragraph, None)
    markers = [piece for piece in flat.pieces if piece.kind is PieceKind.MARKER]
    pieces = _merged([piece for piece in flat.pieces if piece.kind is not PieceKind.MARKER])
    start, end = 0, len(pieces)
    while start < end and _is_layout(pieces[start]):
        start += 1
    while end > start and _is_layout(pieces[end - 1]):
        end -= 1
    starts = [m for m in markers if not local(m.parts[0][1]).endswith("End")]
    ends = [m for m in markers if local(m.parts[0][1]).endswith("End")]
    return _Coder(pieces[start:end], targets or {}).paragraph(tuple(starts + pieces[:start]),
                                                              tuple(pieces[end:] + ends))


def props_key(props: etree._Element | None) -> tuple:
    if props is None:
        return ()
    return tuple(_canonical(child) for child in props if local(child) not in ("", *_INVISIBLE))


def markup(element: etree._Element, form: str = "whole") -> str:
    """`<w:b/>`-style markup of an element for code notes, prefixed, without namespace
    declarations: the `whole` element, `empty` (attributes only) or its `start` tag."""
    name = _prefixed(element)
    attributes = "".join(f' {_prefixed_name(key)}="{value}"'
                         for key, value in element.attrib.items())
    children = [child for child in element if local(child)]
    if form == "start":
        return f"<{name}{attributes}>"
    if form == "empty" or not children:
        return f"<{name}{attributes}/>"
    inner = "".join(markup(child) for child in children)
    return f"<{name}{attributes}>{inner}</{name}>"


# -- flattening ------------------------------------------------------------------------------

class _Flattener:
    """Pieces in reading order; a complex field gathers everything up to its end."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.field: Piece | None = None
        self.depth = 0

    def container(self, element: etree._Element, link: etree._Element | None) -> None:
        for child in element:
            name = local(child)
            if not name or name in _DROPPED:
                continue
            if name == "r":
                self.run(child, link)
            elif self.depth:  # inside a field's result: kept whole, links and all
                self.field.parts.append((None, child))
            elif name == "hyperlink":
                self.container(child, child)
            elif name in _TRANSPARENT:
                self.container(child, link)
            elif name in _MARKERS:
                self.pieces.append(Piece(PieceKind.MARKER, link, parts=[(None, child)]))
            else:
                self.special(None, child, link)

    def run(self, run: etree._Element, link: etree._Element | None) -> None:
        props = run.find(w("rPr"))
        for child in run:
            name = local(child)
            if not name or name in _RUN_HINTS:
                continue
            if name == "fldChar":
                self.field_char(run, child, link)
            elif self.depth:
                self.field.parts.append((run, child))
            elif name == "t":
                self.pieces.append(Piece(PieceKind.TEXT, link, child.text or "", props))
            elif name == "noBreakHyphen":
                self.pieces.append(Piece(PieceKind.TEXT, link, "\u2011", props))
            else:
                self.special(run, child, link)

    def field_char(self, run, char, link) -> None:
        kind = char.get(w("fldCharType"))
        if kind == "begin":
            if not self.depth:
                self.field = Piece(PieceKind.SPECIAL, link, ctype="field")
                self.pieces.append(self.field)
            self.depth += 1
        elif not self.depth:  # the end of a field begun in an earlier paragraph
            self.special(run, char, link)
            return
        self.field.parts.append((run, char))
        if kind == "end":
            self.depth -= 1

    def special(self, run, element, link) -> None:
        ctype = _STANDALONE.get(local(element), "code")
        if ctype == "br" and element.get(w("type")) == "page":
            ctype = "page break"
        self.pieces.append(Piece(PieceKind.SPECIAL, link, parts=[(run, element)], ctype=ctype))


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Adjacent text of one formatting (and link) as one piece. A space joins a neighbour:
    the one in plain formatting if there is one (`smart #1` bold, then " ", then "is"
    keeps the space out of the bold), else the one before it."""
    plain = props_key(_dominant(p for p in pieces if p.link is None and p.text.strip()))
    for index, piece in enumerate(pieces):
        if piece.kind is not PieceKind.TEXT or piece.text.strip():
            continue
        around = [other for other in (pieces[index - 1] if index else None,
                                      pieces[index + 1] if index + 1 < len(pieces) else None)
                  if other is not None and other.kind is PieceKind.TEXT
                  and other.link is piece.link]
        if around:
            chosen = next((other for other in around if other.key == plain), around[0])
            piece.props = chosen.props
    merged: list[Piece] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if (piece.kind is PieceKind.TEXT and last is not None and last.kind is PieceKind.TEXT
                and last.link is piece.link and last.key == piece.key):
            last.text += piece.text
        else:
            merged.append(piece if piece.kind is not PieceKind.TEXT
                          else Piece(PieceKind.TEXT, piece.link, piece.text, piece.props))
    return [piece for piece in merged if piece.kind is not PieceKind.TEXT or piece.text]


def _is_layout(piece: Piece) -> bool:
    return piece.kind is PieceKind.SPECIAL and piece.link is None


# -- codes -----------------------------------------------------------------------------------

class _Coder:
    """Numbers the codes of the paragraph's body pieces, in reading order from 1."""

    def __init__(self, body: list[Piece], targets: Mapping[str, str]) -> None:
        self.body = body
        self.targets = targets
        self.literals: dict[int, str] = {}
        self.parts: list[str] = []
        self.codes: list[InlineCode] = []
        self.formats: dict[int, etree._Element | None] = {}
        self.links: dict[int, tuple[etree._Element, etree._Element | None]] = {}
        self.specials: dict[int, Piece] = {}

    def paragraph(self, head: tuple[Piece, ...], tail: tuple[Piece, ...]) -> Paragraph:
        base = _dominant(p for p in self.body if p.link is None)
        link, link_id, link_base = None, 0, None
        for piece in self.body:
            if piece.link is not link:
                if link is not None:
                    self.parts.append(f"</g{link_id}>")
                link = piece.link
                if link is not None:
                    link_base = _dominant(p for p in self.body if p.link is link)
                    link_id = self._code(CodeKind.PAIRED, "link", markup(link, "start"),
                                         "</w:hyperlink>", url=self._url(link),
                                         title=link.get(w("tooltip"), ""))
                    self.links[link_id] = (link, link_base)
                    self.parts.append(f"<g{link_id}>")
            self._piece(piece, link_base if link is not None else base)
        if link is not None:
            self.parts.append(f"</g{link_id}>")
        return Paragraph("".join(self.parts), tuple(self.codes), head, tail, base,
                         self.formats, self.links, self.specials, self.literals)

    def _url(self, link: etree._Element) -> str:
        target = self.targets.get(link.get(f"{{{_R}}}id", ""), "")
        anchor = link.get(w("anchor"))
        return f"{target}#{anchor}" if anchor else target

    def _piece(self, piece: Piece, base: etree._Element | None) -> None:
        if piece.kind is PieceKind.SPECIAL:
            code_id = self._code(CodeKind.STANDALONE, piece.ctype, _special_markup(piece),
                                 **_special_meaning(piece))
            self.specials[code_id] = piece
            self.parts.append(f"<x{code_id}/>")
        elif piece.key == props_key(base):
            self.parts.append(self._text(piece.text))
        else:
            shown = markup(piece.props) if piece.props is not None else "<w:rPr/>"
            code_id = self._code(CodeKind.PAIRED, _format_ctype(piece.props, base),
                                 f"<w:r>{shown}", "</w:r>")
            self.formats[code_id] = piece.props
            self.parts.append(f"<g{code_id}>{self._text(piece.text)}</g{code_id}>")

    def _text(self, text: str) -> str:
        """Text that only looks like a code (`<x1/>` written in the release) is a code of
        its own, written back as that text."""
        shown, literals = escape_literals(text, len(self.codes) + 1)
        for code in literals:
            self.codes.append(code)
            self.literals[code.id] = code.text
        return shown

    def _code(self, kind: CodeKind, ctype: str, open_: str, close: str = "",
              **meaning: str) -> int:
        code_id = len(self.codes) + 1
        self.codes.append(InlineCode(code_id, kind, ctype, open_, close, **meaning))
        return code_id


def _dominant(pieces) -> etree._Element | None:
    """The rPr covering most characters (the first of equals)."""
    weights: Counter[tuple] = Counter()
    props: dict[tuple, etree._Element | None] = {}
    for piece in pieces:
        if piece.kind is PieceKind.TEXT:
            weights[piece.key] += len(piece.text)
            props.setdefault(piece.key, piece.props)
    return props[weights.most_common(1)[0][0]] if weights else None


def _format_ctype(props: etree._Element | None, base: etree._Element | None) -> str:
    added = set(props_key(props)) - set(props_key(base))
    names = {etree.QName(item[0]).localname: item for item in added}
    for name, ctype in _FORMAT_NAMES:
        if name in names:
            if name == "vertAlign":
                return dict(names[name][1]).get(w("val"), "format")
            if name == "rStyle":
                return _style_ctype(dict(names[name][1]).get(w("val"), ""))
            return ctype
    return "format"


def _style_ctype(style_id: str) -> str:
    """Word's and LibreOffice's character styles for bold and italic ("Strong",
    "StrongEmphasis", "Emphasis") say what they are; other styles are just a style."""
    lowered = style_id.lower()
    if "strong" in lowered:
        return "bold"
    return "italic" if "emphasis" in lowered else "style"


def _special_meaning(piece: Piece) -> dict[str, str]:
    """An image's description and title, a field's instruction: what its note shows."""
    first = piece.parts[0][1]
    if piece.ctype == "image":
        described = next(first.iter("{*}docPr"), None)
        if described is not None:
            return {"text": described.get("descr", ""), "title": described.get("title", "")}
    if piece.ctype == "field":
        return {"text": _instruction(piece)}
    return {}


def _instruction(piece: Piece) -> str:
    first = piece.parts[0][1]
    instruction = "".join(el.text or "" for _, el in piece.parts if local(el) == "instrText")
    return " ".join((instruction or first.get(w("instr"), "")).split())


def _special_markup(piece: Piece) -> str:
    """The code's markup: an image's description, a field's instruction, else the element."""
    first = piece.parts[0][1]
    if piece.ctype == "image":
        described = next(first.iter("{*}docPr"), None)
        if described is not None:
            return markup(described, "empty")
    if piece.ctype == "field":
        instruction = _instruction(piece)
        if instruction:
            return f"<w:instrText>{instruction}</w:instrText>"
    return markup(first, "empty")


def _canonical(element: etree._Element) -> tuple:
    return (element.tag, tuple(sorted(element.attrib.items())),
            tuple(_canonical(child) for child in element if local(child)))


def _prefixed(element: etree._Element) -> str:
    qname = etree.QName(element)
    return f"{element.prefix}:{qname.localname}" if element.prefix else qname.localname


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _prefixed_name(clark: str) -> str:
    qname = etree.QName(clark)
    prefix = {W: "w", _R: "r",
              "http://www.w3.org/XML/1998/namespace": "xml"}.get(qname.namespace or "")
    return f"{prefix}:{qname.localname}" if prefix else qname.localname
