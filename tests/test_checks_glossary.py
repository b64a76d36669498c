"""Glossary checks: tables of good and bad translations, including false-alarm cases."""

from __future__ import annotations

import pytest

from pipeline.catalogs.model import Entry
from pipeline.checks import ALL_CHECKS, CheckContext
from pipeline.glossary.model import Glossary, Term, TermKind

DNT, FORCED = TermKind.DNT, TermKind.FORCED
TERMS = (
    Term("smart", "smart", DNT, "brand", forbidden=("Smart", "SMART"), keep_lowercase=True,
         targets={"nl": ("smart-modellen",)}, exceptions=("smarter", "smart home")),
    Term("smart-1", "smart #1", DNT, "model", keep_lowercase=True,
         forbidden=("smart#1", "Smart #1", "smart # 1", "smart 1", "No. 1"),
         exceptions=("No. 1 brand",)),
    Term("smart-3", "smart #3", DNT, "model", keep_lowercase=True),
    Term("smart-5", "smart #5", DNT, "model", keep_lowercase=True),
    Term("smartcare", "smartcare", DNT, "programme", keep_lowercase=True),
    Term("auto-bild", "AUTO BILD", DNT, "partner"),
    Term("golden-wheel", "Golden Steering Wheel", FORCED, "award",
         targets={"de": ("Goldenes Lenkrad", "Goldenen Lenkrad"), "fr": ("Volant d'or",)}),
)
GLOSSARY = Glossary(TERMS, ("test.yaml",))
GLOSSARY_CHECKS = [check for check in ALL_CHECKS if check.id.startswith("glossary.")]


def findings(source: str, target: str, lang: str = "de", flags=()) -> list[tuple[str, str]]:
    entry = Entry(msgid=source, msgstr=target, flags=list(flags), line=7)
    context = CheckContext(path="x.po", language=lang, glossary=GLOSSARY, glossary_language=lang)
    found = [f for check in GLOSSARY_CHECKS for f in check.run(entry, context)]
    assert all(f.line == 7 and f.path == "x.po" for f in found)
    return [(f.check, f.message) for f in found]


GOOD = [
    ("In 2023, smart led the premium brand.", "In 2023 war smart die führende Premiummarke.", "de"),
    ("the smart #5", "der smart #5", "de"),
    ("smart product portfolios", "smart Produktportfolios", "de"),
    ("smart models", "smart-modellen", "nl"),
    ("smart’s strategy", "die Strategie von smart", "de"),
    ("smart #1 and smart #3", "smart #1 und smart #3", "de"),
    ("a smarter future", "eine intelligentere Zukunft", "de"),
    ("a smart home", "ein Smart Home", "de"),  # the English adjective, not the brand
    ("awarded by “AUTO BILD”", "verliehen von „AUTO BILD“", "de"),
    ("the “Golden Steering Wheel”", "das „Goldenes Lenkrad“", "de"),
    ("won the Golden Steering Wheel", "gewann den Goldenen Lenkrad", "de"),
    ("the Golden Steering Wheel", "le Volant d’or", "fr"),
    ("smartcare launched", "smartcare ist gestartet", "de"),
    # An exception phrase: "No. 1" is ordinary English there, so not the model in the
    # source, and the translation may say it too.
    ("the No. 1 brand", "die Marke No. 1", "de"),
]


@pytest.mark.parametrize(("source", "target", "lang"), GOOD)
def test_correct_translations_pass(source, target, lang):
    assert findings(source, target, lang) == []


BAD = [
    ("smart #1", "Smart #1", "glossary.forbidden", '"Smart #1" is forbidden; use "smart #1"'),
    ("the smart brand", "Die Marke Smart", "glossary.forbidden",
     '"Smart" is forbidden; use "smart"'),
    ("smart #1", "smart 1", "glossary.forbidden", '"smart 1" is forbidden; use "smart #1"'),
    ("smart continues", "Smart setzt fort", "glossary.forbidden",
     '"Smart" is forbidden; use "smart"'),
    ("smart", "SMART", "glossary.forbidden", '"SMART" is forbidden; use "smart"'),
    ("smart models", "Smart-Modelle", "glossary.forbidden", '"Smart" is forbidden; use "smart"'),
    ("smartcare launched", "Smartcare ist gestartet", "glossary.casing",
     '"Smartcare" must be written "smartcare"; it stays lowercase'),
    ("the smart #3", "„SMART #3“", "glossary.forbidden", '"SMART" is forbidden; use "smart"'),
    ("the smart #3", "der neue Wagen", "glossary.dnt",
     '"smart #3" is missing or altered; keep it untranslated'),
    ("by AUTO BILD", "von Auto Bild", "glossary.dnt",
     '"Auto Bild" alters "AUTO BILD"; do not translate'),
    ("the Golden Steering Wheel", "das Goldene Steuerrad", "glossary.forced",
     '"Golden Steering Wheel" must be translated as "Goldenes Lenkrad"'),
    ("the smart #5", "der Smart #5", "glossary.forbidden", '"Smart" is forbidden; use "smart"'),
    # A forbidden spelling in the English is the term there (protected and restored as
    # "smart #1"); the same spelling kept in the translation is reported, as the report
    # outlines it.
    ("The No. 1 is fast.", "Der No. 1 ist schnell.", "glossary.forbidden",
     '"No. 1" is forbidden; use "smart #1"'),
    ("The SMART #1 is fast.", "Der SMART #1 ist schnell.", "glossary.forbidden",
     '"SMART" is forbidden; use "smart"'),
]


@pytest.mark.parametrize(("source", "target", "check", "message"), BAD)
def test_violations_are_reported_once(source, target, check, message):
    assert findings(source, target) == [(check, message)]


def test_casing_slip_of_a_term_without_forbidden_list_is_reported_once():
    # "Smart #3" is not listed itself: the brand's forbidden "Smart" covers it, once.
    assert findings("the smart #3", "der Smart #3 ist da") == [
        ("glossary.forbidden", '"Smart" is forbidden; use "smart"'),
    ]
    assert findings("smartcare", "SMARTCARE") == [
        ("glossary.casing", '"SMARTCARE" must be written "smartcare"; it stays lowercase'),
    ]


def test_each_violation_once_when_several_in_one_entry():
    got = findings("smart #1 by AUTO BILD and smart", "Smart #1 von Auto Bild und SMART")
    assert got == [
        ("glossary.forbidden", '"Smart #1" is forbidden; use "smart #1"'),
        ("glossary.forbidden", '"SMART" is forbidden; use "smart"'),
        ("glossary.dnt", '"Auto Bild" alters "AUTO BILD"; do not translate'),
    ]


def test_ignore_flag_switches_one_check_off_for_one_entry():
    assert findings("smart", "Smart", flags=["ignore-glossary.forbidden"]) == []
    assert findings("smart", "Smart", flags=["ignore-qa.numbers"]) != []


def test_no_glossary_means_no_glossary_findings():
    entry = Entry(msgid="smart #1", msgstr="Smart 1", line=3)
    context = CheckContext(path="x.po", language="de")
    assert [f for check in GLOSSARY_CHECKS for f in check.run(entry, context)] == []


# --- the project's real glossary, with the issue's own examples --------------------------

@pytest.fixture(scope="module")
def smart_glossary():
    from pathlib import Path

    from pipeline.glossary.loader import load_glossaries

    root = Path(__file__).resolve().parent.parent
    return load_glossaries([root / "glossaries" / "smart.yaml"])


def real(glossary, source: str, target: str, lang: str = "de") -> list[str]:
    entry = Entry(msgid=source, msgstr=target, line=1)
    context = CheckContext(path="x.po", language=lang, glossary=glossary, glossary_language=lang)
    found = [f for check in GLOSSARY_CHECKS for f in check.run(entry, context)]
    return [f"{f.check}: {f.message}" for f in found]


@pytest.mark.parametrize(("source", "target", "lang"), [
    ("In 2023, smart led the premium brand in compact SUV segment in the Chinese market.",
     "In 2023 war smart die führende Premiummarke im Segment der kompakten SUV.", "de"),
    ("The smart #5 is here.", "Der smart #5 ist da.", "de"),
    ("the new generation smart all-electric product portfolio",
     "die vollelektrischen smart Produktportfolios der neuen Generation", "de"),
    ("smart models", "smart-modellen", "nl"),
    ("The smart Pilot Assist 2.0 was launched.", "smart Pilot Assist 2.0 wurde eingeführt.", "de"),
    ("“Golden Steering Wheel” awarded by “AUTO BILD”",
     "das „Goldene Lenkrad“ von „AUTO BILD“", "de"),
    ("“Golden Steering Wheel” awarded by “AUTO BILD”",
     "« Golden Steering Wheel » décerné par « AUTO BILD »", "fr"),
    ("smart’s ‘China-Europe dual-home’ strategy",
     "die Strategie „China-Europe dual home“ von smart", "de"),
    ("to make potentially anything “smart”", "um potenziell alles „intelligent“ zu machen", "de"),
])
def test_real_glossary_accepts_correct_translations(smart_glossary, source, target, lang):
    assert real(smart_glossary, source, target, lang) == []


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("The smart #1 launched.", "Der Smart #1 wurde eingeführt.",
     ['glossary.forbidden: "Smart #1" is forbidden; use "smart #1"']),
    ("the smart brand", "Die Marke Smart",
     ['glossary.forbidden: "Smart" is forbidden; use "smart"']),
    ("the smart #1", "der smart 1", ['glossary.forbidden: "smart 1" is forbidden; use "smart #1"']),
    ("smart models", "Smart-Modelle", ['glossary.forbidden: "Smart" is forbidden; use "smart"']),
    ("“Golden Steering Wheel”", "„Goldenes Steuerrad“",
     ['glossary.forbidden: "Goldenes Steuerrad" is forbidden; use "Goldenes Lenkrad"']),
    ("“Golden Steering Wheel”", "„Golden Steering Wheel“",
     ['glossary.forbidden: "Golden Steering Wheel" is forbidden; use "Goldenes Lenkrad"']),
    ("by “AUTO BILD”", "von „Auto Bild“",
     ['glossary.forbidden: "Auto Bild" is forbidden; use "AUTO BILD"']),
    ("the smart #3 debut", "das Debüt des neuen Modells",
     ['glossary.dnt: "smart #3" is missing or altered; keep it untranslated']),
])
def test_real_glossary_reports_violations_once(smart_glossary, source, target, expected):
    assert real(smart_glossary, source, target) == expected
