"""Translation memory across releases (issue 5), end to end with real Apertium en→es:
approved entries of release A are reused in release B instead of MT, near matches are
offered with their similarity, and boilerplate costs nothing after the first release."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.engines.apertium import mode_for

ROOT = Path(__file__).resolve().parent.parent
NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
A, B = "2024-03-01-first", "2024-04-02-second"
ABOUT = "About smart Automobile"
FOUNDED = "smart Automobile was officially established in 2019."
LAUNCHED = "The smart #1 launched rapidly in ten European markets."
LAUNCHED_NEAR = "The smart #1 launched rapidly in eleven European markets."
NEW = "The smart #3 media test drive took place in Mallorca."
DELIVERED = "smart has delivered nearly 70,000 units globally."
RELEASE_A = f"{DELIVERED} {LAUNCHED}\n\n{ABOUT}\n\n{FOUNDED}\n"
RELEASE_B = f"{LAUNCHED_NEAR} {NEW}\n\n{ABOUT}\n\n{FOUNDED}\n"
APPROVED = {
    ABOUT: "Acerca de smart Automobile",
    FOUNDED: "smart Automobile se fundó oficialmente en 2019.",
    LAUNCHED: "El smart #1 llegó en poco tiempo a diez mercados europeos.",
}

pytestmark = pytest.mark.skipif(shutil.which("apertium") is None or mode_for("en", "es") is None,
                                reason="apertium with apertium-eng-spa is not installed")


def translate(*args: str) -> str:
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", "es", "--engine", "apertium",
                                       *args])
    assert result.exit_code == 0, result.output
    return next(x for x in result.output.splitlines() if x.startswith("es: "))


def counts(line: str) -> tuple[int, ...]:
    found = re.search(r"reused (\d+), TM (\d+), machine-translated (\d+) \((\d+) unique sent", line)
    assert found, line
    return tuple(map(int, found.groups()))


@pytest.fixture
def releases(project: Path) -> Path:
    """Release A translated and reviewed (boilerplate and one sentence approved); then
    release B, which repeats the boilerplate, is added."""
    (project / "releases" / "2024-01-19-global-deliveries-near-70000.txt").unlink()
    (project / "releases" / f"{A}.txt").write_text(RELEASE_A, encoding="utf-8")
    first = translate()
    assert counts(first) == (0, 0, 4, 4)  # the first release pays for everything
    po = polib.pofile(str(project / "locales" / "es" / f"{A}.po"))
    for msgid, msgstr in APPROVED.items():
        entry = po.find(msgid)
        entry.msgstr = msgstr
        entry.flags.remove("fuzzy")
    po.save()
    (project / "releases" / f"{B}.txt").write_text(RELEASE_B, encoding="utf-8")
    return project


def test_boilerplate_costs_nothing_after_the_first_release(releases):
    line = translate(f"releases/{B}.txt")
    print(line)
    # only the near match (MT offered beside it) and the new sentence reach the engine
    assert counts(line) == (0, 2, 1, 2)
    entries = polib.pofile(str(releases / "locales" / "es" / f"{B}.po"))
    for msgid in (ABOUT, FOUNDED):
        entry = entries.find(msgid)
        assert entry.msgstr == APPROVED[msgid]
        assert entry.comment.splitlines()[-1] == f"TM: exact match from release {A}"
        assert entry.tcomment == ""  # the pipeline's notes are `#.`, never `#`
        assert "fuzzy" not in entry.flags  # approved text, reused as msgmerge's compendium does
        assert "MT:" not in entry.comment


def test_exact_match_is_marked_as_such_in_the_xliff(releases):
    translate(f"releases/{B}.txt")
    xlf = releases / "locales" / "es" / f"{B}.xlf"
    unit = next(u for u in etree.parse(str(xlf)).findall(".//x:trans-unit", NS12)
                if u.findtext("x:source", namespaces=NS12) == ABOUT)
    target = unit.find("x:target", NS12)
    assert target.text == APPROVED[ABOUT]
    assert target.get("state-qualifier") == "exact-match"
    assert any(f"release {A}" in (n.text or "") for n in unit.findall("x:note", NS12))


def test_near_match_above_the_threshold_is_the_draft_and_mt_is_offered(releases):
    translate(f"releases/{B}.txt")
    entry = polib.pofile(str(releases / "locales" / "es" / f"{B}.po")).find(LAUNCHED_NEAR)
    assert "fuzzy" in entry.flags and entry.msgstr == APPROVED[LAUNCHED]
    found = re.search(r"^TM: (\d+)% match from release (\S+)$", entry.comment, re.MULTILINE)
    assert found, entry.comment
    assert 75 <= int(found.group(1)) < 100 and found.group(2) == A
    assert re.search(r"^MT suggestion \(apertium en→es\): \S", entry.comment, re.MULTILINE)
    assert "MT: " not in entry.comment and entry.tcomment == ""
    new = polib.pofile(str(releases / "locales" / "es" / f"{B}.po")).find(NEW)
    assert "TM" not in new.comment and "MT: apertium en→es" in new.comment
    unit = next(u for u in etree.parse(str(releases / "locales" / "es" / f"{B}.xlf"))
                .findall(".//x:trans-unit", NS12)
                if u.findtext("x:source", namespaces=NS12) == LAUNCHED_NEAR)
    assert unit.find("x:target", NS12).get("state-qualifier") == "fuzzy-match"


def test_similarity_threshold_comes_from_pyproject(releases):
    pyproject = releases / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace('engine = "argos"', 'engine = "argos"\ntm_similarity = 0.99'),
                         encoding="utf-8")
    translate(f"releases/{B}.txt")
    entry = polib.pofile(str(releases / "locales" / "es" / f"{B}.po")).find(LAUNCHED_NEAR)
    assert "TM" not in entry.comment and entry.msgstr != APPROVED[LAUNCHED]


def test_unreviewed_machine_translations_are_not_memory(releases):
    """Only approved entries feed the memory: MT drafts of A are not reused in B."""
    po = polib.pofile(str(releases / "locales" / "es" / f"{A}.po"))
    for msgid in (ABOUT, FOUNDED):
        po.find(msgid).flags.append("fuzzy")
    po.save()
    # LAUNCHED is still approved in A, so its near match is the draft (MT only offered)
    assert counts(translate(f"releases/{B}.txt")) == (0, 0, 3, 4)


def test_both_releases_in_one_run_reuse_the_memory_and_keep_a(releases):
    line = translate()
    assert counts(line) == (4, 2, 1, 2)
    a = polib.pofile(str(releases / "locales" / "es" / f"{A}.po"))
    for msgid, msgstr in APPROVED.items():
        assert a.find(msgid).msgstr == msgstr and "fuzzy" not in a.find(msgid).flags


def test_an_approved_translation_that_fails_a_check_is_not_memory(releases):
    """Only what passes goes into memory: a broken brand name is never offered again, in
    TM suggestions nor in `pipeline tm export`."""
    po = releases / "locales" / "es" / f"{A}.po"
    catalog = polib.pofile(str(po))
    catalog.find(ABOUT).msgstr = "Acerca de Smart Automobile"  # glossary.forbidden
    catalog.save()
    line = translate(f"releases/{B}.txt")
    assert counts(line)[1] == 1  # FOUNDED still reused; ABOUT is not
    about = polib.pofile(str(releases / "locales" / "es" / f"{B}.po")).find(ABOUT)
    assert "TM:" not in about.comment and about.msgstr != "Acerca de Smart Automobile"
    result = CliRunner().invoke(main, ["tm", "export", "--lang", "es", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "Acerca de Smart Automobile" not in result.output
    assert APPROVED[FOUNDED] in result.output
