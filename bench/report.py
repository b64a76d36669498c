"""Interleaved repetitions, medians, ratios against their targets, the printed table."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


def interleave(paths: dict[str, Callable[[], float]], reps: int,
               after_each: Callable[[int], None] | None = None,
               echo: Callable[[str], None] = print) -> dict[str, list[float]]:
    """Run every path once per repetition, in order (A, B, C, A, B, C, ...)."""
    times: dict[str, list[float]] = {name: [] for name in paths}
    for rep in range(reps):
        for name, path in paths.items():
            times[name].append(path())
        if after_each is not None:
            after_each(rep)
        shown = ", ".join(f"{name} {seconds[-1]:.3f}s" for name, seconds in times.items())
        echo(f"  repetition {rep + 1}/{reps}: {shown}")
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


@dataclass
class Figure:
    """One ratio, its target and whether it is met; `at_least`/`at_most` None: report only."""

    name: str
    value: float
    at_least: float | None = None
    at_most: float | None = None
    unit: str = "x"  # "x" for ratios, "%" for shares
    note: str = ""
    per_rep: list[float] = field(default_factory=list)  # the same ratio, repetition by repetition
    explanation: str = ""  # why, where a target is missed
    of_medians: float | None = None  # median(top) / median(bottom), for comparison
    goal: float | None = None  # a product goal beyond the target (at_least direction)

    @property
    def below_goal(self) -> bool:
        return self.goal is not None and self.value < self.goal

    @property
    def target(self) -> str:
        if self.at_least is not None:
            return f">= {self.at_least:g}"
        if self.at_most is not None:
            return f"<= {self.at_most:g}"
        return "(reported)"

    @property
    def passed(self) -> bool | None:
        if self.at_least is not None:
            return self.value >= self.at_least
        if self.at_most is not None:
            return self.value <= self.at_most
        return None

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "MISS", None: "-"}[self.passed]

    def shown(self) -> str:
        return _number(self.value, self.unit)

    def spread(self) -> str:
        if len(self.per_rep) < 2:
            return ""
        return f"{_number(min(self.per_rep), self.unit)}-{_number(max(self.per_rep), self.unit)}"

    def as_json(self) -> dict:
        data = asdict(self)
        data.update(target=self.target, result=self.verdict, below_goal=self.below_goal)
        return data


def ratio(name: str, top: list[float], bottom: list[float], **kwargs) -> Figure:
    """The median of the per-repetition ratios top[i] / bottom[i].

    Paired ratios of runs made one after the other cancel slow drifts in machine load
    better than a ratio of medians; that one is kept in `of_medians` for comparison.
    """
    per_rep = [t / b for t, b in zip(top, bottom, strict=True) if b > 0]
    figure = Figure(name, median(per_rep), per_rep=per_rep, **kwargs)
    figure.of_medians = median(top) / median(bottom)
    return figure


def _number(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value * 100:.2f}%"
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


def table(figures: list[Figure]) -> str:
    width = max(len(figure.name) for figure in figures)
    lines = [f"{'ratio (median of repetitions)':<{width}}  {'measured':>9}  {'spread':>11}  "
             f"{'target':>10}  result  note", "-" * (width + 54)]
    for f in figures:
        lines.append(f"{f.name:<{width}}  {f.shown():>9}  {f.spread():>11}  {f.target:>10}  "
                     f"{f.verdict:<6}  {f.note}")
    for f in figures:
        if f.passed is False:
            lines.append(f"MISS {f.name}: {f.explanation or 'no explanation recorded'}")
        elif f.below_goal:
            lines.append(f"BELOW GOAL {f.goal:g} {f.name}: {f.explanation}")
    return "\n".join(lines)


def share(part: float, whole: float) -> str:
    return f"{part / whole * 100:.0f}%" if whole > 0 else "-"
