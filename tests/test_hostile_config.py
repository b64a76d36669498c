"""`[tool.pipeline]` checked once against its schema: a wrong type, a value out of range,
nan, a string where a list belongs or an unknown key is one line naming the key, its line
and what is expected. A fuzz test feeds arbitrary TOML values to every key."""

from __future__ import annotations

import contextlib
import math
import tomllib
from pathlib import Path

import pytest
from hostile.support import ROOT, assert_refused, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import settings_from_table
from pipeline.errors import PipelineError
from pipeline.settings_schema import CHECK_SCHEMA, SCHEMA


def _project(tmp_path: Path, lines: str, table: str = "tool.pipeline") -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[{table}]\n{lines}\n",
                                             encoding="utf-8")
    (tmp_path / "glossaries").mkdir()
    (tmp_path / "glossaries" / "smart.yaml").write_bytes(
        (ROOT / "glossaries" / "smart.yaml").read_bytes())
    (tmp_path / "locales" / "de").mkdir(parents=True)
    return tmp_path


BAD = [
    ('languages = "de"', "languages", "a list of strings"),
    ("languages = [1, 2]", "languages", "a list of non-empty strings"),
    ('languages = ["de", ""]', "languages", "a list of non-empty strings"),
    ("glossaries = 5", "glossaries", "a list of strings"),
    ("locales = 5", "locales", "a non-empty string"),
    ('build = ""', "build", "a non-empty string"),
    ("releases = [\"a\"]", "releases", "a non-empty string"),
    ("tm_similarity = nan", "tm_similarity", "a number from 0 to 1"),
    ("tm_similarity = 7", "tm_similarity", "a number from 0 to 1"),
    ('tm_similarity = "high"', "tm_similarity", "a number from 0 to 1"),
    ("tm_similarity = true", "tm_similarity", "a number from 0 to 1"),
    ("engine = {}", "engine", "one of 'argos', 'apertium', 'none'"),
    ("lanugages = [\"de\"]", "lanugages", "unknown key"),
]


@pytest.mark.parametrize(("line", "key", "expected"), BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("command", [["check"], ["stats"], ["report", "--lang", "de"]],
                         ids=lambda c: c[0])
def test_a_wrong_value_names_key_line_and_type(tmp_path, monkeypatch, line, key, expected,
                                               command):
    root = _project(tmp_path, line)
    monkeypatch.chdir(root)
    found = assert_refused(invoke(command), "pyproject.toml", 5, expected)
    assert key in found.group("reason")
    assert not (root / "build").exists()


@pytest.mark.parametrize(("line", "expected"), [
    ("untranslated_threshold = -1", "a number from 0 to 100"),
    ("untranslated_threshold = nan", "a number from 0 to 100"),
    ('fail_on = "sometimes"', "one of 'error', 'warning', 'never'"),
    ('disable = "qa.doubled-word"', "a list of strings"),
])
def test_check_table_values_are_checked_too(tmp_path, monkeypatch, line, expected):
    monkeypatch.chdir(_project(tmp_path, line, "tool.pipeline.check"))
    assert_refused(invoke(["check"]), "pyproject.toml", 5, expected)


@pytest.mark.parametrize("value", ["9" * 10_000, "[" * 3000 + "]" * 3000])
def test_a_10000_digit_number_or_deep_nesting_is_one_line(tmp_path, monkeypatch, value):
    monkeypatch.chdir(_project(tmp_path, f"tm_similarity = {value}"))
    assert_refused(invoke(["check"]), "pyproject.toml", None, "invalid TOML")


def test_a_table_where_a_value_belongs(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool]\npipeline = 3\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert_refused(invoke(["check"]), "pyproject.toml", None, "must be a table")


# -- fuzz --------------------------------------------------------------------------------
toml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
    st.dates(), st.datetimes(),
)
toml_values = st.recursive(
    toml_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                         st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=12)
keys = st.sampled_from([*SCHEMA, "check", "unknown"])
check_keys = st.sampled_from([*CHECK_SCHEMA, "other"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.dictionaries(keys, toml_values, max_size=4),
       check=st.dictionaries(check_keys, toml_values, max_size=3))
def test_any_table_gives_settings_or_an_input_error(table, check):
    data = {"tool": {"pipeline": {**table, "check": check}}}
    try:
        settings = settings_from_table(data, Path("/project"))
    except PipelineError as exc:
        assert "\n" not in str(exc)
        return
    # Accepted: every value is of its declared type, nothing iterated out of a string.
    assert all(isinstance(code, str) and code for code in settings.languages)
    assert all(isinstance(name, str) for name in settings.glossaries)
    assert 0 <= settings.tm_similarity <= 1 and not math.isnan(settings.tm_similarity)
    assert isinstance(settings.locales, str) and settings.path(settings.locales)
    assert settings.check.fail_on in ("error", "warning", "never")


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet='[]="\'., \n#abcdeflnorstuvw_0123456789-+:', max_size=80))
def test_any_pyproject_text_gives_settings_or_an_input_error(text):
    try:
        data = tomllib.loads("[tool.pipeline]\n" + text)
    except tomllib.TOMLDecodeError:
        return  # the CLI reports this as invalid TOML (tested above)
    with contextlib.suppress(PipelineError):  # anything else fails the test
        settings_from_table(data, Path("/project"), "[tool.pipeline]\n" + text)
