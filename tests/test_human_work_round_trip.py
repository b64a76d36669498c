"""Issue 9's five ways the round trip lost or demoted human work, each through the CLI.

1. a changed English sentence kept the reviewer's translation only in a comment;
2. the XLIFF went stale when the PO was edited (and gave false conflicts on import);
3. confirmed targets edited in place in locales/<lang>/*.xlf were overwritten;
4. XLIFF from other tools (po2xliff) could not be imported;
5. import applied a target that dropped inline codes, and build published it silently.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.catalogs.xliff import read_xliff
from pipeline.cli import main
from pipeline.engines.apertium import mode_for

NAME = "2024-06-01-launch"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS2 = "urn:oasis:names:tc:xliff:document:2.0"
FIRST = "smart made significant progress in Europe this year."
FIRST_EDITED = "smart made remarkable progress in Europe this year."
SECOND = "The smart #1 reached ten European markets in ten months."
THIRD = "About smart Automobile"
RELEASE = f"{FIRST}\n\n{SECOND}\n\n{THIRD}\n"
HUMAN = "smart hizo progresos significativos en Europa este año."
APERTIUM = shutil.which("apertium") is not None and mode_for("en", "es") is not None


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result


def translate(engine: str = "none", *extra: str):
    return run("translate", "-q", "--lang", "es", "--engine", engine, *extra)



@pytest.fixture
def release(project: Path) -> Path:
    (project / "releases" / "2024-01-19-global-deliveries-near-70000.txt").unlink()
    path = project / "releases" / f"{NAME}.txt"
    path.write_text(RELEASE, encoding="utf-8")
    return path


def po_path(project: Path) -> Path:
    return project / "locales" / "es" / f"{NAME}.po"


def approve(po: Path, msgid: str, msgstr: str, comment: str | None = None) -> None:
    """What Poedit does: new text, fuzzy flag off, the translator's own comment."""
    catalog = polib.pofile(str(po), wrapwidth=78)
    entry = catalog.find(msgid)
    entry.msgstr = msgstr
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    if comment:
        entry.tcomment = comment
    catalog.save(str(po))


def targets(xlf: Path) -> dict[str, tuple[str | None, bool]]:
    return {unit.source: (unit.target, unit.confirmed) for unit in read_xliff(xlf).units}


@pytest.mark.skipif(not APERTIUM, reason="apertium with apertium-eng-spa is not installed")
def test_1_a_changed_sentence_keeps_the_reviewed_translation_as_fuzzy(release, project):
    translate("apertium")
    po = po_path(project)
    approve(po, FIRST, HUMAN, "Ana: wait for final price")
    release.write_text(RELEASE.replace(FIRST, FIRST_EDITED), encoding="utf-8")
    translate("apertium")
    catalog = polib.pofile(str(po))
    entry = catalog.find(FIRST_EDITED)
    assert (entry.msgstr, "fuzzy" in entry.flags) == (HUMAN, True)  # edit one word
    assert entry.previous_msgid == FIRST
    assert entry.tcomment == "Ana: wait for final price"  # stays with the sentence
    assert "source changed: the previous translation is kept" in entry.comment
    assert "MT suggestion (apertium en→es): " in entry.comment  # MT only offered
    assert catalog.obsolete_entries() == []  # no `#~` copy of what lives on as fuzzy
    # Approving it in Poedit removes the change notes on the next run.
    approve(po, FIRST_EDITED, HUMAN.replace("significativos", "notables"))
    translate("apertium")
    again = polib.pofile(str(po)).find(FIRST_EDITED)
    assert "source changed" not in again.comment and "MT suggestion" not in again.comment
    assert again.previous_msgid is None


def test_2_the_xliff_follows_po_edits_and_imports_back_without_false_conflicts(release,
                                                                              project):
    translate()
    po = po_path(project)
    xlf = po.with_suffix(".xlf")
    approve(po, FIRST, HUMAN)
    approve(po, SECOND, "El smart #1 llegó a diez mercados.")
    translate()  # nothing changed in the release: only the PO was edited
    assert targets(xlf)[FIRST] == (HUMAN, True)
    assert targets(xlf)[SECOND] == ("El smart #1 llegó a diez mercados.", True)
    sent = project / "sent.xlf"
    shutil.copy(xlf, sent)
    approve(po, SECOND, "El smart #1 llegó a diez mercados europeos.")  # after export
    result = run("import", str(sent), "--base", str(sent))
    assert "refused 0" in result.output and "conflict" not in result.output
    after = polib.pofile(str(po)).find(SECOND)
    assert after.msgstr == "El smart #1 llegó a diez mercados europeos."


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_3_confirmed_targets_edited_in_the_locale_xliff_survive_a_source_change(
        release, project, version):
    translate("none", "--xliff", version)
    xlf = po_path(project).with_suffix(".xlf")
    tree = etree.parse(str(xlf))
    ns = NS12 if version == "1.2" else NS2
    for unit in tree.getroot().iter(f"{{{ns}}}trans-unit", f"{{{ns}}}unit"):
        holder = unit if version == "1.2" else unit.find(f"{{{ns}}}segment")
        if holder.findtext(f"{{{ns}}}source") == SECOND:
            target = holder.find(f"{{{ns}}}target")
            if target is None:
                target = etree.SubElement(holder, f"{{{ns}}}target")
            target.text = "El smart #1 llegó a diez mercados europeos."
            (target if version == "1.2" else holder).set("state", "final")
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")
    release.write_text(RELEASE.replace(FIRST, FIRST_EDITED), encoding="utf-8")
    translate()  # no --xliff: the file keeps its version
    entry = polib.pofile(str(po_path(project))).find(SECOND)
    assert entry.msgstr == "El smart #1 llegó a diez mercados europeos."
    assert "fuzzy" not in entry.flags
    assert read_xliff(xlf).version == version
    assert targets(xlf)[SECOND] == ("El smart #1 llegó a diez mercados europeos.", True)


def test_3_an_xliff_edit_that_conflicts_with_a_po_edit_stops_the_run(release, project):
    translate()
    po = po_path(project)
    xlf = po.with_suffix(".xlf")
    approve(po, SECOND, "Del PO.")
    translate()
    tree = etree.parse(str(xlf))
    unit = next(u for u in tree.getroot().iter(f"{{{NS12}}}trans-unit")
                if u.findtext(f"{{{NS12}}}source") == SECOND)
    unit.find(f"{{{NS12}}}target").text = "Del XLIFF."
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")
    approve(po, SECOND, "Del PO, corregido.")  # both files changed the same entry
    before = {path: path.read_bytes() for path in (po, xlf)}
    result = run("translate", "-q", "--lang", "es", "--engine", "none", code=2)
    line = result.output.strip()
    assert line.startswith(f"pipeline: locales/es/{NAME}.xlf:") and "1 edited target" in line
    assert "\n" not in line and "Traceback" not in result.output
    assert {path: path.read_bytes() for path in before} == before  # nothing written


@pytest.mark.skipif(shutil.which("po2xliff") is None and not (
    Path(__file__).resolve().parent.parent / ".venv" / "bin" / "po2xliff").exists(),
    reason="translate-toolkit's po2xliff is not installed")
def test_4_po2xliff_output_imports_cleanly(release, project):
    translate()
    po = po_path(project)
    approve(po, THIRD, "Acerca de smart Automobile")
    po2xliff = shutil.which("po2xliff") or str(
        Path(__file__).resolve().parent.parent / ".venv" / "bin" / "po2xliff")
    other = project / "other.xlf"
    subprocess.run([po2xliff, str(po), str(other)], check=True, capture_output=True)
    result = run("import", str(other))
    assert "unknown unit id" not in result.output and "refused 0" in result.output
    # A CAT tool confirms one of po2xliff's units: it reaches the PO.
    tree = etree.parse(str(other))
    ns = etree.QName(tree.getroot()).namespace
    unit = next(u for u in tree.getroot().iter(f"{{{ns}}}trans-unit")
                if u.findtext(f"{{{ns}}}source") == SECOND)
    target = unit.find(f"{{{ns}}}target")
    if target is None:
        target = etree.SubElement(unit, f"{{{ns}}}target")
    target.text, target.attrib["state"] = "El smart #1 llegó a diez mercados.", "translated"
    tree.write(str(other), xml_declaration=True, encoding="UTF-8")
    result = run("import", str(other))
    assert "applied 1" in result.output and "refused 0" in result.output
    assert polib.pofile(str(po)).find(SECOND).msgstr == "El smart #1 llegó a diez mercados."


MARKDOWN = "The **smart #1** is on [smart.com](https://www.smart.com) now.\n"
CODED = "The <g1>smart #1</g1> is on <g2>smart.com</g2> now."


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_5_a_target_that_drops_inline_codes_is_refused(project, version):
    (project / "releases" / "2024-01-19-global-deliveries-near-70000.txt").unlink()
    (project / "releases" / f"{NAME}.md").write_text(MARKDOWN, encoding="utf-8")
    translate("none", "--xliff", version)
    po = po_path(project)
    sent = project / "sent.xlf"
    shutil.copy(po.with_suffix(".xlf"), sent)
    tree = etree.parse(str(sent))
    ns = NS12 if version == "1.2" else NS2
    unit = next(tree.getroot().iter(f"{{{ns}}}trans-unit", f"{{{ns}}}unit"))
    holder = unit if version == "1.2" else unit.find(f"{{{ns}}}segment")
    target = holder.find(f"{{{ns}}}target")
    if target is None:
        target = etree.SubElement(holder, f"{{{ns}}}target")
    for child in list(target):
        target.remove(child)
    target.text = "El smart #1 ya está en smart.com."  # bold and link gone
    (target if version == "1.2" else holder).set("state", "final")
    tree.write(str(sent), xml_declaration=True, encoding="UTF-8")
    before = po.read_bytes()
    result = run("import", str(sent), code=1)
    assert f"sent.xlf:{unit.sourceline}: broken inline codes:" in result.output
    assert "missing in the translation: </g1>, </g2>, <g1>, <g2>" in result.output
    assert po.read_bytes() == before
    result = run("import", str(sent), "--allow-code-changes")
    assert polib.pofile(str(po)).find(CODED).msgstr == "El smart #1 ya está en smart.com."


def test_5_build_warns_for_a_reviewed_translation_without_its_codes(project):
    (project / "releases" / "2024-01-19-global-deliveries-near-70000.txt").unlink()
    (project / "releases" / f"{NAME}.md").write_text(MARKDOWN, encoding="utf-8")
    translate()
    approve(po_path(project), CODED, "El smart #1 ya está en <g2>smart.com</g2>.")
    result = run("build", "--lang", "es")
    assert "warning: locales/es/" in result.output and "qa.placeholders" in result.output
    assert "missing in the translation: </g1>, <g1>" in result.output
    assert (project / "build" / "es" / f"{NAME}.md").is_file()
    run("build", "--lang", "es", "--strict", code=1)
