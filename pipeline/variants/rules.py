"""Orthography rules of market variants: one small class each, in one registry.

A rule rewrites the base language's text for the variant (`apply`) and says where a
translation still breaks it (`violations`, the `variant.orthography` check). Adding a
rule means one class here and one line in RULES.

| rule | variant | example |
| --- | --- | --- |
| `ss-for-eszett` | de-CH, de-LI | "Straße, groß" -> "Strasse, gross" |
| `austrian-months` | de-AT | "19. Januar", "im Februar" -> "19. Jänner", "im Feber" |
| `replacements` (a project's word list) | any | `{ "Velo" = "Fahrrad" }` style pairs, whole words |
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from pipeline.errors import InputError, Location


@dataclass(frozen=True)
class Violation:
    """A spelling a market variant's rule does not allow, with the fix."""

    text: str  # what the translation has
    fix: str  # what the variant writes instead


class Rule:
    """Rewrites base text for a variant. Subclasses set `name`, `description`, `pairs`."""

    name: ClassVar[str]
    description: ClassVar[str]
    # (base form, variant form), whole words unless `whole_words` is False.
    pairs: tuple[tuple[str, str], ...] = ()
    whole_words: ClassVar[bool] = True

    def _pattern(self) -> re.Pattern[str] | None:
        if not self.pairs:
            return None
        forms = sorted((re.escape(base) for base, _ in self.pairs), key=len, reverse=True)
        body = "|".join(forms)
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)" if self.whole_words else f"(?:{body})")

    def apply(self, text: str) -> str:
        pattern = self._pattern()
        if pattern is None:
            return text
        table = dict(self.pairs)
        return pattern.sub(lambda match: table[match.group(0)], text)

    def violations(self, text: str) -> list[Violation]:
        pattern = self._pattern()
        if pattern is None:
            return []
        table = dict(self.pairs)
        return [Violation(found.group(0), table[found.group(0)])
                for found in pattern.finditer(text)]


class SsForEszett(Rule):
    name = "ss-for-eszett"
    description = "Swiss Standard German writes no ß: ss instead (ẞ: SS)."
    pairs = (("ß", "ss"), ("ẞ", "SS"))
    whole_words = False


class AustrianMonths(Rule):
    name = "austrian-months"
    description = "Austrian month names: Jänner for Januar, Feber for Februar."
    pairs = (("Januar", "Jänner"), ("Januars", "Jänners"), ("Februar", "Feber"),
             ("Februars", "Febers"))


class Replacements(Rule):
    """A project's own word list, `replacements = { "base" = "variant" }` in the variant's
    table of [tool.pipeline.variants]."""

    name = "replacements"
    description = "The project's own word list for this variant (whole words)."

    def __init__(self, pairs: Sequence[tuple[str, str]] = ()):
        self.pairs = tuple(pairs)


RULES: Mapping[str, type[Rule]] = {rule.name: rule for rule in (SsForEszett, AustrianMonths)}


def rule_for(name: str, where: Location | str | None = None) -> Rule:
    try:
        return RULES[name]()
    except KeyError:
        raise InputError(f"unknown variant rule {name!r}; known: {', '.join(sorted(RULES))} "
                         '(or a project word list: replacements = { "from" = "to" })',
                         where) from None
