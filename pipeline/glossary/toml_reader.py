"""TOML glossaries (`[[terms]]` tables), read into the same LineMapping shape as YAML."""

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


def _toml_error(path: str, exc: tomllib.TOMLDecodeError) -> GlossaryError:
    # tomllib's column is where it gave up, often past the mistake: the line only
    found = re.search(r"line (\d+)", str(exc))
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
    line = int(found.group(1)) if found else None
    return GlossaryError(f"invalid TOML: {reason}", Location(path, line))


def _toml_terms(data: dict, text: str) -> LineMapping:
    # tomllib keeps no positions: the Nth [[terms]] header is the Nth term's line.
    lines = text.splitlines()
    headers = [n for n, row in enumerate(lines, 1) if re.match(r"\s*\[\[\s*terms\s*\]\]", row)]
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
