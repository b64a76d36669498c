"""`make translate` itself, through the real Makefile, on a throwaway project copy
(tests/make_support.py: this run's environment, nothing reinstalled)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from make_support import SEED, make, project_copy

pytest_plugins = ["fixtures.argos_plugin"]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return project_copy(tmp_path / "project")


def written(folder: Path) -> list[str]:
    locales = folder / "locales"
    if not locales.exists():
        return []
    return sorted(str(p.relative_to(locales)) for p in locales.rglob("*") if p.is_file()
                  and not p.name.startswith("."))


def files(*langs: str, name: str = SEED.stem) -> list[str]:
    return sorted(f"{lang}/{name}.{ext}" for lang in langs for ext in ("po", "xlf"))


def test_make_translate_lang_de_with_the_fixture_model(copy, argos_packages_dir):
    done = make(copy, "translate", "LANG=de")
    assert done.returncode == 0, done.stdout + done.stderr
    assert written(copy) == files("de")
    # LANG=de is the target language; the child keeps a working locale.
    assert "env LANG=C.UTF-8 LC_ALL=C.UTF-8" in done.stdout
    assert '--lang "de"' in done.stdout
    assert "de: 1 release(s); reused 0" in done.stdout
    po = (copy / "locales" / "de" / f"{SEED.stem}.po").read_text(encoding="utf-8")
    assert "MT: argos en→de, confidence" in po


def test_make_translate_without_model_or_network_exits_2_with_the_fix(
        copy, empty_argos_packages_dir):
    done = make(copy, "translate", "LANG=de",
                ARGOS_PACKAGE_INDEX="http://127.0.0.1:9/")
    assert done.returncode != 0
    assert "Error 2" in done.stderr  # make reports the child's exit status
    messages = [line for line in done.stderr.splitlines() if line.startswith("pipeline:")]
    assert len(messages) == 1, done.stderr
    assert "en→de" in messages[0]
    assert 'pipeline models install FILE.argosmodel' in messages[0]
    assert "Traceback" not in done.stderr
    assert written(copy) == []


def test_shell_locale_lang_is_not_a_target_language(copy):
    done = make(copy, "translate", "ENGINE=none", lang_env="en_US.UTF-8")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "--lang" not in done.stdout
    # the languages of [tool.pipeline] in pyproject.toml
    assert written(copy) == files("de", "fr", "es")


def test_without_lang_and_without_configured_languages_make_explains(copy):
    pyproject = copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert 'languages = ["de", "fr", "es"]' in text
    pyproject.write_text(text.replace('languages = ["de", "fr", "es"]', ""), encoding="utf-8")
    done = make(copy, "translate", "ENGINE=none", lang_env="en_US.UTF-8")
    assert done.returncode != 0 and "Error 2" in done.stderr
    assert "no target language: pass LANG=de" in done.stderr
    assert written(copy) == []


def test_an_empty_lang_falls_back_to_the_configured_languages(copy):
    done = make(copy, "translate", "LANG=", "ENGINE=none")
    assert done.returncode == 0, done.stderr
    assert written(copy) == files("de", "fr", "es")


@pytest.mark.parametrize("langs", ["de,fr,es", "de, fr, es"])
def test_several_languages_in_one_run(copy, langs):
    done = make(copy, "translate", f"LANG={langs}", "ENGINE=none")
    assert done.returncode == 0, done.stderr
    assert written(copy) == files("de", "fr", "es")
    for lang in ("de", "fr", "es"):
        assert f"{lang}: 1 release(s)" in done.stdout
        po = (copy / "locales" / lang / f"{SEED.stem}.po").read_text(encoding="utf-8")
        assert f'"Language: {lang}\\n"' in po
        assert "#. glossary: smart: brand" in po


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")
def test_apertium_engine_and_xliff_21_through_make(copy):
    done = make(copy, "translate", "LANG=es", "ENGINE=apertium", "XLIFF=2.1")
    assert done.returncode == 0, done.stderr
    assert written(copy) == files("es")
    xlf = (copy / "locales" / "es" / f"{SEED.stem}.xlf").read_text(encoding="utf-8")
    assert 'version="2.1"' in xlf
    assert "smart ha entregado" in xlf


def test_release_selects_one_file(copy):
    other = copy / "releases" / "2024-02-01-short-note.txt"
    other.write_text("About smart Automobile\n\nsmart has delivered the smart #3.\n",
                     encoding="utf-8")
    done = make(copy, "translate", "LANG=fr", "ENGINE=none",
                f"RELEASE=releases/{other.name}")
    assert done.returncode == 0, done.stderr
    assert written(copy) == files("fr", name=other.stem)


def test_a_missing_model_for_one_of_several_languages_writes_nothing(copy, argos_packages_dir):
    """de is installed, fr is not and cannot be downloaded: no half-done run (de written,
    fr missing) is left behind."""
    done = make(copy, "translate", "LANG=de,fr", ARGOS_PACKAGE_INDEX="http://127.0.0.1:9/")
    assert done.returncode != 0 and "Error 2" in done.stderr
    messages = [line for line in done.stderr.splitlines() if line.startswith("pipeline:")]
    assert len(messages) == 1 and "en→fr" in messages[0], done.stderr
    assert written(copy) == []
