"""`pipeline check` end to end: fixture PO sets, every output format, exit codes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "checks"
SEEDED = "tests/data/checks/seeded"
CLEAN = "tests/data/checks/clean"
EXPECTED = (DATA / "seeded.expected.txt").read_text(encoding="utf-8")
# (path, line, check, severity) of every seeded violation, from the golden text output.
LINE = re.compile(r"^(\S+\.po):(\d+): (error|warning) \[([\w.-]+)\] (.*)$")
WANT = [
    (m[1], int(m[2]), m[4], m[3], m[5])
    for m in (LINE.match(line) for line in EXPECTED.splitlines()) if m
]


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def check(*args: str):
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def test_golden_file_lists_the_seeded_violations():
    assert len(WANT) == 15
    assert len({(p, line, c) for p, line, c, *_ in WANT}) == len(WANT)  # each reported once


def test_clean_set_exits_0(at_root):
    result = check(CLEAN)
    assert result.exit_code == 0, result.output
    assert result.output == ("clean: no problems in 2 files, 21 entries (19 reviewed, "
                             "0 MT drafts, 1 other draft, 1 untranslated)\n")


def test_seeded_set_exits_1_with_each_violation_at_its_msgstr_line(at_root):
    result = check(SEEDED)
    assert result.exit_code == 1
    assert result.output == EXPECTED
    lines = {}
    for path, line, *_ in WANT:
        lines.setdefault(path, (ROOT / path).read_text(encoding="utf-8").splitlines())
        assert lines[path][line - 1].startswith("msgstr"), (path, line)


def test_json_format(at_root):
    result = check(SEEDED, "--format", "json")
    document = json.loads(result.stdout)
    got = [(f["path"], f["line"], f["check"], f["severity"], f["message"])
           for f in document["findings"]]
    assert got == WANT
    assert document["summary"] == {"files": 2, "entries": 16, "errors": 11, "warnings": 4}
    assert [f["fuzzy"] for f in document["findings"]].count(True) == 1


def test_sarif_format_validates_against_the_official_schema(at_root):
    result = check(SEEDED, "--format", "sarif")
    document = json.loads(result.stdout)
    schema = json.loads((ROOT / "tests/data/sarif/sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(document, schema)
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} >= {"glossary.forbidden", "qa.numbers"}
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
    got = []
    for res in run["results"]:
        location = res["locations"][0]["physicalLocation"]
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        got.append((location["artifactLocation"]["uri"], location["region"]["startLine"],
                    res["ruleId"], res["level"], res["message"]["text"]))
    assert got == WANT


def test_sarif_of_a_clean_run_is_valid_too(at_root):
    document = json.loads(check(CLEAN, "--format", "sarif").stdout)
    schema = json.loads((ROOT / "tests/data/sarif/sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(document, schema)
    assert document["runs"][0]["results"] == []


def test_junit_format(at_root):
    result = check(SEEDED, "--format", "junit")
    root = etree.fromstring(result.stdout.encode("utf-8"))
    got = []
    for case in root.iter("testcase"):
        failure = case.find("failure")
        if failure is None:  # a warning: a passing testcase that carries the message
            text = case.findtext("system-out")
            assert text.startswith(f"{case.get('file')}:{case.get('line')}: warning [")
            message = text.split("] ", 1)[1].split("\nmsgid: ")[0]
            got.append((case.get("file"), int(case.get("line")), case.get("name").split()[0],
                        "warning", message))
            continue
        got.append((case.get("file"), int(case.get("line")), case.get("name").split()[0],
                    failure.get("type"), failure.get("message")))
    assert got == WANT
    errors = sum(1 for one in WANT if one[3] == "error")
    assert root.get("failures") == str(errors) and errors < len(WANT)  # warnings apart
    assert [suite.get("name") for suite in root.iter("testsuite")] == [
        "tests/data/checks/seeded/de/release.po", "tests/data/checks/seeded/fr/release.po"]


def test_github_format(at_root):
    result = check(SEEDED, "--format", "github")
    pattern = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),title=([^:]+)::(.*)$")
    got = []
    for line in result.stdout.splitlines():
        match = pattern.match(line)
        assert match, line
        got.append((match[2], int(match[3]), match[4], match[1], match[5]))
    assert got == [(p, n, c, s, m.replace("%", "%25")) for p, n, c, s, m in WANT]
    assert result.exit_code == 1
    assert "11 errors in 2 of 2 files, 4 warnings" in result.stderr  # off stdout


def test_output_file(at_root, tmp_path):
    out = tmp_path / "report" / "check.sarif"
    result = check(SEEDED, "--format", "sarif", "-o", str(out))
    assert result.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert result.stdout == ""


@pytest.mark.parametrize(("args", "code"), [
    (["--fail-on", "never"], 0),
    (["--fail-on", "warning"], 1),
    (["--fail-on", "error"], 1),
    (["--fail-on", "error", "--disable", "glossary.forbidden", "--disable", "glossary.dnt",
      "--disable", "glossary.forced", "--disable", "glossary.casing",
      "--disable", "qa.numbers", "--disable", "qa.placeholders"], 0),
    (["--fail-on", "warning", "--disable", "glossary.forbidden", "--disable", "glossary.dnt",
      "--disable", "glossary.forced", "--disable", "glossary.casing",
      "--disable", "qa.numbers", "--disable", "qa.placeholders"], 1),
])
def test_fail_on_and_disable(at_root, args, code):
    assert check(SEEDED, *args).exit_code == code


def test_skip_fuzzy_leaves_machine_output_unchecked(at_root):
    with_fuzzy = check(SEEDED).output
    without = check(SEEDED, "--skip-fuzzy").output
    assert "release.po:55:" in with_fuzzy
    assert "release.po:55:" not in without
    assert without.count("\n") == with_fuzzy.count("\n") - 1


def test_malformed_po_exits_2_with_one_line(at_root):
    result = CliRunner().invoke(main, ["check", "tests/data/checks/malformed"])
    assert result.exit_code == 2
    assert result.stderr == (
        "pipeline: tests/data/checks/malformed/de/broken.po:10: malformed PO: syntax error\n"
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["no/such/dir"], "pipeline: no/such/dir: no such file or directory\n"),
    (["--disable", "qa.nope", CLEAN], "pipeline: --disable: unknown check id qa.nope; known: "),
])
def test_usage_errors_exit_2(at_root, args, message):
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


def test_bad_glossary_exits_2(at_root, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("terms:\n  - term: smart\n    kind: sometimes\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--glossary", str(bad), CLEAN])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"pipeline: {bad}:")
    assert result.stderr.count("\n") == 1


def test_missing_glossary_exits_2(project):
    shutil.rmtree(project / "glossaries")
    (project / "locales" / "de").mkdir(parents=True)
    shutil.copy(DATA / "clean/de/release.po", project / "locales/de/release.po")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert "glossaries/smart.yaml: glossary not found" in result.stderr


def test_default_paths_and_config_disable(project):
    (project / "locales" / "templates").mkdir(parents=True)
    shutil.copytree(DATA / "seeded/de", project / "locales/de")
    shutil.copytree(DATA / "seeded/fr", project / "locales/fr")
    result = check()
    assert result.exit_code == 1
    assert result.output.startswith("locales/de/release.po:12: error [glossary.forbidden]")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(
        "disable = []", 'disable = ["glossary.forbidden", "qa.numbers"]'))
    output = check().output
    assert "[glossary.forbidden]" not in output and "[qa.numbers]" not in output
    assert "[qa.doubled-word]" in output


def test_unknown_id_in_pyproject_exits_2(project):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("disable = []", 'disable = ["qa.typo"]'))
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert "pyproject.toml: unknown check id qa.typo" in result.stderr


def test_empty_locales_is_clean_with_a_clear_message(project):
    (project / "locales" / "templates").mkdir(parents=True)
    (project / "locales" / "templates" / "x.pot").write_text('msgid ""\nmsgstr ""\n')
    result = check("locales")
    assert result.exit_code == 0
    assert result.output == "no PO files found in locales; nothing to check\n"


def test_language_from_directory_name_when_header_has_none(project):
    (project / "locales" / "de").mkdir(parents=True)
    (project / "locales" / "de" / "x.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "nearly 70,000 units"\nmsgstr "fast 70.000 Einheiten"\n', encoding="utf-8")
    assert check("locales").exit_code == 0  # read as German: 70.000 is seventy thousand
    (project / "locales" / "de" / "x.po").rename(project / "locales" / "x.po")
    result = CliRunner().invoke(main, ["check", "locales/x.po"])
    assert result.exit_code == 2
    assert result.stderr.startswith("pipeline: locales/x.po:1: no Language header")


def test_completeness_threshold(at_root):
    result = check(CLEAN, "--max-untranslated", "5")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "tests/data/checks/clean/de/release.po:1: error [qa.completeness] 2 of 15 entries "
        "(13%) are untranslated or fuzzy; the limit is 5%")
    assert check(CLEAN, "--max-untranslated", "20").exit_code == 0


def test_list_checks():
    result = check("--list-checks")
    assert result.exit_code == 0
    ids = [line.split()[0] for line in result.output.splitlines()]
    assert ids[:2] == ["glossary.forbidden", "glossary.casing"] and "qa.completeness" in ids


def test_pre_commit_style_file_arguments(at_root):
    result = check(f"{SEEDED}/fr/release.po", f"{CLEAN}/fr/release.po")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # The two French files translate some sentences differently: qa.consistency says so
    # in both; the seeded file's own three findings are the rest.
    assert sum(1 for line in lines if line.startswith(f"{SEEDED}/fr/release.po:")
               and "[qa.consistency]" not in line) == 3
    assert any("[qa.consistency]" in line for line in lines)


def test_check_run_loads_no_translation_machinery(at_root):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from pipeline.cli import main\n"
        f"CliRunner().invoke(main, ['check', '{SEEDED}', '--format', 'junit'])\n"
        "heavy = ('argostranslate', 'ctranslate2', 'sentencepiece', 'torch')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


def test_pre_commit_hook_and_workflow_run_the_check():
    import yaml

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "pipeline check"
    assert re.search(hook["files"], "locales/de/x.po")
    assert not re.search(hook["files"], "locales/templates/x.pot")
    workflow = (ROOT / ".github/workflows/l10n-check.yml").read_text(encoding="utf-8")
    steps = yaml.safe_load(workflow)["jobs"]["check"]["steps"]
    assert "pipeline check --format github" in [step.get("run") for step in steps]
    body = workflow[workflow.index("name: l10n check"):]
    assert body in (ROOT / "docs/check.md").read_text(encoding="utf-8")  # docs stay in sync


def test_python_api_loads_the_configured_glossary_unless_given_one(at_root):
    from pipeline.checks.runner import check_paths
    from pipeline.config import load_settings
    from pipeline.glossary.model import Glossary

    settings = load_settings(ROOT)
    report = check_paths([SEEDED], settings)
    assert [(f.path, f.line, f.check) for f in report.findings] == [w[:3] for w in WANT]
    assert report.exit_code("error") == 1 and report.exit_code("never") == 0
    without = check_paths([SEEDED], settings, glossary=Glossary())
    assert not any(f.check.startswith("glossary.") for f in without.findings)
