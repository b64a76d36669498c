"""`pipeline translate --engine apertium` end to end on the seed release (real Apertium en→es):
PO passes `msgfmt -c`, XLIFF validates against the OASIS schemas, `pipeline check` is clean,
and the brand survives where raw Apertium turns it into "listo"."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural
from click.testing import CliRunner
from lxml import etree
from test_xliff_builders import assert_valid, schema2_core, schema2_modules, schema12

from pipeline.cli import main
from pipeline.engines.apertium import ApertiumEngine, mode_for
from pipeline.engines.base import EngineSettings
from pipeline.glossary.loader import load_glossaries

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "releases" / "2024-01-19-global-deliveries-near-70000.txt"
NAME = SEED.stem
NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
NS2 = {"x": "urn:oasis:names:tc:xliff:document:2.0", "gls": "urn:oasis:names:tc:xliff:glossary:2.0"}
BRAND_TERMS = ("smart", "smart #1", "smart #3", "China-Europe dual home",
               "Sprint to the Next Level")

pytestmark = pytest.mark.skipif(
    shutil.which("apertium") is None or mode_for("en", "es") is None,
    reason="apertium with apertium-eng-spa is not installed",
)


def make_project(folder: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(ROOT / "glossaries", folder / "glossaries")
    (folder / "releases").mkdir()
    shutil.copy(SEED, folder / "releases" / SEED.name)
    return folder


def translate(folder: Path, *args: str):
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        return CliRunner().invoke(main, ["translate", "-q", *args])


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> Path:
    """One apertium en→es run on the seed, shared by the tests that only read its output."""
    folder = make_project(tmp_path_factory.mktemp("apertium-es"))
    result = translate(folder, "--lang", "es", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    assert f"wrote {folder / 'locales' / 'es' / NAME}.po" in result.output
    return folder


def po_file(folder: Path, lang: str = "es") -> Path:
    return folder / "locales" / lang / f"{NAME}.po"


def test_po_and_xliff_are_written_and_pass_msgfmt_and_the_strict_schema(spanish):
    po = po_file(spanish)
    xlf = po.with_suffix(".xlf")
    assert po.is_file() and xlf.is_file()
    # nothing else is left behind (the lock file is hidden and empty)
    assert sorted(p.name for p in po.parent.iterdir() if not p.name.startswith(".")) == [
        po.name, xlf.name]
    if shutil.which("msgfmt"):
        done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0 and done.stderr == "", done.stderr
    assert_valid(schema12(), xlf.read_bytes())
    units = etree.parse(str(xlf)).findall(".//x:trans-unit", NS12)
    assert len(units) == len(polib.pofile(str(po)))
    targets = [u.find("x:target", NS12) for u in units]
    assert {t.get("state") for t in targets} == {"needs-review-translation"}
    assert {t.get("state-qualifier") for t in targets} == {"mt-suggestion"}


def test_pipeline_check_on_the_result_finds_only_apertiums_broken_quotes(spanish):
    """The glossary, numbers, dates and codes survive Apertium: the only errors are the
    three quotations it opens with ‘ and closes with ' (tests/test_checks_typography.py)."""
    import json

    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(spanish)
        result = CliRunner().invoke(main, ["check", "--format", "json", "locales"])
    assert result.exit_code == 1, result.output
    errors = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    assert [(f["check"], f["message"]) for f in errors] == [("qa.quotes", "‘ is closed with '")] * 3


def test_raw_apertium_translates_the_brand_but_the_pipeline_keeps_it(spanish):
    raw, = ApertiumEngine(EngineSettings(source="en", target="es")).translate(
        ["Since the launch of its first product, smart has delivered nearly 70,000 units."])
    assert "listo ha entregado" in raw.text.lower()
    alone, = ApertiumEngine(EngineSettings(source="en", target="es")).translate(
        ["smart has delivered nearly 70,000 units globally."])
    assert alone.text.startswith("Listo ha entregado")

    text = po_file(spanish).read_text(encoding="utf-8")
    catalog = polib.pofile(str(po_file(spanish)))
    launch = next(e for e in catalog if e.msgid.startswith("Since the launch of its first product"))
    assert "smart ha entregado" in launch.msgstr
    # "smart has/will/…" is the brand everywhere in the seed: never "listo" in those entries
    brand_subject = [e for e in catalog if re.search(r"\bsmart (has|will|now|is)\b", e.msgid)
                     and len(re.findall(r"\bsmart\w*", e.msgid, re.IGNORECASE)) == 1]
    assert len(brand_subject) > 10
    for entry in brand_subject:
        assert not re.search(r"\b[Ll]ist[oa]s?\b", entry.msgstr), entry.msgstr
    assert "Smart" not in "\n".join(e.msgstr for e in catalog)
    assert "smart #1" in text and "smart #3" in text


def test_every_machine_translation_is_fuzzy_with_an_mt_comment_and_glossary_hints(spanish):
    catalog = polib.pofile(str(po_file(spanish)))
    assert len(catalog) > 50
    for entry in catalog:
        assert entry.msgstr, entry.msgid
        assert "fuzzy" in entry.flags, entry.msgid
        assert "\nMT: apertium en→es" in entry.comment, entry.comment
        assert entry.tcomment == ""  # `#` belongs to translators
    launch = next(e for e in catalog if e.msgid.startswith("Since the launch of its first product"))
    assert "glossary: smart: brand, do not translate, always lowercase" in launch.comment
    assert launch.occurrences == [(f"releases/{SEED.name}", "13")]
    raw = po_file(spanish).read_text(encoding="utf-8")
    assert "\n#. glossary: smart: brand, do not translate" in raw
    assert "\n#. glossary: China-Europe dual home: slogan" in raw


def test_header_names_language_plural_forms_engine_and_glossary(spanish):
    header = polib.pofile(str(po_file(spanish))).metadata
    assert header["Language"] == "es"
    assert header["Plural-Forms"] == get_plural("es").plural_forms
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    signature = load_glossaries([ROOT / "glossaries" / "smart.yaml"]).signature
    generator = header["X-Generator"]
    assert "engine apertium:" in generator and "en-es" in generator
    assert f"glossary {signature}" in generator


def test_five_translated_entries_with_brand_terms(spanish):
    """Printed for the closing note (`pytest -s`)."""
    catalog = polib.pofile(str(po_file(spanish)))
    chosen = []
    for wanted in ("smart #1", "smart #3", "dual-home", "Sprint to the Next Level", "smart "):
        chosen.append(next(e for e in catalog if wanted in e.msgid and e not in chosen))
    for entry in chosen:
        print(f"\n  en: {entry.msgid}\n  es: {entry.msgstr}")
        for term in BRAND_TERMS:
            if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", entry.msgid):
                assert term in entry.msgstr, (term, entry.msgstr)


def test_xliff_21_on_request_validates_with_glossary_module(tmp_path):
    folder = make_project(tmp_path)
    result = translate(folder, "--lang", "es", "--engine", "apertium", "--xliff", "2.1")
    assert result.exit_code == 0, result.output
    data = po_file(folder).with_suffix(".xlf").read_bytes()
    assert_valid(schema2_core(), data)
    assert_valid(schema2_modules(), data)
    document = etree.fromstring(data)
    assert document.get("version") == "2.1"
    assert document.find(".//gls:glossary", NS2) is not None
    segments = document.findall(".//x:segment", NS2)
    assert {(s.get("state"), s.get("subState")) for s in segments} == {("initial", "pipeline:mt")}
    assert all(s.find("x:target", NS2).text for s in segments)


def test_a_pair_apertium_lacks_stops_the_run_before_anything_is_written(tmp_path):
    folder = make_project(tmp_path)
    result = translate(folder, "--lang", "es,xh", "--engine", "apertium")
    assert result.exit_code == 2
    assert "no Apertium pair for en→xh" in result.output
    assert not (folder / "locales").exists() or not any((folder / "locales").rglob("*.po"))


def test_translate_segments_before_the_glossarys_lowercase_names(tmp_path):
    """A second brand's lowercase names split sentences in translate as in extract: each
    sentence is an entry of its own, none written in code."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline]\nlanguages = ["es"]\nglossaries = ["glossaries/brands.yaml"]\n',
        "utf-8")
    (tmp_path / "glossaries").mkdir()
    shutil.copy(ROOT / "tests" / "data" / "glossaries" / "lowercase_brands.yaml",
                tmp_path / "glossaries" / "brands.yaml")
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "brands.txt").write_text(
        "Sports Brands Report Results\n\n"
        "Sales rose 12% in 2023. adidas continues to grow in Asia.\n\n"
        "The court rejected the appeal. eBay said it would comply.\n", "utf-8")
    result = translate(tmp_path, "--lang", "es", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    catalog = polib.pofile(str(tmp_path / "locales" / "es" / "brands.po"))
    assert [entry.msgid for entry in catalog] == [
        "Sports Brands Report Results", "Sales rose 12% in 2023.",
        "adidas continues to grow in Asia.", "The court rejected the appeal.",
        "eBay said it would comply."]
    assert catalog.find("adidas continues to grow in Asia.").msgstr.startswith("adidas")
