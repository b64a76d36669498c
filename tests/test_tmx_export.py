"""`pipeline tm export`: well-formed TMX 1.4b holding only approved pairs, inline codes as tags."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import write_po
from pipeline.cli import main

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The element and attribute rules of the TMX 1.4b DTD (tmx14.dtd) for what we write:
# transcribed from the specification, without the parts we never use (ude, map, sub, hi).
TMX14B_DTD = """
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #FIXED "1.4">
<!ELEMENT header (note|prop)*>
<!ATTLIST header creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED
  segtype (block|paragraph|sentence|phrase) #REQUIRED o-tmf CDATA #REQUIRED
  adminlang CDATA #REQUIRED srclang CDATA #REQUIRED datatype CDATA #REQUIRED
  o-encoding CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED
  changedate CDATA #IMPLIED changeid CDATA #IMPLIED>
<!ELEMENT body (tu*)>
<!ELEMENT tu ((note|prop)*, tuv+)>
<!ATTLIST tu tuid CDATA #IMPLIED o-encoding CDATA #IMPLIED datatype CDATA #IMPLIED
  usagecount CDATA #IMPLIED lastusagedate CDATA #IMPLIED creationtool CDATA #IMPLIED
  creationtoolversion CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED
  changedate CDATA #IMPLIED segtype (block|paragraph|sentence|phrase) #IMPLIED
  changeid CDATA #IMPLIED o-tmf CDATA #IMPLIED srclang CDATA #IMPLIED>
<!ELEMENT tuv ((note|prop)*, seg)>
<!ATTLIST tuv xml:lang CDATA #REQUIRED o-encoding CDATA #IMPLIED datatype CDATA #IMPLIED
  usagecount CDATA #IMPLIED lastusagedate CDATA #IMPLIED creationtool CDATA #IMPLIED
  creationtoolversion CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED
  changedate CDATA #IMPLIED changeid CDATA #IMPLIED o-tmf CDATA #IMPLIED>
<!ELEMENT note (#PCDATA)>
<!ATTLIST note xml:lang CDATA #IMPLIED o-encoding CDATA #IMPLIED>
<!ELEMENT prop (#PCDATA)>
<!ATTLIST prop type CDATA #REQUIRED xml:lang CDATA #IMPLIED o-encoding CDATA #IMPLIED>
<!ELEMENT seg (#PCDATA|bpt|ept|it|ph)*>
<!ELEMENT bpt (#PCDATA)>
<!ATTLIST bpt i CDATA #REQUIRED x CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT ept (#PCDATA)>
<!ATTLIST ept i CDATA #REQUIRED>
<!ELEMENT it (#PCDATA)>
<!ATTLIST it pos (begin|end) #REQUIRED x CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT ph (#PCDATA)>
<!ATTLIST ph x CDATA #IMPLIED assoc CDATA #IMPLIED type CDATA #IMPLIED>
"""


def _catalog(*entries: Entry) -> Catalog:
    return Catalog(entries=list(entries), header={"Language": "de"})


@pytest.fixture
def locales(project: Path) -> Path:
    de = project / "locales" / "de"
    write_po(de / "2023-12-01-launch.po", _catalog(
        Entry("About smart Automobile", "Über smart Automobile"),
        Entry("The <g1>smart #1</g1> is here.", "Der <g1>smart #1</g1> ist da."),
        Entry("Machine draft only.", "Nur maschinell.", flags=["fuzzy"]),
        Entry("Not translated yet."),
        Entry("Gone sentence.", "Weg.", obsolete=True),
    ))
    write_po(de / "2024-01-19-deliveries.po", _catalog(
        Entry("About smart Automobile", "Über smart Automobile"),  # same pair: exported once
        Entry("Line one<x2/>line two.", "Zeile eins<x2/>Zeile zwei."),
        Entry("Broken <g3>pair.", "Kaputtes <g3>Paar."),
    ))
    return de


def _export(*args: str):
    return CliRunner().invoke(main, ["tm", "export", "--lang", "de", *args])


def _parse(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(path), parser).getroot()


def test_export_is_well_formed_tmx_with_only_approved_pairs(locales, project):
    result = _export()
    assert result.exit_code == 0, result.output
    assert "build/tm/de.tmx: 4 approved pair(s)" in result.output
    root = _parse(project / "build" / "tm" / "de.tmx")
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attribute in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang",
                      "srclang", "datatype"):
        assert header.get(attribute), attribute
    assert header.get("srclang") == "en"
    dtd = etree.DTD(io.StringIO(TMX14B_DTD))
    assert dtd.validate(root), dtd.error_log.filter_from_errors()
    units = root.findall("body/tu")
    assert len(units) == 4
    for tu in units:
        langs = [tuv.get(XML_LANG) for tuv in tu.findall("tuv")]
        assert langs == ["en", "de"]
    sources = ["".join(tu.find("tuv/seg").itertext()) for tu in units]
    assert "Machine draft only." not in sources and "Not translated yet." not in sources
    assert "Gone sentence." not in sources
    assert [tu.findtext("prop[@type='x-origin']") for tu in units] == [
        "2023-12-01-launch", "2023-12-01-launch", "2024-01-19-deliveries",
        "2024-01-19-deliveries"]


def test_inline_codes_are_tmx_inline_elements(locales, project):
    assert _export().exit_code == 0
    segs = _parse(project / "build" / "tm" / "de.tmx").findall("body/tu/tuv/seg")
    target = etree.tostring(segs[3], encoding="unicode", with_tail=False)
    assert target == ('<seg>Der <bpt i="1" x="1">&lt;g1&gt;</bpt>smart #1'
                      '<ept i="1">&lt;/g1&gt;</ept> ist da.</seg>')
    assert '<ph x="2">&lt;x2/&gt;</ph>' in etree.tostring(segs[4], encoding="unicode")
    assert '<it pos="begin" x="3">&lt;g3&gt;</it>' in etree.tostring(segs[6], encoding="unicode")


def test_a_real_tmx_consumer_reads_the_pairs(locales, project):
    from translate.storage.tmx import tmxfile

    assert _export().exit_code == 0
    store = tmxfile.parsefile(str(project / "build" / "tm" / "de.tmx"))
    pairs = {unit.source: unit.target for unit in store.units}
    assert pairs["About smart Automobile"] == "Über smart Automobile"
    assert len(pairs) == 4


def test_stdout_and_explicit_output(locales, project):
    result = _export("-o", "-")
    assert result.exit_code == 0 and result.output.startswith("<?xml")
    assert etree.fromstring(result.output.encode()).tag == "tmx"
    assert _export("-o", "mem/smart-de.tmx").exit_code == 0
    assert _parse(project / "mem" / "smart-de.tmx").tag == "tmx"


@pytest.mark.parametrize(("lang", "message"), [
    ("fr", "no PO files for fr"),
    ("../de", "invalid language code"),
])
def test_bad_language_exits_2(locales, lang, message):
    result = CliRunner().invoke(main, ["tm", "export", "--lang", lang])
    assert result.exit_code == 2 and message in result.output


def test_segments_made_only_of_codes_keep_no_stray_whitespace():
    from pipeline.memory.tm import TmEntry
    from pipeline.memory.tmx import tmx_bytes

    data = tmx_bytes([TmEntry("<x1/><x2/>", "<x2/><x1/>", "r")], "en", "de")
    segs = etree.fromstring(data).findall("body/tu/tuv/seg")
    assert [etree.tostring(seg, encoding="unicode", with_tail=False) for seg in segs] == [
        '<seg><ph x="1">&lt;x1/&gt;</ph><ph x="2">&lt;x2/&gt;</ph></seg>',
        '<seg><ph x="2">&lt;x2/&gt;</ph><ph x="1">&lt;x1/&gt;</ph></seg>',
    ]
