"""The argos engine on a real (tiny, deterministic) CTranslate2 + SentencePiece package."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pytest

from pipeline.engines import EngineSettings, create_engine
from pipeline.engines.argos import normalised_score
from pipeline.errors import ModelError

pytest_plugins = ["fixtures.argos_plugin"]

SOURCE = "smart has delivered nearly 70,000 units globally in 2023."
PLACEHOLDERS = "⟦1⟧ has delivered ⟦2⟧ units, and ⟦3⟧ grew."


def engine(target="de", **overrides):
    return create_engine("argos", EngineSettings(source="en", target=target, **overrides))


def test_translates_word_for_word(argos_packages_dir):
    out = engine().translate([SOURCE, "The smart #1 has delivered."], progress=False)
    assert [t.text for t in out] == [
        "smart hat geliefert fast 70,000 Einheiten globally in 2023.",
        "The smart #1 hat geliefert.",
    ]


def test_output_is_deterministic_across_engines_and_batch_sizes(argos_packages_dir):
    texts = [f"{SOURCE} {i}" for i in range(40)] + [PLACEHOLDERS, "Zürich — “quotes” 😀 ok"]
    first = engine(max_batch_size=4).translate(texts, progress=False)
    second = engine(beam_size=1, max_batch_size=64).translate(texts, progress=False)
    assert [t.text for t in first] == [t.text for t in second]
    assert first[-1].text == "Zürich — “quotes” 😀 ok"  # byte fallback round-trips


def test_placeholders_pass_through_the_good_model(argos_packages_dir):
    [out] = engine().translate([PLACEHOLDERS], progress=False)
    assert out.text == "⟦1⟧ hat geliefert ⟦2⟧ Einheiten, und ⟦3⟧ grew."


def test_the_garbling_model_drops_placeholder_two(argos_garbling_packages_dir):
    [out] = engine().translate([PLACEHOLDERS], progress=False)
    assert "⟦1⟧" in out.text and "⟦3⟧" in out.text
    assert "⟦2⟧" not in out.text


def test_duplicates_are_translated_once_and_returned_in_order(argos_packages_dir):
    eng = engine()
    calls = []
    original = eng._translate_batch
    eng._translate_batch = lambda texts: calls.append(list(texts)) or original(texts)
    out = eng.translate(["has", "units", "has", "", "has"], progress=False)
    assert [t.text for t in out] == ["hat", "Einheiten", "hat", "", "hat"]
    assert calls == [["has", "units"]]  # one batch, deduplicated, empty text not sent


def test_scores_are_length_normalised_log_probabilities(argos_packages_dir):
    eng = engine()
    sure, unsure = eng.translate(["smart has delivered.", "globally"], progress=False)
    assert sure.score is not None and unsure.score is not None
    assert unsure.score < sure.score <= 0  # the model is unsure of "globally"
    assert 0 < unsure.confidence < sure.confidence <= 1
    # Independent check: CTranslate2's own per-token log-probabilities of the output.
    tokens = eng._tokenizer.encode("globally")
    target = eng._tokenizer.encode(unsure.text)
    [scored] = eng._translator.score_batch([tokens], [target])
    assert unsure.score == pytest.approx(sum(scored.log_probs) / len(scored.log_probs), abs=5e-3)


@pytest.mark.parametrize("penalty", [0.0, 0.2, 1.0])
def test_normalised_score_undoes_the_length_penalty(penalty):
    cumulative, length = -3.0, 5
    returned = cumulative / (length + 1) ** penalty
    assert normalised_score(returned, length, penalty) == pytest.approx(cumulative / 6)


def test_length_penalty_does_not_change_the_score(argos_packages_dir):
    scores = {lp: engine(length_penalty=lp).translate(["globally"], progress=False)[0].score
              for lp in (0.0, 1.0)}
    assert scores[0.0] == pytest.approx(scores[1.0], abs=1e-4)
    assert math.isfinite(scores[0.0])


def test_signature_names_model_and_settings(argos_packages_dir):
    eng = engine(beam_size=3)
    eng.load()
    assert eng.signature.startswith("argos:translate-en_de-1.0|en-de|beam:3|int8|cpu")


def test_progress_bar_goes_to_stderr_when_asked(argos_packages_dir, capsys):
    engine().translate(["has", "units"], progress=True)
    assert "argos en→de" in capsys.readouterr().err


def test_missing_model_says_how_to_install_it_offline(empty_argos_packages_dir):
    with pytest.raises(ModelError) as info:
        engine(target="fr").load()
    message = str(info.value)
    assert "\n" not in message
    assert "no Argos model for en→fr is installed" in message
    assert '"pipeline models install fr"' in message
    assert "translate-en_fr-*.argosmodel" in message
    assert '"pipeline models install FILE.argosmodel"' in message


def test_missing_model_is_installed_when_asked_but_offline_fails_cleanly(
        empty_argos_packages_dir):
    eng = engine(install_missing=True, download_progress=False)
    url = os.environ["ARGOS_PACKAGE_INDEX"] + "index.json"
    with pytest.raises(ModelError, match=f"is installed; installing it failed: cannot reach {url}"):
        eng.load()
    assert not any(empty_argos_packages_dir.glob("*/metadata.json"))


def test_importing_the_engines_loads_no_translation_machinery():
    code = ("import sys, pipeline.engines, pipeline.engines.base, pipeline.engines.packages; "
            "print([m for m in ('argostranslate', 'ctranslate2', 'sentencepiece', 'torch') "
            "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cuda_device_goes_to_ctranslate2(argos_packages_dir):
    import ctranslate2

    eng = engine(device="cuda")
    if ctranslate2.get_cuda_device_count() == 0:
        with pytest.raises(ModelError, match="cannot load the CTranslate2 model on cuda"):
            eng.load()
    else:
        [out] = eng.translate(["smart has delivered."], progress=False)
        assert out.text == "smart hat geliefert."
