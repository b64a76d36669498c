"""Typography checks (qa.quotes, qa.spacing, qa.headline-case): good/bad tables, the
project's quotation style from pyproject, and the seed's Spanish Apertium output."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from pipeline.catalogs.model import Entry
from pipeline.checks import ALL_CHECKS, CheckContext, Severity
from pipeline.checks.typography import HeadlineCase, Quotes, Spacing
from pipeline.cli import main
from pipeline.config import CheckSettings, settings_from_table
from pipeline.errors import InputError

NNBSP, NBSP = "\u202f", "\u00a0"


def found(check, source, target, lang="es", settings=None, role=None):
    entry = Entry(msgid=source, msgstr=target, line=7,
                  extracted_comments=[role] if role else [])
    context = CheckContext(path="x.po", language=lang,
                           settings=settings or CheckSettings())
    return check.run(entry, context)


def messages(check, source, target, lang="es", **kw) -> list[str]:
    return [f.message for f in found(check, source, target, lang, **kw)]


# --- qa.quotes ------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "lang"), [
    ("the ‘China-Europe dual-home’ strategy", "la estrategia ‘China-Europe dual home’", "es"),
    ("He said “yes”.", "Er sagte „ja“.", "de"),
    ("He said “yes”.", "Il a dit « oui ».", "fr"),
    ("He said “yes”.", "Hij zei ”ja”.", "nl"),
    ('a "smart" idea', 'una idea "smart"', "es"),
    ("smart’s strong momentum", "l’élan de smart", "fr"),
    ("the brand's momentum", "l'élan de la marque", "fr"),  # the source types ' too
    ("customers’ trust", "la confiance des clients", "fr"),
    # a quotation going on in the next entry, or begun in the last, as in the source
    ("Mr. Tong said, “2023 marked", "El Sr. Tong dijo, “2023 marcó", "es"),
    ("the ‘Sprint to the Next Level’.”", "el ‘Sprint to the Next Level’.”", "es"),
    ("He said “a ‘b’ c”.", "Er sagte „a ‚b‘ c“.", "de"),
    # elisions and years are apostrophes, not quotations
    ("Please enter a name.", "Tik 'n naam in.", "af"),
    ("in the evening", "'s avonds", "nl"),
    ("in the ’90s", "in de jaren ’90", "nl"),
    ("in the '90s", "en los '90s", "es"),
])
def test_quotes_good(source, target, lang):
    assert messages(Quotes(), source, target, lang) == []


@pytest.mark.parametrize(("source", "target", "lang", "message", "severity"), [
    ("the ‘China-Europe dual-home’ strategy", "la ‘China-Europe dual home' estrategia", "es",
     "‘ is closed with '", Severity.ERROR),
    ("at ‘smart speed’.", "en ‘smart velocidad'.", "es", "‘ is closed with '", Severity.ERROR),
    ("He said “yes”.", "Er sagte „ja.", "de", "quotation mark „ never closed", Severity.ERROR),
    ("He said “yes”.", "Er sagte ja“.", "de", "quotation mark “ never closed", Severity.ERROR),
    ("He said yes.", "Il a dit oui ».", "fr", "quotation mark » closes nothing", Severity.ERROR),
    ("More customers’ trust", "Más clientes' confianza", "es",
     "typewriter apostrophe ' where the source writes ’", Severity.WARNING),
    ("Hot plate", "“Placa” caliente", "es",
     "1 more quotation(s) than the source (“…”): a quote the source does not make, or one "
     "repeated", Severity.WARNING),
    ('Do "this"', "Faites « ça » « ça »", "fr",
     "1 more quotation(s) than the source («…» «…»): a quote the source does not make, or one "
     "repeated", Severity.WARNING),
])
def test_quotes_bad(source, target, lang, message, severity):
    result = found(Quotes(), source, target, lang)
    assert [(f.message, f.severity) for f in result] == [(message, severity)]


STYLES = CheckSettings(quotes=(("de", "„“"), ("fr", "« »")))


@pytest.mark.parametrize(("target", "lang"), [
    ("Er sagte „ja“.", "de"),
    ("Er sagte „ja“.", "de-CH"),  # the base language's style
    (f"Il a dit «{NNBSP}oui{NNBSP}».", "fr"),
    (f"Il a dit «{NBSP}oui{NBSP}».", "fr"),
    ("Dijo “sí”.", "es"),  # no style set for Spanish
])
def test_quote_style_good(target, lang):
    assert messages(Quotes(), "He said “yes”.", target, lang, settings=STYLES) == []


@pytest.mark.parametrize(("target", "lang", "message"), [
    ("Er sagte “ja”.", "de", "quotation marks “…”; this language uses „…“"),
    ('Er sagte "ja".', "de", 'quotation marks "…"; this language uses „…“'),
    ("Il a dit “oui”.", "fr", "quotation marks “…”; this language uses «…»"),
    ("Il a dit « oui ».", "fr",
     "« … » need a narrow no-break space (U+202F) or no-break space inside"),
    ("Il a dit «oui».", "fr",
     "« … » need a narrow no-break space (U+202F) or no-break space inside"),
])
def test_quote_style_bad(target, lang, message):
    assert messages(Quotes(), "He said “yes”.", target, lang, settings=STYLES) == [message]


@pytest.mark.parametrize("table", [
    {"de": "„"}, {"de": "„“x"}, {"DE": "„“"}, {"de": "ab"}, {"de": 3}, "„“", {"fr": "«x»"},
])
def test_quote_style_settings_are_validated(tmp_path, table):
    with pytest.raises(InputError, match=r"\[tool.pipeline.check\] quotes must be"):
        settings_from_table({"tool": {"pipeline": {"check": {"quotes": table}}}}, tmp_path)


def test_quote_style_from_pyproject(project):
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    text += '\n[tool.pipeline.check.quotes]\nde = "„“"\nfr = "« »"\n'
    (project / "pyproject.toml").write_text(text, encoding="utf-8")
    (project / "locales" / "de").mkdir(parents=True)
    (project / "locales" / "de" / "x.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "He said “yes”."\nmsgstr "Er sagte “ja”."\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "locales"])
    assert "x.po:7: warning [qa.quotes] quotation marks “…”; this language uses „…“" \
        in result.output, result.output


# --- qa.spacing -----------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "lang"), [
    ("In 2023, we proved it.", "En 2023, lo probamos.", "es"),
    ("Two  spaces.", "Dos  espacios.", "es"),  # the source has them too
    ("Why?", f"Pourquoi{NNBSP}?", "fr"),
    ("Note: new", f"Remarque{NBSP}: nouveau", "fr"),
    ("At 10:30 see https://smart.com/a:b", "À 10:30 voir https://smart.com/a:b", "fr"),
    ("Why?", "Warum?", "de"),
    ("Note: new; yes!", "Nota: nuevo; ¡sí!", "es"),
    ("Why?", "Waarom?", "nl"),
    ("Why? Because.", "Pourquoi\u202f? Parce que.", "fr-FR"),
    ("Yes! Now.", "Oui! Maintenant.", "fr-CA"),  # Canadian French: a space before : only
    ("Note: new", "Remarque\u00a0: nouveau", "fr-CA"),
    ("It costs 1,500 euros.", "Cuesta 1,5 mil euros.", "es"),  # numbers, not a comma
    ("See a,b", "Véase a,b", "es"),  # the source glues it too
    ("Why?", "Warum ?", "de"),  # the last mark is qa.end-punctuation's
])
def test_spacing_good(source, target, lang):
    assert messages(Spacing(), source, target, lang) == []


@pytest.mark.parametrize(("source", "target", "lang", "message"), [
    ("In 2023, we proved it.", "En 2023,  probamos.", "es", 'double space in "2023,  probamos."'),
    ("Why?", "Pourquoi?", "fr",
     'no space before "?"; French puts a narrow no-break space (U+202F) there'),
    ("Note: new", "Remarque : nouveau", "fr",
     'breaking space before ":"; use a narrow no-break space (U+202F)'),
    ("Why? Now.", "Warum ? Jetzt.", "de", 'space before "?"'),
    ("Note: new", f"Nota{NBSP}: nuevo", "es", 'space before ":"'),
    ("Yes! Now.", "Sì ! Ora.", "it", 'space before "!"'),
    ("Yes! Now.", "Yes ! Now.", "und", 'space before "!"'),  # none elsewhere, und included
    ("Yes! Now.", "Oui ! Maintenant.", "fr-CA", 'space before "!"'),
    ("Note: new", "Remarque: nouveau", "fr-CA",
     'no space before ":"; French puts a narrow no-break space (U+202F) there'),
    ("One, two, three.", "Uno, dos,tres.", "es", 'no space after the comma in "s,t"'),
])
def test_spacing_bad(source, target, lang, message):
    assert messages(Spacing(), source, target, lang) == [message]


# --- qa.headline-case -----------------------------------------------------------------------

HEADING = "Strong Momentum Builds Confidence from Capital Markets"


@pytest.mark.parametrize(("source", "target", "lang", "role"), [
    (HEADING, "Un fuerte impulso genera confianza en los mercados de capitales", "es", "heading"),
    (HEADING, "Starke Dynamik stärkt das Vertrauen der Kapitalmärkte", "de", "heading"),  # nouns
    (HEADING, "Confianza de Momento Fuerte de Lonjas", "es", "image caption"),  # not a heading
    (HEADING, "Confianza de Momento Fuerte de Lonjas", "es", "paragraph"),
    # names and terms copied from the source are not Title Case
    ("smart Expands in China and Europe", "smart se expande en China y Europe", "es", "title"),
    ("About smart Automobile", "Acerca de smart Automobile", "es", "boilerplate heading"),
    ("Sprint to the Next Level in 2024", "“Sprint to the Next Level” en 2024", "fr", "title"),
    ("AMD V2000 Chip for smart", "El chip AMD V2000 para smart", "es", "heading"),
])
def test_headline_case_good(source, target, lang, role):
    assert messages(HeadlineCase(), source, target, lang, role=role) == []


@pytest.mark.parametrize(("target", "lang", "role"), [
    ("Confianza de Complexiones de Momento Fuerte de Lonjas Capitales", "es", "heading"),
    ("Un Élan Fort Renforce la Confiance des Marchés", "fr", "title"),
    ("Slancio Forte Costruisce Fiducia dai Mercati", "it", "boilerplate heading"),
    ("Sterke Vaart Bouwt Vertrouwen op Kapitaalmarkten", "nl", "heading"),
    ("Forte Impulso Gera Confiança dos Mercados", "pt-BR", "heading"),
])
def test_headline_case_bad(target, lang, role):
    result = found(HeadlineCase(), HEADING, target, lang, role=role)
    assert len(result) == 1 and result[0].severity is Severity.WARNING
    assert "headline in English Title Case" in result[0].message


def test_new_checks_are_listed():
    listed = CliRunner().invoke(main, ["check", "--list-checks"]).output
    for check in (Quotes, Spacing, HeadlineCase):
        assert check.id in listed
        assert any(type(c) is check for c in ALL_CHECKS)


# --- the seed's Spanish Apertium output -----------------------------------------------------

@pytest.mark.skipif(shutil.which("apertium") is None, reason="Apertium is not installed")
def test_seed_apertium_es_quotes_and_spaces(project):
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", "es", "--engine", "apertium"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["check", "--format", "json", "locales"])
    findings = json.loads(result.stdout)["findings"]
    mine = [f for f in findings if f["check"] in ("qa.quotes", "qa.spacing")]
    assert sorted((f["check"], f["message"]) for f in mine) == sorted([
        ("qa.quotes", "‘ is closed with '"),  # ‘China-Europe dual home'
        ("qa.quotes", "‘ is closed with '"),  # ‘Sprint to the Next Level'.”
        ("qa.quotes", "‘ is closed with '"),  # ‘smart velocidad'
        ("qa.quotes", "typewriter apostrophe ' where the source writes ’"),  # clientes'
        ("qa.spacing", 'double space in "2023,  probamos"'),
        ("qa.spacing", 'double space in "que  acaecerá"'),
    ])
    headlines = [f for f in findings if f["check"] == "qa.headline-case"]
    assert len(headlines) == 6  # the title and five headings keep English Title Case
    names = ("smart", "China", "Europe", "Sprint", "Level", "Automobile", "AUTO BILD")
    for finding in mine + headlines:
        assert not any(f'"{name}"' in finding["message"] for name in names), finding
