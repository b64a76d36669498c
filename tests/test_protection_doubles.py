"""Terms, hand-built hits and engine test doubles shared by the protection tests.

No tests here: imported by tests/test_protection.py and tests/test_protection_apertium.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.engines.base import Engine, EngineSettings, Translation
from pipeline.glossary.model import Hit, Term, TermKind

SMART = Term(id="smart", source="smart", kind=TermKind.DNT, category="brand",
             keep_lowercase=True, forbidden=("Smart",))
SMART1 = Term(id="smart-1", source="smart #1", kind=TermKind.DNT, category="model",
              keep_lowercase=True, variants=("smart#1",))
SMART3 = Term(id="smart-3", source="smart #3", kind=TermKind.DNT, category="model",
              keep_lowercase=True)
DUAL_HOME = Term(id="dual-home", source="China-Europe dual home", kind=TermKind.FORCED,
                 category="slogan", variants=("China-Europe dual-home", "China-Europe, dual home"),
                 targets={"es": ("doble hogar China-Europa",),
                          "de": ("Doppelheimat China-Europa",)})
TERMS = (SMART, SMART1, SMART3, DUAL_HOME)


def hits(text: str, terms: tuple[Term, ...] = TERMS) -> list[Hit]:
    """Hits of `terms` (source form and variants, whole words), longest first, no overlaps."""
    found: list[Hit] = []
    forms = sorted(((form, term) for term in terms for form in (term.source, *term.variants)),
                   key=lambda pair: -len(pair[0]))
    for form, term in forms:
        pattern = re.compile(rf"(?<![\w#-]){re.escape(form)}(?![\w-])")
        for m in pattern.finditer(text):
            if all(m.end() <= h.start or m.start() >= h.end for h in found):
                found.append(Hit(term, m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda h: h.start)


class FakeEngine(Engine):
    """A test double for a misbehaving engine: `behave` rewrites each text; records batches."""

    name = "fake"

    def __init__(self, behave: Callable[[str], str] = lambda text: text, target: str = "es"):
        super().__init__(EngineSettings(source="en", target=target))
        self.behave = behave
        self.batches: list[list[str]] = []

    def load(self) -> None:
        pass

    def _translate_batch(self, texts: list[str]) -> list[Translation]:
        self.batches.append(list(texts))
        return [Translation(self.behave(text), -0.1) for text in texts]
