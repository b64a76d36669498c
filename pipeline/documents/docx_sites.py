"""Where a Word document's text is: its paragraphs and image descriptions in reading
order, each with its role (pipeline.documents.docx)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from lxml import etree

from pipeline.documents.docx_package import Story, local, stories, w
from pipeline.documents.model import Role

_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DESCRIPTIONS = (("descr", "alt"), ("title", "title"))
_NOTE_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_QUOTES = frozenset({"quote", "intense quote", "quotations", "block text"})
_MAX_BASED_ON = 20  # a basedOn chain longer than this is a loop


@dataclass(frozen=True)
class Site:
    """A paragraph, or an image description (`attribute` set), in reading order."""

    element: etree._Element
    number: int  # the paragraph's number: the location's line
    role: Role
    context: str
    attribute: str = ""
    targets: Mapping[str, str] = field(default_factory=dict)  # the story's link URLs


def sites(document) -> Iterator[Site]:
    styles = _Styles(document.styles.element)
    number = 0
    for story in stories(document):
        for element in _story_elements(story):
            if element.tag == _DOC_PR:
                for attribute, context in _DESCRIPTIONS:
                    if (element.get(attribute) or "").strip():
                        yield Site(element, number, Role.ATTRIBUTE, context, attribute)
                continue
            number += 1
            yield Site(element, number, *_role(element, story, styles), targets=story.targets)


def _story_elements(story: Story) -> Iterator[etree._Element]:
    """Paragraphs and image descriptions in document order, outside fallbacks (a text
    box's second copy) and note separators."""
    for element in story.root.iter(w("p"), _DOC_PR):
        if not any(a.tag == _FALLBACK or (local(a) in ("footnote", "endnote")
                                          and a.get(w("type")) in _NOTE_SEPARATORS)
                   for a in element.iterancestors()):
            yield element


def _role(paragraph: etree._Element, story: Story, styles: _Styles) -> tuple[Role, str]:
    context = story.context
    for ancestor in paragraph.iterancestors():
        name = local(ancestor)
        if name == "txbxContent":
            context = "text box" if not context else f"{context}, text box"
            break
        if name == "tc":
            return Role.TABLE_CELL, context
    properties = paragraph.find(w("pPr"))
    style = properties.find(w("pStyle")) if properties is not None else None
    role = styles.role(style.get(w("val")) if style is not None else None)
    if role is Role.PARAGRAPH and properties is not None:
        if properties.find(w("numPr")) is not None:
            role = Role.LIST_ITEM
        elif properties.find(w("outlineLvl")) is not None:
            role = Role.HEADING
    return role, context


class _Styles:
    """Paragraph style id -> role, through the `basedOn` chain."""

    def __init__(self, element: etree._Element) -> None:
        self.names: dict[str, str] = {}
        self.parents: dict[str, str] = {}
        self.default: str | None = None
        for style in element.iter(w("style")):
            style_id = style.get(w("styleId"))
            if style.get(w("type")) != "paragraph" or style_id is None:
                continue
            name = style.find(w("name"))
            self.names[style_id] = (name.get(w("val")) if name is not None else style_id) or ""
            parent = style.find(w("basedOn"))
            if parent is not None:
                self.parents[style_id] = parent.get(w("val"))
            if style.get(w("default")) in ("1", "true", "on"):
                self.default = style_id

    def role(self, style_id: str | None) -> Role:
        current = style_id or self.default
        for _ in range(_MAX_BASED_ON):
            if current is None:
                break
            role = _role_of(self.names.get(current, current).lower())
            if role is not None:
                return role
            current = self.parents.get(current)
        return Role.PARAGRAPH


def _role_of(name: str) -> Role | None:
    if name == "title":
        return Role.TITLE
    if name == "subtitle" or name.startswith("heading") or name == "toc heading":
        return Role.HEADING
    if name.startswith("list"):
        return Role.LIST_ITEM
    if name == "caption":
        return Role.CAPTION
    if name in _QUOTES:
        return Role.BLOCKQUOTE
    return None
