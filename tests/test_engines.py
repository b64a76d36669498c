"""The engine base class, the registry, and the apertium and none engines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.engines import ENGINES, EngineSettings, create_engine
from pipeline.engines.apertium import available_modes, mode_for
from pipeline.engines.base import Engine, Translation
from pipeline.errors import EngineError, InputError, ModelError

SEED = Path(__file__).resolve().parent.parent / "releases" / \
    "2024-01-19-global-deliveries-near-70000.txt"
needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None or "eng-spa" not in available_modes(),
    reason="apertium with apertium-eng-spa is not installed")


class Upper(Engine):
    """A real, trivial engine: records the batches it is given."""

    name = "upper"

    def __init__(self, settings=None, broken=False):
        super().__init__(settings or EngineSettings(max_batch_size=2))
        self.batches: list[list[str]] = []
        self.loads = 0
        self.broken = broken

    def load(self):
        self.loads += 1

    def _translate_batch(self, texts):
        self.batches.append(list(texts))
        out = [Translation(text.upper(), -0.5) for text in texts]
        return out[:-1] if self.broken else out


def test_base_deduplicates_sorts_by_length_and_batches():
    engine = Upper()
    out = engine.translate(["ccc", "a", "bb", "a", "dddd", "  ", "ccc"], progress=False)
    assert [t.text for t in out] == ["CCC", "A", "BB", "A", "DDDD", "  ", "CCC"]
    assert engine.batches == [["a", "bb"], ["ccc", "dddd"]]
    engine.translate(["e"], progress=False)
    assert engine.loads == 1  # loaded once


def test_base_refuses_a_batch_with_missing_translations():
    with pytest.raises(EngineError, match="returned 1 translations for 2 segments"):
        Upper(broken=True).translate(["a", "b"], progress=False)


def test_base_progress_bar_is_off_when_not_a_terminal(capsys):
    Upper().translate(["a", "b", "c"])  # pytest's stderr is no terminal
    assert capsys.readouterr().err == ""
    Upper().translate(["a", "b", "c"], progress=True)
    assert "upper en→de" in capsys.readouterr().err


def test_confidence_is_the_exponential_of_the_score():
    assert Translation("x", -0.5).confidence == pytest.approx(0.6065, abs=1e-4)
    assert Translation("x").confidence is None


def test_registry_is_explicit_and_unknown_engines_are_refused():
    assert list(ENGINES) == ["argos", "apertium", "none"]
    with pytest.raises(InputError, match="unknown engine 'deepl'; choose one of: argos"):
        create_engine("deepl", EngineSettings())


def test_none_engine_returns_empty_translations():
    engine = create_engine("none", EngineSettings(target="fr"))
    out = engine.translate(["smart has delivered.", "Second."], progress=False)
    assert out == [Translation(""), Translation("")]
    assert engine.signature == "none:-|en-fr|manual"


@needs_apertium
def test_raw_apertium_translates_the_brand_name():
    # The failure this product exists to prevent: "smart" becomes "Listo".
    engine = create_engine("apertium", EngineSettings(source="en", target="es"))
    [out] = engine.translate(["smart has delivered"], progress=False)
    assert out.text == "Listo ha entregado"
    assert out.score is None
    assert engine.signature == "apertium:eng-spa|en-es|txt|-u"


@needs_apertium
def test_apertium_keeps_placeholders():
    engine = create_engine("apertium", EngineSettings(source="en", target="es"))
    [out] = engine.translate(["⟦1⟧ has delivered nearly 70,000 units"], progress=False)
    assert out.text == "⟦1⟧ ha entregado casi 70,000 unidades"


@needs_apertium
def test_apertium_returns_one_translation_per_segment_of_a_real_release():
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    segments = [line for line in lines if line] + ["a\\b [1] ^x$ @y <z> {w}", "Two\nlines"]
    engine = create_engine("apertium", EngineSettings(source="en", target="es"))
    out = engine.translate(segments, progress=False)
    assert len(out) == len(segments)
    assert all(t.text.strip() for t in out)
    assert out[-1].text == "Dos líneas"
    assert "^x$ @y <z> {w}" in out[-2].text


@needs_apertium
def test_apertium_maps_iso_codes_to_modes_and_refuses_missing_pairs():
    assert mode_for("en", "es") == "eng-spa"
    engine = create_engine("apertium", EngineSettings(source="en", target="xx"))
    # Only pairs Debian has are suggested: no invented "apertium-eng-xx" package.
    with pytest.raises(ModelError, match=r"no Apertium pair for en→xx \(Debian has en→ca, "
                                         r"en→eo, en→es, en→gl\)"):
        engine.load()


def test_apertium_missing_binary_is_a_model_error(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    engine = create_engine("apertium", EngineSettings(source="en", target="es"))
    with pytest.raises(ModelError, match="apertium is not installed"):
        engine.load()
