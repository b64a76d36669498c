"""Lexical checks polib does not make: it silently truncates an unterminated string
("Hola -> "Hol"), keeps invalid escapes such as \\q, and accepts a msgid with no msgstr at
the end of a file. Each of these is refused here with its line, as gettext's msgfmt does,
before polib parses the text.
"""

from __future__ import annotations

import re

from pipeline.errors import Location, PoFileError

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*(.*)$")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$')
_ESCAPE = re.compile(r"\\(.)")
# The C escapes msgfmt accepts; octal and hex escapes start with a digit or x.
_VALID_ESCAPES = frozenset("ntr\"\\abfv?'x01234567")


# The lines of a well-formed file as gettext and polib write them, with no stray spaces:
# empty, a comment (not `#~`, not `#|`), or a valid string after a keyword, `#~ ` or `#| `.
# A file made only of such lines, with every msgid followed by its msgstr, has no defect
# that _check_lines would report; any other file is read line by line by _check_lines,
# which names the defect and its line.
_VALID_STRING = r'"[^"\\\n]*(?:\\[ntr"\\abfv?\'x0-7][^"\\\n]*)*"'
_STRING_LINE = rf"(?:(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) )?{_VALID_STRING}"
_CLEAN_LINE = rf"(?:#[^~|\n][^\n]*|#|(?:#~ |#\| )?{_STRING_LINE})?"
_CLEAN_FILE = re.compile(rf"{_CLEAN_LINE}(?:\n{_CLEAN_LINE})*")
_STRUCTURAL = re.compile(r"^(?:#~ )?(msgctxt|msgid_plural|msgid|msgstr)", re.MULTILINE)


def check_syntax(text: str, path: str) -> None:
    """Raise PoFileError at the first string or entry-structure defect in `text`."""
    if _CLEAN_FILE.fullmatch(text) and _well_ordered(_STRUCTURAL.findall(text)):
        return
    _check_lines(text, path)


def _well_ordered(keywords: list[str]) -> bool:
    """Every msgid is followed by a msgstr before the next msgid or msgctxt."""
    pending = False
    for keyword in keywords:
        if keyword == "msgstr":
            pending = False
        elif keyword != "msgid_plural":
            if pending:
                return False
            pending = keyword == "msgid"
    return not pending


def _check_lines(text: str, path: str) -> None:
    pending_msgid: int | None = None  # line of a msgid still waiting for its msgstr
    for number, raw in enumerate(text.split("\n"), 1):
        line, structural = _strip_prefix(raw.strip())
        if not line:
            continue
        if line.startswith('"'):
            _check_string(line, path, number)
            continue
        match = _KEYWORD.match(line)
        if match is None:
            continue  # comments and anything else: polib judges those
        keyword, rest = match.groups()
        _check_string(rest, path, number)
        if not structural:
            continue
        if keyword.startswith("msgstr"):
            pending_msgid = None
        elif keyword in ("msgid", "msgctxt") and pending_msgid is not None:
            raise _missing_msgstr(path, pending_msgid)
        elif keyword == "msgid":
            pending_msgid = number
    if pending_msgid is not None:
        raise _missing_msgstr(path, pending_msgid)


def _strip_prefix(line: str) -> tuple[str, bool]:
    """The line without `#~`/`#|` markers; False for previous-msgid (`#|`) lines, which
    have no msgstr of their own."""
    if line.startswith("#~"):
        line = line[2:].lstrip()
    if line.startswith(("#|", "|")):
        return line.lstrip("#|").lstrip(), False
    if line.startswith("#"):
        return "", False
    return line, True


def _check_string(part: str, path: str, number: int) -> None:
    match = _STRING.match(part)
    if match is None:
        if part.startswith('"') and not re.match(r'"(?:[^"\\]|\\.)*"', part):
            reason = "end of line within a string (missing closing quote)"
        elif not part.startswith('"'):
            reason = "expected a quoted string"
        else:
            reason = "text after the closing quote"
        raise PoFileError(f"malformed PO: {reason}", Location(path, number))
    for escape in _ESCAPE.finditer(match.group(1)):
        if escape.group(1) not in _VALID_ESCAPES:
            raise PoFileError(
                f"malformed PO: invalid escape sequence \\{escape.group(1)}",
                Location(path, number),
            )


def _missing_msgstr(path: str, msgid_line: int) -> PoFileError:
    return PoFileError("malformed PO: msgid without msgstr", Location(path, msgid_line))
