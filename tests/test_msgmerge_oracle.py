"""gettext's `msgmerge --previous` is the oracle for the re-run merge (issue 9).

The same old PO (reviewed translations, human-edited fuzzy drafts, untouched machine
drafts and empty entries) and the same new template go through the real msgmerge and
through pipeline.memory.merge.merge; the release is the seed, unchanged or edited (a word
changed, also with ’ “ ” é, since msgmerge scores UTF-8 bytes; a sentence split, removed,
added). For every active entry, and every translated obsolete one, msgstr, fuzzy and
`#|` agree, and so do the translator's `#` comments. The one documented exception: an
old msgstr that is a machine draft no person touched is not kept as msgmerge keeps it,
but sent to MT again (the entry is pending for MT, with msgmerge's `#|`). The pipeline
also keeps untranslated `#~` entries, which msgmerge drops.

Each edit is run once per kind of old entry, rotated, so the edited sentence is in turn
reviewed, a human draft, an untouched MT draft, empty, and a draft that an earlier merge
left fuzzy with its own `#|` (msgmerge then keeps that older `#|`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.catalogs import notes
from pipeline.catalogs.extract import units_to_catalog
from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import read_po, write_po
from pipeline.catalogs.units import build_units
from pipeline.documents import read_document
from pipeline.memory.merge import merge

MSGMERGE = shutil.which("msgmerge")
pytestmark = pytest.mark.skipif(MSGMERGE is None, reason="gettext's msgmerge is not installed")

SEED_NAME = "2024-01-19-global-deliveries-near-70000.txt"
KINDS = ("reviewed", "human draft", "untouched MT", "empty", "draft after a change")

# (case, old text in the seed, new text); an empty old text keeps the seed as it is.
EDITS = [
    ("seed unchanged", "", ""),
    ("word changed", "smart has achieved significant results",
     "smart has achieved remarkable results"),
    ("word changed, straight to curly quotes",
     'with a forward-looking "China-Europe,', "with a forward-looking “China-Europe,"),
    ("word changed, curly to straight apostrophe",
     "smart’s strong momentum has attracted", "smart's strong momentum has attracted"),
    ("word changed, é added", "European debut at IAA", "European début at IAA"),
    ("word changed, “ ” replaced", "Operating with a “customer-centric, data-driven” philosophy",
     "Operating with a ‘customer-centric, data-driven’ philosophy"),
    ("sentence split",
     "The product family is rapidly expanding, with technology R&D strengths increasingly "
     "evident.",
     "The product family is rapidly expanding. Technology R&D strengths are increasingly "
     "evident."),
    ("sentence removed",
     "With such strong momentum, smart has earned the attention of global capital markets. ",
     ""),
    ("sentence added",
     "Even more noteworthy was the smart #3 media test drive in Mallorca.",
     "Even more noteworthy was the smart #3 media test drive in Mallorca. The café in Palma "
     "hosted the drivers’ “welcome” evening."),
]


def template_for(release: Path) -> Catalog:
    document = read_document(release)
    return units_to_catalog(build_units([document]), project=document.name)


def edit_release(release: Path, old: str, new: str) -> None:
    text = release.read_text(encoding="utf-8")
    assert text.count(old) == 1, old  # the edit table must match the seed exactly once
    release.write_text(text.replace(old, new), encoding="utf-8")


def translation(n: int, msgid: str) -> str:
    # Non-ASCII in the translations too: msgmerge must carry them byte for byte.
    return f"Übersetzung {n}: „{msgid[:30]}“ – ß"


def old_catalog(template: Catalog, rotation: int) -> Catalog:
    """A realistic PO as a translator leaves it: the four kinds of entry, rotated."""
    catalog = Catalog(header={**template.header, "Language": "de",
                              "Last-Translator": "Ana <ana@example.com>",
                              "Plural-Forms": "nplurals=2; plural=(n != 1);"},
                      header_comment="German translation of the release.")
    for n, fresh in enumerate(template.entries):
        entry = Entry(fresh.msgid, references=list(fresh.references),
                      extracted_comments=list(fresh.extracted_comments))
        kind = KINDS[(n + rotation) % len(KINDS)]
        if kind == "reviewed":
            entry.msgstr = translation(n, fresh.msgid)
            entry.translator_comments = [f"Ana: checked {n}"]
        elif kind == "human draft":
            # An MT draft a person edited: the MT note is still there, the digest no longer
            # matches, so it is human work.
            entry.msgstr = translation(n, fresh.msgid)
            entry.set_fuzzy(True)
            entry.extracted_comments.append(notes.mt("argos en→de", "Maschine", 0.71))
            entry.translator_comments = ["Ana: wait for final price"]
        elif kind == "draft after a change":
            entry.msgstr = translation(n, fresh.msgid)
            entry.set_fuzzy(True)
            entry.previous_msgid = fresh.msgid.replace(" ", "  ", 1) + " (earlier)"
        elif kind == "untouched MT":
            entry.msgstr = f"Maschinenentwurf {n} für „{fresh.msgid[:20]}“"
            entry.set_fuzzy(True)
            entry.extracted_comments.append(notes.mt("argos en→de", entry.msgstr, 0.83))
        catalog.entries.append(entry)
    return catalog


def run_msgmerge(folder: Path, old_po: Path, pot: Path) -> Catalog:
    out = folder / "out.po"
    subprocess.run([MSGMERGE, "--previous", "--no-wrap", "-q", str(old_po), str(pot),
                    "-o", str(out)], check=True, capture_output=True)
    return read_po(out)


def compared(entry: Entry) -> tuple:
    return (entry.msgstr, entry.fuzzy, entry.previous_msgid, entry.previous_msgctxt,
            notes.person_lines(entry))


@pytest.mark.parametrize("rotation", range(len(KINDS)))
@pytest.mark.parametrize(("case", "old", "new"), EDITS, ids=[case for case, _, _ in EDITS])
def test_merge_agrees_with_msgmerge_previous(project, case, old, new, rotation):
    release = Path("releases") / SEED_NAME  # relative, as the pipeline writes `#:`
    seed = template_for(release)
    if old:
        edit_release(release, old, new)
    template = template_for(release)
    old_po, pot = project / "old.po", project / "new.pot"
    write_po(old_po, old_catalog(seed, rotation))
    write_po(pot, template)

    oracle = run_msgmerge(project, old_po, pot)
    previous = read_po(old_po)
    merged = merge(template, previous)
    ours = merged.catalog

    assert [e.key for e in ours.active()] == [e.key for e in oracle.active()]
    assert [e.key for e in ours.active()] == [e.key for e in template.entries]
    untouched = {e.msgstr: e for e in previous.entries if notes.untouched_mt(e)}
    pending = {id(e) for e in merged.pending}
    exceptions = 0
    for mine, theirs in zip(ours.active(), oracle.active(), strict=True):
        source = untouched.get(theirs.msgstr)
        if source is not None and source.key != theirs.key:
            # The documented MT-only case: msgmerge keeps the untouched machine draft as a
            # fuzzy guess; the pipeline sends the sentence to MT again, with the same `#|`.
            exceptions += 1
            assert theirs.fuzzy, theirs.msgid
            assert id(mine) in pending, mine.msgid  # msgstr and fuzzy come with the MT draft
            assert (mine.msgstr, mine.previous_msgid, mine.previous_msgctxt) == (
                "", theirs.previous_msgid, theirs.previous_msgctxt)
            assert notes.person_lines(mine) == notes.person_lines(theirs)
            assert notes.SOURCE_REPLACED in mine.extracted_comments
            continue
        assert compared(mine) == compared(theirs), mine.msgid
    if case == "seed unchanged":
        assert exceptions == 0
    assert merged.stats.replaced == exceptions

    # An old entry that nothing matched survives as `#~`, with the same translation. The
    # pipeline also keeps untranslated ones (their `#` comments are a person's work too),
    # which msgmerge drops.
    def gone(catalog: Catalog) -> dict:
        return {e.key: compared(e) for e in catalog.entries if e.obsolete and e.msgstr}

    assert gone(ours) == gone(oracle)
    assert {e.key for e in oracle.entries if e.obsolete} <= {
        e.key for e in ours.entries if e.obsolete}
