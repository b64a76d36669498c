"""Issue 11: every real language tag works, parsed in one place (pipeline.language), and a
bad one is one line, exit 2, nothing written, before any language is processed."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from make_support import make

from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.xliff import read_xliff
from pipeline.checks import ALL_CHECKS
from pipeline.checks.base import run_checks
from pipeline.checks.runner import make_context
from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.engines import engine_target
from pipeline.glossary.loader import load_glossaries
from pipeline.language import Language, parse_list
from pipeline.protection import protect
from pipeline.protection.restore import restore

ROOT = Path(__file__).resolve().parent.parent
SEED = "2024-01-19-global-deliveries-near-70000"

pytest_plugins = ["fixtures.argos_plugin"]


@pytest.mark.parametrize(("text", "tag", "gettext", "chain"), [
    ("de", "de", "de", ["de"]),
    ("de-DE", "de-DE", "de_DE", ["de-DE", "de"]),
    ("de_de", "de-DE", "de_DE", ["de-DE", "de"]),
    ("DE-ch", "de-CH", "de_CH", ["de-CH", "de"]),
    ("pt_BR", "pt-BR", "pt_BR", ["pt-BR", "pt"]),
    ("zh-hant", "zh-Hant", "zh_Hant", ["zh-Hant", "zh"]),
    ("zh-Hant-TW", "zh-Hant-TW", "zh_Hant_TW", ["zh-Hant-TW", "zh-Hant", "zh"]),
    ("sr-Latn", "sr-Latn", "sr_Latn", ["sr-Latn", "sr"]),
    ("es-419", "es-419", "es_419", ["es-419", "es"]),
])
def test_good_tags(text, tag, gettext, chain):
    language = Language.parse(text)
    assert (language.tag, language.gettext) == (tag, gettext)
    assert [one.tag for one in language.chain] == chain


@pytest.mark.parametrize(("text", "message"), [
    ("ES", "'ES' is not a language tag; did you mean 'es'?"),
    ("es fr", "'es fr' looks like two languages; use es,fr"),
    ("de-XX", "'de-XX' is not a language CLDR knows"),
    ("xx", "'xx' is not a language CLDR knows"),
    ("../de", "invalid language code '../de'"),
    ("de/../../x", "invalid language code"),
    ("de-1996", "variant subtags (1996) are not supported"),
    ("en", "'en' is the source language"),
])
def test_bad_tags(text, message):
    with pytest.raises(Exception) as caught:
        parse_list(text, source="en")
    assert message in str(caught.value)


def test_three_real_tags_write_catalogs_with_the_right_headers(project):
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", "de-DE,pt-BR,zh-Hant",
                                       "--engine", "none"])
    assert result.exit_code == 0, result.output
    for folder, header, tag, plurals in (("de_DE", "de_DE", "de-DE", "nplurals=2"),
                                         ("pt_BR", "pt_BR", "pt-BR", "plural=(n > 1)"),
                                         ("zh_Hant", "zh_Hant", "zh-Hant", "nplurals=1")):
        po = project / "locales" / folder / f"{SEED}.po"
        catalog = polib.pofile(str(po))
        assert catalog.metadata["Language"] == header
        assert plurals in catalog.metadata["Plural-Forms"]
        assert read_xliff(po.with_suffix(".xlf")).target_lang == tag
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", "de-DE", "--engine", "none",
                                       "--xliff", "2.1"])
    assert read_xliff(project / "locales" / "de_DE" / f"{SEED}.xlf").target_lang == "de-DE"


def test_an_existing_folder_is_found_under_either_spelling(project):
    (project / "locales" / "pt-BR").mkdir(parents=True)
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", "pt_br", "--engine", "none"])
    assert result.exit_code == 0, result.output
    assert (project / "locales" / "pt-BR" / f"{SEED}.po").is_file()
    assert not (project / "locales" / "pt_BR").exists()


@pytest.mark.parametrize(("lang", "message"), [
    ("de,ES", "'ES' is not a language tag; did you mean 'es'?"),
    ("es fr", "'es fr' looks like two languages; use es,fr"),
    ("de,en", "'en' is the source language"),
    ("de_DE,fr_CA,zh-Hamt", "unknown script 'Hamt'"),
])
def test_a_bad_tag_anywhere_in_the_list_writes_nothing(project, lang, message):
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", lang, "--engine", "none"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and message in result.output
    assert "Traceback" not in result.output
    assert not (project / "locales").exists() or not any((project / "locales").iterdir())


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_refuses_a_bad_tag_with_one_line(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "glossaries", folder / "glossaries")
    shutil.copytree(ROOT / "releases", folder / "releases")
    # make_support: this run's environment, every install level marked done.
    done = make(folder, "translate", "LANG=de,ES", "ENGINE=none")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[0] == (
        "pipeline: 'ES' is not a language tag; did you mean 'es'?")
    assert not (folder / "locales").exists()


def test_argos_uses_the_base_model_unless_the_variant_has_its_own(argos_packages_dir):
    assert engine_target("argos", "en", Language.parse("de-CH")) == "de"
    assert engine_target("argos", "en", Language.parse("fr-BE")) == "fr"  # none: named as fr
    assert engine_target("apertium", "en", Language.parse("es-MX")) == "es"


@pytest.mark.parametrize("tag", ["de", "de-DE", "de-CH", "de_AT"])
def test_a_forced_term_is_restored_and_checked_the_same_way_in_every_german(project, tag):
    """The protection and the check look a term up in one place (Term.renderings with the
    language's fallback chain): they can never disagree about de-CH again."""
    glossary = load_glossaries([ROOT / "glossaries" / "smart.yaml"])
    language = Language.parse(tag)
    source = "The smart #1 won the Golden Steering Wheel."
    protected = protect(source, glossary.matcher.source_hits(source), language)
    placeholders = [slot for slot in protected.slots if "Golden" in slot.original]
    assert placeholders and placeholders[0].target == "Goldenes Lenkrad"
    restored = restore(protected.text.replace("won", "gewann"), protected, language)
    assert "Goldenes Lenkrad" in restored.text and "Golden Steering" not in restored.text
    settings = load_settings(project)
    catalog = Catalog(header={"Language": language.gettext})
    context = make_context(catalog, f"locales/{language.gettext}/x.po", settings, glossary, True)
    checks = [check for check in ALL_CHECKS if check.id.startswith("glossary.")]

    def found(text: str) -> list[str]:
        return [f.check for f in run_checks(checks, Catalog([Entry(source, text)]), context)]

    assert found(restored.text) == []
    # English left in the German is a forbidden form there (the de override applies to
    # every German), another word for the award misses the forced rendering.
    assert found("Der smart #1 gewann das Golden Steering Wheel.") == ["glossary.forbidden"]
    assert found("Der smart #1 gewann die Goldene Trophäe.") == ["glossary.forced"]
