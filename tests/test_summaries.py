"""The summaries people read: the line `pipeline check` ends with (what was looked at,
what was found, never "clean" over an unreadable file, machine formats unchanged), and
`pipeline stats`' source words, compared with Translate Toolkit's own `pocount`."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.catalogs.model import Entry
from pipeline.catalogs.po import read_po, write_po
from pipeline.catalogs.words import count_words
from pipeline.cli import main

pytest_plugins = ["fixtures.argos_plugin"]

ROOT = Path(__file__).resolve().parent.parent
NAME = "2024-01-19-global-deliveries-near-70000"
POCOUNT = Path(sys.executable).with_name("pocount")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def drafts(project: Path, argos_packages_dir: Path) -> Path:
    """locales/de/<seed>.po as `make translate` writes it: every entry an MT draft."""
    result = run("translate", "--lang", "de", "-q")
    assert result.exit_code == 0, result.output
    return project / "locales" / "de" / f"{NAME}.po"


def _edit(path: Path, change) -> None:
    catalog = read_po(path)
    for index, entry in enumerate(catalog.active()):
        change(index, entry)
    write_po(path, catalog)


def _last_line(result) -> str:
    return result.output.splitlines()[-1]


# -- pipeline check ------------------------------------------------------------------------

def test_clean_says_what_was_checked(drafts):
    entries = len(read_po(drafts).active())
    result = run("check")
    assert result.exit_code == 0, result.output
    assert result.output == (f"clean: no problems in 1 file, {entries} entries "
                             f"(0 reviewed, {entries} MT drafts)\n")


def test_reviewed_and_untranslated_entries_are_counted_apart(drafts):
    def change(index: int, entry: Entry) -> None:
        if index < 3:
            entry.set_fuzzy(False)  # a translator approved it
        elif index < 5:
            entry.msgstr = ""
            entry.set_fuzzy(False)

    _edit(drafts, change)
    entries = len(read_po(drafts).active())
    assert _last_line(run("check")) == (
        f"clean: no problems in 1 file, {entries} entries "
        f"(3 reviewed, {entries - 5} MT drafts, 2 untranslated)")
    assert _last_line(run("check", "--skip-fuzzy")) == (
        f"clean: no problems in 1 file, {entries} entries "
        f"(3 reviewed, 2 untranslated; {entries - 5} drafts skipped by --skip-fuzzy)")


def _four_files(drafts: Path) -> list[Path]:
    """a clean, b with a brand error, c with a brand error and a doubled word, d clean."""
    folder = drafts.parent
    paths = [folder / f"{name}.po" for name in "abcd"]
    for path in paths:
        shutil.copy(drafts, path)
    drafts.unlink()
    slip = next(i for i, e in enumerate(read_po(paths[1]).active()) if "smart" in e.msgstr)

    def smart(index: int, entry: Entry) -> None:
        if index == slip:
            entry.msgstr = entry.msgstr.replace("smart", "Smart", 1)

    def doubled(index: int, entry: Entry) -> None:
        if index == 0:
            entry.msgstr = f"und und {entry.msgstr}"

    _edit(paths[1], smart)
    _edit(paths[2], smart)
    _edit(paths[2], doubled)
    return paths


def test_findings_name_the_files_that_hold_them_and_warnings_apart(drafts):
    _four_files(drafts)
    found = json.loads(run("check", "--format", "json").stdout)["findings"]
    errors = [f for f in found if f["severity"] == "error"]
    warnings = [f for f in found if f["severity"] == "warning"]
    assert {Path(f["path"]).name for f in errors} == {"b.po", "c.po"}
    assert warnings and {Path(f["path"]).name for f in warnings} == {"c.po"}
    result = run("check")
    assert result.exit_code == 1
    assert _last_line(result) == (f"{len(errors)} errors in 2 of 4 files, "
                                  f"{len(warnings)} warning{'s' * (len(warnings) != 1)}")


def test_warnings_alone_say_where(drafts):
    paths = _four_files(drafts)
    for path in paths[1:3]:  # the brand slips fixed: the doubled word is left
        _edit(path, lambda _, entry: setattr(entry, "msgstr",
                                             entry.msgstr.replace("Smart", "smart")))
    result = run("check")
    assert result.exit_code == 0, result.output
    assert _last_line(result) == "1 warning in 1 of 4 files"


def test_an_unreadable_file_is_never_clean(drafts):
    entries = len(read_po(drafts).active())
    (drafts.parent / "broken.po").write_text('msgid "x"\nmsgstr "y\n', encoding="utf-8")
    result = run("check")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert (f"no problems in 1 readable file, {entries} entries (0 reviewed, {entries} MT "
            "drafts); 1 file could not be read") in lines
    assert not any(line.startswith("clean") for line in lines)


def test_machine_formats_keep_their_shape_and_the_summary_goes_to_stderr(drafts):
    _four_files(drafts)
    result = run("check", "--format", "json")
    document = json.loads(result.stdout)
    assert set(document) == {"version", "summary", "checks", "findings"}
    assert set(document["summary"]) == {"files", "entries", "errors", "warnings"}
    assert document["summary"]["files"] == 4
    assert result.stderr.startswith(f"{document['summary']['errors']} errors in 2 of 4 files")
    github = run("check", "--format", "github")
    assert all(line.startswith("::") for line in github.stdout.splitlines())


# -- pipeline stats: source words as pocount counts them ------------------------------------

def _pocount(paths: list[Path]) -> dict[str, dict[str, int]]:
    done = subprocess.run([str(POCOUNT), "--csv", *map(str, paths)], capture_output=True,
                          text=True, check=True)
    rows = csv.DictReader(io.StringIO(done.stdout), skipinitialspace=True)
    return {str(Path(row["Filename"]).resolve()): {
        "translated": int(row["Translated Messages"]),
        "fuzzy": int(row["Fuzzy Messages"]),
        "untranslated": int(row["Untranslated Messages"]),
        "words": int(row["Total Source Words"]),
        "translated_words": int(row["Translated Source Words"]),
        "fuzzy_words": int(row["Fuzzy Source Words"]),
        "untranslated_words": int(row["Untranslated Source Words"]),
    } for row in rows}


@pytest.mark.skipif(not POCOUNT.exists(), reason="translate-toolkit's pocount is not installed")
def test_stats_words_are_pocounts(drafts, project):
    """The repository's own template (every entry untranslated) and the seed's German in
    every state, a plural entry and an obsolete one included."""
    template = ROOT / "locales" / "templates" / f"{NAME}.pot"
    fr = project / "locales" / "fr"
    fr.mkdir()
    shutil.copy(template, fr / f"{NAME}.po")

    def change(index: int, entry: Entry) -> None:
        if index % 3 == 0:
            entry.set_fuzzy(False)
        elif index % 5 == 0:
            entry.msgstr = ""

    _edit(drafts, change)
    catalog = read_po(drafts)
    catalog.entries.append(Entry("One new model", msgid_plural="%d new models",
                                 msgstr_plural={0: "Ein neues Modell", 1: "%d neue Modelle"}))
    catalog.entries.append(Entry("Gone and forgotten.", "Weg.", obsolete=True))
    write_po(drafts, catalog)

    result = run("stats", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["language"]: row for row in json.loads(result.output)["releases"]}
    theirs = _pocount([drafts, fr / f"{NAME}.po"])
    for language, path in (("de", drafts), ("fr", fr / f"{NAME}.po")):
        counts = theirs[str(path.resolve())]
        assert {key: rows[language][key] for key in counts} == counts, language
    assert rows["de"]["translated"] and rows["de"]["fuzzy"] and rows["de"]["untranslated"]
    # The template as pocount reads it from the repository itself.
    assert _pocount([template])[str(template)]["words"] == rows["fr"]["words"]


# Words where UAX #29 and pocount's markup rules decide, from press-release English.
WORDS = [
    ("smart has delivered nearly 70,000 units globally in 2023.", 9),
    ("The U.S. market", 2),  # pocount turns "U.S" + "." into a space: "The  . market"
    ("smart’s ‘China-Europe dual-home’ strategy", 6),
    ("don't e-mail info@smart.com", 6),  # "t.c" goes too: "smar om"
    ("800 V, 5 %, €5.5bn and 10¹² or 3½", 11),
    ("C-NCAP and Euro NCAP 2023 “Five-Star Safety”", 9),
    ("<b>bold</b> and<br/>break", 3),
    ("__init__ and _ alone", 3),
    ("co\u00adoperation", 1),
    ("07:20 Europe/Amsterdam", 4),
]


@pytest.mark.parametrize(("text", "words"), WORDS)
def test_word_count_table(text, words):
    from translate.tools.pocount import wordcount

    assert count_words(text) == words == wordcount(text)
