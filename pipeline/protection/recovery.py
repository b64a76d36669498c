"""translate_protected(): drive an engine so that every protected span survives.

1. Texts with nothing protected go straight to the engine; texts that are only
   placeholders, digits and punctuation ("smart #1") need no engine at all.
2. Everything else is translated in one batch with the primary placeholder form.
3. Texts whose placeholders did not come back exactly once are retried, again in one
   batch, with each alternative placeholder form.
4. What still fails is split at the placeholders: the text pieces between them are
   translated in one batch and joined with the restored spans, which cannot lose a span.
5. If even that fails (the engine returned nothing for a piece), the best attempt is
   kept, flagged fuzzy, with a translator comment naming each term not guaranteed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.engines.base import Engine, Translation
from pipeline.language import Language
from pipeline.protection.forms import FORMS
from pipeline.protection.model import (
    Counters,
    Outcome,
    Problem,
    ProblemKind,
    Protected,
    Restored,
    Strategy,
)
from pipeline.protection.restore import NOUN_CAPITALISING, decapitalise, restore

SPLIT_COMMENT = ("MT translated the text around the protected terms piece by piece because "
                 "the engine lost a placeholder: check that the sentence reads naturally.")


@dataclass(frozen=True)
class _Attempt:
    restored: Restored
    score: float | None
    strategy: Strategy

    def rank(self) -> tuple[int, int]:
        fatal = self.restored.fatal
        return (len(fatal), sum(1 for p in fatal if p.slot is not None))


def translate_protected(engine: Engine, items: Sequence[Protected], lang: str, *,
                        split: bool = True, progress: bool | None = None,
                        counters: Counters | None = None) -> list[Outcome]:
    """One Outcome per item, in order; `counters`, when given, is updated.

    `progress` is passed to the engine for the first (large) pass; None lets the engine
    show a bar only on a terminal. Retries and pieces are small and run without one.
    """
    outcomes: list[Outcome | None] = [None] * len(items)
    attempts: dict[int, list[_Attempt]] = {}
    for i, item in enumerate(items):
        if item.slots and not item.needs_mt:
            outcomes[i] = _no_mt(item, lang)
    _first_pass(engine, items, lang, outcomes, attempts, progress)
    _retry_forms(engine, items, lang, outcomes, attempts)
    if split:
        _split_pass(engine, items, lang, outcomes, attempts)
    for i in range(len(items)):
        if outcomes[i] is None:
            outcomes[i] = _best(items[i], attempts.get(i, []), lang)
    final = [outcome for outcome in outcomes if outcome is not None]
    if counters is not None:
        for item, outcome in zip(items, final, strict=True):
            counters.add(item, outcome)
    return final


def _pending(outcomes: list[Outcome | None]) -> list[int]:
    return [i for i, outcome in enumerate(outcomes) if outcome is None]


def _no_mt(item: Protected, lang: str) -> Outcome:
    return Outcome(text=_join(item, list(item.pieces), lang), score=None,
                   strategy=Strategy.NO_MT, restored=len(item.slots))


def _first_pass(engine: Engine, items: Sequence[Protected], lang: str,
                outcomes: list[Outcome | None], attempts: dict[int, list[_Attempt]],
                progress: bool | None) -> None:
    batch = [i for i in _pending(outcomes) if items[i].forms or not items[i].slots]
    translations = engine.translate([items[i].text for i in batch], progress=progress)
    for i, translation in zip(batch, translations, strict=True):
        item = items[i]
        if not item.slots:
            outcomes[i] = Outcome(text=translation.text, score=translation.score,
                                  strategy=Strategy.DIRECT)
            continue
        restored = restore(translation.text, item, lang, item.form)
        _settle(i, restored, translation.score, Strategy.PLACEHOLDERS, outcomes, attempts)


def _retry_forms(engine: Engine, items: Sequence[Protected], lang: str,
                 outcomes: list[Outcome | None], attempts: dict[int, list[_Attempt]]) -> None:
    for k in range(1, len(FORMS)):
        batch = [i for i in _pending(outcomes) if len(items[i].forms) > k]
        if not batch:
            continue
        texts = [items[i].render(items[i].forms[k]) for i in batch]
        for i, translation in zip(batch, engine.translate(texts, progress=False), strict=True):
            restored = restore(translation.text, items[i], lang, items[i].forms[k])
            _settle(i, restored, translation.score, Strategy.RETRY, outcomes, attempts)


def _settle(i: int, restored: Restored, score: float | None, strategy: Strategy,
            outcomes: list[Outcome | None], attempts: dict[int, list[_Attempt]]) -> None:
    """Accept `restored` as the outcome of item i if it is sound, else record the attempt."""
    if restored.ok:
        repairs = len(restored.problems)
        outcomes[i] = Outcome(text=restored.text, score=score, recovered=i in attempts,
                              strategy=strategy, restored=restored.restored, repairs=repairs,
                              comments=(SPLIT_COMMENT,) if strategy is Strategy.SPLIT else ())
    else:
        attempts.setdefault(i, []).append(_Attempt(restored, score, strategy))


def _split_pass(engine: Engine, items: Sequence[Protected], lang: str,
                outcomes: list[Outcome | None], attempts: dict[int, list[_Attempt]]) -> None:
    batch = _pending(outcomes)
    jobs = sorted({piece.strip() for i in batch for piece in items[i].pieces
                   if _translatable(piece)})
    done = dict(zip(jobs, engine.translate(jobs, progress=False), strict=True)) if jobs else {}
    for i in batch:
        item = items[i]
        pieces, problems, scored = [], [], []
        for piece in item.pieces:
            text, problem = _piece(piece, done, lang)
            pieces.append(text)
            problems += [problem] if problem is not None else []
            if _translatable(piece):
                scored.append((len(piece.strip()), done[piece.strip()].score))
        restored = Restored(_join(item, pieces, lang), tuple(problems), len(item.slots))
        _settle(i, restored, _mean(scored), Strategy.SPLIT, outcomes, attempts)


def _translatable(piece: str) -> bool:
    return any(ch.isalpha() for ch in piece)


def _piece(piece: str, done: dict[str, Translation], lang: str) -> tuple[str, Problem | None]:
    """A source piece's translation with the piece's own outer whitespace, and any problem."""
    core = piece.strip()
    if not _translatable(piece):
        return piece, None
    lead = piece[:len(piece) - len(piece.lstrip())]
    trail = piece[len(piece.rstrip()):]
    text = done[core].text.strip()
    if Language.coerce(lang).language not in NOUN_CAPITALISING:
        text = decapitalise(text, core)  # a fragment's first word is no sentence start
    problem = None
    if not text:
        problem = Problem(ProblemKind.EMPTY, None, core)
    else:
        debris = next((m for form in FORMS if (m := form.debris.search(text))), None)
        if debris is not None:
            problem = Problem(ProblemKind.LEFTOVER, None, debris.group(0))
    return lead + text + trail, problem


def _join(item: Protected, pieces: list[str], lang: str) -> str:
    out = [pieces[0]]
    for slot, piece in zip(item.slots, pieces[1:], strict=True):
        out += [slot.restore_text(lang), piece]
    return "".join(out)


def _mean(scored: list[tuple[int, float | None]]) -> float | None:
    known = [(weight, score) for weight, score in scored if score is not None]
    total = sum(weight for weight, _ in known)
    return sum(weight * score for weight, score in known) / total if total else None


def _best(item: Protected, attempts: list[_Attempt], lang: str) -> Outcome:
    """Nothing was sound: keep the attempt that lost the fewest spans, and say which."""
    if not attempts:  # no usable placeholder form and splitting switched off
        restored = Restored(item.source, tuple(Problem(ProblemKind.MISSING, s)
                                               for s in item.slots))
        attempts = [_Attempt(restored, None, Strategy.BEST)]
    best = min(attempts, key=_Attempt.rank)
    failed, comments = [], []
    for problem in best.restored.fatal:
        if problem.slot is not None and problem.slot not in failed:
            failed.append(problem.slot)
    for slot in failed:
        why = "; ".join(p.describe().split(": ", 1)[1] for p in best.restored.fatal
                        if p.slot is slot)
        comments.append(f"MT could not guarantee {slot.label}: {why}; "
                        f"{slot.expectation()}.")
    comments += [f"MT output unreliable: {p.describe()}." for p in best.restored.fatal
                 if p.slot is None]
    return Outcome(text=best.restored.text, score=best.score, recovered=False,
                   failed=tuple(failed), comments=tuple(comments), strategy=Strategy.BEST,
                   restored=best.restored.restored,
                   repairs=len(best.restored.problems) - len(best.restored.fatal))
