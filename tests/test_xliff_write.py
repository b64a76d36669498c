"""XLIFF 1.2 and 2.1 output: schema-valid against the official OASIS schemas, states,
notes, inline codes, matches and glossary as translators' tools will see them."""

from __future__ import annotations

import os

import pytest
from lxml import etree
from test_xliff_builders import (
    REF,
    assert_valid,
    changed_entry,
    crossed_codes_entry,
    mt_entry,
    new_entry,
    reviewed_entry,
    sample_catalog,
    schema2_core,
    schema2_modules,
    schema12,
    tm_exact_entry,
)

from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import read_po, write_po
from pipeline.catalogs.xliff import write_xliff
from pipeline.catalogs.xliff12 import format_xliff12, write_xliff12
from pipeline.catalogs.xliff21 import format_xliff21, write_xliff21
from pipeline.errors import InputError, XmlInputError

NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
NS2 = {"x": "urn:oasis:names:tc:xliff:document:2.0",
       "gls": "urn:oasis:names:tc:xliff:glossary:2.0",
       "mtc": "urn:oasis:names:tc:xliff:matches:2.0"}


def xml12(catalog: Catalog) -> etree._Element:
    return etree.fromstring(format_xliff12(catalog, source_lang="en", original=REF))


def xml2(catalog: Catalog) -> etree._Element:
    return etree.fromstring(format_xliff21(catalog, source_lang="en", original=REF))


def one(entry: Entry) -> Catalog:
    return Catalog(entries=[entry], header={"Language": "de"})


def unit12(entry: Entry) -> etree._Element:
    return xml12(one(entry)).find(".//x:trans-unit", NS12)


def unit2(entry: Entry) -> etree._Element:
    return xml2(one(entry)).find(".//x:unit", NS2)


# -- validation against the OASIS schemas ------------------------------------------------

def test_xliff12_is_valid_against_the_strict_oasis_schema() -> None:
    assert_valid(schema12(), format_xliff12(sample_catalog(), source_lang="en"))


@pytest.mark.parametrize("schema", [schema2_core, schema2_modules], ids=["core", "with-modules"])
def test_xliff21_is_valid_against_core_and_module_schemas(schema) -> None:
    assert_valid(schema(), format_xliff21(sample_catalog(), source_lang="en"))


def test_the_module_schema_really_checks_module_content() -> None:
    data = format_xliff21(sample_catalog(), source_lang="en")
    broken = data.replace(b"<gls:term ", b"<gls:bogus/><gls:term ", 1)
    assert b"<gls:bogus/>" in broken
    assert schema2_core().validate(etree.fromstring(broken))  # lax in the core
    assert not schema2_modules().validate(etree.fromstring(broken))


def test_schema_rejects_a_broken_xliff12_file() -> None:
    data = format_xliff12(sample_catalog(), source_lang="en")
    broken = data.replace(b'state="new"', b'state="half-done"')
    assert not schema12().validate(etree.fromstring(broken))


def test_empty_catalog_still_gives_valid_files() -> None:
    empty = Catalog(header={"Language": "de"})
    assert_valid(schema12(), format_xliff12(empty, source_lang="en", original="r.txt"))
    assert_valid(schema2_core(), format_xliff21(empty, source_lang="en", original="r.txt"))


def test_file_element_carries_languages_original_and_plaintext() -> None:
    catalog = Catalog(entries=[new_entry()], header={"Language": "pt_BR"})
    file12 = etree.fromstring(format_xliff12(catalog, source_lang="en")).find("x:file", NS12)
    assert (file12.get("original"), file12.get("source-language"),
            file12.get("target-language"), file12.get("datatype")) == (
        REF, "en", "pt-BR", "plaintext")
    root2 = etree.fromstring(format_xliff21(catalog, source_lang="en", target_lang="de"))
    assert (root2.get("version"), root2.get("srcLang"), root2.get("trgLang")) == ("2.1", "en", "de")
    assert root2.find("x:file", NS2).get("original") == REF


# -- states ------------------------------------------------------------------------------

STATES = [
    # entry builder, 1.2 (state, qualifier, approved), 2.1 (state, subState, has target)
    (mt_entry, ("needs-review-translation", "mt-suggestion", None),
     ("initial", "pipeline:mt", True)),
    (reviewed_entry, ("translated", None, "yes"), ("reviewed", None, True)),
    (new_entry, ("new", None, None), ("initial", None, False)),
    (tm_exact_entry, ("translated", "exact-match", "yes"), ("reviewed", None, True)),
    (changed_entry, ("needs-review-translation", "mt-suggestion", None),
     ("initial", "pipeline:mt", True)),
]


@pytest.mark.parametrize(("build", "expected12", "expected2"), STATES,
                         ids=[row[0].__name__ for row in STATES])
def test_po_state_maps_to_xliff_states(build, expected12, expected2) -> None:
    unit = unit12(build())
    target = unit.find("x:target", NS12)
    assert (target.get("state"), target.get("state-qualifier"), unit.get("approved")) == expected12
    segment = unit2(build()).find("x:segment", NS2)
    has_target = segment.find("x:target", NS2) is not None
    assert (segment.get("state"), segment.get("subState"), has_target) == expected2


def test_fuzzy_without_mt_or_tm_is_still_marked_for_review() -> None:
    entry = Entry(msgid="A", msgstr="B", flags=["fuzzy"])
    assert unit12(entry).find("x:target", NS12).attrib == {"state": "needs-review-translation"}
    assert unit2(entry).find("x:segment", NS2).get("subState") == "pipeline:fuzzy"


# -- notes, references, context ---------------------------------------------------------

def test_xliff12_notes_carry_role_hints_and_mt_line() -> None:
    notes = [(n.get("from"), n.text) for n in unit12(mt_entry()).findall("x:note", NS12)]
    assert notes == [
        ("developer", "role: bullet"),
        ("developer", "glossary: smart #1: model, do not translate"),
        ("pipeline", "MT: argos en→de, confidence 0.83"),
    ]


def test_xliff12_keeps_every_reference_as_a_context_group() -> None:
    groups = unit12(reviewed_entry()).findall("x:context-group", NS12)
    found = [[(c.get("context-type"), c.text) for c in group] for group in groups]
    assert found == [[("sourcefile", REF), ("linenumber", "40")],
                     [("sourcefile", REF), ("linenumber", "52")]]
    assert {group.get("purpose") for group in groups} == {"location"}


def test_sentences_sharing_a_line_stay_schema_valid() -> None:
    """The 1.2 schema wants context-group names unique per file: the seed broke that."""
    first, second = Entry(msgid="One.", references=[f"{REF}:7"]), Entry(msgid="Two.",
                                                                      references=[f"{REF}:7"])
    catalog = Catalog(entries=[first, second], header={"Language": "de"})
    assert_valid(schema12(), format_xliff12(catalog, source_lang="en"))


def test_msgctxt_is_kept_as_resname_name_and_note() -> None:
    unit = unit12(reviewed_entry())
    assert unit.get("resname") == "boilerplate heading"
    assert ("developer", "context: boilerplate heading") in [
        (n.get("from"), n.text) for n in unit.findall("x:note", NS12)]
    assert unit2(reviewed_entry()).get("name") == "boilerplate heading"


def test_xliff21_notes_are_categorised() -> None:
    notes = [(n.get("category"), n.text) for n in unit2(reviewed_entry()).findall(
        "x:notes/x:note", NS2)]
    assert notes == [
        ("role", "boilerplate heading"),
        ("context", "boilerplate heading"),
        # the glossary hint is in gls:glossary once, not repeated as a note
        ("location", f"{REF}:40"),
        ("location", f"{REF}:52"),
        ("translator", "checked with the brand team"),
    ]


def test_recovery_and_suggestion_lines_reach_the_translator() -> None:
    texts = [n.text for n in unit12(crossed_codes_entry()).findall("x:note", NS12)]
    assert "MT could not guarantee <g2>: moved; check the markup." in texts
    assert any(text.startswith("TM suggestion (82%") for text in texts)


# -- confidence, matches, glossary -------------------------------------------------------

def test_xliff12_alt_trans_carries_the_mt_confidence() -> None:
    alt = unit12(mt_entry()).find("x:alt-trans", NS12)
    assert (alt.get("match-quality"), alt.get("origin")) == ("83", "argos")
    assert "".join(alt.find("x:target", NS12).itertext()) == "Der smart #1 führt das Segment an."


def test_reviewed_entries_get_no_machine_match() -> None:
    assert unit12(reviewed_entry()).find("x:alt-trans", NS12) is None
    assert unit2(reviewed_entry()).find("mtc:matches", NS2) is None


def test_tm_suggestion_and_previous_target_are_offered_as_alternatives() -> None:
    alts = unit12(crossed_codes_entry()).findall("x:alt-trans", NS12)
    assert [(a.get("origin"), a.get("match-quality")) for a in alts] == [
        ("argos", "41"), ("tm:2023-11-02-x", "82")]
    previous = unit12(changed_entry()).findall("x:alt-trans", NS12)
    assert [a.get("origin") for a in previous] == ["previous"]  # no MT score: no MT match
    assert previous[0].find("x:source", NS12).text == "Deliveries reached 60,000 units."


def test_xliff21_mtc_match_carries_the_confidence() -> None:
    match = unit2(mt_entry()).find("mtc:matches/mtc:match", NS2)
    assert (match.get("type"), match.get("matchQuality"), match.get("origin"), match.get("ref")) \
        == ("mt", "83", "argos", "#s1")
    changed = unit2(changed_entry()).findall("mtc:matches/mtc:match", NS2)
    assert [(m.get("origin"), m.find("x:source", NS2).text) for m in changed] == [
        ("previous", "Deliveries reached 60,000 units.")]


def test_xliff21_glossary_module_lists_the_unit_terms() -> None:
    entries = unit2(new_entry()).findall("gls:glossary/gls:glossEntry", NS2)
    found = [(e.findtext("gls:term", namespaces=NS2), e.findtext("gls:translation", namespaces=NS2),
              e.findtext("gls:definition", namespaces=NS2)) for e in entries]
    assert found == [("China-Europe dual home", "China-Europa Doppelheimat",
                      "slogan, translate as “China-Europa Doppelheimat”")]
    dnt = unit2(reviewed_entry()).find("gls:glossary/gls:glossEntry", NS2)
    assert dnt.findtext("gls:translation", namespaces=NS2) == "smart"


# -- inline codes and text fidelity ------------------------------------------------------

def test_inline_codes_become_g_and_x_in_xliff12() -> None:
    source = unit12(mt_entry()).find("x:source", NS12)
    assert etree.tostring(source, encoding="unicode", with_tail=False).split(">", 1)[1] == (
        'The <g id="1">smart #1</g> leads the segment.<x id="2"/></source>')


def test_inline_codes_become_pc_and_ph_in_xliff21() -> None:
    source = unit2(mt_entry()).find("x:segment/x:source", NS2)
    assert [(etree.QName(c).localname, c.get("id")) for c in source] == [("pc", "1"), ("ph", "2")]


def test_crossed_codes_become_spanning_codes_and_text_is_escaped() -> None:
    target12 = unit12(crossed_codes_entry()).find("x:target", NS12)
    assert [etree.QName(c).localname for c in target12.iter()][1:] == ["bx", "g", "ex"]
    assert "".join(target12.itertext()) == "Drücken Sie hier und dort & <jetzt>."
    target2 = unit2(crossed_codes_entry()).find("x:segment/x:target", NS2)
    assert [(etree.QName(c).localname, c.get("startRef")) for c in target2.iter()][1:] == [
        ("sc", None), ("pc", None), ("ec", "1")]


def test_whitespace_is_preserved() -> None:
    assert unit12(new_entry()).get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert unit12(new_entry()).find("x:source", NS12).text.endswith(".  ")
    assert unit2(new_entry()).find("x:segment/x:source", NS2).text.endswith(".  ")


def test_control_character_uses_cp_in_xliff21_and_is_refused_in_xliff12() -> None:
    entry = Entry(msgid="tab\x0bbed", msgid_line=7)
    cp = unit2(entry).find("x:segment/x:source/x:cp", NS2)
    assert cp.get("hex") == "000B"
    catalog = Catalog(entries=[entry], path="locales/de/r.po")
    with pytest.raises(InputError, match=r"^locales/de/r\.po:7: character U\+000B"):
        format_xliff12(catalog, source_lang="en")


def test_obsolete_entries_are_left_out() -> None:
    ids12 = [u.get("id") for u in xml12(sample_catalog()).iter("{*}trans-unit")]
    ids2 = [u.get("id") for u in xml2(sample_catalog()).iter("{*}unit")]
    active = [e.id for e in sample_catalog().active()]
    assert ids12 == ids2 == active and len(active) == 6


# -- regeneration from the PO, atomic writing ---------------------------------------------

@pytest.mark.parametrize("fmt", [format_xliff12, format_xliff21])
def test_xliff_regenerated_from_the_po_alone_is_identical(tmp_path, fmt) -> None:
    catalog = sample_catalog()
    write_po(tmp_path / "seed.po", catalog)
    again = read_po(tmp_path / "seed.po")
    assert fmt(again, source_lang="en") == fmt(catalog, source_lang="en")


@pytest.mark.parametrize(("writer", "marker"), [(write_xliff12, b'version="1.2"'),
                                                (write_xliff21, b'version="2.1"')])
def test_write_is_atomic_and_replaces_the_old_file(tmp_path, writer, marker) -> None:
    target = tmp_path / "locales" / "de" / "seed.xlf"
    target.parent.mkdir(parents=True)
    target.write_text("old")
    writer(sample_catalog(), target, source_lang="en")
    assert marker in target.read_bytes()
    assert os.listdir(target.parent) == ["seed.xlf"]  # no temporary file left behind


def test_a_failed_write_leaves_the_old_file_untouched(tmp_path) -> None:
    target = tmp_path / "seed.xlf"
    target.write_text("translator's old file")
    bad = Catalog(entries=[Entry(msgid="bell\x07")], path="seed.po")
    with pytest.raises(InputError):
        write_xliff12(bad, target, source_lang="en")
    assert target.read_text() == "translator's old file"
    assert os.listdir(tmp_path) == ["seed.xlf"]


def test_write_xliff_dispatches_by_version(tmp_path) -> None:
    write_xliff(sample_catalog(), tmp_path / "a.xlf", version="2.1", source_lang="en")
    assert b"urn:oasis:names:tc:xliff:document:2.0" in (tmp_path / "a.xlf").read_bytes()
    with pytest.raises(XmlInputError, match="unknown XLIFF version '3.0'"):
        write_xliff(sample_catalog(), tmp_path / "b.xlf", version="3.0", source_lang="en")
