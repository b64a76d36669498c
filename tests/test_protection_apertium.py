"""Protection with the real Apertium en->es and the real glossary on the seed release."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from pipeline.engines.apertium import ApertiumEngine, mode_for
from pipeline.engines.base import EngineSettings
from pipeline.glossary.loader import load_glossaries
from pipeline.protection import Counters, Strategy, protect, translate_protected
from pipeline.segmentation.segmenter import segment_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "releases" / "2024-01-19-global-deliveries-near-70000.txt"

pytestmark = pytest.mark.skipif(shutil.which("apertium") is None or mode_for("en", "es") is None,
                                reason="apertium with apertium-eng-spa is not installed")
SETTINGS = EngineSettings(source="en", target="es")
TRANSLATED_BRAND = re.compile(r"\b(?:listos?|listas?|elegantes?)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def matcher():
    return load_glossaries([ROOT / "glossaries" / "smart.yaml"]).matcher


def _seed_segments() -> list[str]:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    return list(dict.fromkeys(s for line in lines if line for s in segment_text(line)))


def test_raw_apertium_translates_the_brand():
    out, = ApertiumEngine(SETTINGS).translate(["smart has delivered nearly 70,000 units."])
    assert TRANSLATED_BRAND.search(out.text), out.text


@pytest.mark.parametrize(("source", "expected"), [
    ("smart has delivered nearly 70,000 units globally.", "smart ha entregado casi 70.000"),
    ("In Hong Kong, the smart #1 has received high praise.", "el smart #1 ha recibido"),
    ("smart Continues to Expand into the Global Market", "smart "),
    ("2024 sprint to the next level", "2024 Sprint to the Next Level"),
])
def test_terms_survive_apertium(matcher, source, expected):
    protected = protect(source, matcher.source_hits(source), "es")
    outcome, = translate_protected(ApertiumEngine(SETTINGS), [protected], "es")
    assert expected in outcome.text
    assert not TRANSLATED_BRAND.search(outcome.text) and "Smart" not in outcome.text
    assert not outcome.fuzzy


def test_the_seed_release_keeps_every_term_through_apertium(matcher):
    segments = _seed_segments()
    items = [protect(s, matcher.source_hits(s), "es") for s in segments]
    counters = Counters()
    outcomes = translate_protected(ApertiumEngine(SETTINGS), items, "es", counters=counters)
    assert counters.terms_protected > 100 and counters.failures == 0
    grouped = sum(len(re.findall(r"\b\d{1,3}(?:,\d{3})+\b", s)) for s in segments)
    # the numbers, "Europe/Amsterdam" (read line by line here, the dateline's date is cut
    # into "19", "January", "2024"), the lead's "Jan. 19, 2024" and "October of 2023":
    # no inline codes here
    assert grouped > 0 and counters.codes_protected == grouped + 3
    assert counters.placeholders_restored == counters.terms_protected + grouped + 3
    spanish = " ".join(outcome.text for outcome in outcomes)
    for written in ("Europe/Amsterdam", "(Hangzhou, 19 de enero de 2024)", "octubre de 2023"):
        assert written in spanish
    checked = 0
    for source, outcome in zip(segments, outcomes, strict=True):
        assert matcher.forbidden_hits(outcome.text, "es") == [], outcome.text
        hits = matcher.source_hits(source)
        wanted = Counter(hit.term.id for hit in hits)
        found = Counter(hit.term.id for hit in matcher.target_hits(outcome.text, "es"))
        assert all(found[term] >= n for term, n in wanted.items()), (source, outcome.text)
        brand = [m.start() for m in re.finditer(r"\bsmart\w*", source, re.IGNORECASE)]
        if all(any(h.start <= b < h.end for h in hits) for b in brand):
            # every "smart…" is the brand (not "smarter", nor an exception: "smart lifestyle")
            assert not TRANSLATED_BRAND.search(outcome.text), outcome.text
            checked += bool(brand)
    assert checked > 50


class _LosesBrackets(ApertiumEngine):
    """Real Apertium behind a front that drops `⟦N⟧` placeholders (as a weak NMT might)."""

    def _translate_batch(self, texts):
        return super()._translate_batch([re.sub(r"\s*⟦\d+⟧", "", t) for t in texts])


class _LosesAnyPlaceholder(ApertiumEngine):
    def _translate_batch(self, texts):
        return super()._translate_batch([re.sub(r'\s*(?:⟦\d+⟧|<x id="\d+"/>)', "", t)
                                         for t in texts])


@pytest.mark.parametrize(("engine", "strategy"), [
    (_LosesBrackets, Strategy.RETRY),
    (_LosesAnyPlaceholder, Strategy.SPLIT),
])
def test_recovery_through_apertium(matcher, engine, strategy):
    source = "Since the launch of its first product, smart has delivered nearly 70,000 units."
    protected = protect(source, matcher.source_hits(source), "es")
    outcome, = translate_protected(engine(SETTINGS), [protected], "es")
    assert outcome.strategy is strategy and outcome.recovered
    assert "smart ha entregado casi 70.000 unidades" in outcome.text
    assert matcher.forbidden_hits(outcome.text, "es") == []


def test_a_grouped_number_is_written_the_spanish_way(matcher):
    source = "smart has delivered nearly 70,000 units."
    protected = protect(source, matcher.source_hits(source), "es")
    outcome, = translate_protected(ApertiumEngine(SETTINGS), [protected], "es")
    assert "smart ha entregado casi 70.000 unidades" in outcome.text
    assert "70,000" not in outcome.text and not outcome.fuzzy
