"""Issue 13: checks declare what they need and whether they are on by default; nothing is
guessed from an id, and the rule for which entries are checked is written once."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.checks import ALL_CHECKS, select_checks
from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDED = ROOT / "tests" / "data" / "checks" / "seeded"
GLOSSARY_IDS = [c.id for c in ALL_CHECKS if c.id.startswith("glossary.")]


def findings(*args: str) -> list[tuple[str, int]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", str(SEEDED), *args])
    assert result.exit_code in (0, 1), result.output
    return [(f["check"], f["line"]) for f in json.loads(result.stdout)["findings"]]


def test_switching_the_glossary_checks_off_changes_no_other_check(monkeypatch):
    monkeypatch.chdir(ROOT)
    every = findings()
    without = findings(*(arg for one in GLOSSARY_IDS for arg in ("--disable", one)))
    others = [f for f in every if not f[0].startswith("glossary.")]
    assert without == others  # qa.numbers still masks "smart #3": it needs the glossary


def test_needs_are_declared_on_the_classes():
    by_id = {check.id: check for check in ALL_CHECKS}
    assert all("glossary" in by_id[one].needs for one in GLOSSARY_IDS)
    assert "glossary" in by_id["qa.numbers"].needs
    assert "releases" in by_id["catalog.stale"].needs


def test_a_check_off_by_default_runs_only_when_enabled(monkeypatch):
    check = ALL_CHECKS[0]
    monkeypatch.setattr(type(check), "default_on", False)
    assert check not in select_checks(())
    assert check in select_checks((), enable=(check.id,))
    assert check not in select_checks((check.id,), enable=(check.id,))  # disable wins
