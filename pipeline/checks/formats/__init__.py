"""Report formats of `pipeline check`; adding one is one class and one line in _HOMES.

The registry is lazy: `check` imports only the format it writes (the JSON, SARIF and JUnit
writers and their libraries stay unloaded for the text report).
"""

from __future__ import annotations

import importlib

from pipeline.checks.formats.base import Format

# name -> (module, class); each class's own `name` is the key (asserted on loading)
_HOMES: dict[str, tuple[str, str]] = {
    "text": ("text", "TextFormat"),
    "json": ("jsonfmt", "JsonFormat"),
    "junit": ("junit", "JunitFormat"),
    "sarif": ("sarif", "SarifFormat"),
    "github": ("github", "GithubFormat"),
}
FORMAT_NAMES: tuple[str, ...] = tuple(_HOMES)


def get_format(name: str) -> Format:
    module, cls = _HOMES[name]  # KeyError for an unknown name, as before
    fmt = getattr(importlib.import_module(f"{__name__}.{module}"), cls)()
    if fmt.name != name:
        raise RuntimeError(f"format {name!r} loaded as {fmt.name!r}")
    return fmt


__all__ = ["FORMAT_NAMES", "Format", "get_format"]
