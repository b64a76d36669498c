"""Market variants (de-CH, de-AT, fr-CH, fr-BE) derived from one reviewed base translation.

A variant is declared in `[tool.pipeline.variants]`; `translate` derives its catalogs
from the base language's with no machine translation (derive.py), applying the
variant's rules (rules.py), its CLDR number formats and its glossary overrides.
"""

from pipeline.variants.derive import DeriveStats, Variant, derive_catalog, derive_text
from pipeline.variants.rules import RULES, Rule, rule_for

__all__ = ["RULES", "DeriveStats", "Rule", "Variant", "derive_catalog", "derive_text",
           "rule_for"]
