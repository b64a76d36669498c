"""Inline codes, in one place: the notation, what a code stands for, and the rules.

A block's text carries its inline markup as neutral codes: `<gN>…</gN>` around paired
markup (bold, a link) and `<xN/>` for standalone markup (a line break, an image), N
the id of an `InlineCode` of the block. This module owns

- the notation (`CODE_TAG`, and the pattern pieces the segmenter builds on);
- `InlineCode`, the raw markup a reader keeps for a code, and `Meaning`, what it stands
  for in words a person reads ("link to https://…", "image 'smart #5'", "bold"), which
  PO notes, XLIFF and the review report show;
- tokens and pairing (`tokens`, `pairs`, `crossing`), and what a translation's codes may
  not do (`nesting_problem`, `render_problem`);
- text that only looks like a code: a release that literally says `<x1/>` gets a code
  for it (`escape_literals`), so the text comes back as written and no check mistakes
  it for markup.

It imports nothing else of the pipeline: protection, checks and catalogs use it
without loading the document readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum, StrEnum

CODE_TAG = re.compile(r"<g(\d+)>|</g(\d+)>|<x(\d+)/>")
# Pieces for patterns that other modules build around codes (segmentation).
OPEN = r"<g\d+>"
CLOSE = r"</g\d+>"
STANDALONE = r"<x\d+/>"
ANY = rf"{CLOSE}|{OPEN}|{STANDALONE}"


class CodeKind(str, Enum):
    PAIRED = "paired"  # <gN>…</gN>, XLIFF 1.2 <g>, 2.x <pc>
    STANDALONE = "standalone"  # <xN/>, XLIFF 1.2 <x/>, 2.x <ph>


class CodeType(StrEnum):
    """The `ctype` values every reader uses for the same thing (a reader may use others:
    an HTML element's name, a Word run's "color" or "font")."""

    LINK = "link"
    BOLD = "bold"
    ITALIC = "italic"
    UNDERLINE = "underline"
    STRIKE = "strike"
    CODE = "code"  # a code span: `150 kW`
    IMAGE = "image"
    BREAK = "br"
    PAGE_BREAK = "page break"
    TAB = "tab"
    FIELD = "field"
    FOOTNOTE = "footnote"
    HTML = "html"  # raw inline HTML in Markdown
    COMMENT = "comment"
    PROTECTED = "protected"  # translate="no"
    LITERAL = "literal"  # text that looks like a code: `<x1/>` written in the release


_PHRASES = {
    CodeType.LINK: "link",
    CodeType.BOLD: "bold",
    CodeType.ITALIC: "italic",
    CodeType.UNDERLINE: "underline",
    CodeType.STRIKE: "struck through",
    CodeType.CODE: "code span",
    CodeType.IMAGE: "image",
    CodeType.BREAK: "line break",
    CodeType.PAGE_BREAK: "page break",
    CodeType.TAB: "tab",
    CodeType.FIELD: "field",
    CodeType.FOOTNOTE: "footnote reference",
    CodeType.HTML: "HTML",
    CodeType.COMMENT: "comment",
    CodeType.PROTECTED: "kept as is",
    CodeType.LITERAL: "the text",
}
_BY_PHRASE = sorted(((phrase, ctype) for ctype, phrase in _PHRASES.items()),
                    key=lambda item: -len(item[0]))


@dataclass(frozen=True)
class Meaning:
    """What a code stands for. `text`: an image's alt text, a code span's or a literal's
    text, a footnote's label; `title`: a link's or an image's title."""

    ctype: str
    url: str = ""
    text: str = ""
    title: str = ""

    def describe(self) -> str:
        """In words: "link to https://…", "image 'smart #5'", "bold"."""
        words = [_PHRASES.get(self.ctype, self.ctype)]  # type: ignore[call-overload]
        if self.text:
            words.append(f"'{self.text}'")
        if self.url:
            words.append(f"to {self.url}" if self.ctype == CodeType.LINK
                         else f"({self.url})" if self.text else self.url)
        if self.title:
            words.append(f"titled '{self.title}'")
        return " ".join(" ".join(words).split())


def ctype_of(description: str) -> str:
    """The ctype a `Meaning.describe` text starts with ("link to …" -> "link")."""
    for phrase, ctype in _BY_PHRASE:
        if description == phrase or description.startswith(phrase + " "):
            return str(ctype)
    return description.split(" ", 1)[0]


@dataclass(frozen=True)
class InlineCode:
    """What one inline code of a segment stands for in the document."""

    id: int
    kind: CodeKind
    ctype: str  # a CodeType, or a reader's own name for the markup ("sup", "color")
    open: str  # raw markup before the content (or the whole markup when standalone)
    close: str = ""  # raw markup after the content
    url: str = ""  # a link's target, an image's source
    text: str = ""  # an image's alt text, a code span's or a literal's text
    title: str = ""
    # Where `open` and `close` start in Document.raw, when the reader knows: a translated
    # block nested in the markup (an image's alt text) is rendered into it there.
    offsets: tuple[int, ...] = ()

    @property
    def start_tag(self) -> str:
        return f"<g{self.id}>" if self.kind is CodeKind.PAIRED else f"<x{self.id}/>"

    @property
    def end_tag(self) -> str:
        return f"</g{self.id}>" if self.kind is CodeKind.PAIRED else ""

    @property
    def notation(self) -> str:
        """How a note names the code: `<g1>…</g1>` or `<x2/>`."""
        return f"{self.start_tag}…{self.end_tag}" if self.end_tag else self.start_tag

    @property
    def meaning(self) -> Meaning:
        return Meaning(self.ctype, self.url, self.text, self.title)


# -- tokens ------------------------------------------------------------------------------

class TokenKind(StrEnum):
    TEXT = "text"
    OPEN = "open"
    CLOSE = "close"
    STANDALONE = "standalone"


@dataclass(frozen=True)
class Token:
    """A piece of segment text: plain text, or one inline code tag."""

    kind: TokenKind
    value: str  # the text, or the tag as written
    start: int
    id: int = 0  # the code's id; 0 for text

    @property
    def end(self) -> int:
        return self.start + len(self.value)


def parse_tag(match: re.Match) -> Token:
    opened, closed, alone = match.groups()
    kind = (TokenKind.OPEN if opened is not None else
            TokenKind.CLOSE if closed is not None else TokenKind.STANDALONE)
    return Token(kind, match.group(0), match.start(), int(opened or closed or alone))


def tag(text: str) -> Token | None:
    """`text` read as one code tag, or None."""
    found = CODE_TAG.fullmatch(text)
    return parse_tag(found) if found else None


def tags(text: str) -> list[Token]:
    return [parse_tag(found) for found in CODE_TAG.finditer(text)]


def tokens(text: str) -> list[Token]:
    """Text and code tags of `text`, in order; text tokens are never empty."""
    found: list[Token] = []
    position = 0
    for one in tags(text):
        if one.start > position:
            found.append(Token(TokenKind.TEXT, text[position:one.start], position))
        found.append(one)
        position = one.end
    if position < len(text):
        found.append(Token(TokenKind.TEXT, text[position:], position))
    return found


def ids(text: str) -> set[int]:
    return {one.id for one in tags(text)}


def strip(text: str, replacement: str = "") -> str:
    """`text` without its code tags."""
    return CODE_TAG.sub(replacement, text) if "<" in text else text


def has_text(text: str) -> bool:
    """True when something other than codes and whitespace is left."""
    return bool(strip(text).strip())


# -- pairing -----------------------------------------------------------------------------

def pairs(items: list[Token]) -> set[int]:
    """Indexes of the open and close tokens that nest properly (XLIFF <g>, <pc>)."""
    stack: list[int] = []
    paired: set[int] = set()
    for index, token in enumerate(items):
        if token.kind is TokenKind.OPEN:
            stack.append(index)
        elif token.kind is TokenKind.CLOSE and stack and items[stack[-1]].id == token.id:
            paired.update((stack.pop(), index))
    return paired


def crossing(items: list[Token], paired: set[int]) -> set[int]:
    """Unpaired opens and closes that still find their partner later in order (pairs that
    cross: XLIFF spanning codes, TMX <bpt>/<ept>)."""
    linked: set[int] = set()
    waiting: dict[int, list[int]] = {}
    for index, token in enumerate(items):
        if index in paired:
            continue
        if token.kind is TokenKind.OPEN:
            waiting.setdefault(token.id, []).append(index)
        elif token.kind is TokenKind.CLOSE and waiting.get(token.id):
            linked.update((waiting[token.id].pop(), index))
    return linked


def open_at(text: str, offset: int) -> bool:
    """True when `offset` lies between a `<gN>` and its `</gN>`."""
    opened: set[int] = set()
    for one in tags(text[:offset]):
        if one.kind is TokenKind.OPEN:
            opened.add(one.id)
        elif one.kind is TokenKind.CLOSE:
            opened.discard(one.id)
    return bool(opened)


# -- the rules ---------------------------------------------------------------------------

def nesting_problem(text: str) -> str | None:
    """The first closing tag that does not close the innermost open pair, as written."""
    stack: list[int] = []
    for one in tags(text):
        if one.kind is TokenKind.OPEN:
            stack.append(one.id)
        elif one.kind is TokenKind.CLOSE and (not stack or stack.pop() != one.id):
            return one.value
    return None


def render_problem(translation: str, known: Iterable[int]) -> str | None:
    """Why the codes of `translation` cannot be rendered into the markup of codes `known`,
    or None. A translation may drop a pair or move it, but may not invent a code, repeat
    one, or leave a pair open: the markup around it would break."""
    known = set(known)
    seen: set[str] = set()
    stack: list[int] = []
    for one in tags(translation):
        if one.id not in known:
            return f"inline code {one.value} is not in the source"
        if one.value in seen:
            return f"inline code {one.value} appears twice"
        seen.add(one.value)
        if one.kind is TokenKind.OPEN:
            stack.append(one.id)
        elif one.kind is TokenKind.CLOSE and (not stack or stack.pop() != one.id):
            return f"inline code {one.value} closes a pair that is not open"
    if stack:
        return f"inline code <g{stack[-1]}> is never closed"
    return None


# -- literal text that looks like a code -------------------------------------------------

def escape_literals(shown: str, next_id: int,
                    raw: Callable[[int, int], str] | None = None) -> tuple[str, list[InlineCode]]:
    """`shown` (text as a translator sees it) with each literal `<gN>`, `</gN>` or `<xN/>`
    in it replaced by a standalone code of its own, numbered from `next_id`. The code's
    markup is how the source writes it: `raw(start, end)` for shown[start:end] where the
    source spells the text otherwise (`&lt;x1/&gt;` in HTML)."""
    if "<" not in shown:
        return shown, []
    codes: list[InlineCode] = []
    parts: list[str] = []
    position = 0
    for found in CODE_TAG.finditer(shown):
        markup = raw(found.start(), found.end()) if raw else found.group(0)
        code = InlineCode(next_id + len(codes), CodeKind.STANDALONE, CodeType.LITERAL, markup,
                          text=found.group(0))
        codes.append(code)
        parts += [shown[position:found.start()], code.start_tag]
        position = found.end()
    parts.append(shown[position:])
    return "".join(parts), codes


def restore(text: str, codes: Iterable[InlineCode],
            unknown: Callable[[str], Exception] | None = None,
            escape: Callable[[str], str] | None = None) -> str:
    """`text` with each code tag replaced by its raw markup (`escape` applied to the text
    between). A tag of no code in `codes` raises `unknown(tag)`, else stays as written."""
    by_id = {code.id: code for code in codes}
    parts: list[str] = []
    for token in tokens(text):
        if token.kind is TokenKind.TEXT:
            parts.append(escape(token.value) if escape else token.value)
            continue
        code = by_id.get(token.id)
        if code is None:
            if unknown is not None:
                raise unknown(token.value)
            parts.append(token.value)
        else:
            parts.append(code.close if token.kind is TokenKind.CLOSE else code.open)
    return "".join(parts)
