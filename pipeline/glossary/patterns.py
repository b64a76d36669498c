"""Term patterns: one glossary entry for a family of names ("smart #2", "smart #6", …).

    - pattern: 'smart #\\d+'
      category: model
      forbidden_patterns: ['smart#\\d+', 'Smart #\\d+', 'smart \\d+']

A pattern term is a do-not-translate term whose canonical form is the text it matched:
a model announced after the glossary was written is protected and checked all the same.
All patterns of a glossary compile into one alternation, so a text is scanned once for
all of them (next to the Aho-Corasick pass for listed forms), not once per pattern. A
listed term wins over a pattern match of the same span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from pipeline.glossary.model import Term, TermKind

MAX_PATTERN = 200  # characters: a pattern names a family of terms, not a grammar


@dataclass(frozen=True)
class PatternMatch:
    """A pattern term's match in a text."""

    start: int
    end: int
    term_index: int
    text: str


class PatternSet:
    """The patterns (or forbidden patterns) of a list of terms, as one compiled regex."""

    def __init__(self, terms: tuple[Term, ...], forbidden: bool = False):
        self.terms = terms
        parts: list[str] = []
        self._owner: list[int] = []
        for index, term in enumerate(terms):
            for pattern in (term.forbidden_patterns if forbidden else
                            ((term.pattern,) if term.pattern else ())):
                parts.append(f"(?P<p{len(parts)}>{pattern})")
                self._owner.append(index)
        # Whole words only, as for listed forms: "smart #1" is not inside "smart #10".
        self.regex = re.compile(rf"(?<![\w#])(?:{'|'.join(parts)})(?![\w])") if parts else None
        prefixes = _required_prefixes(
            [pattern for term in terms for pattern in
             (term.forbidden_patterns if forbidden else ((term.pattern,) if term.pattern else ()))])
        self.prefix_literals = frozenset(prefixes)
        # One scan for all the literals, not one `in` per prefix.
        self.prefixes = (re.compile("|".join(map(re.escape, sorted(self.prefix_literals))))
                         if prefixes else None)

    def matches(self, text: str) -> list[PatternMatch]:
        if self.regex is None:
            return []
        # The alternation starts with a lookbehind, which keeps re from skipping ahead to a
        # literal; most sentences hold none of the literals every pattern starts with.
        if self.prefixes is not None and not self.prefixes.search(text):
            return []
        found = []
        for match in self.regex.finditer(text):
            if match.end() == match.start():
                continue
            # The last named group closed is the alternative that matched, unless a term's
            # pattern names groups of its own.
            group = match.lastgroup
            if not (group and group[0] == "p" and group[1:].isdigit()):
                group = next(name for name, value in match.groupdict().items()
                             if value is not None and name[0] == "p" and name[1:].isdigit())
            found.append(PatternMatch(match.start(), match.end(), self._owner[int(group[1:])],
                                      match.group()))
        return found


@dataclass(frozen=True)
class Patterns:
    """A glossary's term patterns and forbidden patterns, compiled on first use."""

    terms: tuple[Term, ...]

    @cached_property
    def main(self) -> PatternSet:
        return PatternSet(self.terms)

    @cached_property
    def forbidden(self) -> PatternSet:
        return PatternSet(self.terms, forbidden=True)

    @property
    def empty(self) -> bool:
        return self.main.regex is None and self.forbidden.regex is None

    def may_match(self, text: str) -> bool:
        """False when neither the patterns nor the forbidden ones can match `text`: it has
        none of the literals they start with (one scan for both sets)."""
        return self._prefixes is None or self._prefixes.search(text) is not None

    @cached_property
    def _prefixes(self) -> re.Pattern[str] | None:
        sets = [one for one in (self.main, self.forbidden) if one.regex is not None]
        if any(one.prefixes is None for one in sets):
            return None  # a pattern without a literal start: every text is scanned
        literals = sorted({p for one in sets for p in one.prefix_literals})
        return re.compile("|".join(map(re.escape, literals))) if literals else None


def instance(term: Term, text: str) -> Term:
    """The pattern term as the one name it matched: a DNT term whose form is `text`."""
    return replace(term, id=f"{term.id}={text}", source=text, kind=TermKind.DNT, pattern=None,
                   forbidden_patterns=(), variants=(), forbidden=())


def canonical(term: Term, text: str) -> str | None:
    """What a forbidden spelling ("Smart #2", "smart#2") of a pattern term stands for, when
    a simple repair (case, a space before "#" or a digit) makes it match the pattern."""
    if not term.pattern:
        return None
    spaced = re.sub(r"(?<=[^\s#])(#)", r" \1", text)
    for guess in (text, text.lower(), spaced, spaced.lower()):
        if re.fullmatch(term.pattern, guess):
            return guess
    return None


def pattern_problem(pattern: object) -> str | None:
    """Why a pattern cannot be used (for the loader and `glossary lint`), or None."""
    if not isinstance(pattern, str) or not pattern.strip():
        return "a pattern must be a non-empty string"
    if len(pattern) > MAX_PATTERN:
        return f"a pattern is at most {MAX_PATTERN} characters"
    if re.search(r"\(\?P?<|\(\?P=|\\[1-9]", pattern):
        return "named groups and back-references are not allowed in a pattern"
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        return f"not a valid regular expression: {exc}"
    if compiled.fullmatch("") is not None or compiled.search("") is not None:
        return "the pattern can match empty text"
    return None


_META = set(".^$*+?{}[]\\|()")


def _required_prefixes(patterns: list[str]) -> tuple[str, ...]:
    """The literal text each pattern starts with ("smart #" of 'smart #\\d+'), or () when
    one of them starts with none (then every text is scanned)."""
    prefixes = []
    for pattern in patterns:
        if "|" in pattern:
            return ()  # an alternative inside the pattern may start otherwise
        literal = ""
        for char in pattern:
            if char in _META:
                if char in "*?{":  # the last literal is optional or repeated
                    literal = literal[:-1]
                break
            literal += char
        if len(literal) < 2:
            return ()
        prefixes.append(literal)
    return tuple(dict.fromkeys(prefixes))
