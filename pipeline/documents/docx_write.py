"""Writing translations into a Word document in place, and setting its language.

The built .docx is the source package with only the text changed: styles, numbering,
section and page setup, tables, images and relationships are the source's. A translated
paragraph keeps its properties (`w:pPr`); its content is written again from the
translation: plain text in runs with the paragraph's plain formatting, each `<gN>…</gN>`
in runs with that code's formatting (inside a copy of its hyperlink, for a link), and
each `<xN/>` as the very elements it stands for (an image, a field, a break), moved, not
copied. Untouched paragraphs are not rewritten at all.
"""

from __future__ import annotations

import copy

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import OxmlElement
from lxml import etree

from pipeline.documents.docx_package import local, w
from pipeline.documents.docx_runs import Paragraph, Piece
from pipeline.documents.model import CODE_TAG
from pipeline.language import Language
from pipeline.links import Rewrite

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Scripts Word tags in w:lang's eastAsia and bidi attributes rather than in w:val.
_EAST_ASIAN = frozenset({"zh", "ja", "ko"})
_BIDI = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"})
# w:rPr children that come after w:lang (ECMA-376 CT_RPr order).
_AFTER_LANG = frozenset({"eastAsianLayout", "specVanish", "oMath"})


def write_paragraph(element: etree._Element, paragraph: Paragraph, text: str) -> None:
    """Replace the content of the w:p `element` by `text` (codes as `analyze` numbered)."""
    for child in [child for child in element if local(child) != "pPr"]:
        element.remove(child)
    for piece in paragraph.head:
        _emit(element, piece)
    _Writer(element, paragraph).write(text)
    for piece in paragraph.tail:
        _emit(element, piece)


def write_attribute(element: etree._Element, name: str, text: str) -> None:
    """An image's description (`wp:docPr`), and the picture's own copy of it."""
    old = element.get(name)
    element.set(name, text)
    drawing = element.getparent()
    for described in drawing.iter("{*}cNvPr") if drawing is not None else ():
        if described.get(name) == old:
            described.set(name, text)


class _Writer:
    def __init__(self, element: etree._Element, paragraph: Paragraph) -> None:
        self.paragraph = paragraph
        self.stack: list[tuple[int, etree._Element]] = []  # open codes and their container
        self.root = element

    @property
    def container(self) -> etree._Element:
        return self.stack[-1][1] if self.stack else self.root

    def write(self, text: str) -> None:
        cursor = 0
        for match in CODE_TAG.finditer(text):
            self._text(text[cursor : match.start()])
            opened, closed, alone = match.groups()
            if opened:
                self._open(int(opened))
            elif closed:
                while self.stack and self.stack.pop()[0] != int(closed):
                    pass
            else:
                piece = self.paragraph.specials.get(int(alone))
                if piece is not None:
                    _emit(self.container, piece)
                self._text(self.paragraph.literals.get(int(alone), ""))
            cursor = match.end()
        self._text(text[cursor:])

    def _open(self, code_id: int) -> None:
        link = self.paragraph.links.get(code_id)
        if link is None:
            self.stack.append((code_id, self.container))
            return
        copied = copy.deepcopy(link[0])
        for child in list(copied):
            copied.remove(child)
        self.container.append(copied)
        self.stack.append((code_id, copied))

    def _text(self, text: str) -> None:
        if not text:
            return
        run = OxmlElement("w:r")
        props = self._props()
        if props is not None:
            run.append(copy.deepcopy(props))
        piece = OxmlElement("w:t")
        piece.text = text
        piece.set(_XML_SPACE, "preserve")
        run.append(piece)
        self.container.append(run)

    def _props(self) -> etree._Element | None:
        for code_id, _ in reversed(self.stack):
            if code_id in self.paragraph.formats:
                return self.paragraph.formats[code_id]
            if code_id in self.paragraph.links:
                return self.paragraph.links[code_id][1]
        return self.paragraph.base


def _emit(container: etree._Element, piece: Piece) -> None:
    """Move the piece's elements to the end of `container`, each run it came from
    remade once around its elements, with that run's attributes and formatting."""
    last_source, last_run = None, None
    for run, element in piece.parts:
        if run is None:
            container.append(element)
            last_source = None
            continue
        if run is not last_source:
            last_run = OxmlElement("w:r")
            for key, value in run.attrib.items():
                last_run.set(key, value)
            props = run.find(w("rPr"))
            if props is not None:
                last_run.append(copy.deepcopy(props))
            container.append(last_run)
            last_source = run
        last_run.append(element)


def drop_text_box_fallbacks(root: etree._Element) -> None:
    """A text box is stored twice (DrawingML and, as fallback, VML); only the first is
    translated, so the English fallback goes (Word and LibreOffice read the first)."""
    for fallback in list(root.iter(f"{{{_MC}}}Fallback")):
        if next(fallback.iter(w("txbxContent")), None) is not None:
            fallback.getparent().remove(fallback)


# -- language --------------------------------------------------------------------------------

def set_language(document, roots: list[etree._Element], language: Language) -> None:
    """The target language in the document defaults, every style and run that names
    one, the theme font language and the core properties (dc:language)."""
    attribute = w("eastAsia" if language.language in _EAST_ASIAN
                  else "bidi" if language.language in _BIDI else "val")
    styles = document.styles.element
    defaults = _child(styles, "docDefaults", first=True)
    props = _child(_child(_child(defaults, "rPrDefault", first=True), "rPr"), "lang", rpr=True)
    props.set(attribute, language.tag)
    for root in [styles, *roots]:
        for lang in root.iter(w("lang")):
            lang.set(attribute, language.tag)
    settings = document.settings.element
    for theme in settings.iter(w("themeFontLang")):
        theme.set(attribute, language.tag)
    document.core_properties.language = language.tag


def _child(parent: etree._Element, name: str, *, first: bool = False,
           rpr: bool = False) -> etree._Element:
    found = parent.find(w(name))
    if found is not None:
        return found
    element = OxmlElement(f"w:{name}")
    if first:
        parent.insert(0, element)
    elif rpr:
        after = next((i for i, child in enumerate(parent) if local(child) in _AFTER_LANG), None)
        parent.insert(len(parent) if after is None else after, element)
    else:
        parent.append(element)
    return element


# -- links per market ------------------------------------------------------------------------

_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def rewrite_links(document, links: Rewrite) -> None:
    """Hyperlink targets per market ([tool.pipeline.links]): a Word link is a relationship
    of its part, so each one rewritten gets a relationship to the new URL, and every
    element that named the old one (w:hyperlink, a drawing's a:hlinkClick) names the new."""
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None:
            continue
        for rid, rel in list(part.rels.items()):
            if rel.reltype != RT.HYPERLINK or not rel.is_external:
                continue
            url = links(rel.target_ref)
            if url == rel.target_ref:
                continue
            new = part.relate_to(url, RT.HYPERLINK, is_external=True)
            for node in element.iter():
                if node.get(_RID) == rid:
                    node.set(_RID, new)
            part.drop_rel(rid)  # named by nothing now
