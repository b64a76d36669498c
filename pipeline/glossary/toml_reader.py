"""TOML glossaries (`[[terms]]` tables), read into the same LineMapping shape as YAML.

tomllib stops at the first syntax error. For `glossary lint`, `read_toml_parts` then reads
the text before the first `[[terms]]` and each `[[terms]]` table on its own, so that one
mistake does not hide the other terms' problems (as `read_yaml_parts` does for YAML)."""

from __future__ import annotations

import re
import tomllib

from pipeline.errors import GlossaryError, Location
from pipeline.glossary.yaml_reader import LineMapping


def read_toml(path: str, text: str) -> LineMapping:
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, tomllib.TOMLDecodeError):
            raise _toml_error(path, exc) from None
        # tomllib's int() refuses 4,300 digits and more; arrays nest by recursion
        raise GlossaryError("invalid TOML: a number too long or values nested too deeply",
                            Location(path)) from None
    return _toml_terms(data, text)


_TERMS_HEADER = re.compile(r"\s*\[\[\s*terms\s*\]\]")


def read_toml_parts(path: str, text: str) -> tuple[LineMapping, list[GlossaryError]]:
    """For `glossary lint`: the document and no errors, or, past a syntax error, what each
    part reads as on its own and every part's syntax error, at the file's lines."""
    try:
        return read_toml(path, text), []
    except GlossaryError as exc:
        first = exc
    rows = re.findall(r"[^\n]*\n|[^\n]+$", text)  # lines as tomllib counts them
    starts = [n for n, row in enumerate(rows) if _TERMS_HEADER.match(row)]
    if not starts:
        raise first
    top, terms, errors = LineMapping(1), [], []
    for number, (start, end) in enumerate(zip([0, *starts], [*starts, len(rows)], strict=True)):
        try:
            data = _loads(path, "".join(rows[start:end]), start)
        except GlossaryError as exc:
            errors.append(exc)
            continue
        if number == 0:
            top.update(data)
            continue
        for entry in data.get("terms", ()):
            mapped = LineMapping(start + 1)
            mapped.update(entry)
            terms.append(mapped)
    top["terms"] = terms
    return top, errors or [first]


def _loads(path: str, text: str, offset: int) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, exc, offset) from None
    except (ValueError, RecursionError):
        raise GlossaryError("invalid TOML: a number too long or values nested too deeply",
                            Location(path, offset + 1)) from None


def _toml_error(path: str, exc: tomllib.TOMLDecodeError, offset: int = 0) -> GlossaryError:
    # tomllib's column is where it gave up, often past the mistake: the line only
    found = re.search(r"line (\d+)", str(exc))
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
    line = int(found.group(1)) + offset if found else None
    return GlossaryError(f"invalid TOML: {reason}", Location(path, line))


def _toml_terms(data: dict, text: str) -> LineMapping:
    # tomllib keeps no positions: the Nth [[terms]] header is the Nth term's line.
    lines = text.splitlines()
    headers = [n for n, row in enumerate(lines, 1) if _TERMS_HEADER.match(row)]
    top = LineMapping(1)
    for key, value in data.items():
        top[key] = value
    terms = data.get("terms")
    if isinstance(terms, list):
        converted = []
        for index, entry in enumerate(terms):
            line = headers[index] if index < len(headers) else None
            if isinstance(entry, dict):
                mapped = LineMapping(line)
                mapped.update(entry)
                entry = mapped
            converted.append(entry)
        top["terms"] = converted
    return top
