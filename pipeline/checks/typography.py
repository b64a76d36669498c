"""Typography checks: quotation marks and apostrophes, spacing, headline case.

MT engines (Apertium above all) close a `‘` with a typewriter `'`, glue or double spaces
and keep English Title Case in headings; none of that changes a number or a term, so
the glossary and QA checks in qa.py miss it, and a reader of the release does not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.checks.base import Check, CheckContext, Finding, Problem, Severity, quote
from pipeline.checks.marks import has_any
from pipeline.checks.qa import BRACE, INLINE_CODE, PRINTF, URL, spaced_marks

if TYPE_CHECKING:
    from pipeline.catalogs.model import Entry

# --- quotation marks ----------------------------------------------------------------------

# Each opening mark and the marks that may close it: English “…”, ‘…’; German „…“ and
# ‚…‘; Polish/Hungarian „…”; guillemets «…», reversed »…« (German, Danish); Swedish ”…”.
CLOSERS: dict[str, str] = {
    "“": "”", "‘": "’", "„": "“”", "‚": "‘’", "«": "»", "»": "«", "‹": "›", "›": "‹",
    "”": "”", '"': '"', "'": "'", "「": "」", "『": "』",
}
DOUBLE = set("“”„\"«»「」")  # the family of a mark: double or single
# Marks that close when they follow a word (`home' `, `Level” `) and open only after a space.
AMBIGUOUS = set("”\"'»›")
QUOTES = set(CLOSERS) | set("’」』")
_QUOTE_RUN = re.compile("[" + re.escape("".join(sorted(QUOTES))) + "]")
_QUOTE_MARKS = frozenset(QUOTES)
# Before an opening mark: start, a space, a bracket, a dash or a slash.
_OPENS_AFTER = set(" \t\n\u00a0\u202f\u2009([{/–—-") | QUOTES
_SPACES = " \t\n\u00a0\u202f\u2009"
_STARTS = QUOTES | set("([¿¡<")  # after an opening mark: a word, a bracket, a code
NARROW_NBSP, NBSP = "\u202f", "\u00a0"
# An apostrophe that starts a word is an elision, not a quotation: Afrikaans 'n, Dutch 's
# and 't ("'s avonds"), a year ('90s, ’23).
_ELISION = re.compile(r"['’](?:[nst]|\d\ds?)(?![^\W_]|['’])")


@dataclass(frozen=True)
class Quoting:
    """How the quotation marks of one text pair up."""

    pairs: tuple[tuple[int, int, str, str], ...]  # (opener's and closer's position, marks)
    mismatched: tuple[tuple[str, str], ...]  # (opener, the wrong mark that closes it)
    unclosed: tuple[str, ...]  # openers never closed (a quote going on in the next entry)
    unopened: tuple[str, ...]  # closers with no opener (a quote begun in the last entry)
    typewriter: tuple[int, ...]  # positions of ASCII ' used as apostrophes


def quoting(text: str) -> Quoting:
    stack: list[tuple[int, str]] = []
    pairs, mismatched, unopened, typewriter = [], [], [], []
    for match in _QUOTE_RUN.finditer(text):
        at, mark = match.start(), match.group()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if mark in "'’" and not before.isalnum() and _ELISION.match(text, at):
            continue
        if mark in "'’" and before.isalnum() and after.isalpha():
            if mark == "'":  # l'homme, don't: an apostrophe inside a word
                typewriter.append(at)
            continue
        top = stack[-1][1] if stack else None
        opening = before in _OPENS_AFTER and (after.isalnum() or after in _STARTS)
        if top and mark in CLOSERS[top] and not (opening and mark in CLOSERS):
            pairs.append((stack.pop()[0], at, top, mark))
        elif mark in CLOSERS and (opening or mark not in AMBIGUOUS):
            stack.append((at, mark))
        elif top and (mark in DOUBLE) == (top in DOUBLE) and not opening:
            mismatched.append((stack.pop()[1], mark))
        elif mark in "'’" and before.isalnum():  # customers’ trust: a plural possessive
            typewriter.extend([at] if mark == "'" else [])
        else:
            unopened.append(mark)
    return Quoting(tuple(pairs), tuple(mismatched), tuple(mark for _, mark in stack),
                   tuple(unopened), tuple(typewriter))


def quote_style(context: CheckContext) -> str | None:
    """The project's quotation marks for the file's language (its tag, else its base)."""
    styles = dict(context.settings.quotes)
    language = context.language
    return styles.get(language.tag) or styles.get(language.language)


class Quotes(Check):
    id = "qa.quotes"
    name = "Quotation marks and apostrophes"
    description = (
        "Quotation marks opened and closed with the same kind of mark (not ‘…'), none left "
        "unpaired where the source pairs them, none added, no typewriter ' where the source "
        "writes ’, and "
        "the language's marks where [tool.pipeline.check.quotes] sets them (fr « … » with "
        "no-break spaces)."
    )
    # A quotation closed with the wrong mark or never closed changes where a quotation
    # ends for the reader: an error. Style (' for ’, the locale's marks) is a warning.
    severity = Severity.ERROR

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        if not has_any(target, _QUOTE_MARKS) and not has_any(source, _QUOTE_MARKS):
            return []
        want, have = quoting(source), quoting(target)
        problems: list[str | Problem] = []
        for opener, closer in Counter(have.mismatched) - Counter(want.mismatched):
            problems.append(Problem(f"{opener} is closed with {closer}", f"{opener}…{closer}"))
        for kind, marks, theirs in (("never closed", have.unclosed, want.unclosed),
                                    ("closes nothing", have.unopened, want.unopened)):
            extra = Counter(_family(m) for m in marks) - Counter(_family(m) for m in theirs)
            for mark in marks:
                if extra[_family(mark)] > 0:
                    extra[_family(mark)] -= 1
                    problems.append(Problem(f"quotation mark {mark} {kind}", mark))
        added = len(have.pairs) - len(want.pairs)
        if added > 0 and not problems:
            shown = " ".join(f"{target[at]}…{target[end]}" for at, end, _, _ in have.pairs)
            problems.append(Problem(
                f"{added} more quotation(s) than the source ({shown}): a quote the source "
                "does not make, or one repeated", target[have.pairs[0][0]], Severity.WARNING))
        if have.typewriter and "’" in source and "'" not in source:
            problems.append(Problem("typewriter apostrophe ' where the source writes ’", "'",
                                    Severity.WARNING))
        style = quote_style(context)
        if style:
            problems.extend(_style_problems(target, have, style))
        return problems


def _family(mark: str) -> str:
    return "double" if mark in DOUBLE else "single"


def _style_problems(target: str, have: Quoting, style: str) -> list[str | Problem]:
    opener, closer, spaced = style[0], style[-1], len(style) == 3
    problems: list[str | Problem] = []
    for at, end, first, last in have.pairs:
        if first not in DOUBLE:
            continue  # the project sets the outer marks; nested ones are free
        if (first, last) != (opener, closer):
            problems.append(Problem(f"quotation marks {first}…{last}; this language uses "
                                    f"{opener}…{closer}", first, Severity.WARNING))
        elif spaced:
            inside = (target[at + 1: at + 2], target[end - 1: end])
            if any(space not in (NARROW_NBSP, NBSP) for space in inside):
                problems.append(Problem(
                    f"{opener} … {closer} need a narrow no-break space (U+202F) or no-break "
                    "space inside", target[at:at + 2], Severity.WARNING))
    return problems


# --- spacing ------------------------------------------------------------------------------

_DOUBLE_SPACE = re.compile(r"(\S+)([ \u00a0\u202f]{2,})(\S+)")
_HIGH_MARKS = re.compile(r"([^\s;:!?])?([ \u00a0\u202f\u2009]*)([;:!?])(?=[\s\"”»’)]|$)")
# A comma glued to the next word ("kubili,kuthathu"); 1,5 and 1,000 are numbers.
_GLUED_COMMA = re.compile(r"[^\W\d_],[^\W\d_]")


def _masked(text: str) -> str:
    """Codes, placeholders and URLs replaced by letters of the same length: 10:30 in a URL
    or `{0:d}` is not a colon of the prose."""
    for pattern in (URL, INLINE_CODE, PRINTF, BRACE):
        text = pattern.sub(lambda m: "x" * len(m.group()), text)
    return text


class Spacing(Check):
    id = "qa.spacing"
    name = "Spacing"
    description = (
        "No double spaces where the source has none, a space after a comma; French puts a "
        "narrow no-break space (U+202F) or no-break space before ; : ! ? (Canadian French "
        "only before :), every other language none. A space before the text's last mark "
        "is qa.end-punctuation's."
    )
    # A space changes no meaning and is fixed in seconds: a warning.
    severity = Severity.WARNING

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        problems: list[str | Problem] = []
        doubled = "  " in target or "\u00a0 " in target or " \u00a0" in target
        if doubled and not _DOUBLE_SPACE.search(source):
            for match in _DOUBLE_SPACE.finditer(target):
                shown = f"{match.group(1)}{match.group(2)}{match.group(3)}"
                problems.append(Problem(f"double space in {quote(shown)}", shown))
        if "," in target:
            masked = _masked(target)
            if not _GLUED_COMMA.search(_masked(source)):
                problems.extend(Problem(f"no space after the comma in {quote(m.group())}",
                                        m.group()) for m in _GLUED_COMMA.finditer(masked))
        if any(mark in target for mark in ";:!?"):
            problems.extend(_mark_spacing(source, _masked(target), spaced_marks(context)))
        return problems


def _mark_spacing(source: str, target: str, spaced: str) -> list[str | Problem]:
    problems: list[str | Problem] = []
    for match in _HIGH_MARKS.finditer(target):
        word, space, mark = match.groups()
        if word is None and not space:
            continue  # the text starts with the mark
        if mark in spaced:
            if not space:
                problems.append(Problem(f"no space before {quote(mark)}; French puts a narrow "
                                        "no-break space (U+202F) there", f"{word}{mark}"))
            elif space not in (NARROW_NBSP, NBSP):
                problems.append(Problem(f"breaking space before {quote(mark)}; use a narrow "
                                        "no-break space (U+202F)", f"{word or ''}{space}{mark}"))
        elif space and f"{space}{mark}" not in source and not _last(target, match.end()):
            problems.append(Problem(f"space before {quote(mark)}", f"{word or ''}{space}{mark}"))
    return problems


def _last(text: str, end: int) -> bool:
    """The mark ending at `end` ends the text (closing quotes and spaces aside)."""
    return not text[end:].strip(_SPACES + "\"”»’)")


# --- headline case ------------------------------------------------------------------------

SENTENCE_CASE_HEADLINES = {"es", "fr", "it", "nl", "pt"}
HEADLINE_ROLES = {"title", "heading", "headline", "subtitle", "subheading"}
_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")
_SENTENCE_END = re.compile(r"[.!?:]\s*$")


def is_headline(role: str | None) -> bool:
    """`title`, `heading`, `boilerplate heading`; not an `image caption`."""
    return bool(role) and role.split()[-1] in HEADLINE_ROLES


class HeadlineCase(Check):
    id = "qa.headline-case"
    name = "Headline case"
    description = (
        "A title or heading in Spanish, French, Italian, Dutch or Portuguese keeps English "
        "Title Case (most words of 4+ letters capitalised beyond the first); glossary terms "
        "and words copied from the source are not counted."
    )
    # Sentence case is the house style of those languages, not a wrong meaning.
    severity = Severity.WARNING

    def run(self, entry: Entry, context: CheckContext) -> list[Finding]:
        # Only this check needs the entry's role, so it reads it here (not in base.py).
        from pipeline.catalogs.metadata import entry_meta

        if context.language.language not in SENTENCE_CASE_HEADLINES \
                or not self.wants(entry, context) or not is_headline(entry_meta(entry).role):
            return []
        line = entry.line or entry.msgid_line or 1
        return [self._finding(problem, context.path, line, entry)
                for problem in self._check(entry.msgid, entry.msgstr, context)]

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        """The entry taken as a headline (`run` asks its role first)."""
        from pipeline.checks.glossary import analyse

        spans = analyse(source, target, context).target_spans
        kept = set(_WORD.findall(source))
        capitalised, counted = [], 0
        for number, match in enumerate(_WORD.finditer(target)):
            word = match.group()
            if number == 0 or len(word) < 4 or word in kept or word.isupper() \
                    or _SENTENCE_END.search(target[:match.start()]) \
                    or any(start <= match.start() < end for start, end in spans):
                continue
            counted += 1
            if word[0].isupper():
                capitalised.append(word)
        if len(capitalised) >= 2 and 2 * len(capitalised) > counted:
            shown = ", ".join(quote(word) for word in capitalised[:4])
            return [Problem(f"headline in English Title Case ({shown}); "
                            f"{context.language.language} headlines use sentence case",
                            capitalised[0])]
        return []
