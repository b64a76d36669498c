"""merge(): the re-run rules on catalogs directly (no engine), as msgmerge --previous does."""

from __future__ import annotations

from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import read_po, write_po
from pipeline.memory.merge import merge
from pipeline.memory.tm import TmEntry, TranslationMemory


def template(*msgids: str) -> Catalog:
    return Catalog(entries=[Entry(msgid, references=[f"releases/x.txt:{n}"],
                                  extracted_comments=["paragraph"])
                            for n, msgid in enumerate(msgids, 1)],
                   header={"Project-Id-Version": "x"}, header_comment="PO template")


def reviewed(msgid: str, msgstr: str) -> Entry:
    return Entry(msgid, msgstr, references=["releases/x.txt:9"],
                 translator_comments=["checked by Ana"])


def test_reviewed_entry_keeps_its_translation_and_gets_fresh_references():
    previous = Catalog(entries=[reviewed("One.", "Eins.")],
                       header={"Last-Translator": "Ana <ana@example.com>"})
    merged = merge(template("One.", "Two."), previous)
    one = merged.catalog.find("One.")
    assert (one.msgstr, one.flags, one.translator_comments) == ("Eins.", [], ["checked by Ana"])
    assert one.references == ["releases/x.txt:1"]
    assert [e.msgid for e in merged.pending] == ["Two."]
    assert merged.catalog.header["Last-Translator"] == "Ana <ana@example.com>"
    assert (merged.stats.reused, merged.stats.new) == (1, 1)


def test_obsolete_entries_are_written_once_however_often_it_runs(tmp_path):
    twice = [reviewed("Gone.", "Weg."), reviewed("Gone.", "Weg.")]
    for entry in twice:
        entry.obsolete = True  # a hand-merged file can hold the same `#~` entry twice
    po = tmp_path / "x.po"
    catalog = merge(template("One."), Catalog(entries=[reviewed("Gone.", "Weg."), *twice])).catalog
    assert [e.msgid for e in catalog.entries if e.obsolete] == ["Gone."]
    for _ in range(3):
        write_po(po, catalog)
        catalog = merge(template("One."), read_po(po)).catalog
    write_po(po, catalog)
    assert po.read_text(encoding="utf-8").count('#~ msgid "Gone."') == 1


def test_a_sentence_that_comes_back_revives_its_obsolete_translation():
    gone = reviewed("Back.", "Zurück.")
    gone.obsolete = True
    merged = merge(template("Back."), Catalog(entries=[gone]))
    back = merged.catalog.find("Back.")
    assert back is not None and back.msgstr == "Zurück." and not back.fuzzy
    assert merged.pending == [] and merged.stats.obsolete == 0
    assert [e for e in merged.catalog.entries if e.obsolete] == []


def test_changed_sentence_offers_the_closest_old_source_and_target():
    previous = Catalog(entries=[reviewed("Deliveries reached 60,000 units.", "60.000."),
                                reviewed("Completely different text here.", "Anders.")])
    merged = merge(template("Deliveries reached 70,000 units."), previous)
    entry = merged.catalog.find("Deliveries reached 70,000 units.")
    assert entry.previous_msgid == "Deliveries reached 60,000 units."
    assert "previous translation: 60.000." in entry.translator_comments
    assert entry.msgstr == "" and entry in merged.pending
    assert (merged.stats.changed, merged.stats.new, merged.stats.obsolete) == (1, 0, 2)


def test_exact_memory_match_is_used_and_a_near_one_only_offered():
    memory = TranslationMemory([TmEntry("About smart Automobile", "Über smart Automobile", "a"),
                                TmEntry("The smart #1 grew fast.", "Der smart #1 wuchs.", "a")])
    merged = merge(template("About smart Automobile", "The smart #1 grew faster."), None, memory)
    about = merged.catalog.find("About smart Automobile")
    assert about.msgstr == "Über smart Automobile"
    assert about.translator_comments == ["TM: exact match from release a"]
    near = merged.catalog.find("The smart #1 grew faster.")
    assert near.msgstr == "" and near in merged.pending
    assert near.translator_comments[0].startswith("TM suggestion (")
    assert (merged.stats.tm_exact, merged.stats.tm_near) == (1, 1)
