"""`pipeline translate` with the real argos engine (CTranslate2 + SentencePiece) on the
deterministic fixture package: seed release en→de end to end, confidence in PO and XLIFF,
placeholder recovery with the model that drops ⟦2⟧, stage timings."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from click.testing import CliRunner
from lxml import etree
from test_xliff_builders import assert_valid, schema2_modules, schema12

from pipeline.cli import main

pytest_plugins = ["fixtures.argos_plugin"]

NAME = "2024-01-19-global-deliveries-near-70000"
NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
NS2 = {"x": "urn:oasis:names:tc:xliff:document:2.0", "mtc": "urn:oasis:names:tc:xliff:matches:2.0"}
MT_LINE = re.compile(r"^MT: argos en→de, confidence (\d\.\d\d), output [0-9a-f]{8}$", re.MULTILINE)
SUMMARY = re.compile(
    r"^de: 1 release\(s\); reused 0, TM 0, machine-translated (\d+) \((\d+) unique sent to the "
    r"engine\).*?(\d+) terms protected.*?(\d+) recoveries, \d+ repairs, (\d+) failures$",
    re.MULTILINE)
STAGES = ("read", "segment", "load model", "merge", "translate", "write")
NOT_TYPOGRAPHY = ("--disable", "qa.quotes", "--disable", "qa.spacing",
                  "--disable", "qa.headline-case")


def _translate(*args: str):
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", "de", *args])
    print(result.output)  # summary and timings, for the closing note (`pytest -s`)
    return result


def _check() -> str:
    # About the engine and recovery: the MT output's typography (quotes, spaces, headline
    # case) is asserted in tests/test_checks_typography.py.
    result = CliRunner().invoke(main, ["check", "--format", "json", *NOT_TYPOGRAPHY,
                                       "locales"])
    assert result.exit_code == 0, result.output
    return result.output


def _confidences(po: Path) -> list[float]:
    return [float(c) for e in polib.pofile(str(po)) for c in MT_LINE.findall(e.comment)]


def test_fixture_model_translates_the_seed_end_to_end(project, argos_packages_dir):
    result = _translate()
    assert result.exit_code == 0, result.output
    counts = SUMMARY.search(result.output)
    assert counts, result.output
    translated, sent, protected, recoveries, failures = map(int, counts.groups())
    assert translated == sent > 50 and protected > 100
    assert (recoveries, failures) == (0, 0)  # the good model passes placeholders through

    po = project / "locales" / "de" / f"{NAME}.po"
    catalog = polib.pofile(str(po))
    assert all("fuzzy" in e.flags and e.msgstr for e in catalog)
    launch = next(e for e in catalog if e.msgid.startswith("Since the launch of its first"))
    assert "smart hat geliefert" in launch.msgstr  # the word-for-word model's German
    assert catalog.metadata["Language"] == "de"
    assert "engine argos:" in catalog.metadata["X-Generator"]
    assert '"findings": []' in _check()

    confidences = _confidences(po)
    # a segment that is nothing but protected terms and numbers never reaches the engine
    whole_terms = [e for e in catalog
                   if "MT: argos en→de, glossary terms only" in e.comment]
    assert [e.msgid for e in whole_terms] == ["2024 sprint to the next level"]
    assert len(confidences) == len(catalog) - len(whole_terms)
    assert all(0 < c <= 1 for c in confidences)
    assert min(confidences) < 1.0  # the model is unsure of "globally"

    xlf = po.with_suffix(".xlf")
    assert_valid(schema12(), xlf.read_bytes())
    units = etree.parse(str(xlf)).findall(".//x:trans-unit", NS12)
    qualities = [int(a.get("match-quality")) for u in units for a in u.findall("x:alt-trans", NS12)]
    assert sorted(qualities) == sorted(round(c * 100) for c in confidences)


def test_xliff_21_carries_the_confidence_as_match_quality(project, argos_packages_dir):
    assert _translate("--xliff", "2.1").exit_code == 0
    po = project / "locales" / "de" / f"{NAME}.po"
    data = po.with_suffix(".xlf").read_bytes()
    assert_valid(schema2_modules(), data)
    matches = etree.fromstring(data).findall(".//mtc:match", NS2)
    qualities = sorted(int(m.get("matchQuality")) for m in matches)
    assert qualities == sorted(round(c * 100) for c in _confidences(po))
    assert min(qualities) < 100


def test_dropped_placeholders_are_recovered_and_the_output_is_clean(
        project, argos_garbling_packages_dir):
    result = _translate()
    assert result.exit_code == 0, result.output
    counts = SUMMARY.search(result.output)
    assert counts, result.output
    _, _, _, recoveries, failures = map(int, counts.groups())
    assert recoveries > 0 and failures == 0
    assert '"findings": []' in _check()

    catalog = polib.pofile(str(project / "locales" / "de" / f"{NAME}.po"))
    recovered = [e for e in catalog if "recovery: placeholders needed" in e.comment]
    assert len(recovered) == recoveries
    for entry in recovered:
        assert "fuzzy" in entry.flags
    two_terms = next(e for e in recovered if e.msgid.startswith("The global brand, global R&D"))
    assert "smart" in two_terms.msgstr and "China-Europe dual home" in two_terms.msgstr


def test_stage_timings_are_printed(project, argos_packages_dir):
    result = _translate()
    line = next(x for x in result.output.splitlines() if x.startswith("de: timings: "))
    for stage in STAGES:
        assert re.search(rf"{re.escape(stage)} \d+\.\d\ds", line), line
