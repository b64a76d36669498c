"""`pipeline glossary lint|export|import` through click's CliRunner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def run(*args: str):
    return CliRunner().invoke(main, ["glossary", *args])


def test_lint_default_glossary_is_clean(project):
    result = run("lint")
    assert result.exit_code == 0, result.output
    assert result.output == "clean: 31 terms\n"


def test_lint_reports_each_finding_as_file_line(project):
    shutil.copy(DATA / "glossaries" / "lint_findings.yaml", "bad.yaml")
    result = run("lint", "bad.yaml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    expected = [
        "bad.yaml:1: unknown language code 'xx-notalang'",
        "bad.yaml:5: duplicate of 'smart' defined at bad.yaml:3",
        "bad.yaml:7: forbidden form 'smartcare' is also the term or a variant",
        "bad.yaml:10: 'smart #1': unknown language code 'qq'",
        "bad.yaml:14: unquoted '#3' starts a YAML comment here",
        "bad.yaml:16: conflicting definitions of 'Golden Steering Wheel': forced here",
        "bad.yaml:19: 'smart' is forbidden by 'Red Dot' but approved by 'smart'",
        "bad.yaml:21: '?!' contains no letter or digit",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, lines)
    assert all(line.split(":")[1].isdigit() for line in lines)


@pytest.mark.parametrize(("text", "message"), [
    ("terms:\n  - term: x\n   bad: [\n", "bad.yaml:3:4: this line is indented differently"),
    (None, "bad.yaml: glossary file not found"),
])
def test_lint_unreadable_input_exits_2(project, text, message):
    if text is not None:
        Path("bad.yaml").write_text(text)
    result = run("lint", "bad.yaml")
    assert result.exit_code == 2
    assert f"pipeline: {message}" in result.stderr
    assert "Traceback" not in result.output


def test_export_then_import_round_trip(project):
    result = run("export", "--format", "tbx", "-o", "build/smart.tbx")
    assert result.exit_code == 0, result.output
    schema = etree.RelaxNG(etree.parse(str(DATA / "tbx" / "TBXcoreStructV03.rng")))
    assert schema.validate(etree.parse("build/smart.tbx"))
    result = run("import", "build/smart.tbx", "-o", "glossaries/back.yaml")
    assert result.exit_code == 0, result.output
    assert run("lint", "glossaries/back.yaml").exit_code == 0
    from pipeline.glossary.loader import load_glossaries

    original = load_glossaries(["glossaries/smart.yaml"]).terms
    back = load_glossaries(["glossaries/back.yaml"]).terms
    assert [t.source for t in back] == [t.source for t in original]
    assert [t.targets for t in back] == [t.targets for t in original]


def test_import_never_overwrites_without_force(project):
    before = Path("glossaries/smart.yaml").read_text()
    result = run("import", str(DATA / "glossaries" / "customer.csv"), "-o", "glossaries/smart.yaml")
    assert result.exit_code == 2 and "use --force" in result.stderr
    assert Path("glossaries/smart.yaml").read_text() == before
    result = run("import", str(DATA / "glossaries" / "customer.csv"), "-o", "glossaries/c.yaml")
    assert result.exit_code == 0, result.output
    assert "Goldenes Lenkrad" in Path("glossaries/c.yaml").read_text()


def test_import_refuses_hostile_tbx_without_writing(project):
    result = run("import", str(DATA / "tbx" / "billion-laughs.tbx"), "-o", "glossaries/x.yaml")
    assert result.exit_code == 2
    assert "billion-laughs.tbx:3: refused: DOCTYPE declares entities" in result.stderr
    assert not Path("glossaries/x.yaml").exists()


def test_export_with_bad_glossary_exits_2(project):
    Path("glossaries/smart.yaml").write_text("terms:\n  - term: x\n    kind: nope\n")
    result = run("export", "-o", "out.tbx")
    assert result.exit_code == 2
    assert "glossaries/smart.yaml:3: invalid kind 'nope'" in result.stderr
    assert not Path("out.tbx").exists()
