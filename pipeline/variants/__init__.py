"""Market variants (de-CH, de-AT, fr-CH, fr-BE) derived from one reviewed base translation.

A variant is declared in `[tool.pipeline.variants]`; `translate` derives its catalogs
from the base language's with no machine translation (derive.py), applying the
variant's rules (rules.py), its CLDR number formats and its glossary overrides.

The names below load their module on first use: `check` needs the rules, not the
derivation, and importing any submodule runs this file first.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "DeriveStats": "derive", "Variant": "derive", "derive_catalog": "derive",
    "derive_text": "derive", "RULES": "rules", "Rule": "rules", "rule_for": "rules",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
