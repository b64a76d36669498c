"""Dates and time-zone names: found in the English source, protected, and written in the
target locale's format (Babel/CLDR); dates read back in each target language."""

from __future__ import annotations

import pytest

from pipeline.dates import DateValue, read_dates
from pipeline.protection import SlotKind, protect, restore

NBSP = "\u00a0"


@pytest.mark.parametrize(("text", "found", "value"), [
    ("Hangzhou, 19 January 2024 | 07:20", "19 January 2024", "2024-01-19"),
    ("(Hangzhou, Jan. 19, 2024) Following", "Jan. 19, 2024", "2024-01-19"),
    (f"(Hangzhou, Jan.{NBSP}19, 2024)", f"Jan.{NBSP}19, 2024", "2024-01-19"),
    ("on January 19, 2024, smart", "January 19, 2024", "2024-01-19"),
    ("In January 2024 the brand", "January 2024", "2024-01"),
    ("launched in October of 2023,", "October of 2023", "2023-10"),
    ("from 19th January 2024", "19th January 2024", "2024-01-19"),
    ("on March 3rd, 2023", "March 3rd, 2023", "2023-03-03"),
    ("Sept. 3, 2023", "Sept. 3, 2023", "2023-09-03"),
    ("Sep 3 2023", "Sep 3 2023", "2023-09-03"),
    ("on 19 January the", "19 January", "--01-19"),
    ("on January 19 the", "January 19", "--01-19"),
    ("29 February 2024", "29 February 2024", "2024-02-29"),
    ("DEADLINE: 19 JANUARY 2024", "19 JANUARY 2024", "2024-01-19"),
])
def test_english_dates_are_recognised(text, found, value):
    spans = read_dates(text, "en", numeric=False, iso=False)
    assert [(span.text, str(span.value)) for span in spans] == [(found, value)]


@pytest.mark.parametrize("text", [
    "smart may 5 models later",  # a verb: English month names are capitalised
    "we march 10 miles",
    "In 2024 smart will expand",  # a year alone is a number, not a date
    "Business Expands to 22 Countries",
    "Pilot Assist 2.0 in 2023",
    "the Mayor 19 2024",  # a word starting like a month
    "19 Janvier 2024",  # a French month in English text
    "2024-01-19",  # ISO stays as written in the source
])
def test_what_is_not_an_english_date(text):
    assert read_dates(text, "en", numeric=False, iso=False) == []


@pytest.mark.parametrize(("source", "lang", "expected"), [
    ("19 January 2024", "de", "19. Januar 2024"),
    ("Jan. 19, 2024", "de", "19. Januar 2024"),
    ("19 January 2024", "de-CH", "19. Januar 2024"),
    ("19 January 2024", "de-AT", "19. Jänner 2024"),
    ("January 2024", "de-AT", "Jänner 2024"),
    ("19 January 2024", "es", "19 de enero de 2024"),
    ("Jan. 19, 2024", "es", "19 de enero de 2024"),
    ("January 2024", "es", "enero de 2024"),
    ("October of 2023", "es", "octubre de 2023"),
    ("19 January", "es", "19 de enero"),
    ("19 January 2024", "fr", "19 janvier 2024"),
    ("February 2024", "fr", "février 2024"),
    ("19 January 2024", "it", "19 gennaio 2024"),
    ("19 January 2024", "nl", "19 januari 2024"),
    ("19 January 2024", "pt-BR", "19 de janeiro de 2024"),
])
def test_a_date_is_written_in_the_target_locale(source, lang, expected):
    protected = protect(f"Hangzhou, {source} | 07:20", [], lang)
    assert protected.text == "Hangzhou, ⟦1⟧ | 07:20"
    assert protected.slots[0].kind is SlotKind.DATE
    restored = restore(protected.text, protected, lang)
    assert restored.ok and restored.text == f"Hangzhou, {expected} | 07:20"


def test_a_date_that_starts_a_sentence_starts_with_a_capital():
    protected = protect("January 2024 was strong. In January 2024 it grew.", [], "es")
    out = restore("⟦1⟧ fue fuerte. En ⟦2⟧ creció.", protected, "es").text
    assert out == "Enero de 2024 fue fuerte. En enero de 2024 creció."


@pytest.mark.parametrize(("text", "zones"), [
    ("07:20 Europe/Amsterdam", ["Europe/Amsterdam"]),
    ("at 10:00 CET (UTC+1) or 17:00 UTC+8", ["CET", "UTC+1", "UTC+8"]),
    ("UTC+08:00, GMT-5 and UTC", ["UTC+08:00", "GMT-5", "UTC"]),
    ("America/Argentina/Buenos_Aires, Etc/GMT+8", ["America/Argentina/Buenos_Aires",
                                                   "Etc/GMT+8"]),
    ("the best of Europe/the world", []),  # a lowercase name is no zone
    ("est. 1998, West Europe, cet", []),
    ("https://example.com/Europe/Amsterdam", []),  # part of the URL
])
def test_time_zone_names_are_protected_unchanged(text, zones):
    protected = protect(text, [], "es")
    found = [slot.original for slot in protected.slots if slot.kind is SlotKind.IDENTIFIER]
    assert found == zones
    assert restore(protected.text, protected, "es").text == text


@pytest.mark.parametrize(("text", "lang", "values"), [
    ("Hangzhou, 19. Januar 2024 | 07:20", "de", ["2024-01-19"]),
    ("am 19.01.2024 und am 2024-01-20", "de", ["2024-01-19", "2024-01-20"]),
    ("im Januar 2024", "de", ["2024-01"]),
    ("am 3. März 2024", "de-CH", ["2024-03-03"]),
    ("19. Jänner 2024 oder 19. Januar 2024", "de-AT", ["2024-01-19", "2024-01-19"]),
    ("el 19 de enero de 2024", "es", ["2024-01-19"]),
    ("Enero de 2024 fue", "es", ["2024-01"]),
    ("19 enero 2024", "es", ["2024-01-19"]),  # Apertium's form still reads as the date
    ("le 1er janvier 2024", "fr", ["2024-01-01"]),
    ("le 19 janv. 2024", "fr", ["2024-01-19"]),
    ("19 gennaio 2024", "it", ["2024-01-19"]),
    ("19 januari 2024", "nl", ["2024-01-19"]),
    ("19 gener del 2024", "ca", ["2024-01-19"]),
    ("im Juni 5 Modelle", "de", []),  # a month and a count, not "June 5"
    ("im Jahr 2024", "de", []),
    ("la mer 2024", "fr", []),
])
def test_dates_are_read_in_the_target_language(text, lang, values):
    assert [str(span.value) for span in read_dates(text, lang)] == values


def test_date_values_compare_and_print_as_iso():
    assert DateValue(2024, 1, 19) == read_dates("19. Jänner 2024", "de-AT")[0].value
    assert str(DateValue(None, 1, 19)) == "--01-19"
