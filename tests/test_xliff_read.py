"""Reading XLIFF back (for `pipeline import`): both versions, what CAT tools send,
hostile and malformed files, and translate-toolkit as an independent consumer."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from test_xliff_builders import (
    REF,
    XLIFF_DATA,
    assert_valid,
    sample_catalog,
    schema2_core,
    schema12,
)
from translate.storage import xliff as ttk_xliff
from translate.storage import xliff2 as ttk_xliff2

from pipeline.catalogs.inline import XLIFF2, XLIFF12, notation, render
from pipeline.catalogs.metadata import Status, status_of
from pipeline.catalogs.xliff import read_xliff, write_xliff
from pipeline.documents.model import CODE_TAG
from pipeline.errors import XmlInputError

HOSTILE = XLIFF_DATA / "hostile"
VERSIONS = ["1.2", "2.1"]


def written(tmp_path: Path, version: str) -> Path:
    path = tmp_path / f"seed-{version}.xlf"
    write_xliff(sample_catalog(), path, version=version, source_lang="en", original=REF)
    return path


# -- round trip ---------------------------------------------------------------------------

@pytest.mark.parametrize("version", VERSIONS)
def test_round_trip_preserves_every_unit(tmp_path, version) -> None:
    document = read_xliff(written(tmp_path, version))
    entries = sample_catalog().active()
    assert document.version == version
    assert (document.source_lang, document.target_lang) == ("en", "de")
    assert [u.id for u in document.units] == [e.id for e in entries]
    assert [u.source for u in document.units] == [e.msgid for e in entries]
    targets = [u.target or "" for u in document.units]
    assert targets == [e.msgstr for e in entries]  # inline codes, crossings and all
    assert {u.original for u in document.units} == {REF}


@pytest.mark.parametrize("version", VERSIONS)
def test_only_reviewed_entries_read_back_as_confirmed(tmp_path, version) -> None:
    document = read_xliff(written(tmp_path, version))
    expected = [status_of(e) is Status.REVIEWED for e in sample_catalog().active()]
    assert [u.confirmed for u in document.units] == expected
    assert expected.count(True) == 2


@pytest.mark.parametrize("version", VERSIONS)
def test_unit_line_points_at_the_unit(tmp_path, version) -> None:
    path = written(tmp_path, version)
    lines = path.read_text().splitlines()
    for unit in read_xliff(path).units:
        assert f'id="{unit.id}"' in lines[unit.line - 1]


def test_msgctxt_comes_back_as_unit_name(tmp_path) -> None:
    for version in VERSIONS:
        names = [u.name for u in read_xliff(written(tmp_path, version)).units]
        assert names == [e.msgctxt for e in sample_catalog().active()]


# -- files as CAT tools return them ------------------------------------------------------

def test_reads_xliff12_from_a_cat_tool() -> None:
    document = read_xliff(XLIFF_DATA / "cat-tool-1.2.xlf")
    found = [(u.id, u.source, u.target, u.state, u.confirmed, u.original)
             for u in document.units]
    assert found == [
        ("u-ph", "Line<x3/>break", "Zeilen<x3/>umbruch", "signed-off", True, "releases/a.txt"),
        ("u-bpt", "<g1>bold</g1> text", "<g1>fett</g1> Text", "needs-review-translation",
         False, "releases/a.txt"),
        ("u-it", "<g2>open only", "nur <g2>offen", None, True, "releases/b.txt"),  # approved="yes"
        ("u-none", "No target yet", None, None, False, "releases/b.txt"),
    ]
    assert (document.source_lang, document.target_lang) == ("en-US", "de-DE")


def test_reads_xliff20_segments_ignorables_and_markers() -> None:
    document = read_xliff(XLIFF_DATA / "cat-tool-2.0.xlf")
    multi, partial = document.units
    assert document.version == "2.0"
    assert multi.source == "First <g1>bold</g1>. Second<g2> span</g2>."
    assert multi.target == "Premier <g1>gras</g1>. Deuxième<g2> span</g2>\x0b."
    assert (multi.state, multi.confirmed) == ("translated", True)  # lowest segment state
    assert (partial.state, partial.confirmed) == ("initial", False)


def test_a_doctype_without_entities_is_read_without_fetching_it() -> None:
    (unit,) = read_xliff(XLIFF_DATA / "legacy-doctype-1.2.xlf").units
    assert (unit.target, unit.confirmed) == ("Hallo", True)


# -- hostile and broken input ---------------------------------------------------------------

@pytest.mark.parametrize(("name", "line"), [
    ("xxe.xlf", 3),
    ("xxe-utf16.xlf", 3),
    ("billion-laughs.xlf", 3),
    ("parameter-entity.xlf", 4),
])
def test_entity_declarations_are_refused_with_file_and_line(name, line) -> None:
    path = HOSTILE / name
    with pytest.raises(XmlInputError) as caught:
        read_xliff(path)
    assert str(caught.value) == (
        f"{path}:{line}: refused: DOCTYPE declares entities (XXE/entity expansion)")


def test_xxe_never_leaks_the_file_even_after_the_prescan(tmp_path, monkeypatch) -> None:
    """The lxml settings alone also stop it: switch the byte pre-scan off."""
    import pipeline.safexml as module

    monkeypatch.setattr(module, "_refuse_entities", lambda data, path: None)
    with pytest.raises(XmlInputError, match=r"xxe\.xlf:3: refused"):
        read_xliff(HOSTILE / "xxe.xlf")
    with pytest.raises(XmlInputError, match=r"billion-laughs\.xlf:\d+: "):
        read_xliff(HOSTILE / "billion-laughs.xlf")


BROKEN = [
    ("malformed.xlf", None, r"malformed\.xlf:7: malformed XML: Opening and ending tag mismatch"),
    ("not-xliff.xlf", "<?xml version='1.0'?>\n<tmx version='1.4'/>\n",
     r"not-xliff\.xlf:2: not an XLIFF file \(root element <tmx>\)"),
    ("empty.xlf", "", r"empty\.xlf:1: malformed XML: Document is empty"),
    ("missing.xlf", False, r"missing\.xlf: no such file"),
    ("no-id.xlf", "<xliff xmlns='urn:oasis:names:tc:xliff:document:2.0' version='2.1' "
     "srcLang='en'><file id='f'>\n<unit><segment><source>a</source></segment></unit>"
     "</file></xliff>", r"no-id\.xlf:2: <unit> without an id"),
    ("strange-inline.xlf", "<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'>"
     "<file original='a' source-language='en' datatype='plaintext'><body>\n"
     "<trans-unit id='u'><source>a</source>\n<target>b<foo/></target></trans-unit>"
     "</body></file></xliff>", r"strange-inline\.xlf:3: unsupported inline element <foo>"),
    ("named-code.xlf", "<xliff xmlns='urn:oasis:names:tc:xliff:document:2.0' version='2.1' "
     "srcLang='en'><file id='f'><unit id='u'><segment>\n<source>a<ph id='ph1'/></source>"
     "</segment></unit></file></xliff>", r"named-code\.xlf:2: inline <ph> has id='ph1'"),
]


@pytest.mark.parametrize(("name", "content", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_files_name_file_and_line(tmp_path, name, content, message) -> None:
    path = tmp_path / name
    if content is None:
        shutil.copy(HOSTILE / name, path)
    elif content is not False:
        path.write_text(content)
    with pytest.raises(XmlInputError, match=f"^{re.escape(str(tmp_path))}/{message}"):
        read_xliff(path)


# -- translate-toolkit as an independent consumer ------------------------------------------

def plain(text: str) -> str:
    return CODE_TAG.sub("", text)


def test_translate_toolkit_reads_our_xliff12(tmp_path) -> None:
    store = ttk_xliff.xlifffile.parsefile(str(written(tmp_path, "1.2")))
    entries = sample_catalog().active()
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", "de")
    assert [u.xmlelement.get("id") for u in store.units] == [e.id for e in entries]
    assert [u.source for u in store.units] == [plain(e.msgid) for e in entries]
    assert [u.target for u in store.units] == [plain(e.msgstr) for e in entries]
    assert [u.isfuzzy() for u in store.units] == [e.fuzzy for e in entries]
    assert [u.isapproved() for u in store.units] == [e.translated for e in entries]
    first = store.units[0]
    assert first.getlocations() == [f"{REF}:12"]
    assert "glossary: smart #1: model, do not translate" in first.getnotes()
    assert [(alt.target, alt.xmlelement.get("match-quality")) for alt in first.getalttrans()] \
        == [("Der smart #1 führt das Segment an.", "83")]


def test_translate_toolkit_reads_our_xliff21(tmp_path) -> None:
    store = ttk_xliff2.Xliff2File.parsefile(str(written(tmp_path, "2.1")))
    entries = sample_catalog().active()
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", "de")
    assert [u.getunitelement().get("id") for u in store.units] == [e.id for e in entries]
    assert [u.source for u in store.units] == [plain(e.msgid) for e in entries]
    assert [u.target for u in store.units] == [plain(e.msgstr) or None for e in entries]
    assert [u.isfuzzy() for u in store.units] == [e.fuzzy for e in entries]
    assert [u.isapproved() for u in store.units] == [e.translated for e in entries]


# -- the seed release, end to end ------------------------------------------------------------

def test_seed_release_catalog_is_valid_in_both_versions(tmp_path, root) -> None:
    from pipeline.catalogs.extract import units_to_catalog
    from pipeline.catalogs.units import build_units
    from pipeline.documents import read_document

    seed = root / "releases" / "2024-01-19-global-deliveries-near-70000.txt"
    catalog = units_to_catalog(build_units([read_document(seed)]), project="seed")
    assert len(catalog.active()) > 40
    for version, schema in (("1.2", schema12), ("2.1", schema2_core)):
        path = tmp_path / f"seed.{version}.xlf"
        write_xliff(catalog, path, version=version, source_lang="en", target_lang="de")
        assert_valid(schema(), path.read_bytes())
        assert [u.source for u in read_xliff(path).units] == [e.msgid for e in catalog.active()]


# -- inline notation survives any nesting, property-tested ------------------------------------

_pieces = st.one_of(
    st.text(alphabet="ab <>&\"'\r\n\té€😀", min_size=1, max_size=4),
    st.integers(1, 3).map(lambda n: f"<g{n}>"),
    st.integers(1, 3).map(lambda n: f"</g{n}>"),
    st.integers(1, 3).map(lambda n: f"<x{n}/>"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, max_size=12).map("".join))
def test_any_notation_renders_and_reads_back_unchanged(text) -> None:
    for dialect in (XLIFF12, XLIFF2):
        element = etree.Element(dialect.tag("target"))
        render(element, text, dialect)
        reparsed = etree.fromstring(etree.tostring(element))
        assert notation(reparsed, dialect, "t.xlf") == text
