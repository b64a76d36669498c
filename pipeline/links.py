"""Links per market: `[tool.pipeline.links]` rewrites link targets for each language at build.

    [tool.pipeline.links]
    de = [{ from = "https://www.smart.com/en/", to = "https://www.smart.com/de/" }]
    fr = [{ from = "https://www.smart.com/en/", to = "https://www.smart.com/fr/" },
          { from = "mailto:press@smart.com", to = "mailto:presse@smart.com" }]

A rule rewrites a target that starts with `from` (the first rule that matches wins); a
market variant without rules of its own takes its base's (de-CH uses de's). The PO note of
each link names its target and, for the language, the one the build writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.language import Language


@dataclass(frozen=True)
class LinkRule:
    """One link rewrite of a market: targets starting with `source` start with `target`."""

    source: str  # `from`: the start of a target to rewrite
    target: str  # `to`: what it becomes


@dataclass(frozen=True)
class Rewrite:
    """One language's rules."""

    rules: tuple[LinkRule, ...]

    def rule_for(self, url: str) -> LinkRule | None:
        return next((rule for rule in self.rules if url.startswith(rule.source)), None)

    def __call__(self, url: str) -> str:
        rule = self.rule_for(url)
        return rule.target + url[len(rule.source):] if rule else url

    def markup(self, markup: str, url: str) -> str:
        """A link code's raw markup with its target `url` rewritten: the rule's `from`
        replaced where the markup writes it, as is or HTML-escaped (`&amp;`)."""
        import html  # loaded when a rule rewrites markup

        rule = self.rule_for(url)
        if rule is None:
            return markup
        if rule.source in markup:
            return markup.replace(rule.source, rule.target)
        return markup.replace(html.escape(rule.source), html.escape(rule.target))


@dataclass(frozen=True)
class LinkRules:
    """Each language tag's rules, in the order the project lists them."""

    by_language: tuple[tuple[str, tuple[LinkRule, ...]], ...] = ()

    def rewrite(self, language: Language | None) -> Rewrite | None:
        """The rewriting for `language`, or None where it has no rules."""
        rules = language.lookup(dict(self.by_language)) if language is not None else None
        return Rewrite(rules) if rules else None
