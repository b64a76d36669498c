"""The matcher against glossaries/smart.yaml: good and bad tables, spans, speed."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from pipeline.glossary.loader import load_glossaries
from pipeline.glossary.matcher import Matcher, normalise
from pipeline.glossary.model import HitKind, Term, TermKind

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "releases" / "2024-01-19-global-deliveries-near-70000.txt"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return load_glossaries([ROOT / "glossaries" / "smart.yaml"]).matcher


# Correct human translations: not one forbidden hit (false alarms cost trust).
CLEAN = [
    ("de", "In 2023 war smart die führende Premiummarke im Segment der kompakten SUVs."),
    ("de", "der smart #5 kommt 2024."),
    ("de", "Das smart Produktportfolios wächst."),
    ("de", "smart-Modelle und smart’s Erfolg"),
    ("de", "„Sprint to the Next Level“ – smart Pilot Assist 2.0 ist da."),
    ("de", "mit dem Goldenen Lenkrad von AUTO BILD ausgezeichnet"),
    ("de", "Das Smart Home ist vernetzt."),  # generic loanword, listed as exception
    ("de", "smart 1,5 Mrd. USD"),  # a decimal number, not the model "smart 1"
    ("nl", "De smart-modellen zijn populair."),
    ("fr", "« smart » lance la smart #1 en Europe."),
    ("es", "smart Automobile y smartcare"),
    ("it", "Il marchio smart\u00a0#3 è arrivato."),
]


@pytest.mark.parametrize(("lang", "text"), CLEAN)
def test_correct_translations_raise_no_forbidden_hit(matcher, lang, text):
    assert matcher.forbidden_hits(text, lang) == []


# Wrong translations: exactly these forbidden forms, once each.
WRONG = [
    ("de", "Smart #1 ist da.", ["Smart #1"]),
    ("de", "Die Marke Smart wächst.", ["Smart"]),
    ("de", "Der smart 1 ist da.", ["smart 1"]),
    ("de", "Die Smart-Modelle", ["Smart"]),
    ("de", "SMART und smart#3", ["SMART", "smart#3"]),
    ("de", "der smart # 5", ["smart # 5"]),
    ("de", "Goldenes Steuerrad", ["Goldenes Steuerrad"]),
    ("es", "el smart n.º 1", ["smart n.º 1"]),
    ("fr", "Le Smart\u00a0#1", ["Smart\u00a0#1"]),  # NBSP: span refers to the original
    ("nl", "Smart-modellen", ["Smart"]),
    ("it", "con Smartcare e Auto Bild", ["Smartcare", "Auto Bild"]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), WRONG)
def test_wrong_translations_are_reported_once(matcher, lang, text, expected):
    hits = matcher.forbidden_hits(text, lang)
    assert [hit.text for hit in hits] == expected
    for hit in hits:
        assert text[hit.start:hit.end] == hit.text and hit.kind is HitKind.FORBIDDEN


def test_forbidden_owner_is_the_longest_form(matcher):
    (hit,) = matcher.forbidden_hits("Smart #1", "de")
    assert hit.term.source == "smart #1"


SOURCE = [
    ("smart’s ‘China-Europe dual-home’ strategy", ["smart", "China-Europe dual-home"]),
    ("Adhering to the “China-Europe dual-Home” global", ["China-Europe dual-Home"]),
    ('a "China-Europe, dual home" global strategy', ["China-Europe, dual home"]),
    ("The smart Pilot Assist 2.0 was launched", ["smart Pilot Assist 2.0"]),
    ("from smart Pilot Assist 1.0 to 3.0", ["smart Pilot Assist 1.0"]),
    ("design a smarter future together", []),
    ("The new customer service brand, smartcare, has", ["smartcare"]),
    ("to make potentially anything “smart”.", []),
    ("intelligent smart products and services", ["smart"]),
    ("The smart #1 and smart #3", ["smart #1", "smart #3"]),
    ("a smart #10 is a model not listed yet", ["smart #10"]),  # the smart-model pattern
    ("the smart #1 and a smart #12", ["smart #1", "smart #12"]),  # listed term, then pattern
    ("Tianqi Lithium and smart Mobility Series-A", ["Tianqi Lithium", "smart Mobility"]),
    ("2024 sprint to the next level", ["sprint to the next level"]),
    # A forbidden spelling in the English still means the brand: protected as "smart".
    ("Smart Continues", ["Smart"]),
    ("The SMART #1 is fast.", ["SMART #1"]),
    ("The Smart #6 arrives", ["Smart #6"]),  # a forbidden pattern spelling, repaired
]


@pytest.mark.parametrize(("text", "expected"), SOURCE)
def test_source_hits(matcher, text, expected):
    hits = matcher.source_hits(text)
    assert [hit.text for hit in hits] == expected
    assert all(text[h.start:h.end] == h.text for h in hits)


TARGET = [
    ("de", "Der smart #1 mit smart Pilot Assist 3.0", ["smart #1", "smart Pilot Assist 3.0"]),
    ("de", "mit dem Goldenen Lenkrad", ["Goldenen Lenkrad"]),
    ("fr", "le Golden Steering Wheel", ["Golden Steering Wheel"]),  # no approved French name
    ("de", "Golden Steering Wheel", []),  # German must use the approved name
    ("nl", "smart-modellen", ["smart-modellen"]),
    ("es", "los premios Red Dot e iF Design", ["Red Dot", "iF Design"]),
    ("de", "Smart", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), TARGET)
def test_target_hits(matcher, lang, text, expected):
    assert [hit.text for hit in matcher.target_hits(text, lang)] == expected


def test_normalisation_preserves_length():
    text = "‘a’ “b” „c“ «d» e‐f‑g–h\u00a0i"
    assert len(normalise(text)) == len(text)
    assert normalise(text) == "'a' \"b\" \"c\" \"d\" e-f-g-h i"


def test_overlapping_terms_resolve_longest_then_leftmost():
    terms = [Term("ab", "A B", TermKind.DNT), Term("bcd", "B C D", TermKind.DNT),
             Term("d", "D", TermKind.DNT), Term("e", "E", TermKind.DNT)]
    hits = Matcher(terms).source_hits("A B C D E")
    assert [h.text for h in hits] == ["B C D", "E"]


def test_case_insensitive_term_and_per_term_exceptions():
    terms = [Term("s", "smart", TermKind.DNT, case_sensitive=False, exceptions=("smart home",)),
             Term("h", "home", TermKind.DNT, case_sensitive=False)]
    hits = Matcher(terms).source_hits("SMART, a Smart Home")
    assert [(h.text, h.term.id) for h in hits] == [("SMART", "s"), ("Home", "h")]


def _synthetic(n: int) -> list[Term]:
    words = SEED.read_text(encoding="utf-8").split()
    rnd = random.Random(7)
    terms = load_glossaries([ROOT / "glossaries" / "smart.yaml"]).terms
    out = list(terms)
    while len(out) < n:
        form = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 3))) + f" t{len(out)}"
        out.append(Term(f"t{len(out)}", form, TermKind.FORCED, targets={"de": (form + "x",)},
                        forbidden=(form.upper(),), case_sensitive=rnd.random() < 0.7))
    return out[:n]


def _cost_per_segment(n: int, segments: list[str]) -> float:
    matcher = Matcher(_synthetic(n))
    matcher.prepare(["de"])  # per-language indexes are otherwise built on first use
    start = time.perf_counter()
    for segment in segments:
        matcher.source_hits(segment)
        matcher.target_hits(segment, "de")
        matcher.forbidden_hits(segment, "de")
    return (time.perf_counter() - start) / len(segments)


def test_cost_per_segment_does_not_grow_with_glossary_size(capsys):
    segments = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    small = min(_cost_per_segment(100, segments) for _ in range(3))
    large = min(_cost_per_segment(10_000, segments) for _ in range(3))
    with capsys.disabled():
        print(f"\nglossary matcher, source+target+forbidden per segment: "
              f"100 terms {small * 1e6:.0f} µs, 10,000 terms {large * 1e6:.0f} µs "
              f"(ratio {large / small:.1f})")
    # A loop over the terms would be ~100x slower at 10,000 terms.
    assert large / small < 10
