"""Plain-text web-page dumps, the format press teams copy out of a newsroom page.

One paragraph per line, blank lines between, a dateline spread over several
short lines at the top, `  • ` bullets (the sign is layout, not text), image
captions repeated twice in a row, `-End-` and an `About …` boilerplate. The
roles are inferred from that layout; block text is the raw line with its
surrounding whitespace left as layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.documents.base import Reader, line_number, restore_codes, stripped_span
from pipeline.documents.model import Block, Role
from pipeline.errors import Location
from pipeline.inline import escape_literals

# A bullet sign is a bullet even glued to its text ("•Range of up to 367 miles"); "*",
# "-" and "–" are one only before a space, since they also open "-End-", "*Note" or "-5%".
_BULLET = re.compile(r"[ \t\u00a0]*(?:[•·▪●◦‣∙][ \t\u00a0]*|[*\-–][ \t\u00a0]+)(?=\S)")
_LEAD = re.compile(r"\([A-Z][^()\n]{2,80}\b\d{4}\)")
_END = re.compile(r"[-–—\s]*(end|ends)[-–—\s]*|#{3}", re.IGNORECASE)
_HONORIFIC = re.compile(r"(Mr|Ms|Mrs|Dr|Prof|Sir|Dame)\.?\s")
_QUOTE = re.compile(
    r"(?P<who>[^“\"\n]{3,160}?)\s+(?:said|says|added|adds|stated|explained|commented|noted)"
    r"[,:]?\s*[“\"]"
)
_QUOTE_AFTER = re.compile(r"[“\"].+[”\"],?\s+(?:said|says|added)\s+(?P<who>[^,.“”\"]{3,80})")
_TERMINAL = re.compile(r"[.!?…][”’\"')\]]*$")
_SHORT = 200
_DATELINE_TOKEN = 30


@dataclass
class _Chunk:
    """A run of text separated from its neighbours by blank lines (or one bullet line)."""

    start: int
    end: int
    bullet: bool = False
    lines: int = 1

    def text(self, raw: str) -> str:
        return raw[self.start : self.end]


class TxtReader(Reader):
    name = "txt"
    suffixes = (".txt",)

    def parse(self, raw: str, path: str) -> tuple[Block, ...]:
        chunks = _chunks(raw)
        blocks: list[Block] = []
        if chunks and _is_dateline(raw, chunks[0]):
            blocks.append(_dateline(raw, chunks[0], path))
            chunks = chunks[1:]
        roles = _Roles(raw, chunks).assign()
        for chunk, (role, context) in zip(chunks, roles, strict=True):
            # A release that writes `<x1/>` as text gets a code for it (pipeline.inline).
            text, codes = escape_literals(chunk.text(raw), 1)
            blocks.append(
                Block(
                    role=role,
                    text=text,
                    location=Location(path, line_number(raw, chunk.start)),
                    span=(chunk.start, chunk.end),
                    codes=tuple(codes),
                    context=context,
                )
            )
        return tuple(blocks)

    def render_block(self, block: Block, text: str, source: str) -> str:
        if block.role is Role.DATELINE:
            # The dump puts one token per line; keep the source's separators.
            separators = re.findall(r"\s+", source) or [" "]
            tokens = text.split()
            parts = []
            for index, token in enumerate(tokens):
                if index:
                    parts.append(separators[min(index - 1, len(separators) - 1)])
                parts.append(token)
            text = "".join(parts)
        return restore_codes(text, block.codes, block)


def _lines(raw: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((offset, offset + len(body)))
        offset += len(line)
    return spans


def _chunks(raw: str) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    current: _Chunk | None = None
    for start, end in _lines(raw):
        content = stripped_span(raw, start, end)
        if content[0] == content[1]:
            current = None
            continue
        if _BULLET.match(raw, start, end):
            bullet_start = _BULLET.match(raw, start, end).end()
            chunks.append(_Chunk(*stripped_span(raw, bullet_start, end), bullet=True))
            current = None
        elif current is None:
            current = _Chunk(*content)
            chunks.append(current)
        else:
            current.end = content[1]
            current.lines += 1
    return chunks


def _is_dateline(raw: str, chunk: _Chunk) -> bool:
    tokens = [token.strip() for token in chunk.text(raw).split("\n")]
    return (
        chunk.lines >= 3
        and all(len(token) <= _DATELINE_TOKEN and " " not in token for token in tokens)
        and bool(re.search(r"\d", chunk.text(raw)))
    )


def _dateline(raw: str, chunk: _Chunk, path: str) -> Block:
    text, codes = escape_literals(" ".join(chunk.text(raw).split()), 1)
    return Block(
        role=Role.DATELINE,
        text=text,
        location=Location(path, line_number(raw, chunk.start)),
        span=(chunk.start, chunk.end),
        codes=tuple(codes),
    )


def _normal(text: str) -> str:
    return " ".join(text.split())


class _Roles:
    """Role inference over the sequence of chunks; needs look-ahead for captions."""

    def __init__(self, raw: str, chunks: list[_Chunk]):
        self.texts = [_normal(chunk.text(raw)) for chunk in chunks]
        self.chunks = chunks

    def short(self, index: int) -> bool:
        if index >= len(self.texts):
            return False
        text = self.texts[index]
        return (
            not self.chunks[index].bullet
            and self.chunks[index].lines == 1
            and len(text) <= _SHORT
            and not _TERMINAL.search(text)
        )

    def assign(self) -> list[tuple[Role, str]]:
        roles: list[tuple[Role, str]] = []
        boilerplate = False
        quote_context = ""
        for index, text in enumerate(self.texts):
            role, context = self.role(index, text, roles, boilerplate, quote_context)
            boilerplate = boilerplate or role is Role.BOILERPLATE_HEADING
            quote_context = context if role is Role.QUOTE else ""
            roles.append((role, context))
        return roles

    def role(self, index, text, done, boilerplate, quote_context) -> tuple[Role, str]:
        previous = done[-1][0] if done else None
        if self.chunks[index].bullet:
            return Role.BULLET, ""
        if _END.fullmatch(text):
            return Role.END_MARK, ""
        if not done:
            return Role.TITLE, ""
        if self.short(index) and (text.startswith("About ") or boilerplate):
            return Role.BOILERPLATE_HEADING, ""
        if boilerplate:
            return Role.BOILERPLATE, ""
        if self.short(index) and _HONORIFIC.match(text):
            return Role.SPEAKER, ""
        quote = _QUOTE.match(text) or _QUOTE_AFTER.match(text)
        if quote:
            return Role.QUOTE, _speaker(quote.group("who"))
        if quote_context and text[:1] in "“\"":
            return Role.QUOTE, quote_context
        if _LEAD.match(text) and previous is not Role.LEAD:
            return Role.LEAD, ""
        if self.short(index):
            return self.short_role(index, text, previous), ""
        return Role.PARAGRAPH, ""

    def short_role(self, index: int, text: str, previous: Role | None) -> Role:
        """A repeated line is an image caption (title + caption of one picture); a single
        line before body text is a heading; a line among other short lines is a caption."""
        same_as_next = index + 1 < len(self.texts) and self.texts[index + 1] == text
        same_as_previous = index > 0 and self.texts[index - 1] == text
        if same_as_next or same_as_previous:
            return Role.CAPTION
        if self.short(index + 1) or index + 1 >= len(self.texts):
            return Role.CAPTION
        return Role.HEADING


def _speaker(who: str) -> str:
    """`Mr. Tong Xiangbei, Global CEO of smart Automobile` -> `Mr. Tong Xiangbei`."""
    return who.split(",")[0].strip(" \u00a0")
