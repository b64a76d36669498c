"""Protection with the real argos engine on the deterministic fixture package that drops ⟦2⟧."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.engines import EngineSettings, create_engine
from pipeline.glossary.loader import load_glossaries
from pipeline.protection import Counters, Strategy, protect, translate_protected

pytest_plugins = ["fixtures.argos_plugin"]

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    "smart has delivered nearly 70,000 units, and the smart #1 grew.",
    "The smart #1 and the smart #3 delivered.",
    "smart has delivered.",
]


@pytest.fixture(scope="module")
def matcher():
    return load_glossaries([ROOT / "glossaries" / "smart.yaml"]).matcher


def _run(matcher, split=True):
    engine = create_engine("argos", EngineSettings(source="en", target="de"))
    items = [protect(s, matcher.source_hits(s), "de") for s in SOURCES]
    counters = Counters()
    outcomes = translate_protected(engine, items, "de", split=split, counters=counters)
    return outcomes, counters


def test_a_model_that_drops_a_placeholder_is_recovered(matcher, argos_garbling_packages_dir):
    outcomes, counters = _run(matcher)
    assert [o.text for o in outcomes] == [
        "smart hat geliefert fast 70.000 Einheiten, und die smart #1 grew.",
        "The smart #1 und die smart #3 geliefert.",
        "smart hat geliefert.",
    ]
    assert [o.strategy for o in outcomes] == [Strategy.RETRY, Strategy.RETRY,
                                              Strategy.PLACEHOLDERS]
    assert (counters.recoveries, counters.failures) == (2, 0)
    assert (counters.terms_protected, counters.codes_protected) == (5, 1)  # 1: 70,000
    assert counters.placeholders_restored == 6


def test_the_good_model_needs_no_recovery(matcher, argos_packages_dir):
    outcomes, counters = _run(matcher)
    assert {o.strategy for o in outcomes} == {Strategy.PLACEHOLDERS}
    assert outcomes[0].text == "smart hat geliefert fast 70.000 Einheiten, und die smart #1 grew."
    assert outcomes[0].score is not None
