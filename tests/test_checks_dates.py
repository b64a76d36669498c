"""`qa.dates`: dates compared by value in the target locale; `qa.numbers` leaves their digits
alone. A table of good and bad pairs, and `pipeline check` on a PO file."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.catalogs.model import Entry
from pipeline.checks import ALL_CHECKS, CheckContext
from pipeline.checks.dates import Dates
from pipeline.checks.numbers import Numbers
from pipeline.cli import main

DATELINE = "Hangzhou, 19 January 2024 | 07:20 Europe/Amsterdam"
LEAD = "(Hangzhou, Jan. 19, 2024) Following the brand’s renewal."


def findings(check, source: str, target: str, lang: str):
    entry = Entry(msgid=source, msgstr=target, line=7)
    return check.run(entry, CheckContext(path="x.po", language=lang))


@pytest.mark.parametrize(("source", "target", "lang"), [
    (DATELINE, "Hangzhou, 19. Januar 2024 | 07:20 Europe/Amsterdam", "de"),
    (DATELINE, "Hangzhou, 19 de enero de 2024 | 07:20 Europe/Amsterdam", "es"),
    (DATELINE, "Hangzhou, 19 janvier 2024 | 07:20 Europe/Amsterdam", "fr"),
    (DATELINE, "Hangzhou, 19. Januar 2024 | 07:20 Europe/Amsterdam", "de-CH"),
    (DATELINE, "Hangzhou, 19. Jänner 2024 | 07:20 Europe/Amsterdam", "de-AT"),
    (LEAD, "(Hangzhou, 19. Januar 2024) Nach der Erneuerung der Marke.", "de"),
    (LEAD, "(Hangzhou, 19.01.2024) Nach der Erneuerung der Marke.", "de"),
    (LEAD, "(Hangzhou, 19 de enero de 2024) Tras la renovación.", "es"),
    ("in October of 2023", "im Oktober 2023", "de"),
    ("in January 2024", "en enero de 2024", "es"),
    ("January 2024 was strong.", "Janvier 2024 a été fort.", "fr"),
    ("on 1 January 2024", "le 1er janvier 2024", "fr"),
    ("on 19 January and on 2024-01-20", "am 19. Januar und am 2024-01-20", "de"),
    ("smart may 5 models", "smart 5 Modelle", "de"),  # "may 5" is no date
])
def test_the_same_date_passes(source, target, lang):
    assert findings(Dates(), source, target, lang) == []
    assert findings(Numbers(), source, target, lang) == []


@pytest.mark.parametrize(("source", "target", "lang", "message"), [
    (DATELINE, "Hangzhou, 20. Januar 2024 | 07:20 Europe/Amsterdam", "de",
     "dates differ: missing 19 January 2024 (de: 19. Januar 2024); not in the source "
     "20. Januar 2024 (reads as 2024-01-20)"),
    (DATELINE, "Hangzhou, 19 de febrero de 2024 | 07:20", "es",
     "dates differ: missing 19 January 2024 (es: 19 de enero de 2024); not in the source "
     "19 de febrero de 2024 (reads as 2024-02-19)"),
    (DATELINE, "Hangzhou, 19 janvier 2023 | 07:20", "fr",
     "dates differ: missing 19 January 2024 (fr: 19 janvier 2024); not in the source "
     "19 janvier 2023 (reads as 2023-01-19)"),
    (DATELINE, "Hangzhou, 19. Jänner 2025 | 07:20", "de-AT",
     "dates differ: missing 19 January 2024 (de-AT: 19. Jänner 2024); not in the source "
     "19. Jänner 2025 (reads as 2025-01-19)"),
    (LEAD, "(Hangzhou, 19. Januar) Nach der Erneuerung.", "de",
     "dates differ: missing Jan. 19, 2024 (de: 19. Januar 2024); not in the source "
     "19. Januar (reads as --01-19)"),
    (LEAD, "(Hangzhou) Nach der Erneuerung.", "de",
     "dates differ: missing Jan. 19, 2024 (de: 19. Januar 2024)"),
    ("at the start of the year", "am 19.01.2024", "de",
     "dates differ: not in the source 19.01.2024 (reads as 2024-01-19)"),
])
def test_a_different_date_is_one_error(source, target, lang, message):
    found = findings(Dates(), source, target, lang)
    assert [(f.check, f.severity.value, f.line, f.message) for f in found] == [
        ("qa.dates", "error", 7, message)]
    # the day and year are the date check's: no second finding for a stray "20" or "2023"
    assert findings(Numbers(), source, target, lang) == []


def test_numbers_beside_a_date_are_still_checked():
    found = findings(Numbers(), "On 19 January 2024, 70,000 units.",
                     "Am 19. Januar 2024 70.001 Einheiten.", "de")
    assert [f.message for f in found] == ["numbers differ: missing 70,000; not in the source "
                                          "70.001 (reads as 70001 in de)"]


def test_qa_dates_is_listed_and_can_be_disabled(tmp_path, monkeypatch):
    assert "qa.dates" in [check.id for check in ALL_CHECKS]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.pipeline]\nglossaries = []\n', "utf-8")
    po = tmp_path / "locales" / "de" / "release.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; '
                  'charset=UTF-8\\n"\n\n'
                  f'msgid "{DATELINE}"\nmsgstr "Hangzhou, 20. Januar 2024 | 07:20 '
                  'Europe/Amsterdam"\n', "utf-8")
    listed = CliRunner().invoke(main, ["check", "--list-checks"])
    assert "qa.dates" in listed.output
    result = CliRunner().invoke(main, ["check", "--format", "json", str(po)])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)  # the summary line goes to stderr
    assert [(f["check"], f["line"], f["snippet"]) for f in report["findings"]] == [
        ("qa.dates", 7, "20. Januar 2024")]  # the msgstr line
    quiet = CliRunner().invoke(main, ["check", "--disable", "qa.dates", str(po)])
    assert quiet.exit_code == 0, quiet.output
