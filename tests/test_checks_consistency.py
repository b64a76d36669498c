"""Issue 13: qa.consistency across every PO of a language, through `pipeline check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import write_po
from pipeline.cli import main


def po(path: Path, *pairs: tuple[str, str], flags: tuple[str, ...] = ()) -> None:
    entries = [Entry(msgid, msgstr, flags=list(flags), references=[f"releases/{path.stem}.txt:1"])
               for msgid, msgstr in pairs]
    write_po(path, Catalog(entries=entries, header={"Language": "de"}))


def consistency(project: Path, *args: str) -> list[tuple[str, int, str]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", "locales", *args])
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["line"], f["message"]) for f in json.loads(result.stdout)["findings"]
            if f["check"] == "qa.consistency"]


@pytest.fixture
def locale(project: Path) -> Path:
    folder = project / "locales" / "de"
    folder.mkdir(parents=True)
    return folder


GOOD = [
    ([("About smart Automobile", "Über smart Automobile")],
     [("About smart Automobile", "Über smart Automobile")]),
    ([("The range grew.", "Die Reichweite wuchs.")], [("The sales grew.", "Der Absatz wuchs.")]),
]


@pytest.mark.parametrize(("first", "second"), GOOD)
def test_consistent_catalogs_are_quiet(locale, project, first, second):
    po(locale / "a.po", *first)
    po(locale / "b.po", *second)
    assert consistency(project) == []


def test_one_source_with_two_translations_is_reported_at_both_places(locale, project):
    po(locale / "a.po", ("About smart Automobile", "Über smart Automobile"))
    po(locale / "b.po", ("About smart Automobile", "Zu smart Automobile"))
    found = consistency(project)
    assert [(Path(p).name, m) for p, _, m in found] == [
        ("a.po", "translated differently at locales/de/b.po:9: 'Zu smart Automobile'"),
        ("b.po", "translated differently at locales/de/a.po:9: 'Über smart Automobile'"),
    ]


def test_two_sources_with_one_translation_are_reported(locale, project):
    po(locale / "a.po", ("The sales grew.", "Es wuchs."), ("The range grew.", "Es wuchs."))
    found = consistency(project)
    assert len(found) == 2 and all("also the translation of another source" in m
                                   for _, _, m in found)


def test_drafts_and_ignored_entries_do_not_count(locale, project):
    po(locale / "a.po", ("About smart Automobile", "Über smart Automobile"))
    po(locale / "b.po", ("About smart Automobile", "Zu smart Automobile"), flags=("fuzzy",))
    assert consistency(project) == []
    po(locale / "b.po", ("About smart Automobile", "Zu smart Automobile"),
       flags=("ignore-qa.consistency",))
    assert consistency(project) == []  # a deliberate difference, marked where it is made
