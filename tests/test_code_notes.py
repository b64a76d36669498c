"""Inline codes a person can read: every code's PO note says what it stands for, XLIFF 1.2
and 2.1 carry it as attributes (schema-valid, and read back unchanged), and the review
report's chip shows it on hover."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree
from test_xliff_builders import assert_valid, schema2_modules, schema12

from pipeline.catalogs.extract import units_to_catalog
from pipeline.catalogs.notes import code_notes
from pipeline.catalogs.po import read_po, write_po
from pipeline.catalogs.units import build_units
from pipeline.catalogs.xliff import read_xliff, write_xliff
from pipeline.cli import main
from pipeline.documents import read_document

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
NS2 = {"x": "urn:oasis:names:tc:xliff:document:2.0"}


def _catalog(source: Path):
    catalog = units_to_catalog(build_units([read_document(source)]), project=source.stem)
    catalog.header["Language"] = "de"
    for entry in catalog.entries:
        entry.msgstr = entry.msgid  # reviewed: the source as its own translation
    return catalog


def _entry(catalog, start):
    return next(entry for entry in catalog.entries if entry.msgid.startswith(start))


def test_po_notes_say_what_each_code_stands_for():
    catalog = _catalog(GOLDEN / "newsroom.html")
    entry = _entry(catalog, "The <g1>smart #1</g1>")
    assert [line for line in entry.extracted_comments if line.startswith("code: ")][:2] == [
        "code: <g1>…</g1> = bold",
        "code: <g2>…</g2> = link to https://www.smart.com/?a=1&b=2 titled 'smart home'",
    ]
    notes = code_notes(entry.extracted_comments)
    assert (notes[2].ctype, notes[2].paired) == ("link", True)
    kept = _entry(catalog, "First deliveries")
    assert "code: <x2/> = kept as is 'Hangzhou'" in kept.extracted_comments


def test_the_notes_survive_a_po_round_trip(tmp_path):
    catalog = _catalog(GOLDEN / "newsroom.html")
    write_po(tmp_path / "x.po", catalog)
    again = read_po(tmp_path / "x.po")
    assert [e.extracted_comments for e in again.entries] == \
        [e.extracted_comments for e in catalog.entries]


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_xliff_carries_the_meaning_and_stays_schema_valid(tmp_path, version):
    catalog = _catalog(GOLDEN / "newsroom.html")
    path = tmp_path / f"x-{version}.xlf"
    write_xliff(catalog, path, version=version, source_lang="en")
    data = path.read_bytes()
    root = etree.fromstring(data)
    if version == "1.2":
        assert_valid(schema12(), data)
        link = root.xpath("//x:source/x:g[@id='2']", namespaces=NS12)[0]
        assert link.get("ctype") == "link"
        assert link.get("equiv-text") == \
            "link to https://www.smart.com/?a=1&b=2 titled 'smart home'"
        bold = root.xpath("//x:source/x:g[@id='1']", namespaces=NS12)[0]
        assert bold.get("ctype") == "bold"
        br = root.xpath("//x:source/x:x[@id='3']", namespaces=NS12)[0]
        assert (br.get("ctype"), br.get("equiv-text")) == ("lb", "line break")
    else:
        assert_valid(schema2_modules(), data)
        link = root.xpath("//x:source/x:pc[@id='2']", namespaces=NS2)[0]
        assert (link.get("type"), link.get("subType")) == ("link", None)
        assert link.get("dispStart").startswith("link to https://www.smart.com/")
        bold = root.xpath("//x:source/x:pc[@id='1']", namespaces=NS2)[0]
        assert (bold.get("type"), bold.get("subType")) == ("fmt", "xlf:b")
        br = root.xpath("//x:source/x:ph[@id='3']", namespaces=NS2)[0]
        assert (br.get("type"), br.get("subType"), br.get("disp")) == \
            ("fmt", "xlf:lb", "line break")
    # the attributes change nothing that is read back
    document = read_xliff(path)
    active = [e for e in catalog.entries if not e.obsolete]
    assert [u.source for u in document.units] == [e.msgid for e in active]
    assert [u.target for u in document.units] == [e.msgstr for e in active]


def test_report_chip_says_what_the_code_is_on_hover(project):
    shutil.copy(GOLDEN / "newsroom.html", project / "releases")
    catalog = _catalog(project / "releases" / "newsroom.html")
    write_po(project / "locales" / "de" / "newsroom.po", catalog)
    result = CliRunner().invoke(main, ["report", "--lang", "de"])
    assert result.exit_code == 0, result.output
    page = lxml.html.fromstring((project / "build" / "report-de.html").read_text("utf-8"))
    titles = {chip.get("title") for chip in page.xpath("//td[@class='source']//code")}
    assert "inline code: link to https://www.smart.com/?a=1&b=2 titled 'smart home'" in titles
    assert "inline code: bold" in titles


@pytest.mark.parametrize("source", sorted(p for p in GOLDEN.iterdir()
                                          if p.suffix in (".txt", ".md", ".html")),
                         ids=lambda p: p.name)
@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_every_golden_release_gives_schema_valid_xliff_with_its_codes(tmp_path, source, version):
    catalog = _catalog(source)
    path = tmp_path / "x.xlf"
    write_xliff(catalog, path, version=version, source_lang="en")
    data = path.read_bytes()
    assert_valid(schema12() if version == "1.2" else schema2_modules(), data)
    described = etree.fromstring(data).xpath(
        "//*[local-name()='source']/*[@equiv-text or @disp or @dispStart]")
    codes = sum(len(code_notes(e.extracted_comments)) for e in catalog.entries)
    assert len(described) >= (1 if codes else 0)


def test_markdown_codes_are_described_in_words():
    lines = {line for entry in _catalog(GOLDEN / "geneva-show.md").entries
             for line in entry.extracted_comments if line.startswith("code: ")}
    assert {"code: <x1/> = footnote reference '^range'",
            "code: <x1/> = image 'smart #5 in silver' (images/smart5-silver.jpg)",
            "code: <x1/> = code span '<x1/>'", "code: <x2/> = the text '<x1/>'",
            "code: <g2>…</g2> = link to https://www.smart.com/en/report titled "
            "'The full report'"} <= lines
