"""Typed data of the protection stage: slots cut out of a segment, what came back, outcomes.

A `Protected` text is a skeleton: the source cut into `pieces` around `slots`. It can be
rendered with any placeholder form (`render(form)`), which is how the recovery strategy
retries with another form without protecting again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.glossary.model import Term, TermKind
from pipeline.protection.forms import PlaceholderForm


class SlotKind(StrEnum):
    TERM = "term"
    CODE = "code"  # inline code tag <gN>, </gN>, <xN/>
    URL = "url"
    EMAIL = "email"
    NUMBER = "number"  # a grouped number, written in the target locale's format
    DATE = "date"  # a date with a month name, written in the target locale's format
    IDENTIFIER = "identifier"  # a time-zone name or offset (Europe/Amsterdam, UTC+8)


class Glue(StrEnum):
    """What a slot touched on one side in the source, so restore can re-join it."""

    NONE = "none"  # whitespace, punctuation or the text edge
    WORD = "word"  # a letter or digit: the placeholder was spaced apart from it
    SLOT = "slot"  # the neighbouring slot: the two were spaced apart


@dataclass(frozen=True)
class Slot:
    index: int  # N in ⟦N⟧, 1-based in source order
    kind: SlotKind
    original: str  # the source text the slot replaces
    start: int  # offsets in the source text
    end: int
    token: str  # the placeholder in `Protected.text` (primary form)
    target: str  # what restore writes for the protected language
    term: Term | None = None
    glue_left: Glue = Glue.NONE
    glue_right: Glue = Glue.NONE
    opens_sentence: bool = False  # a date here is capitalised ("Enero de 2024 fue ...")

    def restore_text(self, lang: str) -> str:
        """DNT: canonical source form; forced: approved rendering; numbers and dates in
        the target locale's format; anything else verbatim."""
        if self.kind is SlotKind.NUMBER:
            from pipeline.protection.numbers import localize_number

            return localize_number(self.original, lang)
        if self.kind is SlotKind.DATE:
            from pipeline.dates import localize_date

            text = localize_date(self.original, lang)
            return text[:1].upper() + text[1:] if self.opens_sentence else text
        if self.term is None:
            return self.original
        if self.term.kind is TermKind.DNT:
            return self.term.source
        return self.term.preferred(lang)

    @property
    def label(self) -> str:
        """How a translator comment names the slot: `“smart” (brand, do not translate)`."""
        if self.term is not None:
            return f"“{self.term.source}”"
        if self.kind is SlotKind.CODE:
            return f"inline code {self.original}"
        return f"{self.kind.value} {self.original}"

    def expectation(self) -> str:
        """What the translation must contain instead, for the comment."""
        if self.kind in (SlotKind.NUMBER, SlotKind.DATE):
            return f"write {self.original} as {self.target}"
        if self.term is None:
            return f"keep {self.original} unchanged"
        if self.term.kind is TermKind.DNT:
            case = ", always lowercase" if self.term.keep_lowercase else ""
            return f"use “{self.target}” untranslated{case}"
        return f"use the approved rendering “{self.target}”"


@dataclass(frozen=True)
class Protected:
    source: str  # the segment as given
    text: str  # what the engine gets: `render(form)`
    slots: tuple[Slot, ...]
    pieces: tuple[str, ...]  # source text between slots; len(pieces) == len(slots) + 1
    lang: str
    form: PlaceholderForm  # the primary form used in `text`
    forms: tuple[PlaceholderForm, ...] = ()  # every form usable for this text, primary first

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(slot.term for slot in self.slots if slot.term is not None)

    @property
    def needs_mt(self) -> bool:
        """False when nothing but slots, whitespace, digits and punctuation is left."""
        return any(ch.isalpha() for piece in self.pieces for ch in piece)

    def slot(self, index: int) -> Slot | None:
        return self.slots[index - 1] if 1 <= index <= len(self.slots) else None

    def render(self, form: PlaceholderForm) -> str:
        """The source with each slot replaced by `form`, spaced apart from what it touched."""
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            if slot.glue_left is not Glue.NONE and out[-1] and not out[-1].endswith(" "):
                out.append(" ")
            out.append(form.render(slot.index))
            if slot.glue_right is not Glue.NONE:
                out.append(" ")
            out.append(piece)
        return "".join(out)


class ProblemKind(StrEnum):
    MISSING = "missing"  # the placeholder did not come back
    DUPLICATED = "duplicated"  # it came back more than once
    MANGLED = "mangled"  # it came back altered (⟦ 1 ⟧, [1], <X ID="1">): repaired
    ATTACHED = "attached"  # it came back glued to a word: repaired with a space
    MISORDERED = "misordered"  # paired inline codes out of order or badly nested
    UNKNOWN = "unknown"  # a placeholder number that was never given
    LEFTOVER = "leftover"  # placeholder debris left in the text (⟦, </x>)
    EMPTY = "empty"  # a text piece translated to nothing (split strategy)


FATAL = frozenset({ProblemKind.MISSING, ProblemKind.DUPLICATED, ProblemKind.MISORDERED,
                   ProblemKind.UNKNOWN, ProblemKind.LEFTOVER, ProblemKind.EMPTY})

_WHY = {
    ProblemKind.MISSING: "the engine dropped its placeholder",
    ProblemKind.DUPLICATED: "the engine repeated its placeholder",
    ProblemKind.MANGLED: "the engine altered its placeholder",
    ProblemKind.ATTACHED: "the engine glued its placeholder to a word",
    ProblemKind.MISORDERED: "the engine moved it out of order",
    ProblemKind.UNKNOWN: "the engine invented a placeholder",
    ProblemKind.LEFTOVER: "the engine left placeholder debris",
    ProblemKind.EMPTY: "the engine returned nothing for a piece of text",
}


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    slot: Slot | None = None  # None for UNKNOWN, LEFTOVER, EMPTY
    detail: str = ""  # the offending output text

    @property
    def fatal(self) -> bool:
        """Fatal problems trigger recovery; the others were repaired in place."""
        return self.kind in FATAL

    def describe(self) -> str:
        what = self.slot.label if self.slot is not None else "text"
        extra = f" ({self.detail})" if self.detail else ""
        return f"{what}: {_WHY[self.kind]}{extra}"


@dataclass(frozen=True)
class Restored:
    text: str
    problems: tuple[Problem, ...] = ()
    restored: int = 0  # placeholders put back

    @property
    def ok(self) -> bool:
        return not any(problem.fatal for problem in self.problems)

    @property
    def fatal(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.fatal)


class Strategy(StrEnum):
    NO_MT = "no-mt"  # nothing to translate: slots and punctuation only
    DIRECT = "direct"  # nothing protected: the engine output as is
    PLACEHOLDERS = "placeholders"  # the primary placeholder form came back intact
    RETRY = "retry"  # an alternative placeholder form came back intact
    SPLIT = "split"  # the text around the slots was translated piece by piece
    BEST = "best"  # nothing worked: best attempt kept, flagged


@dataclass(frozen=True)
class Outcome:
    text: str
    score: float | None  # from the engine's Translation; None when no MT ran
    recovered: bool = False  # the first attempt failed and a recovery strategy succeeded
    failed: tuple[Slot, ...] = ()  # slots whose result could not be guaranteed
    comments: tuple[str, ...] = ()  # for translators, one line each
    strategy: Strategy = Strategy.PLACEHOLDERS
    restored: int = 0  # placeholders restored in `text`
    repairs: int = 0  # mangled or attached placeholders repaired in place

    @property
    def confidence(self) -> float | None:
        """exp(score) in 0..1, as `Translation.confidence`."""
        import math

        return None if self.score is None else math.exp(self.score)

    @property
    def failed_terms(self) -> tuple[Term, ...]:
        return tuple(slot.term for slot in self.failed if slot.term is not None)

    @property
    def fuzzy(self) -> bool:
        """Must be flagged for review whatever the catalog's policy for MT is."""
        return bool(self.failed) or self.strategy is Strategy.BEST

    @property
    def machine(self) -> bool:
        return self.strategy is not Strategy.NO_MT


@dataclass
class Counters:
    """What the translate command reports: `protection: 120 terms protected, ...`."""

    terms_protected: int = 0
    codes_protected: int = 0  # inline codes, URLs, e-mail addresses, numbers, dates, zones
    placeholders_restored: int = 0
    recoveries: int = 0
    repairs: int = 0
    failures: int = 0
    no_mt: int = 0  # segments that needed no engine at all
    failed_terms: dict[str, int] = field(default_factory=dict)  # term source -> count

    def add(self, protected: Protected, outcome: Outcome) -> None:
        self.terms_protected += sum(1 for slot in protected.slots if slot.term is not None)
        self.codes_protected += sum(1 for slot in protected.slots if slot.term is None)
        self.placeholders_restored += outcome.restored
        self.recoveries += int(outcome.recovered)
        self.repairs += outcome.repairs
        self.failures += int(bool(outcome.failed))
        self.no_mt += int(outcome.strategy is Strategy.NO_MT)
        for term in outcome.failed_terms:
            self.failed_terms[term.source] = self.failed_terms.get(term.source, 0) + 1

    def merge(self, other: Counters) -> None:
        for name in ("terms_protected", "codes_protected", "placeholders_restored",
                     "recoveries", "repairs", "failures", "no_mt"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for source, count in other.failed_terms.items():
            self.failed_terms[source] = self.failed_terms.get(source, 0) + count

    def __str__(self) -> str:
        text = (f"{self.terms_protected} terms protected, "
                f"{self.codes_protected} codes/links/numbers protected, "
                f"{self.placeholders_restored} placeholders restored, "
                f"{self.recoveries} recoveries, {self.repairs} repairs, "
                f"{self.failures} failures")
        if self.failed_terms:
            text += " (" + ", ".join(f"{k}: {v}" for k, v in sorted(self.failed_terms.items()))
            text += ")"
        return text
