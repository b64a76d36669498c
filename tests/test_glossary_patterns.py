"""Issue 12: term patterns (a family of names such as every "smart #N") and forbidden
spellings in the English. Tables for the loader and lint, then real Apertium and check."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.engines.apertium import mode_for
from pipeline.errors import GlossaryError
from pipeline.glossary.interchange import dump_yaml
from pipeline.glossary.lint import lint
from pipeline.glossary.loader import load_glossaries
from pipeline.glossary.tbx import export_tbx, import_tbx

ROOT = Path(__file__).resolve().parent.parent
APERTIUM = shutil.which("apertium") is not None and mode_for("en", "es") is not None


def glossary_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "g.yaml"
    path.write_text("terms:\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "message"), [
    ("  - pattern: 'x*'\n", "the pattern can match empty text"),
    ("  - pattern: '(a|)'\n", "the pattern can match empty text"),
    ("  - pattern: 'smart #(\\d+'\n", "not a valid regular expression"),
    ("  - pattern: '(?P<n>a)b'\n", "named groups and back-references are not allowed"),
    ("  - pattern: 'smart #\\d+'\n    kind: forced\n", "a pattern names terms that are not"),
    ("  - pattern: 'a'\n    term: a\n", "either 'term' or 'pattern', not both"),
    ("  - pattern: 'smart #\\d+'\n    forbidden_patterns: ['.*']\n",
     "forbidden pattern '.*': the pattern can match empty text"),
])
def test_bad_patterns_are_refused_at_their_line(tmp_path, body, message):
    with pytest.raises(GlossaryError) as caught:
        load_glossaries([glossary_file(tmp_path, body)])
    line = 3 if "forbidden_patterns" in body else 2  # the key's own line
    assert message in str(caught.value) and f"g.yaml:{line}:" in str(caught.value)


def test_lint_reports_a_pattern_that_overlaps_a_listed_forced_term(tmp_path):
    path = glossary_file(tmp_path, (
        "  - term: Model 7\n    kind: forced\n    targets: {de: [Modell 7]}\n"
        "  - pattern: 'Model \\d'\n"))
    findings = lint([path]).findings
    assert any("pattern 'Model \\\\d' also matches 'Model 7'" in f.message for f in findings)


def test_patterns_round_trip_through_yaml_and_tbx(tmp_path):
    glossary = load_glossaries([ROOT / "glossaries" / "smart.yaml"])
    pattern = next(t for t in glossary.terms if t.pattern)
    (tmp_path / "again.yaml").write_text(dump_yaml(glossary), encoding="utf-8")
    again = next(t for t in load_glossaries([tmp_path / "again.yaml"]).terms if t.pattern)
    assert (again.pattern, again.forbidden_patterns) == (pattern.pattern,
                                                        pattern.forbidden_patterns)
    tbx = tmp_path / "g.tbx"
    tbx.write_bytes(export_tbx(glossary))
    assert b"pattern (regular expression): smart #\\d+" in tbx.read_bytes()
    back = next(t for t in import_tbx(tbx).terms if t.pattern)
    assert (back.pattern, back.forbidden_patterns) == (pattern.pattern,
                                                       pattern.forbidden_patterns)


def test_tbx_import_maps_a_target_equal_to_its_source_to_dnt(tmp_path):
    tbx = tmp_path / "other.tbx"
    tbx.write_text('''<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
<tbxHeader><fileDesc><sourceDesc><p>other tool</p></sourceDesc></fileDesc></tbxHeader>
<text><body><conceptEntry id="c1">
<langSec xml:lang="en"><termSec><term>eBay</term></termSec></langSec>
<langSec xml:lang="de"><termSec><term>eBay</term></termSec></langSec>
<langSec xml:lang="fr"><termSec><term>eBay</term></termSec></langSec>
</conceptEntry></body></text></tbx>''', encoding="utf-8")
    (term,) = import_tbx(tbx).terms
    assert (term.source, term.kind.value) == ("eBay", "dnt")


MODELS = "The smart #2 and the smart #6 arrive in 2025.\n\nThe SMART #1 is fast.\n"


@pytest.mark.skipif(not APERTIUM, reason="apertium with apertium-eng-spa is not installed")
def test_unlisted_models_are_protected_and_their_slips_reported(project):
    (project / "releases" / "2024-01-19-global-deliveries-near-70000.txt").unlink()
    (project / "releases" / "2025-03-01-models.txt").write_text(MODELS, encoding="utf-8")
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", "es", "--engine",
                                       "apertium"])
    assert result.exit_code == 0, result.output
    assert "releases/2025-03-01-models.txt:3: glossary.forbidden" in result.output  # warned
    po = project / "locales" / "es" / "2025-03-01-models.po"
    catalog = polib.pofile(str(po))
    models = catalog.find("The smart #2 and the smart #6 arrive in 2025.").msgstr
    assert "smart #2" in models and "smart #6" in models
    assert catalog.find("The SMART #1 is fast.").msgstr.startswith("El smart #1 ")
    clean = CliRunner().invoke(main, ["check", "locales"])
    assert clean.exit_code == 0, clean.output
    entry = catalog.find("The smart #2 and the smart #6 arrive in 2025.")
    entry.msgstr = entry.msgstr.replace("smart #2", "smart#2")
    catalog.save()
    result = CliRunner().invoke(main, ["check", str(po)])
    assert result.exit_code == 1
    assert '[glossary.forbidden] "smart#2" is forbidden; use "smart #2"' in result.output


def test_check_source_in_every_format(project):
    (project / "releases" / "x.txt").write_text(
        "The SMART #1 is fast.\n\nSmart customers can reserve the car today.\n",
        encoding="utf-8")
    outputs = {}
    for name in ("text", "json", "junit", "sarif", "github"):
        result = CliRunner().invoke(main, ["check", "--source", "releases/x.txt", "--format",
                                           name])
        assert result.exit_code == 1, result.output
        outputs[name] = result.output
    assert 'releases/x.txt:1: error [glossary.forbidden] "SMART #1" is forbidden' in outputs["text"]
    assert 'releases/x.txt:3: error [glossary.forbidden] "Smart" is forbidden' in outputs["text"]
    assert '"path": "releases/x.txt"' in outputs["json"] and '"line": 3' in outputs["json"]
    assert "releases/x.txt" in outputs["junit"] and "<testsuite" in outputs["junit"]
    assert '"uri": "releases/x.txt"' in outputs["sarif"]
    assert "::error file=releases/x.txt,line=3" in outputs["github"]


def test_check_source_has_no_false_alarm_on_the_seed(project):
    result = CliRunner().invoke(main, ["check", "--source"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("clean: no problems in 1 file")


def test_extract_warns_and_notes_a_slip_in_the_english(project):
    (project / "releases" / "2024-01-19-global-deliveries-near-70000.txt").unlink()
    (project / "releases" / "x.txt").write_text("The SMART #1 is fast.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 0, result.output
    assert ('pipeline: warning: releases/x.txt:1: glossary.forbidden: "SMART #1" is forbidden'
            in result.output)
    entry = polib.pofile(str(project / "locales" / "templates" / "x.pot")).find(
        "The SMART #1 is fast.")
    assert 'source QA: glossary.forbidden: "SMART #1" is forbidden; use "smart #1"' in \
        entry.comment
