"""Protection: placeholders in, verified spans out, and recovery from engines that lose them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_protection_doubles import DUAL_HOME, SMART, SMART1, FakeEngine, hits

from pipeline.glossary.model import Hit
from pipeline.protection import (
    XML_TAG,
    Counters,
    ProblemKind,
    SlotKind,
    Strategy,
    protect,
    restore,
    translate_protected,
)
from pipeline.protection.numbers import GROUPED, localize_number

LAUNCH = "Since the launch of its first product, smart has delivered nearly 70,000 units."
LAUNCH_ES = "Since the launch of its first product, smart has delivered nearly 70.000 units."


# -- protect -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected", "kinds"), [
    ("smart has delivered nearly 70,000 units.", "⟦1⟧ has delivered nearly ⟦2⟧ units.",
     ["term", "number"]),
    ("The smart #1 and smart #3 launched.", "The ⟦1⟧ and ⟦2⟧ launched.", ["term", "term"]),
    ("smart’s ‘China-Europe dual-home’ strategy", "⟦1⟧’s ‘⟦2⟧’ strategy", ["term", "term"]),
    ("Visit <g1>our site</g1> at https://smart.com.", "Visit ⟦1⟧ our site ⟦2⟧ at ⟦3⟧.",
     ["code", "code", "url"]),
    ("Read <g1>smart</g1><x2/>now", "Read ⟦1⟧ ⟦2⟧ ⟦3⟧ ⟦4⟧ now", ["code", "term", "code", "code"]),
    ("Mail press@smart.com or see www.smart.com/media (PDF).", "Mail ⟦1⟧ or see ⟦2⟧ (PDF).",
     ["email", "url"]),
    ("See https://en.wikipedia.org/wiki/Smart_(marque)).", "See ⟦1⟧).", ["url"]),
    ("Global Deliveries Near 70,000 Units", "Global Deliveries Near ⟦1⟧ Units", ["number"]),
    ("In 2023 the 3.0 update reached 5.5 million.", "In 2023 the 3.0 update reached 5.5 million.",
     []),
])
def test_protect_replaces_everything_the_engine_must_not_touch(text, expected, kinds):
    protected = protect(text, hits(text), "es")
    assert protected.text == expected
    assert [slot.kind.value for slot in protected.slots] == kinds
    originals = [slot.original for slot in protected.slots] + [""]
    assert "".join(p + o for p, o in zip(protected.pieces, originals, strict=True)) == text


@pytest.mark.parametrize(("text", "numbers"), [
    ("70,000", ["70,000"]),
    ("1,234.56", ["1,234.56"]),
    ("nearly 70,000 units, 1,234.56 km and 1,000,000 fans", ["70,000", "1,234.56", "1,000,000"]),
    ("(70,000)", ["70,000"]),
    ("2023", []),  # a year
    ("3.0", []),  # a version
    ("5.5", []),
    ("#1", []),
    ("800V", []),
    ("22", []),
    ("12,34", []),  # not a thousands group
])
def test_only_grouped_numbers_get_a_number_slot(text, numbers):
    protected = protect(text, [], "de")
    assert [s.original for s in protected.slots if s.kind is SlotKind.NUMBER] == numbers
    assert all(s.kind is SlotKind.NUMBER for s in protected.slots)


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "70.000"),
    ("es", "70.000"),
    ("fr", "70\u202f000"),
    ("en", "70,000"),
])
def test_a_grouped_number_is_written_in_the_target_locale(lang, expected):
    text = "smart has delivered nearly 70,000 units."
    protected = protect(text, hits(text), lang)
    slot, = (s for s in protected.slots if s.kind is SlotKind.NUMBER)
    assert slot.target == expected
    assert restore("⟦1⟧ hat fast ⟦2⟧ Einheiten geliefert.", protected, lang).text == \
        f"smart hat fast {expected} Einheiten geliefert."
    alone, = translate_protected(FakeEngine(target=lang), [protect("70,000", [], lang)], lang)
    assert (alone.text, alone.strategy) == (expected, Strategy.NO_MT)


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "1.234,56"), ("fr", "1\u202f234,56"), ("en", "1,234.56")])
def test_decimals_of_a_grouped_number_are_kept(lang, expected):
    slot, = protect("1,234.56", [], lang).slots
    assert slot.target == expected


def test_a_term_inside_a_url_stays_part_of_the_url():
    text = "Visit https://smart.com/smart today"
    protected = protect(text, [Hit(SMART, 14, 19, "smart")], "es")
    assert [(s.kind, s.original) for s in protected.slots] == [(SlotKind.URL,
                                                                "https://smart.com/smart")]


def test_a_text_that_already_holds_a_bracket_number_uses_the_xml_form():
    text = "See footnote [1] on smart."
    protected = protect(text, hits(text), "es")
    assert protected.form is XML_TAG
    assert protected.text == 'See footnote [1] on <x id="1"/>.'
    assert restore('Ver la nota [1] sobre <x id="1"/>.', protected).text == \
        "Ver la nota [1] sobre smart."


def test_a_hit_that_is_not_in_the_text_is_refused():
    with pytest.raises(ValueError, match="not in the text"):
        protect("smart", [Hit(SMART, 0, 5, "Smart")], "es")


@pytest.mark.parametrize(("lang", "expected"), [
    ("es", "doble hogar China-Europa"),
    ("de", "Doppelheimat China-Europa"),
    ("fr", "China-Europe dual home"),  # no approved rendering: the English form stays
])
def test_slot_targets_per_language(lang, expected):
    text = "smart’s ‘China-Europe dual-home’ strategy"
    protected = protect(text, hits(text), lang)
    assert [slot.target for slot in protected.slots] == ["smart", expected]


# -- restore -----------------------------------------------------------------------------

SOURCE = "smart has delivered the smart #1 today."


@pytest.mark.parametrize(("output", "lang", "expected", "kinds"), [
    ("⟦1⟧ ha entregado el ⟦2⟧ hoy.", "es", "smart ha entregado el smart #1 hoy.", []),
    ("⟦ 1 ⟧ ha entregado el ⟦2⟧ hoy.", "es", "smart ha entregado el smart #1 hoy.",
     ["mangled"]),
    ("[1] ha entregado el 【2】 hoy.", "es", "smart ha entregado el smart #1 hoy.",
     ["mangled", "mangled"]),
    ("⟦1⟧ha entregado el⟦2⟧ hoy.", "es", "smart ha entregado el smart #1 hoy.",
     ["attached", "attached"]),
    ("⟦2⟧ hoy: ⟦1⟧ lo ha entregado.", "es", "smart #1 hoy: smart lo ha entregado.", []),
    # the engine capitalised the word after the placeholder at the sentence start
    ("⟦1⟧ Ha entregado el ⟦2⟧ hoy.", "es", "smart ha entregado el smart #1 hoy.", []),
    ("⟦1⟧ HA entregado el ⟦2⟧ hoy.", "es", "smart HA entregado el smart #1 hoy.", []),
    ("⟦1⟧ Hat heute den ⟦2⟧ ausgeliefert.", "de", "smart Hat heute den smart #1 ausgeliefert.",
     []),
    ("ha entregado el ⟦2⟧ hoy.", "es", "ha entregado el smart #1 hoy.", ["missing"]),
    ("⟦1⟧ ha entregado el ⟦2⟧ hoy, ⟦2⟧.", "es", "smart ha entregado el smart #1 hoy, smart #1.",
     ["duplicated"]),
    ("⟦1⟧ ha entregado el ⟦2⟧ hoy ⟦3⟧.", "es", "smart ha entregado el smart #1 hoy ⟦3⟧.",
     ["unknown"]),
    ("⟦1⟧ ha entregado el ⟦2 hoy.", "es", "smart ha entregado el ⟦2 hoy.",
     ["missing", "leftover"]),
])
def test_restore_verifies_and_repairs(output, lang, expected, kinds):
    protected = protect(SOURCE, hits(SOURCE), lang)
    restored = restore(output, protected, lang)
    assert restored.text == expected
    assert sorted(p.kind.value for p in restored.problems) == sorted(kinds)
    fatal = {"missing", "duplicated", "unknown", "leftover", "misordered"}
    assert restored.ok is not (set(kinds) & fatal)
    assert "Smart" not in restored.text


@pytest.mark.parametrize(("output", "expected", "kinds"), [
    ('<x id="1"/> ha entregado el <x id="2"/> hoy.', "smart ha entregado el smart #1 hoy.", []),
    ('<X ID="1"/> ha entregado el <x id = \'2\' /> hoy.', "smart ha entregado el smart #1 hoy.",
     ["mangled", "mangled"]),
    ('<x id="1"></x> ha entregado el <x id=«2»> hoy.', "smart ha entregado el smart #1 hoy.",
     ["mangled", "mangled"]),
    ('<x id="1"/> ha entregado el <x id="2"/> hoy </x>.',
     "smart ha entregado el smart #1 hoy </x>.", ["leftover"]),
])
def test_restore_the_xml_form(output, expected, kinds):
    protected = protect(SOURCE, hits(SOURCE), "es")
    restored = restore(output, protected, "es", XML_TAG)
    assert restored.text == expected
    assert sorted(p.kind.value for p in restored.problems) == kinds


def test_a_dnt_term_comes_back_in_its_canonical_form():
    text = "Smart Continues to Expand into the Global Market"
    protected = protect(text, [Hit(SMART, 0, 5, "Smart")], "es")
    outcome, = translate_protected(FakeEngine(), [protected], "es")
    assert outcome.text == "smart Continues to Expand into the Global Market"


@pytest.mark.parametrize(("output", "expected", "ok"), [
    ("Lee ⟦1⟧ la reseña ⟦2⟧ ahora", "Lee <g1>la reseña</g1> ahora", True),
    ("Lee ⟦2⟧ la reseña ⟦1⟧ ahora", "Lee</g1> la reseña <g1>ahora", False),
])
def test_paired_codes_are_rejoined_and_must_stay_in_order(output, expected, ok):
    protected = protect("Read <g1>the review</g1> now", [], "es")
    restored = restore(output, protected, "es")
    assert (restored.text, restored.ok) == (expected, ok)
    if not ok:
        assert [p.kind for p in restored.problems] == [ProblemKind.MISORDERED]


@pytest.mark.parametrize(("output", "ok"), [
    ("Lee ⟦1⟧ la ⟦2⟧ reseña ⟦3⟧ aquí ⟦4⟧ ahora", True),
    ("Lee ⟦1⟧ aquí ⟦2⟧ la reseña ⟦3⟧ ⟦4⟧ ahora", True),  # the inner span moved: legal
    ("Lee ⟦2⟧ la ⟦1⟧ reseña ⟦3⟧ aquí ⟦4⟧ ahora", False),  # crossed
    ("Lee ⟦1⟧ la ⟦2⟧ reseña ⟦4⟧ aquí ⟦3⟧ ahora", False),  # crossed
])
def test_nested_codes_must_not_cross(output, ok):
    protected = protect("Read <g1>the <g2>review</g2> here</g1> now", [], "es")
    assert restore(output, protected, "es").ok is ok


def test_a_lone_closing_tag_from_a_longer_span_is_fine():
    protected = protect("the review</g1> and <g2>more", [], "es")
    assert restore("la reseña ⟦1⟧ y ⟦2⟧ más", protected, "es").text == \
        "la reseña</g1> y <g2>más"


# -- translate_protected ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    LAUNCH,
    "Visit <g1>our smart site</g1> at https://smart.com, or mail press@smart.com.",
    "Read <g1>smart</g1><x2/>now, the smart #1 and ‘China-Europe dual-home’ strategy.",
    "Global Deliveries Near 70,000 Units",
])
def test_a_pass_through_engine_gives_the_source_back(text):
    protected = protect(text, hits(text), "en")
    outcome, = translate_protected(FakeEngine(), [protected], "en")
    assert outcome.text == text.replace("China-Europe dual-home", "China-Europe dual home")
    assert not outcome.recovered and not outcome.fuzzy
    assert outcome.restored == len(protected.slots)


def test_forced_term_is_rendered_in_the_target_language():
    text = "smart’s ‘China-Europe dual-home’ global development strategy continues."
    outcome, = translate_protected(FakeEngine(), [protect(text, hits(text), "es")], "es")
    assert outcome.text == ("smart’s ‘doble hogar China-Europa’ global development strategy "
                            "continues.")


def test_segments_of_placeholders_only_need_no_engine():
    engine = FakeEngine(lambda text: text.upper())
    texts = ["smart #1", "<g1>smart #3</g1>", "smart #1 | smart #3 – 2024", "The smart #1"]
    outcomes = translate_protected(engine, [protect(t, hits(t), "es") for t in texts], "es")
    assert [o.text for o in outcomes] == ["smart #1", "<g1>smart #3</g1>",
                                          "smart #1 | smart #3 – 2024", "THE smart #1"]
    assert [o.strategy for o in outcomes] == [Strategy.NO_MT] * 3 + [Strategy.PLACEHOLDERS]
    assert engine.batches == [["The ⟦1⟧"]]


def _drop_bracket(text):
    return re.sub(r"⟦\d+⟧", "", text, count=1)


def _duplicate_bracket(text):
    return re.sub(r"(⟦\d+⟧)", r"\1 \1", text, count=1)


def _garble_bracket(text):
    return text.replace("⟦1⟧", "⟦I⟧")


def _reverse_bracket(text):
    rest = iter(re.findall(r"⟦\d+⟧", text)[::-1])
    return re.sub(r"⟦\d+⟧", lambda m: next(rest), text)


def _drop_any(text):
    return re.sub(r'⟦\d+⟧|<x id="\d+"/>', "", text)


def _drop_any_and_lose_fragments(text):
    return "" if len(text) < 40 else _drop_any(text)


LINK = "Read <g1>the smart review</g1> now."


@pytest.mark.parametrize(("behave", "text", "strategy", "expected"), [
    (_drop_bracket, LAUNCH, Strategy.RETRY, LAUNCH_ES),
    (_duplicate_bracket, LAUNCH, Strategy.RETRY, LAUNCH_ES),
    (_garble_bracket, LAUNCH, Strategy.RETRY, LAUNCH_ES),
    (_reverse_bracket, LINK, Strategy.RETRY, LINK),
    (_drop_any, LAUNCH, Strategy.SPLIT, LAUNCH_ES),
    (_drop_any, LINK, Strategy.SPLIT, LINK),
])
def test_engine_misbehaviour_is_recovered(behave, text, strategy, expected):
    engine = FakeEngine(behave)
    outcome, = translate_protected(engine, [protect(text, hits(text), "es")], "es")
    assert (outcome.strategy, outcome.text) == (strategy, expected)
    assert outcome.recovered and not outcome.fuzzy and not outcome.failed_terms


def test_an_unrecoverable_segment_is_flagged_and_names_the_term():
    engine = FakeEngine(_drop_any_and_lose_fragments)
    outcome, = translate_protected(engine, [protect(LAUNCH, hits(LAUNCH), "es")], "es")
    assert outcome.fuzzy and not outcome.recovered
    assert outcome.failed_terms == (SMART,)
    assert [(slot.kind, slot.original) for slot in outcome.failed] == [
        (SlotKind.TERM, "smart"), (SlotKind.NUMBER, "70,000")]
    assert outcome.text == ("Since the launch of its first product,  has delivered nearly "
                            " units.")
    assert outcome.comments == (
        "MT could not guarantee “smart”: the engine dropped its placeholder; use “smart” "
        "untranslated, always lowercase.",
        "MT could not guarantee number 70,000: the engine dropped its placeholder; write "
        "70,000 as 70.000.")


def test_without_the_split_strategy_a_dropped_term_is_flagged():
    text = "The smart #1 launched, and ‘China-Europe dual-home’ continues."
    outcome, = translate_protected(FakeEngine(_drop_any), [protect(text, hits(text), "es")],
                                   "es", split=False)
    assert outcome.failed_terms == (SMART1, DUAL_HOME)
    assert [c.split(":")[0] for c in outcome.comments] == [
        "MT could not guarantee “smart #1”", "MT could not guarantee “China-Europe dual home”"]
    assert "approved rendering “doble hogar China-Europa”" in outcome.comments[1]


def test_each_pass_is_one_batch_and_the_counters_add_up():
    texts = [LAUNCH, "The smart #1 launched.", "Visit <g1>our site</g1>.", "No terms here.",
             "smart #3"]
    engine = FakeEngine(lambda t: _drop_bracket(t) if "launched" in t else t)
    counters = Counters()
    items = [protect(t, hits(t), "es") for t in texts]
    outcomes = translate_protected(engine, items, "es", counters=counters)
    assert [o.strategy for o in outcomes] == [Strategy.PLACEHOLDERS, Strategy.RETRY,
                                              Strategy.PLACEHOLDERS, Strategy.DIRECT,
                                              Strategy.NO_MT]
    assert len(engine.batches) == 2 and len(engine.batches[0]) == 4
    assert engine.batches[1] == ['The <x id="1"/> launched.']
    # codes_protected counts every slot without a term: <g1>, </g1> and the number 70,000
    assert (counters.terms_protected, counters.codes_protected) == (3, 3)
    assert (counters.placeholders_restored, counters.recoveries, counters.failures) == (6, 1, 0)
    assert str(counters).startswith("3 terms protected, 3 codes/links/numbers protected, "
                                    "6 placeholders restored, 1 recoveries")


# -- identity, for any mix of words, terms, codes and links -----------------------------------

_PARTS = ["smart", "smart #1", "delivered", "units", "70,000", "2023", "3.0", "22", "<g1>",
          "</g1>", "<x2/>", "https://www.smart.com/a", "press@smart.com", "’s", ",", ".", "(",
          ")", "“", "”"]
_WRITTEN = {"en": "70,000", "es": "70.000", "fr": "70\u202f000"}


@pytest.mark.parametrize("lang", sorted(_WRITTEN))
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PARTS), st.sampled_from(["", " "])), max_size=14))
def test_protect_then_restore_with_a_pass_through_engine_is_identity(lang, parts):
    """Identity up to the grouped numbers, which come back written for `lang`."""
    text = "".join(part + gap for part, gap in parts).strip()
    protected = protect(text, hits(text), lang)
    numbers = [slot for slot in protected.slots if slot.kind is SlotKind.NUMBER]
    # Parts glued together can form other grouped numbers ("smart #1" + "70,000").
    assert all(GROUPED.fullmatch(slot.original) for slot in numbers)
    written = [localize_number(slot.original, lang) if slot in numbers else slot.original
               for slot in protected.slots]
    expected = "".join(p + w for p, w in zip(protected.pieces, [*written, ""], strict=True))
    if lang == "en":
        assert expected == text
    for form in protected.forms:
        restored = restore(protected.render(form), protected, lang, form)
        assert (restored.text, restored.problems) == (expected, ())
    outcome, = translate_protected(FakeEngine(target=lang), [protected], lang)
    assert outcome.text == expected and not outcome.fuzzy

