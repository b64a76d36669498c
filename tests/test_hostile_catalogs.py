"""Issue 10, human work in every PO form: plural entries, other charsets, foreign headers,
`#~|` previous lines, new locales raced by two runs, other tools' XLIFF files, and
`msgfmt -c` on every PO the pipeline writes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline import atomic
from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import read_po, write_po
from pipeline.cli import main
from pipeline.memory.merge import merge

NAME = "2024-06-01-launch"
SENTENCE = "smart made significant progress in Europe this year."
RELEASE = f"{SENTENCE}\n\nAbout smart Automobile\n"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
MSGFMT = shutil.which("msgfmt")


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def msgfmt_ok(po: Path) -> None:
    if MSGFMT:
        done = subprocess.run([MSGFMT, "-c", "-o", "/dev/null", str(po)], capture_output=True,
                              text=True)
        assert done.returncode == 0, done.stderr


@pytest.fixture
def release(project: Path) -> Path:
    (project / "releases" / "2024-01-19-global-deliveries-near-70000.txt").unlink()
    path = project / "releases" / f"{NAME}.txt"
    path.write_text(RELEASE, encoding="utf-8")
    return path


def po_of(project: Path, lang: str = "es") -> Path:
    return project / "locales" / lang / f"{NAME}.po"


PLURAL = '''
#, fuzzy
#| msgid "One car"
#| msgid_plural "%d cars"
msgid "One vehicle"
msgid_plural "%d vehicles"
msgstr[0] "Un vehículo"
msgstr[1] "%d vehículos"

msgctxt "menu"
msgid "Cars"
msgid_plural "Cars (%d)"
msgstr[0] "Coche"
msgstr[1] "Coches (%d)"

#, fuzzy
#~| msgid "An older sentence."
#~ msgid "An old sentence."
#~ msgstr "Una frase antigua."
'''


def test_plural_entries_foreign_headers_and_previous_lines_survive_translate(release, project):
    run("translate", "-q", "--lang", "es", "--engine", "none")
    po = po_of(project)
    text = po.read_text(encoding="utf-8").replace(
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n',
        '"Plural-Forms: nplurals=2; plural=n != 1;\\n"\n"X-Poedit-Basepath: ..\\n"\n'
        '"X-Poedit-SearchPath-0: .\\n"\n')
    po.write_text(text + PLURAL, encoding="utf-8")
    for _ in range(2):  # a change of the release, then a plain re-run
        release.write_text(RELEASE.replace("significant", "remarkable"), encoding="utf-8")
        run("translate", "-q", "--lang", "es", "--engine", "none")
        catalog = polib.pofile(str(po))
        plural = next(e for e in catalog if e.msgid == "One vehicle")
        assert plural.msgstr_plural == {0: "Un vehículo", 1: "%d vehículos"}
        ours = next(e for e in read_po(po).entries if e.msgid == "One vehicle")
        assert ours.previous_msgid_plural == "%d cars"  # polib itself drops `#~|`
        menu = next(e for e in catalog if e.msgctxt == "menu")
        assert menu.msgstr_plural == {0: "Coche", 1: "Coches (%d)"}
        assert catalog.metadata["X-Poedit-Basepath"] == ".."
        assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=n != 1;"
        assert '#~| msgid "An older sentence."' in po.read_text(encoding="utf-8")
        msgfmt_ok(po)
    run("build", "--lang", "es")
    run("check", str(po), code=0)


def test_import_keeps_an_iso_8859_1_po_in_its_charset(release, project):
    run("translate", "-q", "--lang", "de", "--engine", "none")
    po = po_of(project, "de")
    latin = po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    po.write_bytes(latin.encode("iso-8859-1"))
    xlf = po.with_suffix(".xlf")
    sent = project / "sent.xlf"
    shutil.copy(xlf, sent)
    tree = etree.parse(str(sent))
    unit = next(tree.getroot().iter(f"{{{NS12}}}trans-unit"))
    target = unit.find(f"{{{NS12}}}target")
    target.text, target.attrib["state"] = "Große Fortschritte für smart.", "translated"
    tree.write(str(sent), xml_declaration=True, encoding="UTF-8")
    run("import", str(sent))
    data = po.read_bytes()
    assert b"charset=ISO-8859-1" in data
    assert "Große Fortschritte für smart.".encode("iso-8859-1") in data  # not UTF-8 bytes
    assert read_po(po).find(SENTENCE).msgstr == "Große Fortschritte für smart."
    msgfmt_ok(po)


def test_a_new_locale_is_locked_before_anything_is_read(release, project):
    """A second run on a locale that does not exist yet waits for (or is refused by) the
    first, instead of reading nothing and overwriting what the first one writes."""
    locale = project / "locales" / "es"
    with atomic.locked(locale):
        result = run("translate", "-q", "--lang", "es", "--engine", "none", code=2)
        assert "another pipeline run is writing here" in result.output
        assert sorted(p.name for p in locale.iterdir()) == [".pipeline.lock"]
    assert not locale.exists()  # a refused run leaves no folder behind
    run("translate", "-q", "--lang", "es", "--engine", "none")
    assert po_of(project).is_file()


def _edit_unit(path: Path, index: int, text: str, state: str = "translated") -> int:
    tree = etree.parse(str(path))
    unit = list(tree.getroot().iter(f"{{{NS12}}}trans-unit"))[index]
    target = unit.find(f"{{{NS12}}}target")
    target.text, target.attrib["state"] = text, state
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return unit.sourceline


@pytest.fixture
def exported(release, project) -> tuple[Path, Path]:
    run("translate", "-q", "--lang", "es", "--engine", "none")
    sent = project / "sent.xlf"
    shutil.copy(po_of(project).with_suffix(".xlf"), sent)
    return po_of(project), sent


@pytest.mark.parametrize(("target", "message"), [
    ("\nsmart hizo progresos.", "both start with a line break"),
    ("smart hizo progresos.\n", "both end with a line break"),
    ("   ", "the target is only whitespace"),
])
def test_targets_that_would_break_the_po_are_refused(exported, target, message):
    po, sent = exported
    line = _edit_unit(sent, 0, target)
    before = po.read_bytes()
    result = run("import", str(sent), code=1)
    assert f"sent.xlf:{line}: broken inline codes:" in result.output and message in result.output
    assert po.read_bytes() == before
    msgfmt_ok(po)


@pytest.mark.parametrize(("tag", "accepted"), [
    ("de", False), ("de-DE", False), ("es-MX", True), ("es", True), ("ES-es", True)])
def test_a_file_for_another_language_is_refused(exported, tag, accepted):
    po, sent = exported
    _edit_unit(sent, 0, "Otra traducción.")
    tree = etree.parse(str(sent))
    file_element = next(tree.getroot().iter(f"{{{NS12}}}file"))
    file_element.set("target-language", tag)
    tree.write(str(sent), xml_declaration=True, encoding="UTF-8")
    before = po.read_bytes()
    result = run("import", str(sent), "--po", str(po), code=0 if accepted else 2)
    if accepted:
        assert read_po(po).find(SENTENCE).msgstr == "Otra traducción."
    else:
        assert f"sent.xlf:{file_element.sourceline}: this <file> is for {tag!r}" in result.output
        assert po.read_bytes() == before


def test_a_second_file_for_the_same_original_is_refused(exported):
    po, sent = exported
    _edit_unit(sent, 0, "Otra traducción.")
    tree = etree.parse(str(sent))
    first = next(tree.getroot().iter(f"{{{NS12}}}file"))
    second = etree.fromstring(etree.tostring(first))
    tree.getroot().append(second)
    tree.write(str(sent), xml_declaration=True, encoding="UTF-8")
    line = list(etree.parse(str(sent)).getroot().iter(f"{{{NS12}}}file"))[1].sourceline
    before = po.read_bytes()
    result = run("import", str(sent), "--po", str(po), code=2)
    assert f"sent.xlf:{line}: a second <file> for" in result.output
    assert po.read_bytes() == before


# -- property: read -> merge -> write keeps every translation --------------------------

WORDS = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from(
    '"\\\t'), min_size=1, max_size=12).filter(lambda s: s.strip() and s == s.strip("\n"))
ENTRY = st.fixed_dictionaries({
    "msgid": WORDS, "msgstr": WORDS, "context": st.none() | WORDS,
    "plural": st.booleans(), "fuzzy": st.booleans(), "obsolete": st.booleans(),
    "previous": st.none() | WORDS, "comment": st.none() | WORDS,
})


def _catalog(specs: list[dict]) -> Catalog:
    entries: dict[tuple, Entry] = {}
    for spec in specs:
        entry = Entry(spec["msgid"], msgctxt=spec["context"], obsolete=spec["obsolete"])
        if spec["plural"]:
            entry.msgid_plural = spec["msgid"] + " (plural)"
            entry.msgstr_plural = {0: spec["msgstr"], 1: spec["msgstr"] + "s"}
        else:
            entry.msgstr = spec["msgstr"]
        entry.set_fuzzy(spec["fuzzy"])
        if spec["fuzzy"] and spec["previous"]:
            entry.previous_msgid = spec["previous"]
        if spec["comment"]:
            entry.translator_comments = [spec["comment"].replace("\n", " ")]
        entries.setdefault((entry.msgctxt, entry.msgid), entry)
    header = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es",
              "X-Poedit-KeywordsList": "_;gettext", "Plural-Forms": "nplurals=2; plural=n!=1;"}
    return Catalog(entries=list(entries.values()), header=header)


def _texts(catalog: Catalog) -> dict[tuple, tuple]:
    return {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalog.entries}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(specs=st.lists(ENTRY, min_size=1, max_size=8), keep=st.lists(st.integers(0, 7)))
def test_read_merge_write_keeps_every_translation(tmp_path, specs, keep):
    po = tmp_path / "x.po"
    write_po(po, _catalog(specs))
    before = read_po(po)
    wanted = {index % len(before.entries) for index in keep}
    template = Catalog(entries=[Entry(before.entries[i].msgid, msgctxt=before.entries[i].msgctxt)
                                for i in sorted(wanted)
                                if before.entries[i].msgid_plural is None])
    write_po(po, merge(template, before).catalog)
    after = read_po(po)
    texts = {text for pair in _texts(after).values() for text in (pair[0], *pair[1])}
    for key, (msgstr, plural) in _texts(before).items():
        for text in (msgstr, *(form for _, form in plural)):
            assert not text or text in {t if isinstance(t, str) else t[1] for t in texts}, key
    for key, entry in {(e.msgctxt, e.msgid): e for e in after.entries}.items():
        old = {(e.msgctxt, e.msgid): e for e in before.entries}.get(key)
        if old is not None and old.msgid_plural:
            assert entry.msgstr_plural == old.msgstr_plural
    assert after.header["X-Poedit-KeywordsList"] == "_;gettext"
    msgfmt_ok(po)


def test_a_control_character_in_a_msgstr_names_the_file_and_line(release, project):
    run("translate", "-q", "--lang", "es", "--engine", "none")
    po = po_of(project)
    text = po.read_text(encoding="utf-8").replace(
        f'msgid "{SENTENCE}"\nmsgstr ""', f'msgid "{SENTENCE}"\nmsgstr "smart \x07 hizo"')
    po.write_text(text, encoding="utf-8")
    line = text.splitlines().index('msgstr "smart \x07 hizo"') + 1
    before = po.read_bytes()
    for args in (("check", str(po)), ("translate", "-q", "--lang", "es", "--engine", "none")):
        result = run(*args, code=2)
        assert f"x.po:{line}: control character U+0007 in msgstr; remove it" in \
            result.output.replace(NAME, "x")
        assert not result.output.startswith("clean")
    assert po.read_bytes() == before
