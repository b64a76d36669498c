"""Glossaries built to break the parser: an alias bomb, nesting thousands deep, numbers of
10,000 digits, lists as keys, values YAML would read as dates, booleans or binary, a
FIFO, a device or a directory as the file, CSV in Excel's other encodings. Each is one
line with its file (and line), exit 2, in milliseconds; fuzzing finds no other error."""

from __future__ import annotations

import codecs
import os
import shutil
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hostile.faults import NULL, char_device
from hostile.support import assert_refused, invoke, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.glossary.loader import glossary_file, load_glossaries, parse_text

pytest_plugins = ["hostile.plugin"]

TRANSLATE = ["translate", "--lang", "es", "--engine", "apertium", "-q"]
GLOSSARY = "glossaries/smart.yaml"


def _bomb(levels: int = 9) -> str:
    """The classic "billion laughs" in YAML: 9 aliases of 9 aliases... 537 bytes or so."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"terms: [*a{levels - 1}]")
    return "\n".join(lines) + "\n"


HOSTILE = {
    "alias-bomb.yaml": (_bomb(), 1, "aliases would add more than 10,000 values"),
    "recursive-alias.yaml": ("terms: &a [*a]\n", 1, "alias refers to the value that contains"),
    "deep-5000.yaml": ("terms: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested more than 64"),
    "deep-100.yaml": ("terms: " + "[" * 100 + "]" * 100 + "\n", 1, "nested more than 64"),
    "big-int.yaml": ("terms:\n  - term: x\n    id: " + "9" * 10_000 + "\n", 3,
                     "a number of 10000 characters"),
    "list-key.yaml": ("terms:\n  - ? [a, b]\n    : x\n", 2, "list or mapping cannot be a key"),
    "mapping-key.yaml": ("terms:\n  - ? {a: b}\n    : x\n", 2, "cannot be a key"),
    "binary.yaml": ("terms:\n  - term: !!binary aGVsbG8=\n", 2, "'binary' values are not"),
    "set.yaml": ("terms:\n  - term: smart\n    variants: !!set {a, b}\n", 3, "'set' values"),
    "deep.toml": ("terms = [" + "[" * 3000 + "]" * 3000 + "]\n", None, "nested too deeply"),
    "big-int.toml": ("[[terms]]\nterm = " + "9" * 10_000 + "\n", None, "number too long"),
}


def _glossary(root: Path, name: str, text: str) -> str:
    path = root / "glossaries" / name
    path.write_text(text, encoding="utf-8")
    return f"glossaries/{name}"


def _use(root: Path, relative: str) -> None:
    """Point [tool.pipeline] glossaries at `relative` (translate reads the configured ones)."""
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace(f'glossaries = ["{GLOSSARY}"]',
                                      f'glossaries = ["{relative}"]'), encoding="utf-8")


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("command", ["lint", "check", "translate"])
def test_a_hostile_glossary_is_refused_in_milliseconds(populated, name, command):
    text, line, reason = HOSTILE[name]
    relative = _glossary(populated, name, text)
    _use(populated, relative)
    args = {"lint": ["glossary", "lint", relative],
            "check": ["check", "--glossary", relative, "locales/es"],
            "translate": TRANSLATE}[command]
    before = snapshot(populated)
    tracemalloc.start()
    # CPU time of this process: other work on a loaded CI machine does not count (the
    # refusal runs in-process, with tracemalloc on, which itself slows Python down).
    started = time.process_time()
    try:
        result = invoke(args)
        seconds = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_refused(result, name, line, reason)
    assert seconds < 2, f"{seconds:.2f} s of CPU to refuse {name}"  # before: 34 s and 5.5 GB
    assert peak < 64 * 1024 * 1024, f"{peak / 2**20:.0f} MiB to refuse {name}"
    assert snapshot(populated) == before


def test_the_alias_bomb_is_refused_in_milliseconds_by_the_loader(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(), encoding="utf-8")
    assert len(path.read_bytes()) < 600
    small = tmp_path / "small.yaml"  # imports and caches warmed up: only the refusal is timed
    small.write_text("terms:\n  - term: smart\n", encoding="utf-8")
    load_glossaries([small])
    started = time.perf_counter()
    with pytest.raises(PipelineError, match="aliases would add"):
        load_glossaries([path])
    # Milliseconds here; the bomb expanded took 34 s. The bound leaves room for a loaded CI
    # machine without letting an expansion through.
    assert time.perf_counter() - started < 1.0


def test_a_few_small_aliases_are_still_fine(tmp_path):
    path = tmp_path / "shared.yaml"
    path.write_text("terms:\n  - term: smart\n    forbidden: &f [Smart, SMART]\n"
                    "  - term: \"smart #1\"\n    forbidden: *f\n", encoding="utf-8")
    assert [t.forbidden for t in load_glossaries([path]).terms] == [("Smart", "SMART")] * 2


def test_yaml_11_booleans_and_dates_stay_text(tmp_path):
    path = tmp_path / "norsk.yaml"
    path.write_text("languages: [no, de]\nterms:\n  - term: 2024-01-19\n    kind: forced\n"
                    "    targets:\n      no: [19.01.2024]\n      de: [19.01.2024]\n"
                    "  - term: on\n", encoding="utf-8")
    glossary = load_glossaries([path])
    assert glossary.languages == ("no", "de")
    assert [t.source for t in glossary.terms] == ["2024-01-19", "on"]
    assert glossary.terms[0].targets["no"] == ("19.01.2024",)


def test_yes_is_not_a_boolean_and_says_so_at_its_line(populated):
    relative = _glossary(populated, "yes.yaml", "terms:\n  - term: smart\n"
                                                 "    case_sensitive: yes\n")
    _use(populated, relative)
    assert_refused(invoke(TRANSLATE), "yes.yaml", 3, "case_sensitive must be true or false")


@pytest.mark.parametrize("kind", ["fifo", "device", "dev-zero link", "directory"])
@pytest.mark.parametrize("command", ["lint", "translate"])
def test_a_glossary_that_is_no_regular_file_is_named_as_such(populated, kind, command):
    path = populated / "glossaries" / "odd.yaml"
    if kind == "fifo":
        os.mkfifo(path)
        reason = "FIFO"
    elif kind == "device":
        char_device(path, NULL)
        reason = "character device"
    elif kind == "dev-zero link":
        path.symlink_to("/dev/zero")
        reason = "character device"
    else:
        path.mkdir()
        reason = "is a directory, not a glossary"
    _use(populated, "glossaries/odd.yaml")
    args = ["glossary", "lint", "glossaries/odd.yaml"] if command == "lint" else TRANSLATE
    started = time.perf_counter()
    result = invoke(args)
    assert_refused(result, "odd.yaml", None, reason)
    assert "not found" not in result.output
    assert time.perf_counter() - started < 5


# -- CSV in other encodings --------------------------------------------------------------
ROWS = "source,target,lang,kind,note\r\nsmart,smart,de,dnt,\r\nGrüße,Hallo,de,forced,\r\n"


@pytest.mark.parametrize(("encoding", "line", "reason"), [
    ("cp1252", 3, r"not UTF-8 \(byte 0xfc; Windows-1252 from Excel\?\); save it as UTF-8"),
    ("utf-16-le", 1, "UTF-16 without a byte-order mark; save it as UTF-8"),
])
def test_a_csv_not_in_utf8_says_how_to_save_it(tmp_path, monkeypatch, encoding, line, reason):
    monkeypatch.chdir(tmp_path)
    Path("terms.csv").write_bytes(ROWS.encode(encoding))
    assert_refused(invoke(["glossary", "import", "terms.csv", "-o", "out.yaml"]),
                   "terms.csv", line, reason)
    assert not Path("out.yaml").exists()


@pytest.mark.parametrize("mark", ["utf-8-sig", "utf-16"])
def test_a_csv_with_a_byte_order_mark_is_read_in_its_encoding(tmp_path, monkeypatch, mark):
    monkeypatch.chdir(tmp_path)
    Path("terms.csv").write_bytes(ROWS.encode(mark))
    assert Path("terms.csv").read_bytes()[:2] in (codecs.BOM_UTF8[:2], codecs.BOM_UTF16_LE)
    result = invoke(["glossary", "import", "terms.csv", "-o", "out.yaml"])
    assert result.exit_code == 0, result.output
    terms = {t.source: t for t in load_glossaries(["out.yaml"]).terms}
    assert terms["Grüße"].targets == {"de": ("Hallo",)}


def test_a_bad_csv_term_is_reported_at_the_csv_line_not_a_temporary_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("terms.csv").write_text("source,target,lang,kind,note\nsmart,smart,de,dnt,\n"
                                 "bell\x07term,x,de,forced,\n", encoding="utf-8")
    found = assert_refused(invoke(["glossary", "import", "terms.csv", "-o", "out.yaml"]),
                           "terms.csv", 3, "control character")
    assert "tmp" not in found.group("file")
    assert not Path("out.yaml").exists()


def test_a_csv_that_is_a_fifo_does_not_block(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo("terms.csv")
    assert_refused(invoke(["glossary", "import", "terms.csv", "-o", "out.yaml"]),
                   "terms.csv", None, "FIFO")


# -- fuzz ----------------------------------------------------------------------------------
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                    st.text(max_size=10), st.sampled_from(["dnt", "forced", "de", "smart"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["term", "kind", "targets", "forbidden", "variants",
                                     "overrides", "id", "de", "note", "case_sensitive",
                                     "languages", "terms", "x"]), inner, max_size=4)),
    max_leaves=20)


def _only_our_errors(path: str, text: str) -> None:
    try:
        parsed = glossary_file(path, parse_text(path, text))
    except PipelineError as exc:
        assert "\n" not in exc.message
        return
    for problem in parsed.problems:
        assert isinstance(problem, PipelineError)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=st.dictionaries(st.sampled_from(["terms", "languages", "glossary", "x"]),
                                values, max_size=3))
def test_any_yaml_document_gives_terms_or_our_error(document):
    _only_our_errors("fuzz.yaml", yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet="terms:- &*ab[]{}?!,\"'\n 0129.#|>", max_size=120))
def test_any_yaml_text_gives_terms_or_our_error(text):
    _only_our_errors("fuzz.yaml", text)


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet="[]{}=\"'., \nterms_kindtarget0129-", max_size=100))
def test_any_toml_text_gives_terms_or_our_error(text):
    _only_our_errors("fuzz.toml", text)


def test_the_seed_glossary_still_loads(tmp_path):
    shutil.copy(Path(__file__).resolve().parent.parent / GLOSSARY, tmp_path / "smart.yaml")
    assert load_glossaries([tmp_path / "smart.yaml"]).terms
