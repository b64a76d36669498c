"""qa.spelling with the real Hunspell and Debian's dictionaries (skipped where missing)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.checks import CHECK_IDS, CheckContext
from pipeline.checks.hunspell import find_dictionary
from pipeline.checks.spelling import Spelling
from pipeline.cli import main
from pipeline.engines.apertium import mode_for
from pipeline.glossary.loader import load_glossaries
from pipeline.language import Language

ROOT = Path(__file__).resolve().parent.parent
CHECK = Spelling()
# Through `pipeline check` only once qa.spelling is listed in ALL_CHECKS.
registered = pytest.mark.skipif("qa.spelling" not in CHECK_IDS,
                                reason="qa.spelling is not in ALL_CHECKS yet")


def missing(tag: str) -> bool:
    return shutil.which("hunspell") is None or find_dictionary(Language.parse(tag)) is None


def needs(tag: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(missing(tag), reason=f"hunspell or its {tag} dictionary is missing")


def require(tag: str) -> None:
    if missing(tag):
        pytest.skip(f"hunspell or its {tag} dictionary is missing")


def problems(source: str, target: str, tag: str, glossary=None) -> list[str]:
    context = CheckContext(path="x.po", language=tag, glossary=glossary,
                           glossary_language=tag)
    return CHECK.check_pair(source, target, context)


GOOD = [
    ("de", "The car is fast.", "Das Fahrzeug ist schnell und die Fahrzeugflotte wächst."),
    ("es", "The car is fast.", "El coche es rápido y la seguridad es importante."),
    ("fr", "The car is fast.", "La voiture est rapide et l'homme est content aujourd'hui."),
    ("it", "The car is fast.", "La macchina è veloce e la sicurezza è importante."),
    ("nl", "The car is fast.", "De auto is snel en de veiligheid is belangrijk."),
    # closed compounds the German dictionary does not build itself
    ("de", "The electric car.", "Die Marke mit vollelektrischen Fahrzeugen."),
    # names copied from the source are accepted
    ("es", "Zhang Xiangbei met Mandy Lau.", "Zhang Xiangbei se reunió con Mandy Lau."),
    # codes and URLs are not words
    ("de", "See <g1>www.smart.com</g1>.", "Siehe <g1>www.smart.com</g1>."),
]

BAD = [
    ("de", "Das Fahrzeug ist schnel.", "schnel"),
    ("es", "El coche es rapidisimoo.", "rapidisimoo"),
    ("fr", "La voiture est rapidde.", "rapidde"),
    ("it", "La macchina è velocce.", "velocce"),
    ("nl", "De auto is snell.", "snell"),
]


@pytest.mark.parametrize(("tag", "source", "target"), GOOD)
def test_correct_text_passes(tag, source, target):
    require(tag)
    assert problems(source, target, tag) == []


@pytest.mark.parametrize(("tag", "target", "word"), BAD)
def test_misspelled_word_is_reported_with_the_dictionary(tag, target, word):
    require(tag)
    found = problems("The car is fast.", target, tag)
    assert len(found) == 1, found
    assert found[0].startswith(f'"{word}" is not in the {tag}')


@pytest.mark.parametrize(("tag", "word", "split"), [
    ("es", "SeguridaddeCinco", "Seguridad de Cinco"),
    ("es", "quemiraadelante", "que mira adelante"),
    ("es", "latransformaciónde", "la transformación de"),
    ("de", "dasAuto", "das Auto"),
])
def test_glued_words_are_reported_with_their_split(tag, word, split):
    require(tag)
    assert problems("x", f"{word}.", tag) == [f'"{word}" looks like glued words: "{split}"']


@needs("es")
def test_glossary_terms_and_their_renderings_are_accepted():
    glossary = load_glossaries([ROOT / "glossaries" / "smart.yaml"])
    source = "smart #1 and smartcare lead the China-Europe dual home strategy."
    target = "smart #1 y smartcare lideran la estrategia China-Europe dual home."
    assert problems(source, target, "es", glossary) == []
    # without the glossary or the source, the same brand words are flagged
    assert problems("x", "smartcare lidera", "es") != []


def test_no_dictionary_is_a_note_never_a_clean_result(monkeypatch, tmp_path):
    monkeypatch.setenv("DICPATH", str(tmp_path))
    monkeypatch.setattr("pipeline.checks.hunspell.DICTIONARY_DIRS", ())
    find_dictionary.cache_clear()
    try:
        found = problems("The car.", "Der Wagen.", "de")
    finally:
        find_dictionary.cache_clear()
    assert found == ["qa.spelling: no Hunspell dictionary for de installed "
                     "(apt-get install hunspell-de); spelling not checked"]


@registered
def test_no_dictionary_note_is_one_warning_per_file_at_line_1(monkeypatch, tmp_path, project):
    locales = project / "locales" / "de"
    locales.mkdir(parents=True)
    entries = "".join(f'\nmsgid "Car {n}."\nmsgstr "Wagn {n}."\n' for n in range(3))
    (locales / "x.po").write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n'
                                  '"Content-Type: text/plain; charset=UTF-8\\n"\n' + entries,
                                  encoding="utf-8")
    monkeypatch.setenv("DICPATH", str(tmp_path))
    monkeypatch.setattr("pipeline.checks.hunspell.DICTIONARY_DIRS", ())
    find_dictionary.cache_clear()
    try:
        result = CliRunner().invoke(main, ["check", "--format", "json", "locales"])
    finally:
        find_dictionary.cache_clear()
    assert result.exit_code == 0, result.output
    spelling = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "qa.spelling"]
    assert [(f["line"], f["severity"]) for f in spelling] == [(1, "warning")]
    assert "spelling not checked" in spelling[0]["message"]


@pytest.mark.parametrize(("tag", "dictionary"), [("es", "es_ES"), ("es-MX", "es_MX"),
                                                 ("de-CH", "de_CH"), ("de-AT", "de_AT"),
                                                 ("fr", "fr_FR")])
def test_language_tag_to_dictionary(tag, dictionary):
    found = find_dictionary(Language.parse(tag))
    if found is None:
        pytest.skip(f"no dictionary for {tag}")
    assert found.name == dictionary


def test_a_variant_without_its_own_dictionary_uses_its_base_language_s(tmp_path, monkeypatch):
    for name in ("de_DE.dic", "de_DE.aff"):  # a machine with only the German one
        (tmp_path / name).write_text("1\nHaus\n" if name.endswith(".dic") else "SET UTF-8\n")
    monkeypatch.delenv("DICPATH", raising=False)
    monkeypatch.setattr("pipeline.checks.hunspell.DICTIONARY_DIRS", (tmp_path,))
    find_dictionary.cache_clear()
    try:
        found = find_dictionary(Language.parse("de-CH"))
    finally:
        find_dictionary.cache_clear()
    assert found is not None and found.name == "de_DE"


@registered
@needs("es")
@pytest.mark.skipif(shutil.which("apertium") is None or mode_for("en", "es") is None,
                    reason="apertium with apertium-eng-spa is not installed")
def test_seed_apertium_spanish_reports_glued_words_and_no_glossary_term(project):
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", "es", "--engine",
                                       "apertium"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["check", "--format", "json", "locales"])
    spelling = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "qa.spelling"]
    messages = [f["message"] for f in spelling]
    assert '"SeguridaddeCinco" looks like glued words: "Seguridad de Cinco"' in messages
    assert '"quemiraadelante" looks like glued words: "que mira adelante"' in messages
    assert all(f["severity"] == "warning" for f in spelling)
    flagged = {f["snippet"].casefold() for f in spelling}
    assert not flagged & {"smart", "smartcare", "smartidea", "china", "europe", "dual", "home"}
