"""restore(): put protected spans back into an engine's output and verify them.

Every placeholder must come back exactly once. Variants an engine commonly produces
(`⟦ 1 ⟧`, `[1]`, `<X ID='1'>`) and placeholders glued to a word are repaired in place
and reported; missing, repeated, invented or misordered placeholders and leftover debris
are fatal problems that make the recovery strategy try again.

Casing: restored terms are written exactly as the glossary gives them, so a
`keep_lowercase` brand is never capitalised, not even at the start of a sentence. An engine
that saw the placeholder as a non-word and capitalised the next word instead ("⟦1⟧ Ha
entregado") is corrected, except in languages that capitalise nouns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import inline
from pipeline.language import Language
from pipeline.protection.forms import PlaceholderForm
from pipeline.protection.model import (
    Glue,
    Problem,
    ProblemKind,
    Protected,
    Restored,
    Slot,
    SlotKind,
)

# Languages whose nouns are capitalised: a capital after the brand may be right there.
NOUN_CAPITALISING = frozenset({"de", "lb"})
_SPACES = " \u00a0\u202f\t"
_SENTENCE_END = re.compile(r"(?:^|[.!?…:]['’”»)]*)[\s\"'“‘«(]*$")


@dataclass
class _Match:
    slot: Slot | None
    raw: str


def restore(output: str, protected: Protected, lang: str | None = None,
            form: PlaceholderForm | None = None) -> Restored:
    """Replace the placeholders of `form` (default: the primary one) in `output`."""
    lang = lang or protected.lang
    form = form or protected.form
    texts, matches = _split(output, protected, form)
    problems = _count(protected, matches, form) + _order(matches)
    for j, match in enumerate(matches):
        if match.slot is not None:
            problems += _glue_left(texts, matches, j) + _glue_right(texts, matches, j)
    for text in texts:
        debris = form.debris.search(text)
        if debris:
            problems.append(Problem(ProblemKind.LEFTOVER, None, debris.group(0)))
    _fix_capital_after(protected, texts, matches, lang)
    if "  " not in protected.source:
        _single_spaces(texts)
    out = [texts[0]]
    for match, text in zip(matches, texts[1:], strict=True):
        out.append(match.slot.restore_text(lang) if match.slot is not None else match.raw)
        out.append(text)
    found = {match.slot.index for match in matches if match.slot is not None}
    return Restored(text="".join(out), problems=tuple(problems), restored=len(found))


def _split(output: str, protected: Protected,
           form: PlaceholderForm) -> tuple[list[str], list[_Match]]:
    """Output text between placeholders (one more than matches), and the matches."""
    texts: list[str] = []
    matches: list[_Match] = []
    position = 0
    for m in form.tolerant.finditer(output):
        texts.append(output[position:m.start()])
        matches.append(_Match(protected.slot(int(m.group("n"))), m.group(0)))
        position = m.end()
    texts.append(output[position:])
    return texts, matches


def _count(protected: Protected, matches: list[_Match], form: PlaceholderForm) -> list[Problem]:
    problems = []
    for match in matches:
        if match.slot is None:
            problems.append(Problem(ProblemKind.UNKNOWN, None, match.raw))
        elif match.raw != form.render(match.slot.index):
            problems.append(Problem(ProblemKind.MANGLED, match.slot, match.raw))
    for slot in protected.slots:
        seen = sum(1 for match in matches if match.slot is slot)
        if seen == 0:
            problems.append(Problem(ProblemKind.MISSING, slot))
        elif seen > 1:
            problems.append(Problem(ProblemKind.DUPLICATED, slot, f"{seen} times"))
    return problems


def _order(matches: list[_Match]) -> list[Problem]:
    """The two tags of a paired code keep their source order, and two pairs that open
    before they close must not cross. (A segment may hold a lone tag of a longer span.)"""
    tags: dict[int, dict[str, tuple[int, Slot]]] = {}
    for position, match in enumerate(matches):
        slot = match.slot
        tag = inline.tag(slot.original) if slot and slot.kind is SlotKind.CODE else None
        if tag is not None and tag.kind is not inline.TokenKind.STANDALONE:
            side = "open" if tag.kind is inline.TokenKind.OPEN else "close"
            tags.setdefault(tag.id, {})[side] = (position, slot)
    problems, spans = [], []
    for found in tags.values():
        if "open" not in found or "close" not in found:
            continue
        (start, opener), (end, closer) = found["open"], found["close"]
        if (start < end) != (opener.index < closer.index):
            problems.append(Problem(ProblemKind.MISORDERED, closer, closer.original))
        elif start < end:
            spans.append((start, end, closer))
    for a_start, a_end, _ in spans:
        problems += [Problem(ProblemKind.MISORDERED, slot, slot.original)
                     for b_start, b_end, slot in spans if a_start < b_start < a_end < b_end]
    return problems


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _glue_left(texts: list[str], matches: list[_Match], j: int) -> list[Problem]:
    slot = matches[j].slot
    assert slot is not None
    tail = texts[j]
    kept = tail.rstrip(_SPACES)
    spaced = len(kept) < len(tail)
    previous = matches[j - 1].slot if j > 0 else None
    rejoin = (slot.glue_left is Glue.WORD and kept and _word(kept[-1])) or (
        slot.glue_left is Glue.SLOT and not kept and previous is not None
        and previous.index == slot.index - 1)
    if spaced and rejoin:
        texts[j] = kept
    elif (slot.glue_left is Glue.NONE and slot.kind is not SlotKind.CODE and not spaced
          and tail and _word(tail[-1])):
        texts[j] = tail + " "
        return [Problem(ProblemKind.ATTACHED, slot, tail.split()[-1] + matches[j].raw)]
    return []


def _glue_right(texts: list[str], matches: list[_Match], j: int) -> list[Problem]:
    slot = matches[j].slot
    assert slot is not None
    head = texts[j + 1]
    kept = head.lstrip(_SPACES)
    spaced = len(kept) < len(head)
    following = matches[j + 1].slot if j + 1 < len(matches) else None
    rejoin = (slot.glue_right is Glue.WORD and kept and _word(kept[0])) or (
        slot.glue_right is Glue.SLOT and not kept and following is not None
        and following.index == slot.index + 1)
    if spaced and rejoin:
        texts[j + 1] = kept
    elif (slot.glue_right is Glue.NONE and slot.kind is not SlotKind.CODE and not spaced
          and head and _word(head[0])):
        texts[j + 1] = " " + head
        return [Problem(ProblemKind.ATTACHED, slot, matches[j].raw + head.split()[0])]
    return []


def _single_spaces(texts: list[str]) -> None:
    """An engine that dropped a word next to a placeholder ("’s") leaves two spaces."""
    for k, text in enumerate(texts):
        head = re.sub(r"^ {2,}", " ", text) if k > 0 else text
        texts[k] = re.sub(r" {2,}$", " ", head) if k < len(texts) - 1 else head


def starts_sentence(before: str) -> bool:
    """True when a span preceded by `before` begins a sentence."""
    return bool(_SENTENCE_END.search(inline.strip(before)))


def decapitalise(word_text: str, source_next: str) -> str:
    """Lower the first letter of `word_text` when the engine capitalised a word that was
    lowercase in the source (`source_next`) and is not an acronym."""
    word = word_text.lstrip(_SPACES)
    lead = word_text[:len(word_text) - len(word)]
    source_word = source_next.lstrip(_SPACES)
    if not (word[:1].isupper() and source_word[:1].islower()):
        return word_text
    first = re.match(r"\w+", word)
    if first is None or (len(first.group(0)) > 1 and first.group(0).isupper()):
        return word_text
    return lead + word[0].lower() + word[1:]


def _fix_capital_after(protected: Protected, texts: list[str], matches: list[_Match],
                       lang: str) -> None:
    if Language.coerce(lang).language in NOUN_CAPITALISING:
        return
    for j, match in enumerate(matches):
        slot = match.slot
        if slot is None or slot.term is None or not slot.term.keep_lowercase:
            continue
        if starts_sentence(protected.source[:slot.start]):
            texts[j + 1] = decapitalise(texts[j + 1], protected.source[slot.end:])
