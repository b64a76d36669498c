"""Re-running `pipeline translate` (issue 5): translator work survives, only new or changed
segments reach the engine, gone segments become obsolete, the XLIFF follows the PO.

Real Apertium en→es on a small release; a translator edits the PO in between, as in Poedit.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from lxml import etree
from test_xliff_builders import assert_valid, schema12

from pipeline.cli import main
from pipeline.engines.apertium import mode_for

ROOT = Path(__file__).resolve().parent.parent
NAME = "2024-03-01-note"
NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
HEADLINE = "smart Delivers the smart #3"
DELIVERED = "smart has delivered nearly 70,000 units globally."
LAUNCHED = "The smart #1 launched rapidly in ten European markets."
LED = "In 2023, smart led the premium brand in compact SUV segment in the Chinese market."
LED_EDITED = ("In 2023, smart led the premium brand in the compact SUV segment of the Chinese "
              "market.")
FAMILY = "The product family is rapidly expanding."
ABOUT = "About smart Automobile"
FOUNDED = "smart Automobile was officially established in 2019."
ADDED = "smart now has over 190 points of sales and service in China."

RELEASE = f"""{HEADLINE}

{DELIVERED} {LAUNCHED}

{LED} {FAMILY}

{ABOUT}

{FOUNDED}
"""
# Two sentences of the release edited: one changed, one removed, and one added.
EDITED = RELEASE.replace(LED, LED_EDITED).replace(f" {FAMILY}", "").replace(
    FOUNDED, f"{FOUNDED} {ADDED}")

APPROVED = "smart ha entregado casi 70.000 unidades en todo el mundo."
pytestmark = pytest.mark.skipif(shutil.which("apertium") is None or mode_for("en", "es") is None,
                                reason="apertium with apertium-eng-spa is not installed")


def setup_project(folder: Path, text: str = RELEASE) -> Path:
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(ROOT / "glossaries", folder / "glossaries")
    (folder / "releases").mkdir()
    (folder / "releases" / f"{NAME}.txt").write_text(text, encoding="utf-8")
    return folder


def translate(*args: str) -> str:
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", "es", "--engine", "apertium",
                                       *args])
    assert result.exit_code == 0, result.output
    return result.output


def summary(output: str) -> dict[str, int]:
    line = next(x for x in output.splitlines() if x.startswith("es: 1 release(s)"))
    fields = ("reused", "TM", "machine-translated", "unique sent to the engine", "new", "changed",
              "machine draft replaced", "obsolete")
    found = {}
    for name in fields:
        match = re.search(rf"{re.escape(name)} (\d+)", line) or re.search(
            rf"(\d+) {re.escape(name)}", line)
        assert match, (name, line)
        found[name] = int(match.group(1))
    return found


def translator_edits(po: Path) -> None:
    """What a reviewer does in Poedit: approve one entry with their own wording and a
    comment, and leave a note on an MT draft without approving it."""
    catalog = polib.pofile(str(po), wrapwidth=78)
    delivered = catalog.find(DELIVERED)
    delivered.msgstr = APPROVED
    delivered.flags.remove("fuzzy")
    delivered.tcomment = "Revisado por Ana (marketing ES)"
    draft = catalog.find(LAUNCHED)
    draft.msgstr = "El smart #1 se lanzó rápidamente en diez mercados europeos."
    draft.tcomment += "\nborrador: falta confirmar «diez»"
    catalog.find(LED).msgstr = "En 2023, smart lideró el segmento de SUV compactos premium."
    catalog.find(LED).flags.remove("fuzzy")
    catalog.save(str(po))


@pytest.fixture
def rerun(project: Path):
    """First run, translator edits, two sentences of the release edited, second run."""
    (project / "releases" / "2024-01-19-global-deliveries-near-70000.txt").unlink()
    (project / "releases" / f"{NAME}.txt").write_text(RELEASE, encoding="utf-8")
    first = translate()
    po = project / "locales" / "es" / f"{NAME}.po"
    translator_edits(po)
    before = polib.pofile(str(po))
    (project / "releases" / f"{NAME}.txt").write_text(EDITED, encoding="utf-8")
    second = translate()
    return first, second, before, polib.pofile(str(po)), po


def test_first_run_translates_everything(rerun):
    first, *_ = rerun
    assert summary(first) == {"reused": 0, "TM": 0, "machine-translated": 7,
                              "unique sent to the engine": 7, "new": 7, "changed": 0,
                              "machine draft replaced": 0, "obsolete": 0}


def test_only_new_and_changed_segments_go_to_the_engine(rerun):
    _, second, *_ = rerun
    print(second)  # the summary line of a re-run after editing two sentences
    # The changed sentence keeps its reviewed translation (fuzzy); MT is only offered.
    assert summary(second) == {"reused": 5, "TM": 0, "machine-translated": 1,
                               "unique sent to the engine": 2, "new": 1, "changed": 1,
                               "machine draft replaced": 0, "obsolete": 1}


def test_unchanged_entries_keep_msgstr_flags_and_translator_comments(rerun):
    _, _, before, after, _ = rerun
    for msgid in (DELIVERED, LAUNCHED, HEADLINE, ABOUT, FOUNDED):
        old, new = before.find(msgid), after.find(msgid)
        assert (new.msgstr, new.flags, new.tcomment) == (old.msgstr, old.flags, old.tcomment)
    approved = after.find(DELIVERED)
    assert approved.msgstr == APPROVED and "fuzzy" not in approved.flags
    assert approved.tcomment == "Revisado por Ana (marketing ES)"
    assert "borrador: falta confirmar «diez»" in after.find(LAUNCHED).tcomment


def test_changed_sentence_keeps_the_reviewed_translation_as_fuzzy(rerun):
    _, _, before, after, po = rerun
    changed = after.find(LED_EDITED)
    assert "fuzzy" in changed.flags
    assert changed.previous_msgid == LED
    assert changed.msgstr == before.find(LED).msgstr  # one word to fix, not a new MT draft
    assert "source changed: the previous translation is kept" in changed.comment
    assert "MT suggestion (apertium en→es): " in changed.comment
    assert "MT: " not in changed.comment and changed.tcomment == ""
    text = po.read_text(encoding="utf-8")
    assert '#| "In 2023, smart led the premium brand in compact SUV segment in the' in text
    added = after.find(ADDED)
    assert "fuzzy" in added.flags and added.previous_msgid is None


def test_gone_segments_become_obsolete_not_deleted(rerun):
    _, _, before, after, po = rerun
    obsolete = {e.msgid: e for e in after.obsolete_entries()}
    # the changed sentence lives on as the fuzzy draft above: no `#~` copy of it
    assert set(obsolete) == {FAMILY}
    assert obsolete[FAMILY].msgstr == before.find(FAMILY).msgstr
    assert "#~ msgid \"The product family is rapidly expanding.\"" in po.read_text(encoding="utf-8")


def test_xliff_is_regenerated_from_the_po(rerun):
    _, _, _, after, po = rerun
    xlf = po.with_suffix(".xlf")
    assert_valid(schema12(), xlf.read_bytes())
    units = {u.findtext("x:source", namespaces=NS12): u
             for u in etree.parse(str(xlf)).findall(".//x:trans-unit", NS12)}
    assert set(units) == {e.msgid for e in after.translated_entries() + after.fuzzy_entries()}
    approved = units[DELIVERED]
    assert approved.get("approved") == "yes"
    assert approved.findtext("x:target", namespaces=NS12) == APPROVED
    assert approved.find("x:target", NS12).get("state") == "translated"
    changed = units[LED_EDITED].find("x:target", NS12)
    assert changed.get("state") == "needs-review-translation"
    assert changed.text == after.find(LED_EDITED).msgstr
    assert LED not in units and FAMILY not in units  # obsolete entries are not units


def test_a_third_run_without_changes_sends_nothing_and_changes_no_translation(rerun, project):
    *_, after, po = rerun
    third = translate()
    assert summary(third)["unique sent to the engine"] == 0
    assert summary(third)["obsolete"] == 0  # already obsolete entries are not counted again
    again = polib.pofile(str(po))
    assert [(e.msgid, e.msgstr, e.flags, e.tcomment, e.obsolete) for e in again] == [
        (e.msgid, e.msgstr, e.flags, e.tcomment, e.obsolete) for e in after]


def test_rerun_after_editing_two_sentences_of_the_seed(project):
    """The closing note's summary line: only the two edited sentences reach the engine."""
    seed = project / "releases" / "2024-01-19-global-deliveries-near-70000.txt"
    first = summary(translate())
    text = seed.read_text(encoding="utf-8")
    edits = [("smart now has over 190 points", "smart now has over 200 points"),
             ("in compact SUV segment in the Chinese market",
              "in the compact SUV segment in China")]
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    seed.write_text(text, encoding="utf-8")
    output = translate()
    print(next(x for x in output.splitlines() if x.startswith("es: ")))
    second = summary(output)
    # Both old msgstrs were machine drafts nobody touched: new MT replaces them.
    assert second == {"reused": first["new"] - 2, "TM": 0, "machine-translated": 2,
                      "unique sent to the engine": 2, "new": 0, "changed": 0,
                      "machine draft replaced": 2, "obsolete": 0}
