"""Extraction to PO templates: golden files, the seed, determinism, CLI and input errors."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.catalogs.po import read_po
from pipeline.cli import main
from pipeline.glossary.loader import load_glossaries
from pipeline.segmentation import segment_text

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
BRANDS_GLOSSARY = GOLDEN.parent / "glossaries" / "lowercase_brands.yaml"
SMART = load_glossaries([GOLDEN.parents[2] / "glossaries" / "smart.yaml"]).sentence_starts
INPUTS = sorted(p for p in GOLDEN.iterdir() if p.suffix in {".txt", ".md", ".html"})
EPOCH = "1705645200"  # 2024-01-19 06:20 UTC


@pytest.fixture
def run(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.mark.parametrize("source", INPUTS, ids=lambda path: path.name)
def test_golden_templates(source, project, run):
    shutil.copy(source, project / "releases" / source.name)
    result = run("extract", f"releases/{source.name}")
    assert result.exit_code == 0, result.output
    produced = (project / "locales" / "templates" / f"{source.stem}.pot").read_text("utf-8")
    expected = GOLDEN / f"{source.stem}.pot"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(produced, encoding="utf-8")
    assert produced == expected.read_text("utf-8")


@pytest.fixture
def seed_pot(project, run):
    result = run("extract")
    assert result.exit_code == 0, result.output
    templates = project / "locales" / "templates"
    return read_po(templates / "2024-01-19-global-deliveries-near-70000.pot")


def test_seed_extract_summary(project, run):
    result = run("extract")
    assert result.output == (
        "locales/templates/2024-01-19-global-deliveries-near-70000.pot: 83 entries\n"
    )


def test_seed_no_entry_spans_two_sentences(seed_pot):
    for entry in seed_pot.entries:
        assert segment_text(entry.msgid, SMART) == [entry.msgid], entry.msgid


def test_seed_every_entry_has_a_line_reference_and_a_role(seed_pot):
    for entry in seed_pot.entries:
        assert entry.references
        for reference in entry.references:
            assert re.fullmatch(r"releases/2024-01-19-global-deliveries-near-70000\.txt:\d+",
                                reference)
        assert entry.extracted_comments


@pytest.mark.parametrize(
    ("msgid", "comments", "references"),
    [
        ("Hangzhou, 19 January 2024 | 07:20 Europe/Amsterdam", ["dateline"], [1]),
        ("smart Continues to Expand into the Global Market", ["image caption"], [42, 44]),
        ("The New Generation smart All-Electric Product Portfolio has Received Acclaim from "
         "Global Media and Customers", ["image caption"], [38, 40]),
        ("China Market Brand Ambassador - Henry Lau", ["image caption"], [68, 70, 78]),
        ("About smart Automobile", ["boilerplate heading"], [90, 92]),
        ("-End-", ["end mark"], [88]),
        ("Mr. Tong Xiangbei", ["speaker"], [22]),
        ("With the joint efforts of our global team, smart has reached new levels in global "
         "operations, R&D innovation and product experience.", ["quote (Mr. Tong Xiangbei)"],
         [26]),
        ("Following the successful Series-A funding, the valuation (Pre-investment) of the "
         "company exceeds 5 billion USD.", ["bullet", "lead paragraph"], [17, 20]),
    ],
)
def test_seed_entries(seed_pot, msgid, comments, references):
    entry = seed_pot.find(msgid)
    assert entry is not None, msgid
    assert entry.extracted_comments == comments
    assert [int(ref.rsplit(":", 1)[1]) for ref in entry.references] == references


def test_seed_header_is_complete(seed_pot):
    header = seed_pot.header
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Project-Id-Version"] == "2024-01-19-global-deliveries-near-70000"
    assert header["POT-Creation-Date"] == "2024-01-19 06:20+0000"
    for field in ("Report-Msgid-Bugs-To", "PO-Revision-Date", "Last-Translator",
                  "Language-Team", "MIME-Version", "Content-Transfer-Encoding"):
        assert field in header


def test_rerun_without_epoch_keeps_bytes_and_date(project, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["extract"]).exit_code == 0
    pot = project / "locales" / "templates" / "2024-01-19-global-deliveries-near-70000.pot"
    first = pot.read_bytes()
    mtime = pot.stat().st_mtime_ns
    assert runner.invoke(main, ["extract", "releases"]).exit_code == 0
    assert pot.read_bytes() == first
    assert pot.stat().st_mtime_ns == mtime  # not even rewritten


def test_directory_expansion_is_sorted(project, run):
    for source in INPUTS:
        shutil.copy(source, project / "releases" / source.name)
    (project / "releases" / "notes.pdf").write_bytes(b"%PDF")
    result = run("extract", "releases")
    assert result.exit_code == 0
    names = [line.split(":")[0] for line in result.output.splitlines()]
    assert names == sorted(names) and len(names) == len(INPUTS) + 1  # and the seed


@pytest.mark.parametrize(
    ("setup", "argument", "message"),
    [
        (None, "releases/missing.txt", "releases/missing.txt: no such file or directory"),
        ("emptydir", "drafts", "drafts: no releases (.docx, .htm, .html, .markdown, .md, .txt) "
         "in this directory"),
        ("latin1", "releases/bad.txt", "releases/bad.txt:2: not valid UTF-8 (byte 0xe9 at offset"),
        ("binary", "releases/bad.txt", "releases/bad.txt:1: binary file, not a text release"),
        ("empty", "releases/bad.txt", "releases/bad.txt: empty file, nothing to translate"),
        ("huge", "releases/bad.txt", "releases/bad.txt: release is 10.0 MB; the limit is 5 MB"),
        ("pdf", "releases/bad.pdf", "releases/bad.pdf: unsupported format '.pdf'"),
    ],
)
def test_bad_inputs_exit_2_and_write_nothing(project, setup, argument, message):
    releases = project / "releases"
    if setup == "emptydir":
        (project / "drafts").mkdir()
    elif setup == "latin1":
        (releases / "bad.txt").write_bytes(b"Title\nCaf\xe9 opens.\n")
    elif setup == "binary":
        (releases / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    elif setup == "empty":
        (releases / "bad.txt").write_bytes(b"  \n\n")
    elif setup == "huge":
        (releases / "bad.txt").write_bytes(b"A sentence.\n" * (10 * 1024 * 1024 // 12 + 1))
    elif setup == "pdf":
        (releases / "bad.pdf").write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(main, ["extract", "releases", argument])
    assert result.exit_code == 2
    assert result.output.startswith(f"pipeline: {message}")
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not (project / "locales").exists()  # the good seed was not written either


def test_same_release_name_twice_is_refused(project):
    shutil.copy(GOLDEN / "press-kit.txt", project / "releases" / "press-kit.txt")
    (project / "other").mkdir()
    shutil.copy(GOLDEN / "press-kit.txt", project / "other" / "press-kit.txt")
    result = CliRunner().invoke(main, ["extract", "releases", "other/press-kit.txt"])
    assert result.exit_code == 2
    assert "other/press-kit.txt: same release name as releases/press-kit.txt" in result.output


def test_segment_command_prints_role_and_line(project):
    result = CliRunner().invoke(
        main, ["segment", "releases/2024-01-19-global-deliveries-near-70000.txt"]
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert re.match(r"\s+1  dateline\s+Hangzhou, 19 January 2024", lines[0])
    assert any(re.match(r"\s+26  quote \(Mr. Tong Xiangbei\)\s+With the joint", line)
               for line in lines)
    assert lines[-1] == (
        "92 segments in releases/2024-01-19-global-deliveries-near-70000.txt"
    )


def test_segment_command_missing_file(project):
    result = CliRunner().invoke(main, ["segment", "releases/nope.md"])
    assert result.exit_code == 2
    assert result.output == "pipeline: releases/nope.md: no such file or directory\n"


def test_hints_become_extracted_comments(project):
    from pipeline.catalogs.extract import units_to_catalog
    from pipeline.catalogs.units import build_units
    from pipeline.documents import read_document

    document = read_document("releases/2024-01-19-global-deliveries-near-70000.txt")
    catalog = units_to_catalog(
        build_units([document]),
        hints=lambda msgid: ["glossary: smart #1 = smart #1"] if "smart #1" in msgid else [],
    )
    entry = catalog.find("The smart #1 launched rapidly, landing in 10 European markets in "
                         "just 10 months.")
    assert entry.extracted_comments == ["paragraph", "glossary: smart #1 = smart #1"]
    assert catalog.find("-End-").extracted_comments == ["end mark"]


def test_block_texts_put_exact_source_back_for_untranslated_segments(project):
    from pipeline.catalogs.units import block_texts, build_units
    from pipeline.documents import read_document, render_document

    document = read_document("releases/2024-01-19-global-deliveries-near-70000.txt")
    units = build_units([document])
    # msgstr == msgid everywhere: NBSPs normalised away in msgids come back from the source
    same = render_document(document, block_texts(units, lambda unit: unit.msgid))
    assert same == document.raw
    caption = "smart Continues to Expand into the Global Market"
    out = render_document(document, block_texts(
        units, lambda unit: "smart expandiert weiter" if unit.msgid == caption else None))
    assert out.count("smart expandiert weiter") == 2
    assert out.replace("smart expandiert weiter", caption) == document.raw


BRANDS_RELEASE = """Sports Brands Report Results

Sales rose 12% in 2023. adidas continues to grow in Asia.

The court rejected the appeal. eBay said it would comply.

Apple sold more phones. iPhone sales rose 5%.

1.) The first item 2.) The second item

a. The first item b. The second item

\u2022Range of up to 367 miles
"""
SPLIT = ["Sales rose 12% in 2023.", "adidas continues to grow in Asia.",
         "The court rejected the appeal.", "eBay said it would comply.",
         "Apple sold more phones.", "iPhone sales rose 5%."]
GLUED = ["Sales rose 12% in 2023. adidas continues to grow in Asia.",
         "The court rejected the appeal. eBay said it would comply.",
         "Apple sold more phones. iPhone sales rose 5%."]
LAYOUT = ["1.) The first item", "2.) The second item", "a. The first item",
          "b. The second item", "Range of up to 367 miles"]


@pytest.mark.parametrize(
    ("glossaries", "expected"),
    [('"glossaries/brands.yaml"', SPLIT), ("", GLUED)],
    ids=["lowercase brands glossary", "no glossary"],
)
def test_extract_splits_before_the_configured_glossarys_lowercase_names(
        tmp_path, monkeypatch, glossaries, expected):
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.pipeline]\nlanguages = [\"de\"]\nglossaries = [{glossaries}]\n", "utf-8")
    (tmp_path / "glossaries").mkdir()
    shutil.copy(BRANDS_GLOSSARY, tmp_path / "glossaries" / "brands.yaml")
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "brands.txt").write_text(BRANDS_RELEASE, "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 0, result.output
    template = read_po(tmp_path / "locales" / "templates" / "brands.pot")
    msgids = [entry.msgid for entry in template.active()]
    assert msgids == ["Sports Brands Report Results", *expected, *LAYOUT]


def test_extract_with_a_missing_configured_glossary_is_one_line_and_writes_nothing(
        tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline]\nglossaries = ["glossaries/brands.yaml"]\n', "utf-8")
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "brands.txt").write_text(BRANDS_RELEASE, "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 2
    assert result.output.startswith("pipeline: ")
    assert "glossaries/brands.yaml" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "locales").exists()


def test_extract_and_segment_use_each_brands_own_names(tmp_path, monkeypatch):
    """Two brands in one project: a release's sentences start with its own brand's
    lowercase names only ("smart" splits in the smart release, not in the adidas one)."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline]\nlanguages = ["de"]\nglossaries = []\n'
        "[tool.pipeline.brands]\n"
        'smart = { releases = "releases/smart/**", glossaries = ["glossaries/smart.yaml"] }\n'
        'sports = { releases = "releases/sports/**", glossaries = ["glossaries/brands.yaml"] }\n',
        "utf-8")
    (tmp_path / "glossaries").mkdir()
    shutil.copy(GOLDEN.parents[2] / "glossaries" / "smart.yaml", tmp_path / "glossaries")
    shutil.copy(BRANDS_GLOSSARY, tmp_path / "glossaries" / "brands.yaml")
    text = "Results Are In\n\nSales rose in 2023. smart grew. Sales rose in 2024. adidas grew.\n"
    for brand in ("smart", "sports"):
        (tmp_path / "releases" / brand).mkdir(parents=True)
        (tmp_path / "releases" / brand / f"{brand}.txt").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["extract"]).exit_code == 0
    templates = tmp_path / "locales" / "templates"
    expected = {
        "smart": ["Results Are In", "Sales rose in 2023.", "smart grew.",
                  "Sales rose in 2024. adidas grew."],
        "sports": ["Results Are In", "Sales rose in 2023. smart grew.", "Sales rose in 2024.",
                   "adidas grew."],
    }
    for brand, msgids in expected.items():
        assert [e.msgid for e in read_po(templates / f"{brand}.pot").active()] == msgids
        shown = CliRunner().invoke(main, ["segment", f"releases/{brand}/{brand}.txt"])
        assert shown.exit_code == 0, shown.output
        assert [re.split(r"\s{2,}", line.strip(), maxsplit=2)[2]
                for line in shown.output.splitlines()[:-1]] == msgids
