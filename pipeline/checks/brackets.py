"""`qa.brackets`: round, square and curly brackets paired as in the source.

MT drops a bracketed aside ("(BEV)", "[sic]") or leaves one side of it; a reader then
cannot tell where the aside ends. Brace placeholders ({name}), printf, inline codes and
URLs are `qa.placeholders'` and are masked first, so "{0}" is not a pair of braces here.
A bracket the source itself leaves open ("a)", ":)") may stay open in the translation,
and is expected there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pipeline.checks.base import Check, CheckContext, Problem, Severity
from pipeline.checks.marks import has_any
from pipeline.checks.qa import strip_codes

PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】"}
CLOSING = {closer: opener for opener, closer in PAIRS.items()}
_ANY = frozenset(PAIRS) | frozenset(CLOSING)


@dataclass(frozen=True)
class Bracketing:
    """How the brackets of one text pair up, by opening mark."""

    pairs: Counter[str]  # opener -> pairs closed in order
    strays: tuple[str, ...]  # marks that close nothing or are never closed, in order


def bracketing(text: str) -> Bracketing:
    stack: list[str] = []
    pairs: Counter[str] = Counter()
    strays: list[str] = []
    for char in text:
        if char in PAIRS:
            stack.append(char)
        elif char in CLOSING:
            if stack and stack[-1] == CLOSING[char]:
                pairs[stack.pop()] += 1
            else:
                strays.append(char)
    return Bracketing(pairs, tuple(strays + stack))


class Brackets(Check):
    id = "qa.brackets"
    name = "Brackets"
    description = (
        "Round, square and curly brackets are paired in the translation as in the source: "
        "none left open or closing nothing, and no bracketed aside dropped or added. "
        "Brace placeholders ({name}) are qa.placeholders'."
    )
    # A bracket that never closes changes where an aside ends: an error. A dropped or added
    # aside may be the translator's choice: a warning.
    severity = Severity.ERROR

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        if not has_any(source, _ANY) and not has_any(target, _ANY):
            return []
        want, have = bracketing(strip_codes(source)), bracketing(strip_codes(target))
        problems: list[str | Problem] = []
        strays = list((Counter(have.strays) - Counter(want.strays)).elements())
        for mark in strays:
            kind = "closes nothing" if mark in CLOSING else "is never closed"
            problems.append(Problem(f"bracket {mark} {kind}", mark))
        for mark in (Counter(want.strays) - Counter(have.strays)).elements():
            problems.append(Problem(f"the source's lone bracket {mark} is not in the "
                                    "translation", None, Severity.WARNING))
        reported = {CLOSING.get(mark, mark) for mark in strays}
        for opener in sorted(set(want.pairs) | set(have.pairs)):
            theirs, ours = want.pairs[opener], have.pairs[opener]
            if theirs != ours and opener not in reported:
                shown = f"{opener}…{PAIRS[opener]}"
                problems.append(Problem(
                    f"the source has {theirs} {shown} pair(s), the translation {ours}",
                    shown, Severity.WARNING))
        return problems
