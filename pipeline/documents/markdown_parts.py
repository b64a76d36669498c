"""The parts of a Markdown release outside markdown-it's inline tokens, and how a translation
is written back into each: YAML front matter, link reference definitions' titles, table
rows split into cells, an image's alt text, a title in its quotes.

Each renderer gives back the source unchanged for the block's own text, and otherwise
escapes what would end the part early (a `]` in alt text, a `"` in a title, a `|` in a
cell, a `: ` in a plain YAML value).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

_FENCE = re.compile(r"\A(\ufeff?)---[ \t]*\r?\n")
_FENCE_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]+(?P<value>\S[^\r\n]*?)[ \t]*$",
                    re.MULTILINE)
TRANSLATED_KEYS = ("title", "description")
LANGUAGE_KEYS = ("lang", "language")
# `[label]: <dest> "title"`: the title's delimiters, on the same line or the next.
_DEFINITION = re.compile(
    r"\A[ ]{0,3}\[(?:[^\[\]\\]|\\.)+\]:[ \t]*\n?[ \t]*(?:<[^<>\n]*>|\S+)"
    r"(?:[ \t]*\n?[ \t]*|[ \t]+)(?P<title>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'"
    r"|\((?:[^()\\]|\\.)*\))[ \t]*$", re.DOTALL)
_TARGET = re.compile(r"[ ]{0,3}\[(?:[^\[\]\\]|\\.)+\]:[ \t]*\n?[ \t]*"
                     r"(?:<(?P<angled>[^<>\n]*)>|(?P<bare>\S+))")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class Part:
    """A translatable value: `start`/`end` in Document.raw (delimiters included), `key`."""

    key: str
    start: int
    end: int
    text: str  # what translators see


# -- front matter ------------------------------------------------------------------------

@dataclass(frozen=True)
class FrontMatter:
    end: int  # where the Markdown starts
    parts: tuple[Part, ...]  # title and description
    language: tuple[Part, ...]  # the `lang:` value, set to the target at build


def front_matter(raw: str) -> FrontMatter | None:
    """The YAML block between `---` lines at the top, if there is one."""
    fence = _FENCE.match(raw)
    if not fence:
        return None
    close = _FENCE_END.search(raw, fence.end())
    if not close:
        return None
    end = raw.find("\n", close.end())
    end = len(raw) if end < 0 else end + 1
    parts, language = [], []
    for found in _FIELD.finditer(raw, fence.end(), close.start()):
        key = found.group("key")
        if key in TRANSLATED_KEYS or key in LANGUAGE_KEYS:
            part = _scalar(raw, key, found.start("value"), found.end("value"))
            if part is not None:
                (parts if key in TRANSLATED_KEYS else language).append(part)
    return FrontMatter(end, tuple(parts), tuple(language))


def _scalar(raw: str, key: str, start: int, end: int) -> Part | None:
    """A one-line YAML scalar (plain, 'single' or "double" quoted) and its value."""
    value = raw[start:end]
    if value[0] in "|>[{&*!%@`":
        return None  # block scalars, flow collections, anchors, tags: left as they are
    if value[0] not in "'\"":
        value = re.split(r"[ \t]#", value, maxsplit=1)[0].rstrip()
        end = start + len(value)
    try:
        loaded = yaml.safe_load(f"{key}: {value}")
    except yaml.YAMLError:
        return None
    text = loaded.get(key) if isinstance(loaded, dict) else None
    if not isinstance(text, str) or not text.strip():
        return None
    return Part(key, start, end, text)


def mask(raw: str, end: int) -> str:
    """`raw` with its first `end` characters blanked (newlines kept): markdown-it must not
    read front matter as a rule and a heading, and its lines stay where they were."""
    return re.sub(r"[^\n]", " ", raw[:end]) + raw[end:]


def render_yaml(text: str, source: str, original: str) -> str:
    """A front-matter value: as written when unchanged, else in the source's quotes, a plain
    value double-quoted when YAML would read it otherwise."""
    if text == original:
        return source
    text = " ".join(text.split())
    if source.startswith("'"):
        return "'" + text.replace("'", "''") + "'"
    if not source.startswith('"') and _plain_ok(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str) -> bool:
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text} and " #" not in text
    except yaml.YAMLError:
        return False


# -- link reference definitions ----------------------------------------------------------

def definition_target(raw: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the target of the reference definition in raw[start:end] is (no `<>`)."""
    found = _TARGET.match(raw, start, end)
    if not found:
        return None
    group = "angled" if found.group("angled") is not None else "bare"
    return found.start(group), found.end(group)


def definition_title(raw: str, start: int, end: int) -> Part | None:
    """The title of the reference definition in raw[start:end] (its lines), if any."""
    found = _DEFINITION.match(raw[start:end].rstrip("\r\n"))
    if not found or len(found.group("title")) <= 2:
        return None
    title_start = start + found.start("title")
    title_end = start + found.end("title")
    return Part("title", title_start, title_end, raw[title_start + 1:title_end - 1])


# -- tables ------------------------------------------------------------------------------

def cells(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of each cell's content in the table row raw[start:end], trimmed."""
    line = raw[start:end]
    bounds = [-1, *(m.start() for m in _UNESCAPED_PIPE.finditer(line)), len(line)]
    found = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        cell_start, cell_end = start + left + 1, start + right
        while cell_start < cell_end and raw[cell_start] in " \t":
            cell_start += 1
        while cell_end > cell_start and raw[cell_end - 1] in " \t\r":
            cell_end -= 1
        found.append((cell_start, cell_end))
    if line.lstrip().startswith("|"):
        found = found[1:]
    if line.rstrip().endswith("|") and not line.rstrip().endswith("\\|"):
        found = found[:-1]
    return found


def render_cell(text: str) -> str:
    """A table cell stays one cell: on one line, its pipes escaped."""
    return _UNESCAPED_PIPE.sub(r"\\|", " ".join(text.split("\n")))


# -- alt text and titles -----------------------------------------------------------------

def render_alt(text: str, source: str, original: str) -> str:
    """`[alt]`: a bracket in the translation is escaped, so it neither ends the alt text
    early nor opens a link."""
    if text == original:
        return source
    return "[" + re.sub(r"(?<!\\)([\[\]])", r"\\\1", " ".join(text.split("\n"))) + "]"


def render_title(text: str, source: str, original: str) -> str:
    """`"title"`, `'title'` or `(title)`: its closing delimiter escaped inside."""
    opener, closer = source[0], source[-1]
    if text == original:
        return source
    pattern = re.compile(rf"(?<!\\)([{re.escape(closer + (opener if opener != closer else ''))}])")
    return opener + pattern.sub(r"\\\1", text) + closer
