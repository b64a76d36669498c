"""A small scanner over raw HTML that keeps character offsets.

`scan` finds the runs of inline content (text and inline elements) that make
blocks, and the translatable attributes. `fragment` turns a run's raw source
into block text with inline codes; pipeline/documents/html_text.py does the text
between them, both ways.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from pipeline.documents.html_text import decoded
from pipeline.documents.model import CodeKind, InlineCode, Role
from pipeline.inline import CodeType

BLOCK_ROLES = {
    "title": Role.TITLE,
    **{f"h{level}": Role.HEADING for level in range(1, 7)},
    "p": Role.PARAGRAPH,
    "li": Role.LIST_ITEM,
    "dt": Role.LIST_ITEM,
    "dd": Role.LIST_ITEM,
    "td": Role.TABLE_CELL,
    "th": Role.TABLE_CELL,
    "blockquote": Role.BLOCKQUOTE,
    "figcaption": Role.CAPTION,
    "caption": Role.CAPTION,
}
INLINE = frozenset(
    {
        *("a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em"),
        *("font", "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small"),
        *("span", "strong", "sub", "sup", "time", "u", "var", "wbr"),
    }
)
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
RAW_TEXT = frozenset({"script", "style", "textarea", "template"})
SKIPPED = RAW_TEXT | {"pre"}
ATTRIBUTES = ("alt", "title")
_WRAPPERS = frozenset({"blockquote", "li", "dd", "dt", "td", "th", "figcaption", "caption"})

_TOKEN = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<decl><![^>]*>|<\?.*?\?>)"
    r"|(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9:-]*)"
    r"(?P<attrs>(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>)",
    re.DOTALL,
)
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


@dataclass
class Run:
    container: str
    start: int
    end: int


@dataclass
class Attribute:
    name: str
    text: str
    start: int
    end: int


@dataclass
class _Tag:
    name: str
    start: int
    end: int
    closing: bool
    attrs: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    @property
    def protected(self) -> bool:
        return self.attrs.get("translate", ("",))[0].strip().lower() == "no"


def _tags(raw: str, start: int = 0, end: int | None = None):
    """Tags between start and end, skipping comments, declarations and raw-text content."""
    end = len(raw) if end is None else end
    position = start
    while True:
        match = _TOKEN.search(raw, position, end)
        if not match:
            return
        position = match.end()
        if not match.group("tag"):
            yield None, match
            continue
        tag = _tag(match)
        yield tag, match
        if tag.name in RAW_TEXT and not tag.closing:
            close = re.compile(rf"</{tag.name}\s*>", re.IGNORECASE).search(raw, position, end)
            position = close.start() if close else end


def _tag(match: re.Match) -> _Tag:
    attrs = {}
    offset = match.start("attrs")
    for attr in _ATTR.finditer(match.group("attrs") or ""):
        for group in (2, 3, 4):
            if attr.group(group) is not None:
                value = (attr.group(group), offset + attr.start(group), offset + attr.end(group))
                attrs[attr.group(1).lower()] = value
                break
        else:
            attrs[attr.group(1).lower()] = ("", offset + attr.end(), offset + attr.end())
    return _Tag(
        name=match.group("name").lower(),
        start=match.start(),
        end=match.end(),
        closing=match.group(0).startswith("</"),
        attrs=attrs,
    )


def _matching_end(raw: str, tag: _Tag, tags) -> int:
    """Offset after the end tag matching `tag`, consuming `tags` up to it."""
    if tag.name in VOID or raw[tag.start : tag.end].endswith("/>"):
        return tag.end
    depth = 1
    for inner, _ in tags:
        if inner is None or inner.name != tag.name or inner.name in VOID:
            continue
        depth += -1 if inner.closing else 1
        if depth == 0:
            return inner.end
    return len(raw)


def scan(raw: str) -> tuple[list[Run], list[Attribute]]:
    runs: list[Run] = []
    attributes: list[Attribute] = []
    stack: list[str] = []
    run_start: int | None = None
    run_end = 0
    has_text = False
    tags = _tags(raw)
    position = 0

    def flush() -> None:
        nonlocal run_start, has_text
        if run_start is not None and has_text:
            runs.append(Run(_container(stack), run_start, run_end))
        run_start, has_text = None, False

    def add_text(start: int, end: int) -> None:
        nonlocal run_start, run_end, has_text
        chunk = raw[start:end]
        if chunk.strip():
            has_text = True
            first = start + len(chunk) - len(chunk.lstrip())
            run_start = first if run_start is None else run_start
            run_end = start + len(chunk.rstrip())

    for tag, match in tags:
        add_text(position, match.start())
        position = match.end()
        if tag is None:
            flush()
            continue
        if tag.name in INLINE:
            if tag.closing:
                run_end = tag.end if run_start is not None else run_end
                continue
            run_start = tag.start if run_start is None else run_start
            run_end = tag.end
            if tag.protected:
                position = run_end = _matching_end(raw, tag, tags)
                continue
            attributes.extend(_attributes(tag))
            continue
        flush()
        if tag.closing:
            _pop(stack, tag.name)
        elif tag.protected or tag.name in SKIPPED:
            position = _matching_end(raw, tag, tags)
        else:
            attributes.extend(_attributes(tag))
            if tag.name not in VOID:
                stack.append(tag.name)
    add_text(position, len(raw))
    flush()
    return runs, attributes


def _container(stack: list[str]) -> str:
    """The element whose role a run takes: `<li><p>` is a list item, `<blockquote><p>` a quote."""
    named = [name for name in reversed(stack) if name in BLOCK_ROLES]
    if len(named) > 1 and named[0] == "p" and named[1] in _WRAPPERS:
        return named[1]
    return named[0] if named else (stack[-1] if stack else "")


def _pop(stack: list[str], name: str) -> None:
    if name in stack:
        del stack[len(stack) - 1 - stack[::-1].index(name) :]


def _attributes(tag: _Tag) -> list[Attribute]:
    found = []
    for name in ATTRIBUTES:
        if name in tag.attrs and tag.attrs[name][0].strip():
            value, start, end = tag.attrs[name]
            found.append(Attribute(name, html.unescape(value), start, end))
    return found


def language_attributes(raw: str) -> tuple[int, list[tuple[int, int]]] | None:
    """The `<html>` start tag: where an attribute can go, and the values of its `lang`
    and `xml:lang`; None without one."""
    for tag, _ in _tags(raw):
        if tag is not None and tag.name == "html" and not tag.closing:
            values = [tag.attrs[name][1:] for name in ("lang", "xml:lang") if name in tag.attrs]
            return tag.start + len("<html"), values
        if tag is not None and tag.name not in ("html", "!doctype"):
            return None
    return None


def link_targets(raw: str) -> list[tuple[int, int, str]]:
    """(start, end, target) of the `href` of every `<a>` in `raw`, the target decoded."""
    return [(*tag.attrs["href"][1:], html.unescape(tag.attrs["href"][0]))
            for tag, _ in _tags(raw)
            if tag is not None and tag.name == "a" and not tag.closing and "href" in tag.attrs]


def fragment(source: str, at: int = 0) -> tuple[str, tuple[InlineCode, ...]]:
    """Block text with inline codes for the raw inline content `source`, which starts at
    offset `at` of the document (where each code's markup is: InlineCode.offsets)."""
    items: list[tuple[str, str, str]] = []  # (kind, raw, name); kind: text/open/close/void
    starts: list[int] = []
    position = 0
    tags = _tags(source)
    for tag, match in tags:
        if match.start() > position:
            items.append(("text", source[position : match.start()], ""))
            starts.append(position)
        position = match.end()
        starts.append(at + match.start())
        if tag is None:
            items.append(("void", match.group(0), "comment"))
        elif tag.protected and not tag.closing:
            position = _matching_end(source, tag, tags)
            items.append(("void", source[tag.start : position], "protected"))
        elif tag.name in VOID or match.group(0).endswith("/>"):
            items.append(("void", match.group(0), tag.name))
        else:
            items.append(("close" if tag.closing else "open", match.group(0), tag.name))
    if position < len(source):
        items.append(("text", source[position:], ""))
        starts.append(position)
    return _codes(items, starts)


def _codes(items: list[tuple[str, str, str]],
           starts: list[int]) -> tuple[str, tuple[InlineCode, ...]]:
    partner = _pairs(items)
    ids: dict[int, int] = {}
    codes: list[InlineCode] = []
    parts: list[str] = []
    for index, (kind, raw, name) in enumerate(items):
        if kind == "text":
            shown, literals = decoded(raw, len(codes) + 1)
            codes.extend(literals)
            parts.append(shown)
            continue
        if index in partner and kind == "close":
            parts.append(f"</g{ids[partner[index]]}>")
            continue
        code_id = len(codes) + 1
        if index in partner:
            ids[index] = code_id
            close = items[partner[index]][1]
            code = InlineCode(code_id, CodeKind.PAIRED, _ctype(name), raw, close,
                              offsets=(starts[index], starts[partner[index]]),
                              **_meaning(name, raw))
        else:
            code = InlineCode(code_id, CodeKind.STANDALONE, _ctype(name), raw,
                              offsets=(starts[index],), **_meaning(name, raw))
        codes.append(code)
        parts.append(code.start_tag)
    return "".join(parts), tuple(codes)


def _meaning(name: str, raw: str) -> dict[str, str]:
    """A link's target, an image's source, alt text and title, the text of a
    translate="no" element: what the code's note shows."""
    if name == CodeType.PROTECTED:
        return {"text": " ".join(html.unescape(re.sub(r"<[^>]*>", " ", raw)).split())}
    match = _TOKEN.match(raw)
    if name not in ("a", "img") or match is None or not match.group("tag"):
        return {}
    attrs = {key: html.unescape(value[0]) for key, value in _tag(match).attrs.items()}
    found = {"url": attrs.get("href" if name == "a" else "src", ""),
             "title": attrs.get("title", "")}
    if name == "img":
        found["text"] = attrs.get("alt", "")
    return {key: " ".join(value.split()) for key, value in found.items()}


def _pairs(items: list[tuple[str, str, str]]) -> dict[int, int]:
    """open index <-> close index for properly nested inline elements."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    for index, (kind, _, name) in enumerate(items):
        if kind == "open":
            stack.append(index)
        elif kind == "close" and stack and items[stack[-1]][2] == name:
            opened = stack.pop()
            partner[opened], partner[index] = index, opened
    return partner


_CTYPES = {"a": CodeType.LINK, "b": CodeType.BOLD, "strong": CodeType.BOLD,
           "i": CodeType.ITALIC, "em": CodeType.ITALIC, "u": CodeType.UNDERLINE,
           "s": CodeType.STRIKE, "del": CodeType.STRIKE, "code": CodeType.CODE,
           "img": CodeType.IMAGE, "br": CodeType.BREAK}


def _ctype(name: str) -> str:
    """A CodeType where there is one, else the element's name ("span", "sup")."""
    return _CTYPES.get(name, name)
