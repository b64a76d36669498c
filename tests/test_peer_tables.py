"""`pipeline check` measured against the peers' own test tables.

tests/data/peers/cases.json holds the good and bad source/target pairs of Translate
Toolkit's pofilter tests and Weblate's check tests (data only; README.md there says where
they come from and how cases.json is regenerated). Every case that applies to release
prose runs through our checks. The agreement figure is printed, and every disagreement must
be one of DISAGREEMENTS below, each with its reason (also listed in docs/check.md), so a new
disagreement, or one that went away, fails the test.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.checks import ALL_CHECKS, CheckContext
from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = json.loads((ROOT / "tests/data/peers/cases.json").read_text(encoding="utf-8"))
CASES = [case for case in DATA["cases"] if case["applies"]]
BY_ID = {check.id: check for check in ALL_CHECKS}
TARGET = 95.0

TT = "translate-toolkit:test_checks.py:"
WL = "weblate:"
# Where our checks and the peers disagree on purpose, or where one of our checks should
# change (docs/check.md, "Measured against Translate Toolkit and Weblate").
DISAGREEMENTS = {
    # quotes: qa.quotes checks pairing and the project's style, not the kind of mark
    TT + "289": "' in the source, \" in the translation: the kind of mark is the language's "
                "style, set by [tool.pipeline.check.quotes], not copied from English",
    TT + "1203": "' in the source, \" in the translation: the kind of mark is the language's "
                 "style, set by [tool.pipeline.check.quotes], not copied from English",
    TT + "299": "French \"…\" kept: reported only where the project sets fr = « » in "
                "[tool.pipeline.check.quotes]",
    TT + "1137": "French «this» without inner spaces: reported only where the project sets "
                 "fr = « » in [tool.pipeline.check.quotes]",
    # spacing
    TT + "330": "two spaces after a full stop are a typewriter habit; a translation that "
                "drops them is right",
    # numbers
    TT + "813": "R57.60: letters joined to digits are a code (R57) to qa.codes, which the "
                "translation keeps, so qa.numbers compares 60 with 60; a price after a "
                "letter currency sign is not how releases write prices",
    # placeholders
    TT + "1080": "{1} against {} {}: Python's numbering of brace fields; in a release a "
                 "placeholder is an opaque code that appears as written",
    # doubled words
    WL + "test_duplicate_checks.py:51": "ХАХ ХАХ for HAH HAH: the source doubles the word "
                                        "too, transliterated; qa.doubled-word only sees the "
                                        "same spelling",
}


def verdict(case: dict) -> list[str] | None:
    """Our checks' messages on the case; None when one of its checks is not registered."""
    context = CheckContext(path="peer.po", language=case["language"])
    messages: list[str] = []
    for check_id in case["checks"]:
        if check_id not in BY_ID:
            return None
        messages.extend(BY_ID[check_id].check_pair(case["source"], case["target"], context))
    return messages


def agrees(case: dict, messages: list[str] | None) -> bool:
    return messages is not None and bool(messages) == (case["expected"] == "problem")


def _results() -> list[tuple[dict, list[str] | None]]:
    return [(case, verdict(case)) for case in CASES]


def _figure(results) -> tuple[float, str]:
    total, agreed = Counter(), Counter()
    for case, messages in results:
        key = "+".join(case["checks"])
        total[key] += 1
        agreed[key] += agrees(case, messages)
    share = 100.0 * sum(agreed.values()) / len(results)
    lines = [f"peer tables: {sum(agreed.values())} of {len(results)} cases agree ({share:.1f} %,"
             f" target {TARGET:g} %); {len(DATA['cases']) - len(results)} cases out of scope"]
    lines += [f"  {key}: {agreed[key]}/{total[key]}" for key in sorted(total)]
    return share, "\n".join(lines)


def test_the_table_is_the_peers_and_applies_to_releases():
    assert {s["package"] for s in DATA["sources"]} == {"translate-toolkit", "weblate"}
    assert len(CASES) >= 150  # the extraction found the tables
    assert {case["peer"] for case in CASES} == {"translate-toolkit", "weblate"}
    assert all(case.get("scope") for case in DATA["cases"] if not case["applies"])
    missing = {c for case in CASES for c in case["checks"] if c not in BY_ID}
    assert not missing, f"checks not registered: {sorted(missing)}"


def test_every_disagreement_is_listed_with_its_reason(capsys):
    results = _results()
    share, figure = _figure(results)
    with capsys.disabled():
        print("\n" + figure)
    disagreeing = {case["id"]: (case, messages) for case, messages in results
                   if not agrees(case, messages)}
    new = {key: (c["source"], c["target"], c["language"], c["expected"], m)
           for key, (c, m) in disagreeing.items() if key not in DISAGREEMENTS}
    assert not new, f"new disagreements with the peers: {new}"
    gone = sorted(set(DISAGREEMENTS) - set(disagreeing))
    assert not gone, f"listed disagreements that now agree (remove them): {gone}"
    assert share >= 100.0 * (1 - len(DISAGREEMENTS) / len(CASES)) - 1e-9


def test_every_disagreement_is_documented():
    docs = (ROOT / "docs/check.md").read_text(encoding="utf-8")
    undocumented = [key for key in DISAGREEMENTS if key.split(":", 1)[1] not in docs]
    assert not undocumented


def test_agreement_reaches_the_target():
    share, figure = _figure(_results())
    assert share >= TARGET, figure


# Through the CLI, as CI runs it: a sample of the cases, one PO each.
SAMPLE = CASES[::9]


@pytest.fixture
def project(tmp_path, monkeypatch):
    glossary = (ROOT / "glossaries" / "smart.yaml").as_posix()
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.pipeline]\nglossaries = ["{glossary}"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _po_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return escaped.replace("\t", "\\t")


@pytest.mark.parametrize("case", SAMPLE, ids=[case["id"] for case in SAMPLE])
def test_cli_reports_what_the_checks_report(project, case):
    language = "und" if case["language"] == "und" else case["language"]
    po = project / "peer.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {language}\\n"\n\n'
        f'msgid "{_po_string(case["source"])}"\nmsgstr "{_po_string(case["target"])}"\n',
        encoding="utf-8")
    enable = [arg for c in case["checks"] if not BY_ID[c].default_on for arg in ("--enable", c)]
    result = CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "never",
                                       *enable, str(po)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    found = [f["message"] for f in document["findings"] if f["check"] in case["checks"]]
    assert sorted(found) == sorted(verdict(case))
    expected_agreement = case["id"] not in DISAGREEMENTS
    assert (bool(found) == (case["expected"] == "problem")) == expected_agreement
