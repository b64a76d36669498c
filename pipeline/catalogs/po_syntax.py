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


def check_syntax(text: str, path: str) -> None:
    """Raise PoFileError at the first string or entry-structure defect in `text`."""
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
