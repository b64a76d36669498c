"""The seed's dateline and lead through `pipeline translate`: real Apertium en→es and the
fixture Argos models en→de and en→fr write a proper date in the target language, keep the
time-zone name as it is, and `pipeline check` is clean on the result."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from fixtures.argos_model import PackageSpec, build_package

from pipeline.cli import main
from pipeline.engines.apertium import mode_for

pytest_plugins = ["fixtures.argos_plugin"]

NAME = "2024-01-19-global-deliveries-near-70000"
DATELINE = "Hangzhou, 19 January 2024 | 07:20 Europe/Amsterdam"
LEAD = "(Hangzhou, Jan. 19, 2024) Following the brand’s comprehensive renewal"


@pytest.fixture(scope="session")
def argos_fr_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's word-for-word copy model, en→fr."""
    return build_package(tmp_path_factory.mktemp("argos-fr"), PackageSpec(target="fr"))


@pytest.fixture
def argos_fr_packages_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          argos_fr_package: Path) -> Path:
    from pipeline.engines import packages

    folder = tmp_path / "argos-packages-fr"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    packages.install_file(argos_fr_package)
    return folder
NOT_TYPOGRAPHY = ("--disable", "qa.quotes", "--disable", "qa.spacing",
                  "--disable", "qa.headline-case", "--disable", "qa.spelling")


def _translate_and_check(langs: str, *args: str, lang: str = "") -> dict[str, str]:
    """msgid -> msgstr of the seed's PO in `lang` (default: `langs`) after `translate
    --lang langs`, once `check` passed clean on every language."""
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", langs, *args])
    assert result.exit_code == 0, result.output
    # About dates: the MT output's typography (quotes, spaces, headline case) and spelling
    # are asserted in tests/test_checks_typography.py and tests/test_checks_spelling.py.
    check = CliRunner().invoke(main, ["check", "--format", "json", *NOT_TYPOGRAPHY, "locales"])
    assert check.exit_code == 0, check.output
    assert '"findings": []' in check.output
    po = Path("locales") / (lang or langs).replace("-", "_") / f"{NAME}.po"
    assert po.is_file(), sorted(Path("locales").iterdir())
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(po))}


def _lead(catalog: dict[str, str]) -> str:
    return next(msgstr for msgid, msgstr in catalog.items() if msgid.startswith(LEAD))


@pytest.mark.skipif(shutil.which("apertium") is None or mode_for("en", "es") is None,
                    reason="apertium with apertium-eng-spa is not installed")
def test_apertium_writes_the_spanish_date_and_keeps_the_zone(project):
    catalog = _translate_and_check("es", "--engine", "apertium")
    # raw Apertium: "Hangzhou, 19 enero 2024 | 07:20 Amsterdam/de Europa"
    assert catalog[DATELINE] == "Hangzhou, 19 de enero de 2024 | 07:20 Europe/Amsterdam"
    assert _lead(catalog).startswith("(Hangzhou, 19 de enero de 2024) Siguiendo")
    pilot = next(s for m, s in catalog.items() if "October of 2023" in m)
    assert "octubre de 2023" in pilot and "2023," not in pilot.split("octubre")[0]


def test_argos_writes_the_german_date_and_keeps_the_zone(project, argos_packages_dir):
    catalog = _translate_and_check("de")
    assert catalog[DATELINE] == "Hangzhou, 19. Januar 2024 | 07:20 Europe/Amsterdam"
    assert _lead(catalog).startswith("(Hangzhou, 19. Januar 2024) Following die brand’s")


def test_argos_writes_the_french_date_and_keeps_the_zone(project, argos_fr_packages_dir):
    catalog = _translate_and_check("fr")
    assert catalog[DATELINE] == "Hangzhou, 19 janvier 2024 | 07:20 Europe/Amsterdam"
    assert _lead(catalog).startswith("(Hangzhou, 19 janvier 2024) Following le brand’s")


def test_the_austrian_variant_writes_janner(project, argos_packages_dir):
    catalog = _translate_and_check("de,de-AT", lang="de-AT")
    assert catalog[DATELINE] == "Hangzhou, 19. Jänner 2024 | 07:20 Europe/Amsterdam"
    assert _lead(catalog).startswith("(Hangzhou, 19. Jänner 2024)")
