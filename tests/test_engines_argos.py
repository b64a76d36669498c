"""The argos engine on a real (tiny, deterministic) CTranslate2 + SentencePiece package."""

from __future__ import annotations

from pipeline.engines import EngineSettings, create_engine

pytest_plugins = ["fixtures.argos_plugin"]

SOURCE = "smart has delivered nearly 70,000 units globally in 2023."


def engine(**overrides):
    return create_engine("argos", EngineSettings(source="en", target="de", **overrides))


def test_translates_word_for_word(argos_packages_dir):
    out = engine().translate([SOURCE, "The smart #1 has delivered."])
    assert [t.text for t in out] == [
        "smart hat geliefert fast 70,000 Einheiten globally in 2023.",
        "The smart #1 hat geliefert.",
    ]
