"""`pipeline import`: confirmed XLIFF targets reach the PO; conflicts and strangers are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from build_support import write_catalog
from click.testing import CliRunner
from lxml import etree

from pipeline.catalogs.po import read_po, write_po
from pipeline.catalogs.xliff import write_xliff
from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "xliff" / "hostile"
NAME = "2024-01-19-global-deliveries-near-70000"
NS = {"1.2": "urn:oasis:names:tc:xliff:document:1.2",
      "2.1": "urn:oasis:names:tc:xliff:document:2.0"}
MT = "MT: argos en→de, confidence 0.80"


@pytest.fixture
def po(project: Path) -> Path:
    """The seed's PO: the first two entries reviewed by a person, the rest MT drafts."""
    path = project / "locales" / "de" / f"{NAME}.po"
    write_catalog(project / "releases" / f"{NAME}.txt", path, lambda m: f"[de] {m}", fuzzy=True,
                  comment=MT)
    catalog = read_po(path)
    for entry in catalog.entries[:2]:
        entry.msgstr = f"Geprüft: {entry.msgid}"
        entry.set_fuzzy(False)
        entry.translator_comments = []
    write_po(path, catalog)
    return path


def export(po: Path, version: str) -> Path:
    """What `make translate` writes beside the PO, and the copy sent to the translator."""
    sibling = po.with_suffix(".xlf")
    write_xliff(read_po(po), sibling, version=version, source_lang="en", target_lang="de",
                original=f"releases/{NAME}.txt")
    sent = po.parent.parent.parent / "sent.xlf"
    shutil.copy(sibling, sent)
    return sent


def edit(path: Path, version: str, index: int, *, target: str | None = None,
         state: str | None = None, approved: str | None = None, source: str | None = None,
         unit_id: str | None = None, out: Path | None = None) -> int:
    """Change unit number `index` the way a CAT tool would; returns its line in `out`."""
    tree = etree.parse(str(path))
    ns = NS[version]
    tag = "trans-unit" if version == "1.2" else "unit"
    unit = tree.getroot().findall(f".//{{{ns}}}{tag}")[index]
    holder = unit if version == "1.2" else unit.find(f"{{{ns}}}segment")
    if target is not None:
        holder.find(f"{{{ns}}}target").text = target
    if source is not None:
        holder.find(f"{{{ns}}}source").text = source
    if state is not None:
        (holder.find(f"{{{ns}}}target") if version == "1.2" else holder).set("state", state)
    if approved is not None:
        unit.set("approved", approved)
        holder.find(f"{{{ns}}}target").attrib.pop("state", None)
    if unit_id is not None:
        unit.set("id", unit_id)
    out = out or path
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return etree.parse(str(out)).getroot().findall(f".//{{{ns}}}{tag}")[index].sourceline


def run_import(*args: str):
    return CliRunner().invoke(main, ["import", *args])


@pytest.mark.parametrize(("version", "confirmed", "draft"), [
    ("1.2", "translated", "needs-review-translation"),
    ("1.2", "signed-off", "new"),
    ("1.2", "final", "needs-review-translation"),
    ("2.1", "translated", "initial"),
    ("2.1", "reviewed", "initial"),
    ("2.1", "final", "initial"),
])
def test_confirmed_targets_become_reviewed_and_drafts_stay(po, version, confirmed, draft):
    sent = export(po, version)
    edit(sent, version, 2, target="Von Hand übersetzt.", state=confirmed)
    edit(sent, version, 3, target="Nur ein Entwurf.", state=draft)
    result = run_import(str(sent))
    assert result.exit_code == 0, result.output
    assert f"locales/de/{NAME}.po: applied 1, unchanged 2, not confirmed" in result.output
    entries = read_po(po).entries
    assert entries[2].msgstr == "Von Hand übersetzt." and not entries[2].fuzzy
    assert MT not in entries[2].extracted_comments  # no longer machine output
    assert entries[3].msgstr == f"[de] {entries[3].msgid}" and entries[3].fuzzy
    # The XLIFF beside the PO is regenerated from it; the translator's copy is untouched.
    assert "Von Hand übersetzt." in po.with_suffix(".xlf").read_text(encoding="utf-8")
    assert "Nur ein Entwurf." in sent.read_text(encoding="utf-8")


def test_approved_yes_without_state_confirms_in_12(po):
    sent = export(po, "1.2")
    edit(sent, "1.2", 4, target="Bestätigt.", approved="yes")
    assert run_import(str(sent)).exit_code == 0
    entry = read_po(po).entries[4]
    assert entry.msgstr == "Bestätigt." and not entry.fuzzy


def test_confirming_the_draft_unchanged_unfuzzies_it_and_keeps_the_mt_note(po):
    sent = export(po, "2.1")
    edit(sent, "2.1", 5, state="translated")
    assert run_import(str(sent)).exit_code == 0
    entry = read_po(po).entries[5]
    assert not entry.fuzzy and entry.msgstr == f"[de] {entry.msgid}"
    assert MT in entry.extracted_comments


def test_untouched_export_changes_nothing(po):
    before = po.read_bytes()
    sent = export(po, "1.2")
    result = run_import(str(sent))
    assert result.exit_code == 0 and "applied 0, unchanged 2" in result.output
    assert po.read_bytes() == before


def test_conflict_with_a_reviewed_po_translation_is_reported_not_applied(po):
    sent = export(po, "1.2")
    line = edit(sent, "1.2", 0, target="Anders übersetzt.", state="translated")
    catalog = read_po(po)
    catalog.entries[0].msgstr = "Im PO nach dem Export korrigiert."
    write_po(po, catalog)
    before = po.read_bytes()
    result = run_import(str(sent))
    assert result.exit_code == 1
    assert f"sent.xlf:{line}: conflict: unit 'u" in result.output
    assert po.read_bytes() == before
    assert run_import(str(sent), "--theirs").exit_code == 0
    assert read_po(po).entries[0].msgstr == "Anders übersetzt."


def test_a_revision_of_an_unchanged_reviewed_entry_is_applied(po, project):
    """The pipeline's per-unit digest says the PO entry did not change since export."""
    sent = export(po, "1.2")
    returned = project / "returned.xlf"
    edit(sent, "1.2", 1, target="Tippfehler behoben.", state="translated", out=returned)
    result = run_import(str(returned))
    assert result.exit_code == 0, result.output
    assert read_po(po).entries[1].msgstr == "Tippfehler behoben."


def test_without_the_digests_base_tells_a_revision_from_a_conflict(po, project):
    """A CAT tool that drops extradata/build-num: approved work is protected unless --base
    shows the PO entry is still what was sent."""
    sent = export(po, "1.2")
    returned = project / "returned.xlf"
    edit(sent, "1.2", 1, target="Tippfehler behoben.", state="translated", out=returned)
    tree = etree.parse(str(returned))
    for element in tree.iter():
        element.attrib.pop("extradata", None)
        element.attrib.pop("build-num", None)
    tree.write(str(returned), xml_declaration=True, encoding="UTF-8")
    assert run_import(str(returned)).exit_code == 1  # no base: approved work is protected
    result = run_import(str(returned), "--base", str(sent))
    assert result.exit_code == 0, result.output
    assert read_po(po).entries[1].msgstr == "Tippfehler behoben."


def test_with_base_a_po_change_since_export_is_a_conflict(po, project):
    sent = export(po, "2.1")
    returned = project / "returned.xlf"
    edit(sent, "2.1", 6, target="Aus dem CAT-Tool.", state="final", out=returned)
    catalog = read_po(po)
    catalog.entries[6].msgstr = "Im PO bearbeitet."
    write_po(po, catalog)
    result = run_import(str(returned), "--base", str(sent))
    assert result.exit_code == 1 and "conflict" in result.output
    assert read_po(po).entries[6].msgstr == "Im PO bearbeitet."


def test_unknown_ids_and_changed_sources_are_reported_with_file_and_line(po):
    sent = export(po, "1.2")
    edit(sent, "1.2", 7, target="Gut.", state="translated")
    unknown = edit(sent, "1.2", 8, target="Fremd.", state="translated", unit_id="u000000000000",
                   source="A sentence no PO entry has.")
    changed = edit(sent, "1.2", 9, target="Quelle geändert.", state="translated",
                   source="A sentence the translator rewrote.")
    result = run_import(str(sent))
    assert result.exit_code == 1
    assert f"sent.xlf:{unknown}: unknown unit id: unit 'u000000000000'" in result.output
    assert f"sent.xlf:{changed}: source differs from the PO" in result.output
    assert "applied 1," in result.output and "refused 2" in result.output
    entries = read_po(po).entries
    assert entries[7].msgstr == "Gut." and entries[9].fuzzy


def test_invented_inline_code_is_refused(po):
    sent = export(po, "1.2")
    tree = etree.parse(str(sent))
    ns = NS["1.2"]
    target = tree.getroot().findall(f".//{{{ns}}}trans-unit")[2].find(f"{{{ns}}}target")
    target.text, target.attrib["state"] = "Mit ", "translated"
    etree.SubElement(target, f"{{{ns}}}x", id="7").tail = " Code."
    tree.write(str(sent), xml_declaration=True, encoding="UTF-8")
    result = run_import(str(sent))
    assert result.exit_code == 1 and "broken inline codes" in result.output
    assert read_po(po).entries[2].fuzzy


@pytest.mark.parametrize("name", ["xxe.xlf", "billion-laughs.xlf", "malformed.xlf",
                                  "parameter-entity.xlf"])
def test_hostile_or_malformed_xliff_exits_2_and_changes_nothing(po, name):
    before = po.read_bytes()
    result = run_import(str(HOSTILE / name), "--po", str(po))
    assert result.exit_code == 2, result.output
    assert f"{name}:" in result.output and "Traceback" not in result.output
    assert po.read_bytes() == before


@pytest.mark.parametrize(("attribute", "value", "message"), [
    ("target-language", "fr", "does not exist; pass --po PATH"),
    ("target-language", "../de", "invalid language code"),
    ("original", "../../etc/passwd", "no PO file for release 'passwd'"),
])
def test_locating_the_po_never_leaves_locales(po, attribute, value, message):
    sent = export(po, "1.2")
    tree = etree.parse(str(sent))
    tree.getroot().find(f"{{{NS['1.2']}}}file").set(attribute, value)
    tree.write(str(sent), xml_declaration=True, encoding="UTF-8")
    result = run_import(str(sent))
    assert result.exit_code == 2 and message in result.output


def test_explicit_po_of_another_language_is_refused(po, project):
    sent = export(po, "2.1")
    other = project / "locales" / "fr" / f"{NAME}.po"
    write_catalog(project / "releases" / f"{NAME}.txt", other, lambda m: None, language="fr")
    result = run_import(str(sent), "--po", str(other))
    assert result.exit_code == 2 and "is for 'de'" in result.output


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_translate_cat_tool_import_build_round_trip(project, version):
    """make translate -> a CAT tool confirms every unit -> import -> build."""
    import copy

    shutil.copy(ROOT / "tests" / "data" / "golden" / "launch-note.md", project / "releases")
    runner = CliRunner()
    translated = runner.invoke(main, ["translate", "--lang", "de", "--engine", "none", "-q",
                                      "--xliff", version, "releases/launch-note.md"])
    assert translated.exit_code == 0, translated.output
    xlf = project / "locales" / "de" / "launch-note.xlf"
    returned = project / "returned.xlf"
    tree = etree.parse(str(xlf))
    ns = NS[version]
    holder_tag = "trans-unit" if version == "1.2" else "segment"
    holders = tree.getroot().findall(f".//{{{ns}}}{holder_tag}")
    for holder in holders:
        target = copy.deepcopy(holder.find(f"{{{ns}}}source"))
        target.tag = f"{{{ns}}}target"
        for element in target.iter():  # a translator upper-cases the words, keeps the tags
            element.text = element.text and element.text.upper()
            if element is not target:
                element.tail = element.tail and element.tail.upper()
        old = holder.find(f"{{{ns}}}target")
        if old is not None:
            holder.remove(old)
        holder.find(f"{{{ns}}}source").addnext(target)
        (target if version == "1.2" else holder).set("state", "final")
    tree.write(str(returned), xml_declaration=True, encoding="UTF-8")
    imported = runner.invoke(main, ["import", str(returned)])
    assert imported.exit_code == 0, imported.output
    assert f"applied {len(holders)}, unchanged 0" in imported.output
    built = runner.invoke(main, ["build", "--lang", "de", "--keep", "100",
                                 "releases/launch-note.md"])
    assert built.exit_code == 0 and "(100%)" in built.output, built.output
    text = (project / "build" / "de" / "launch-note.md").read_text(encoding="utf-8")
    assert "[BEST-SELLING](https://www.smart.com/en/ \"SMART HOME\")" in text
    assert "\n- DELIVERIES IN *22 COUNTRIES AND REGIONS*.\n" in text
