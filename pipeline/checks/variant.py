"""A market variant's own orthography, from the rules it declares in
[tool.pipeline.variants] (pipeline/variants/rules.py): "ß" in de-CH, "Januar" in de-AT."""

from __future__ import annotations

from pipeline.checks.base import Check, CheckContext, Problem, Severity


class VariantOrthography(Check):
    id = "variant.orthography"
    name = "Market variant orthography"
    description = (
        "A translation for a market variant breaks a rule the variant declares in "
        "[tool.pipeline.variants]: \"ß\" in de-CH (ss-for-eszett), \"Januar\" in de-AT "
        "(austrian-months), a word of the project's replacements list."
    )
    severity = Severity.ERROR

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        problems: list[str | Problem] = []
        for rule in context.variant_rules:
            for found in rule.violations(target):
                problems.append(Problem(
                    f"{context.language.tag} writes {found.fix!r}, not {found.text!r} "
                    f"(rule {rule.name})", found.text))
        return problems
