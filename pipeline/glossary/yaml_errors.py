"""PyYAML's parse errors in the words of someone who edits a glossary, not a parser.

"expected <block end>, but found '<block mapping start>'" means a line is indented
differently from the line above; "mapping values are not allowed here" is usually an
unquoted ': ' inside a value. Each rule below reads the error and the line it points at
and says what is wrong and how to fix it, at the line and column of the cause (the
opening quote or bracket, not the end of the file where the parser gave up).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from pipeline.errors import GlossaryError, Location


class YamlSyntaxError(GlossaryError):
    """The scanner or parser stopped: the rest of the file was not read (lint reads each
    term on its own then, so that one mistake does not hide the others)."""


class YamlAliasError(GlossaryError):
    """`*name` with no `&name` before it (read alone, a term may miss its file's anchor)."""


@dataclass(frozen=True)
class _Said:
    message: str
    # 0-based, where the cause is rather than where PyYAML stopped
    column: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class _Error:
    problem: str
    context: str
    line: int  # 0-based, as PyYAML marks are
    column: int
    context_line: int | None
    context_column: int | None


_KEY_ONLY = re.compile(r"^\s*(?:-\s+)?[\w.-]+\s*$")


def _start(line: str, key: bool) -> int:
    """The column (1-based) where a line starts: its key, after any `- `, when `key`."""
    match = re.match(r"^(\s*(?:-\s+)?)" if key else r"^(\s*)", line)
    return len(match.group(1)) + 1


def _above(lines: list[str], number: int) -> tuple[int, str] | None:
    """The nearest line above `number` that is not blank or a comment, with its index."""
    for index in range(min(number, len(lines)) - 1, -1, -1):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            return index, lines[index]
    return None


def _indented(error: _Error, lines: list[str]) -> _Said:
    here = lines[error.line] if error.line < len(lines) else ""
    found = _above(lines, error.line)
    number, above = found if found else (None, None)
    key = not here.lstrip().startswith("-")
    if above is not None and re.match(r"^\s*-[^\s-]", above):
        return _Said("a line that starts with '-' and no space; a term starts with `- ` "
                     "(a dash and a space), e.g. `- term: smart`", _start(above, False) - 1,
                     number)
    where = ""
    if above is not None:
        where = (f": it starts in column {_start(here, key)}, the line above in column "
                 f"{_start(above, key)}")
    return _Said(f"this line is indented differently from the line above{where}; the lines "
                 "of one term, and the `- ` of each term, start in the same column (spaces "
                 "only)", _start(here, key) - 1)


def _unexpected_character(error: _Error, lines: list[str]) -> _Said | str:
    character = re.search(r"found character '(.+?)'", error.problem).group(1)
    if character == "\\t":
        return ("a tab character; YAML indents with spaces only: replace the tab with "
                "spaces")
    value = lines[error.line][error.column:].strip() if error.line < len(lines) else ""
    example = f', e.g. "{value}"' if value and '"' not in value and len(value) <= 40 else ""
    return (f"a value cannot start with {character!r} in YAML; put the whole value in "
            f"quotes{example}")


def _colon(error: _Error, lines: list[str]) -> _Said | str:
    here = lines[error.line][:error.column] if error.line < len(lines) else ""
    if _KEY_ONLY.match(here):
        return _indented(error, lines)
    return ("a second ': ' on this line; a value that contains ': ' must be in quotes, "
            'e.g. note: "see: the manual"')


def _quote(error: _Error, lines: list[str]) -> str:
    line = lines[error.context_line] if error.context_line is not None else ""
    mark = line[error.context_column] if error.context_column is not None and \
        error.context_column < len(line) else '"'
    return (f"the quote {mark} opened here is never closed; end the value with {mark} "
            "on the same line")


def _bracket(error: _Error, lines: list[str]) -> str:
    opening, closing = ("[", "]") if "sequence" in error.context else ("{", "}")
    found = re.search(r"but got '(.+?)'", error.problem)
    same_line = error.line == error.context_line
    got = found.group(1) if found else ""
    detail = (f"found {got!r} in column {error.column + 1}" if same_line and got
              else "the line ends first")
    return (f"the {'list' if opening == '[' else 'table'} opened with {opening!r} here is "
            f"not closed with {closing!r} ({detail}); separate its items with ', '")


def _after_quote(error: _Error, lines: list[str]) -> str:
    return ("text after the closing quote; quote the whole value, using the other kind of "
            "quote inside it, e.g. term: 'the \"smart\" way'")


# (pattern on "context | problem", explanation, located at the context mark)
_RULES: list[tuple[re.Pattern, Callable[[_Error, list[str]], _Said | str], bool]] = [
    (re.compile(r"found character '.+?' that cannot start any token"),
     _unexpected_character, False),
    (re.compile(r"mapping values are not allowed here"), _colon, False),
    (re.compile(r"scanning a simple key \| could not find expected ':'"),
     lambda e, lines: "a term's line must be `key: value`; this one has no ':' "
                      "(or the line below it is indented differently)", True),
    (re.compile(r"quoted scalar \| found unexpected end of stream"), _quote, True),
    (re.compile(r"quoted scalar \| found unexpected document separator"), _quote, True),
    (re.compile(r"scanning a double-quoted scalar \| found unknown escape"),
     lambda e, lines: "a backslash inside double quotes starts an escape; write \\\\ or "
                      "use single quotes", False),
    (re.compile(r"parsing a flow (sequence|mapping) \| expected ','"), _bracket, True),
    (re.compile(r"parsing a flow node \| expected the node content, but found ','"),
     lambda e, lines: "an empty item in a list (two commas in a row)", False),
    (re.compile(r"block (mapping|collection) \| expected <block end>, but found "
                r"'<scalar>'"), _after_quote, False),
    (re.compile(r"block (mapping|collection) \| expected <block end>"), _indented, False),
    (re.compile(r"scanning an anchor"),
     lambda e, lines: "'&' starts a YAML anchor here; put a value that starts with '&' in "
                      'quotes, e.g. "& Co"', True),
    (re.compile(r"found undefined alias"),
     lambda e, lines: "'*' starts a YAML alias here; put a value that starts with '*' in "
                      'quotes, e.g. "*new*"', False),
    (re.compile(r"mapping keys are not allowed here"),
     lambda e, lines: "'? ' starts a YAML key here; put the value in quotes", False),
    (re.compile(r"scanning a block scalar"),
     lambda e, lines: "'|' or '>' starts a block of text; write the text on the lines "
                      "below, indented, or put the value in quotes", True),
    (re.compile(r"but found another document"),
     lambda e, lines: "'---' starts a second document; a glossary is one document, "
                      "remove the line", False),
]


def explain(exc: yaml.MarkedYAMLError, path: str, text: str, offset: int = 0) -> GlossaryError:
    """The parse error as one GlossaryError at path:line:column, in plain words.

    `offset` is the number of lines before `text` in the file (a part parsed alone)."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return GlossaryError(f"invalid YAML: {exc.problem or exc.context}", Location(path))
    context = exc.context_mark
    error = _Error(exc.problem or "", exc.context or "", mark.line, mark.column,
                   context.line if context else None, context.column if context else None)
    lines = text.splitlines()
    kind = _kind(exc)
    key = f"{error.context} | {error.problem}"
    message = f"invalid YAML: {exc.problem or exc.context or 'not valid YAML'}"
    line, column = mark.line, mark.column
    for pattern, explanation, at_context in _RULES:
        if pattern.search(key):
            said = explanation(error, lines)
            said = said if isinstance(said, _Said) else _Said(said)
            message = said.message
            if at_context and context is not None:
                line, column = context.line, context.column
            column = column if said.column is None else said.column
            line = line if said.line is None else said.line
            break
    return kind(message, Location(path, line + 1 + offset, column + 1))


def _kind(exc: yaml.MarkedYAMLError) -> type[GlossaryError]:
    if isinstance(exc, yaml.scanner.ScannerError | yaml.parser.ParserError):
        return YamlSyntaxError
    if (exc.problem or "").startswith("found undefined alias"):
        return YamlAliasError
    return GlossaryError


def explain_character(exc: yaml.reader.ReaderError, path: str, text: str) -> GlossaryError:
    """A control character PyYAML refuses before parsing (it gives a position, not a line)."""
    before = text[:exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return GlossaryError(f"a control character (U+{ord(character):04X}) that YAML does not "
                         "allow; remove it", Location(path, line, column))
