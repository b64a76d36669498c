"""QA checks: a table of good and bad cases for each, including false-alarm cases."""

from __future__ import annotations

import pytest

from pipeline.catalogs.model import Catalog, Entry
from pipeline.checks import CheckContext, Severity
from pipeline.checks.numbers import Numbers
from pipeline.checks.qa import (
    Completeness,
    DoubledWord,
    EndPunctuation,
    Placeholders,
    Whitespace,
)
from pipeline.config import CheckSettings


def run(check, source: str, target: str, lang: str = "de"):
    entry = Entry(msgid=source, msgstr=target, line=12)
    return check.run(entry, CheckContext(path="x.po", language=lang))


def messages(check, source, target, lang="de") -> list[str]:
    found = run(check, source, target, lang)
    assert all(f.check == check.id and f.line == 12 for f in found)
    return [f.message for f in found]


# --- qa.placeholders ----------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target"), [
    ("Hello <g1>world</g1>", "Hallo <g1>Welt</g1>"),
    ("<g1>a</g1> and <g2>b</g2><x3/>", "<g2>b</g2> und <g1>a</g1><x3/>"),  # reordered is fine
    ("%s units", "%s Einheiten"),
    ("{count} units in {0}", "{0}: {count} Einheiten"),
    ("See https://www.smart.com/en/.", "Siehe https://www.smart.com/en/."),
    ("a 100% subsidiary", "eine 100%ige Tochter"),  # prose, not printf
    ("50% of sales", "50 % des ventes"),
    ("%dMB", "%d MB"),  # a unit in capitals after the conversion
    ("%s saw %s", "%s vio a %s"),  # same kind: an order nobody can see
    ("%1$s %2$d units", "%2$d Einheiten %1$s"),  # numbered: free to move
])
def test_placeholders_good(source, target):
    assert messages(Placeholders(), source, target) == []


@pytest.mark.parametrize(("source", "target", "message"), [
    ("Hello <g1>world</g1>", "Hallo Welt", "missing in the translation: </g1>, <g1>"),
    ("A<x1/>", "A<x2/>", "missing in the translation: <x1/>"),
    ("<g1>a <g2>b</g2></g1>", "<g1>a <g2>b</g1></g2>", "inline code </g1> is closed out of order"),
    ("%s units", "Einheiten", "missing in the translation: %s"),
    ("{count} units", "{anzahl} Einheiten", "missing in the translation: {count}"),
    ("Visit https://smart.com.", "Besuchen Sie https://smart.de.",
     "missing in the translation: https://smart.com"),
    ("%s sold %d cars", "%d Autos verkaufte %s",
     "placeholders %d %s in another order than the source's %s %d; unnumbered ones are "
     "filled in order (number them, %1$s, to reorder)"),
])
def test_placeholders_bad(source, target, message):
    assert message in messages(Placeholders(), source, target)


# --- qa.numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "lang"), [
    ("nearly 70,000 units", "fast 70.000 Einheiten", "de"),
    ("nearly 70,000 units", "près de 70\u202f000 unités", "fr"),
    ("nearly 70,000 units", "près de 70\u00a0000 unités", "fr"),
    ("nearly 70,000 units", "près de 70 000 unités", "fr"),
    ("nearly 70,000 units", "casi 70.000 unidades", "es"),
    ("5.5 billion", "5,5 Milliarden", "de"),
    ("In 2023, smart led", "In 2023 war smart die führende Premiummarke", "de"),
    ("smart Pilot Assist 2.0", "smart Pilot Assist 2.0", "de"),  # a version kept verbatim
    ("from 2022 to 2025, 150 million", "de 2022 à 2025, 150 millions", "fr"),
    ("over 190 points in 57 cities", "über 190 Standorte in 57 Städten", "de"),
    ("Jan. 19, 2024", "19. Januar 2024", "de"),
    ("the smart #1", "der smart #1", "de"),
    ("<g1>70,000</g1>", "<g1>70.000</g1>", "de"),
])
def test_numbers_good(source, target, lang):
    assert messages(Numbers(), source, target, lang) == []


@pytest.mark.parametrize(("source", "target", "lang", "message", "severity"), [
    ("nearly 70,000 units", "fast 7.000 Einheiten", "de",
     "numbers differ: missing 70,000; not in the source 7.000 (reads as 7000 in de)",
     Severity.ERROR),
    ("nearly 70,000 units", "fast 70,000 Einheiten", "de",
     "numbers differ: missing 70,000; not in the source 70,000 (reads as 70 in de)",
     Severity.ERROR),
    ("5 billion USD", "50 Milliarden USD", "de",
     "numbers differ: missing 5 billion; not in the source 50 Milliarden "
     "(reads as 50000000000 in de)", Severity.ERROR),
    ("In 2023", "Im Jahr 2024", "de",
     "numbers differ: missing 2023; not in the source 2024", Severity.ERROR),
    # small numbers are often spelled out: still reported, but only as a warning
    ("in just 10 months", "in nur zehn Monaten", "de", "numbers differ: missing 10",
     Severity.WARNING),
])
def test_numbers_bad(source, target, lang, message, severity):
    found = run(Numbers(), source, target, lang)
    assert [(f.message, f.severity) for f in found] == [(message, severity)]


# --- qa.whitespace ------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target"), [
    ("AUTO BILD”. ", "AUTO BILD“. "),
    ("plain", "schlicht"),
    ("\nline", "\nZeile"),
])
def test_whitespace_good(source, target):
    assert messages(Whitespace(), source, target) == []


@pytest.mark.parametrize(("source", "target", "message"), [
    ("AUTO BILD”. ", "AUTO BILD“.", "trailing whitespace differs: source has space, "
                                    "translation has none"),
    ("text", " Text", "leading whitespace differs: source has none, translation has space"),
    ("text\n", "Text", "trailing whitespace differs: source has newline, translation has none"),
])
def test_whitespace_bad(source, target, message):
    assert messages(Whitespace(), source, target) == [message]


# --- qa.doubled-word ----------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "lang"), [
    ("the woman who reads the paper", "die Frau, die die Zeitung liest", "de"),
    ("we met", "nous nous sommes rencontrés", "fr"),
    ("bye bye", "bye bye", "de"),  # doubled in the source too
    ("10 10", "10 10", "de"),
    ("the model", "das Modell", "de"),
])
def test_doubled_word_good(source, target, lang):
    assert messages(DoubledWord(), source, target, lang) == []


@pytest.mark.parametrize(("source", "target", "lang", "message"), [
    ("the model", "das das Modell", "fr", 'doubled word "das das"'),
    ("smart has", "smart hat hat", "de", 'doubled word "hat hat"'),
    ("the brand", "la la marque", "fr", 'doubled word "la la"'),
])
def test_doubled_word_bad(source, target, lang, message):
    assert messages(DoubledWord(), source, target, lang) == [message]


# --- qa.end-punctuation -------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "lang"), [
    ("It works.", "Es funktioniert.", "de"),
    ("Really?", "Vraiment\u202f?", "fr"),
    ("Go!", "Allez !", "fr"),
    ("Note:", "Remarque\u00a0:", "fr"),
    ("It works.", "它有效。", "zh"),
    ("Why?", "なぜ？", "ja"),
    ("to the Next Level’.”", "zum nächsten Level‘.“", "de"),
    ("Sprint to the Next Level”", "Sprint to the Next Level“", "de"),
    ("smart Continues to Expand", "smart expandiert weiter", "de"),  # headline, none
    ("Wait...", "Warte…", "de"),
    ("<g1>Done.</g1>", "<g1>Fertig.</g1>", "de"),
    ("Why?", "Γιατί;", "el"),
    ("Why?", "Pourquoi ?", "fr"),  # French sets a space there (qa.spacing asks which)
])
def test_end_punctuation_good(source, target, lang):
    assert messages(EndPunctuation(), source, target, lang) == []


@pytest.mark.parametrize(("source", "target", "message"), [
    ("It works.", "Es funktioniert", "source ends with a full stop, translation with no "
                                     "punctuation"),
    ("Really?", "Wirklich.", "source ends with a question mark, translation with a full stop"),
    ("Headline", "Schlagzeile:", "source ends with no punctuation, translation with a colon"),
    ("Wait…", "Warte...", "source ends with an ellipsis (…), translation with three full "
                          "stops (...)"),
    ("Why?", "Warum ?", 'space before the last "?"; de sets none'),
])
def test_end_punctuation_bad(source, target, message):
    assert messages(EndPunctuation(), source, target) == [message]


# --- qa.completeness ----------------------------------------------------------------------

def _catalog(translated: int, fuzzy: int, empty: int) -> Catalog:
    entries = [Entry(f"t{i}", "x") for i in range(translated)]
    entries += [Entry(f"f{i}", "x", flags=["fuzzy"]) for i in range(fuzzy)]
    entries += [Entry(f"e{i}", "") for i in range(empty)]
    entries.append(Entry("old", "alt", obsolete=True))  # obsolete entries do not count
    return Catalog(entries=entries)


@pytest.mark.parametrize(("translated", "fuzzy", "empty", "threshold", "fires"), [
    (10, 0, 0, 0, False),
    (8, 1, 1, 20, False),
    (8, 1, 2, 20, True),
    (0, 5, 5, 99, True),
    (0, 5, 5, 100, False),  # the default threshold never fires
    (0, 0, 0, 0, False),
])
def test_completeness(translated, fuzzy, empty, threshold, fires):
    context = CheckContext(path="x.po", language="de",
                           settings=CheckSettings(untranslated_threshold=threshold))
    found = Completeness().run_catalog(_catalog(translated, fuzzy, empty), context)
    assert bool(found) is fires
    assert all(f.line == 1 and f.check == "qa.completeness" for f in found)


def test_completeness_message():
    context = CheckContext(path="x.po", language="de",
                           settings=CheckSettings(untranslated_threshold=10))
    [finding] = Completeness().run_catalog(_catalog(3, 1, 0), context)
    assert finding.message == "1 of 4 entries (25%) are untranslated or fuzzy; the limit is 10%"


# --- shared behaviour ---------------------------------------------------------------------

def test_untranslated_obsolete_and_ignored_entries_are_not_checked():
    context = CheckContext(path="x.po", language="de")
    check = Numbers()
    assert check.run(Entry("70,000", ""), context) == []
    assert check.run(Entry("70,000", "7", obsolete=True), context) == []
    assert check.run(Entry("70,000", "7", flags=["ignore-qa.numbers"]), context) == []
    assert check.run(Entry("70,000", "7", flags=["fuzzy"]), context) != []
    context.include_fuzzy = False
    assert check.run(Entry("70,000", "7", flags=["fuzzy"]), context) == []
