"""qa.codes and the scale words of qa.numbers: good and bad tables, and the rule that
a code such as V2000 or 800V is reported once, by qa.codes, never also by qa.numbers."""

from __future__ import annotations

import pytest

from pipeline.catalogs.model import Entry
from pipeline.checks import ALL_CHECKS, CheckContext, Severity
from pipeline.checks.codes import Codes
from pipeline.checks.numbers import Numbers


def run(check, source: str, target: str, lang: str):
    return check.run(Entry(msgid=source, msgstr=target, line=7),
                     CheckContext(path="x.po", language=lang))


def messages(check, source: str, target: str, lang: str) -> list[str]:
    return [finding.message for finding in run(check, source, target, lang)]


# --- qa.codes -----------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "lang"), [
    ("Contact press@smart.com.", "Contacto: press@smart.com.", "es"),
    ("the AMD V2000 chip", "el chip AMD V2000", "es"),
    ("the first 800V charging station", "die erste 800-V-Ladestation", "de"),
    ("the first 800V charging station", "die erste 800 V Ladestation", "de"),
    ("the first 800V charging station", "la primera estación de carga de 800V", "es"),
    ("the 2023 C-NCAP and Euro NCAP rating", "la calificación C-NCAP y Euro NCAP 2023", "es"),
    # a number joined to a word by a hyphen is a number with a word, not a code
    ("40-bit RC2 encryption", "cifrado RC2 de 40 bits", "es"),
    ("a 5-door hatchback", "un compacto de 5 puertas", "es"),
    ("five OTA updates", "cinco actualizaciones OTA", "es"),
    ("a D2C model", "un modelo D2C", "es"),
    ("Austria, UK, Norway", "Austria, Reino Unido, Noruega", "es"),  # spelled out
    ("its 25th anniversary", "sein 25. Jubiläum", "de"),  # an ordinal, not a code
    ("in the 90s", "in den 90er Jahren", "de"),
    ("up 5% on 2022", "en hausse de 5 % sur 2022", "fr"),  # the locale's spacing
    ("up 5% on 2022", "ein Plus von 5 Prozent gegenüber 2022", "de"),
    ("a price of €35,000", "un precio de 35.000 €", "es"),  # the sign moves
    ("5 billion USD", "5.000 millones de USD", "es"),
    ("at 25°C", "à 25 °C", "fr"),
    ("smart® and Brabus™", "smart® und Brabus™", "de"),
    ("%s units, 5% more", "%s Einheiten, 5 % mehr", "de"),  # %s is a placeholder
    ("SMART ANNOUNCES OTA", "SMART ANUNCIA OTA", "es"),
])
def test_codes_good(source, target, lang):
    assert messages(Codes(), source, target, lang) == []


@pytest.mark.parametrize(("source", "target", "lang", "message", "severity"), [
    ("Contact press@smart.com.", "Contacto: prensa@smart.com.", "es",
     "e-mail addresses differ: missing press@smart.com; not in the source prensa@smart.com",
     Severity.ERROR),
    ("Contact press@smart.com.", "Contacto: la prensa.", "es",
     "e-mail addresses differ: missing press@smart.com", Severity.ERROR),
    ("the AMD V2000 chip", "der AMD V3000 Chip", "de",
     "codes differ: missing V2000; not in the source V3000", Severity.ERROR),
    ("the first 800V charging station", "die erste 400V-Ladestation", "de",
     "codes differ: missing 800V; not in the source 400V-Ladestation", Severity.ERROR),
    ("a D2C model", "un modelo de venta directa", "es", "codes differ: missing D2C",
     Severity.ERROR),
    ("five OTA updates", "cinq mises à jour ATO", "fr",
     "codes differ: missing OTA; not in the source ATO", Severity.WARNING),
    ("at 25°C", "bei 25 C", "de", "symbols differ: ° 1 in the source, 0 in the translation",
     Severity.ERROR),
    ("up 5%", "un aumento de 5", "es",
     "symbols differ: % 1 in the source, 0 in the translation", Severity.ERROR),
    ("smart®", "smart", "de", "symbols differ: ® 1 in the source, 0 in the translation",
     Severity.ERROR),
    ("€5 million", "5 millones de $", "es",
     "symbols differ: € 1 in the source, 0 in the translation; "
     "$ 0 in the source, 1 in the translation", Severity.ERROR),
])
def test_codes_bad(source, target, lang, message, severity):
    found = run(Codes(), source, target, lang)
    assert [(f.message, f.severity) for f in found] == [(message, severity)]


@pytest.mark.parametrize(("source", "target", "lang"), [
    ("the AMD V2000 chip", "der AMD V3000 Chip", "de"),
    ("the first 800V charging station", "die erste 400V-Ladestation", "de"),
    ("the first 800V charging station", "die erste 800 V Ladestation", "de"),
])
def test_a_code_is_reported_by_qa_codes_only(source, target, lang):
    assert messages(Numbers(), source, target, lang) == []


def test_qa_codes_is_registered():
    assert "qa.codes" in [check.id for check in ALL_CHECKS]


# --- qa.numbers: scale words --------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "lang"), [
    ("exceeds 5 billion USD", "supera los 5.000 millones de USD", "es"),
    ("exceeds 5 billion USD", "supera los 5 mil millones de USD", "es"),
    ("exceeds 5 billion USD", "übersteigt 5 Mrd. USD", "de"),
    ("exceeds 5 billion USD", "übersteigt 5 Milliarden USD", "de"),
    ("exceeds 5 billion USD", "dépasse 5 milliards USD", "fr"),
    ("exceeds 5 billion USD", "supera 5 miliardi di USD", "it"),
    ("exceeds 5 billion USD", "overschrijdt 5 miljard USD", "nl"),
    ("150 million USD", "150 millones de USD", "es"),
    ("150 million USD", "150 Mio. USD", "de"),
    ("150 million USD", "150 Millionen USD", "de"),
    ("150 million USD", "150.000.000 USD", "de"),
    ("5.5 billion", "5,5 Milliarden", "de"),
    ("3 thousand units", "3.000 Einheiten", "de"),
    ("3 thousand units", "3 mil unidades", "es"),
])
def test_scale_words_good(source, target, lang):
    assert messages(Numbers(), source, target, lang) == []


@pytest.mark.parametrize(("source", "target", "lang", "message"), [
    ("exceeds 5 billion USD", "supera los 5 billones de USD", "es",
     "numbers differ: missing 5 billion; not in the source 5 billones "
     "(reads as 5000000000000 in es)"),
    ("exceeds 5 billion USD", "übersteigt 5 Millionen USD", "de",
     "numbers differ: missing 5 billion; not in the source 5 Millionen "
     "(reads as 5000000 in de)"),
    ("150 million USD", "150 milliards USD", "fr",
     "numbers differ: missing 150 million; not in the source 150 milliards "
     "(reads as 150000000000 in fr)"),
    ("exceeds 5 billion USD", "supera los 5 USD", "es",
     "numbers differ: missing 5 billion; not in the source 5"),
])
def test_scale_words_bad(source, target, lang, message):
    assert messages(Numbers(), source, target, lang) == [message]
