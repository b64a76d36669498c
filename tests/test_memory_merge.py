"""merge(): the re-run rules on catalogs directly (no engine), as msgmerge --previous does."""

from __future__ import annotations

from pipeline.catalogs import notes
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
    fresh = template("Something else entirely, nothing alike.")
    catalog = merge(fresh, Catalog(entries=[reviewed("Gone.", "Weg."), *twice])).catalog
    assert [e.msgid for e in catalog.entries if e.obsolete] == ["Gone."]
    for _ in range(3):
        write_po(po, catalog)
        catalog = merge(fresh, read_po(po)).catalog
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


def test_changed_sentence_keeps_the_human_translation_as_fuzzy():
    previous = Catalog(entries=[reviewed("Deliveries reached 60,000 units.", "60.000."),
                                reviewed("Completely different text here.", "Anders.")])
    previous.entries[0].flags = ["ignore-qa.numbers"]
    merged = merge(template("Deliveries reached 70,000 units."), previous)
    entry = merged.catalog.find("Deliveries reached 70,000 units.")
    assert entry.previous_msgid == "Deliveries reached 60,000 units."
    assert (entry.msgstr, entry.fuzzy) == ("60.000.", True)
    assert entry.translator_comments == ["checked by Ana"]  # the person's comment moves along
    assert "ignore-qa.numbers" in entry.flags
    assert notes.SOURCE_KEPT in entry.extracted_comments
    assert entry not in merged.pending and entry in merged.suggest
    # The old entry lives on as the fuzzy draft: no `#~` copy of it.
    assert [e.msgid for e in merged.catalog.entries if e.obsolete] == [
        "Completely different text here."]
    assert (merged.stats.changed, merged.stats.new, merged.stats.obsolete) == (1, 0, 1)


def test_changed_sentence_whose_old_msgstr_is_an_untouched_machine_draft_gets_new_mt():
    draft = Entry("Deliveries reached 60,000 units.", "Lieferungen 60.000.", flags=["fuzzy"])
    notes.add(draft, notes.mt("argos en→de", draft.msgstr, 0.8))
    edited = Entry("The range is 440 km today.", "Reichweite 440 km.", flags=["fuzzy"])
    notes.add(edited, notes.mt("argos en→de", "Die Reichweite ist 440 km.", 0.8))
    merged = merge(template("Deliveries reached 70,000 units.", "The range is 450 km today."),
                   Catalog(entries=[draft, edited]))
    replaced = merged.catalog.find("Deliveries reached 70,000 units.")
    assert (replaced.msgstr, replaced in merged.pending) == ("", True)
    # msgmerge's `#|` for a fuzzy old entry is the source its msgstr was made for: none here
    assert replaced.previous_msgid is None
    assert notes.SOURCE_REPLACED in replaced.extracted_comments
    kept = merged.catalog.find("The range is 450 km today.")  # a person touched this draft
    assert (kept.msgstr, kept.fuzzy, kept in merged.pending) == ("Reichweite 440 km.", True, False)
    assert (merged.stats.replaced, merged.stats.changed) == (1, 1)


def test_candidates_best_first_exact_tm_then_near_tm_then_mt():
    memory = TranslationMemory([TmEntry("About smart Automobile", "Über smart Automobile", "a"),
                                TmEntry("The smart #1 grew fast.", "Der smart #1 wuchs.", "a")])
    merged = merge(template("About smart Automobile", "The smart #1 grew faster.",
                            "Nothing in memory looks like this."), None, memory)
    about = merged.catalog.find("About smart Automobile")
    assert (about.msgstr, about.fuzzy) == ("Über smart Automobile", False)
    assert about.extracted_comments == ["paragraph", "TM: exact match from release a"]
    assert about.translator_comments == []  # pipeline notes never go to `#`
    near = merged.catalog.find("The smart #1 grew faster.")
    assert (near.msgstr, near.fuzzy) == ("Der smart #1 wuchs.", True)
    assert near.extracted_comments[1].startswith("TM: ") and "% match from release a" in \
        near.extracted_comments[1]
    assert near in merged.suggest and near not in merged.pending  # MT only offered
    plain = merged.catalog.find("Nothing in memory looks like this.")
    assert plain in merged.pending
    assert (merged.stats.tm_exact, merged.stats.tm_near, merged.stats.new) == (1, 1, 1)


def test_a_human_translation_of_a_changed_sentence_is_offered_tm_as_a_note():
    memory = TranslationMemory([TmEntry("Deliveries reached 70,000 units.", "70.000 Stück.", "b")])
    previous = Catalog(entries=[reviewed("Deliveries reached 60,000 units.", "60.000.")])
    merged = merge(template("Deliveries reached 70,000 units."), previous, memory)
    entry = merged.catalog.find("Deliveries reached 70,000 units.")
    assert entry.msgstr == "60.000."  # human previous beats an exact TM match
    assert "TM suggestion (100% from release b): 70.000 Stück." in entry.extracted_comments


def test_review_notes_go_once_the_entry_is_reviewed():
    entry = Entry("Deliveries reached 70,000 units.", "60.000.", flags=["fuzzy"],
                  previous_msgid="Deliveries reached 60,000 units.",
                  extracted_comments=["paragraph", notes.SOURCE_KEPT])
    entry.set_fuzzy(False)  # approved in Poedit
    merged = merge(template("Deliveries reached 70,000 units."), Catalog(entries=[entry]))
    kept = merged.catalog.find("Deliveries reached 70,000 units.")
    assert kept.extracted_comments == ["paragraph"]
    assert kept.previous_msgid is None


def test_legacy_pipeline_lines_in_translator_comments_move_to_extracted():
    old = Entry("One.", "Eins.", flags=["fuzzy"],
                translator_comments=["MT: argos en→de, confidence 0.80", "Ana: check price"])
    kept = merge(template("One."), Catalog(entries=[old])).catalog.find("One.")
    assert kept.translator_comments == ["Ana: check price"]
    assert kept.extracted_comments == ["paragraph", "MT: argos en→de, confidence 0.80"]


def test_a_glossary_hint_is_written_once_per_term():
    fresh = template("smart grows.")
    fresh.entries[0].extracted_comments = ["paragraph", "glossary: smart: brand",
                                           "glossary: smart: brand, again"]
    entry = merge(fresh, None).catalog.find("smart grows.")
    assert entry.extracted_comments == ["paragraph", "glossary: smart: brand"]
