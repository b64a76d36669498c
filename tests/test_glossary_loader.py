"""Loading glossaries: schema, line numbers of problems, several files at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.errors import GlossaryError
from pipeline.glossary.loader import load_glossaries, read_glossary_file
from pipeline.glossary.model import TermKind

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "glossaries"
SMART = ROOT / "glossaries" / "smart.yaml"


def write(tmp_path: Path, text: str, name: str = "g.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_smart_glossary_loads_with_locations():
    glossary = load_glossaries([SMART])
    by_source = {term.source: term for term in glossary.terms}
    assert {"smart", "smart #1", "smart #3", "smart #5", "smartcare", "AUTO BILD",
            "Golden Steering Wheel", "China-Europe dual home"} <= set(by_source)
    brand = by_source["smart"]
    assert brand.kind is TermKind.DNT and brand.keep_lowercase
    assert {"Smart", "SMART"} <= set(brand.forbidden)
    assert brand.location.path == str(SMART)
    line = SMART.read_text().splitlines()[brand.location.line - 1]
    assert "term: smart" in line
    wheel = by_source["Golden Steering Wheel"]
    assert wheel.kind is TermKind.FORCED
    assert wheel.preferred("de") == "Goldenes Lenkrad"
    assert wheel.preferred("fr") == "Golden Steering Wheel"  # English kept until approved
    assert set(glossary.languages) >= {"de", "fr", "es", "nl", "it"}


def test_toml_glossary_has_same_schema_and_header_lines():
    glossary = load_glossaries([DATA / "small.toml"])
    smart, wheel = glossary.terms
    assert smart.targets == {"nl": ("smart-modellen",)}
    assert wheel.lang_forbidden == {"de": ("Goldenes Steuerrad",)}
    assert wheel.forbidden_forms("de") == ("Goldenes Steuerrad",)
    assert (smart.location.line, wheel.location.line) == (4, 11)


def test_several_files_merge_and_identical_duplicates_collapse(tmp_path):
    other = write(tmp_path, "terms:\n  - term: smart\n    category: brand\n"
                  "    keep_lowercase: true\n    forbidden: [Smart, SMART]\n"
                  "    targets: {nl: [smart-modellen]}\n  - term: Acme\n")
    glossary = load_glossaries([DATA / "small.toml", other])
    assert [t.source for t in glossary.terms] == ["smart", "Golden Steering Wheel", "Acme"]
    assert glossary.paths == (str(DATA / "small.toml"), str(other))


def test_conflicting_definitions_across_files_fail_at_load():
    with pytest.raises(GlossaryError) as err:
        load_glossaries([DATA / "conflict_a.yaml", DATA / "conflict_b.yaml"])
    assert str(err.value).startswith(f"{DATA / 'conflict_b.yaml'}:4: conflicting definitions")
    assert "conflict_a.yaml:2" in str(err.value)


BAD = [
    ("terms:\n  - term: x\n    kind: forbidden\n", 3, "invalid kind 'forbidden'"),
    ("terms:\n  - term: '   '\n", 2, "empty or whitespace-only"),
    ("terms:\n  - term: ''\n", 2, "empty or whitespace-only"),
    ("terms:\n  - term: x\n    colour: red\n", 3, "unknown key 'colour'"),
    ("terms:\n  - term: x\n    forbidden: [' X']\n", 3, "leading or trailing whitespace"),
    ("terms:\n  - term: x\n    kind: forced\n", 2, "has no targets"),
    ("terms:\n  - term: x\n    case_sensitive: maybe\n", 3, "must be true or false"),
    ("terms:\n  - term: x\n    overrides: {de: {targets: [y]}}\n", 3, "unknown key 'targets'"),
    ("terms:\n  - term: x\n    term: y\n", 3, "duplicate key 'term'"),
    ("terms:\n  - term: x\n   bad: [\n", 3, "indented differently from the line above"),
    ("terms:\n  - kind: dnt\n", 2, "has no 'term'"),
    ("terms:\n  - term: a\n  - term: b\n    id: a\n", 3, "duplicate id 'a'"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD)
def test_bad_yaml_reports_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(GlossaryError) as err:
        load_glossaries([path])
    # a YAML parse error also names its column: path:line:column
    assert re.match(rf"{re.escape(str(path))}:{line}(:\d+)?: ", str(err.value)), err.value
    assert message in str(err.value)


@pytest.mark.parametrize(("text", "line", "message"), [
    ('[[terms]]\nterm = "x"\nkind = "nope"\n', 1, "invalid kind"),
    ('[[terms]]\nterm = "x"\nterm = "y"\n', 3, "invalid TOML"),
    ('[[terms]]\nterm = "a"\n\n[[terms]]\nterm = " "\n', 4, "empty or whitespace-only"),
])
def test_bad_toml_reports_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, text, "g.toml")
    with pytest.raises(GlossaryError) as err:
        load_glossaries([path])
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert message in str(err.value)


def test_read_collects_every_problem_of_a_file(tmp_path):
    path = write(tmp_path, "terms:\n  - term: a\n    kind: x\n  - term: ' '\n  - term: ok\n")
    parsed = read_glossary_file(path)
    assert [p.location.line for p in parsed.problems] == [3, 4]
    assert [t.source for t in parsed.terms] == ["ok"]


@pytest.mark.parametrize("name", ["missing.yaml", "glossary.json"])
def test_unreadable_or_unknown_files(tmp_path, name):
    if name.endswith(".json"):
        write(tmp_path, "{}", name)
    with pytest.raises(GlossaryError) as err:
        load_glossaries([tmp_path / name])
    assert str(err.value).startswith(str(tmp_path / name))
