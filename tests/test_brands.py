"""Issue 12: several brands in one project. Each release is segmented, protected, checked,
reported and remembered with its own brand's glossary only (pipeline.brands), with real
Apertium en→es."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline.brands import Brands
from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.engines.apertium import mode_for

ROOT = Path(__file__).resolve().parent.parent
SMART = ("News from the brand\n\n"
         "The brand grew in 2023. smart continues to expand.\n\n"
         "Smart customers can reserve the car today.\n\n"
         "About the company\n")
NUVO = ("News from the brand\n\n"
        "The brand grew in 2023. nuvo continues to expand.\n\n"
        "Smart customers can reserve the car today.\n\n"
        "About the company\n")
BRANDS = '''
[tool.pipeline.brands]
smart = { releases = "releases/smart/**", glossaries = ["glossaries/smart.yaml"] }
nuvo = { releases = "releases/nuvo", glossaries = ["glossaries/nuvo.yaml"] }
'''
APERTIUM = shutil.which("apertium") is not None and mode_for("en", "es") is not None


@pytest.fixture
def agency(project: Path) -> Path:
    (project / "releases" / "2024-01-19-global-deliveries-near-70000.txt").unlink()
    for brand, text in (("smart", SMART), ("nuvo", NUVO)):
        (project / "releases" / brand).mkdir()
        (project / "releases" / brand / f"2024-02-01-{brand}.txt").write_text(text, "utf-8")
    shutil.copy(ROOT / "tests" / "data" / "brands" / "nuvo.yaml", project / "glossaries")
    with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(BRANDS)
    return project


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


def test_each_release_belongs_to_one_brand(agency):
    brands = Brands(load_settings(agency))
    assert brands.brand_of("releases/smart/2024-02-01-smart.txt") == "smart"
    assert brands.brand_of("releases/nuvo/2024-02-01-nuvo.txt") == "nuvo"
    assert brands.brand_of("releases/other.txt") == ""  # the project's own glossaries
    nuvo = brands.glossary("releases/nuvo/2024-02-01-nuvo.txt")
    assert [t.source for t in nuvo.terms] == ["nuvo", "nuvo One"]


def test_segmentation_follows_the_release_s_own_brand(agency):
    for brand in ("smart", "nuvo"):
        output = run("segment", f"releases/{brand}/2024-02-01-{brand}.txt")
        assert f"{brand} continues to expand." in output.splitlines() or \
            any(line.endswith(f"{brand} continues to expand.") and "2023." not in line
                for line in output.splitlines()), output


def test_check_source_reports_a_slip_only_in_the_brand_it_belongs_to(agency):
    output = run("check", "--source", code=1)
    assert "releases/smart/2024-02-01-smart.txt:5: error [glossary.forbidden] \"Smart\"" in output
    assert "nuvo" not in output  # "Smart customers" is ordinary English for nuvo


@pytest.mark.skipif(not APERTIUM, reason="apertium with apertium-eng-spa is not installed")
def test_translate_protects_and_checks_each_release_with_its_own_glossary(agency):
    run("translate", "-q", "--lang", "es", "--engine", "apertium")
    smart = polib.pofile(str(agency / "locales" / "es" / "2024-02-01-smart.po"))
    nuvo = polib.pofile(str(agency / "locales" / "es" / "2024-02-01-nuvo.po"))
    customers = "Smart customers can reserve the car today."
    assert smart.find(customers).msgstr.startswith("smart ")  # protected as the brand
    assert "smart" not in nuvo.find(customers).msgstr  # translated as the English adjective
    assert "glossary: smart" not in "".join(e.comment for e in nuvo)
    assert any("glossary: nuvo: brand" in e.comment for e in nuvo)
    assert "nuvo" in nuvo.find("nuvo continues to expand.").msgstr
    output = run("check", "locales", code=0)
    assert output.startswith("clean: no problems in 2 files")


@pytest.mark.skipif(not APERTIUM, reason="apertium with apertium-eng-spa is not installed")
def test_memory_is_never_shared_between_brands(agency):
    smart_only = agency / "releases" / "nuvo"
    moved = agency / "nuvo-later"
    shutil.move(str(smart_only), str(moved))
    run("translate", "-q", "--lang", "es", "--engine", "apertium")
    po = agency / "locales" / "es" / "2024-02-01-smart.po"
    catalog = polib.pofile(str(po))
    catalog.find("About the company").msgstr = "Sobre la empresa"
    catalog.find("About the company").flags.remove("fuzzy")
    catalog.save()
    shutil.move(str(moved), str(smart_only))
    output = run("translate", "-q", "--lang", "es", "--engine", "apertium",
                 "releases/nuvo/2024-02-01-nuvo.txt")
    assert "TM 0," in output  # smart's approved sentence is not nuvo's memory
    nuvo = polib.pofile(str(agency / "locales" / "es" / "2024-02-01-nuvo.po"))
    assert "TM:" not in nuvo.find("About the company").comment
