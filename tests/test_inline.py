"""pipeline/inline.py, the one home of inline codes: tokens, pairing, the rules a translation's
codes follow (the same for build, check, XLIFF and TMX), literal look-alikes, what a code
stands for in words, and that it stays light to import."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline import inline
from pipeline.inline import CodeKind, CodeType, InlineCode, Meaning, TokenKind


@pytest.mark.parametrize(("translation", "problem"), [
    ("Der <g1>Bericht</g1> ist da.<x2/>", None),
    ("Der Bericht ist da.", None),  # a pair may be dropped
    ("<x2/> Der <g1>Bericht</g1>", None),  # or moved
    ("Der <g3>Bericht</g3>", "inline code <g3> is not in the source"),
    ("<x2/> und <x2/>", "inline code <x2/> appears twice"),
    ("Der </g1>Bericht<g1>", "inline code </g1> closes a pair that is not open"),
    ("Der <g1>Bericht", "inline code <g1> is never closed"),
])
def test_render_rules(translation, problem):
    assert inline.render_problem(translation, {1, 2}) == problem


@pytest.mark.parametrize(("text", "broken"), [
    ("<g1>a <g2>b</g2></g1>", None),
    ("<g1>a <g2>b</g1></g2>", "</g1>"),
    ("a</g1>", "</g1>"),
    ("<x1/> plain", None),
])
def test_nesting(text, broken):
    assert inline.nesting_problem(text) == broken


def test_tokens_pairs_and_crossing_pairs():
    items = inline.tokens("a <g1>b <g2>c</g1> d</g2><x3/>")
    assert [t.kind for t in items] == [
        TokenKind.TEXT, TokenKind.OPEN, TokenKind.TEXT, TokenKind.OPEN, TokenKind.TEXT,
        TokenKind.CLOSE, TokenKind.TEXT, TokenKind.CLOSE, TokenKind.STANDALONE]
    paired = inline.pairs(items)
    assert paired == {3, 7}  # <g2>…</g2> closes where it should
    assert inline.crossing(items, paired) == {1, 5}  # <g1> is closed inside it
    assert "".join(t.value for t in items) == "a <g1>b <g2>c</g1> d</g2><x3/>"


def test_open_at_and_strip():
    text = "one <g1>two. three</g1> four."
    assert inline.open_at(text, text.index("three"))
    assert not inline.open_at(text, text.index("four"))
    assert inline.strip(text) == "one two. three four."
    assert not inline.has_text(" <x1/> <g2></g2> ")


def test_literal_code_tags_become_codes_of_their_own():
    text, codes = inline.escape_literals("Write <x1/> or </g2> here", 3)
    assert text == "Write <x3/> or <x4/> here"
    assert [(c.id, c.ctype, c.open) for c in codes] == [
        (3, CodeType.LITERAL, "<x1/>"), (4, CodeType.LITERAL, "</g2>")]
    assert inline.restore(text, codes) == "Write <x1/> or </g2> here"


def test_restore_refuses_an_unknown_code():
    code = InlineCode(1, CodeKind.PAIRED, CodeType.BOLD, "**", "**")
    assert inline.restore("<g1>a</g1> & b", [code], escape=lambda t: t.replace("&", "+")) \
        == "**a** + b"
    with pytest.raises(KeyError):
        inline.restore("<x9/>", [code], unknown=KeyError)


@pytest.mark.parametrize(("meaning", "words"), [
    (Meaning(CodeType.LINK, url="https://www.smart.com/en/"), "link to https://www.smart.com/en/"),
    (Meaning(CodeType.LINK, url="https://x.com", title="smart home"),
     "link to https://x.com titled 'smart home'"),
    (Meaning(CodeType.IMAGE, url="img/smart5.jpg", text="smart #5 at the Geneva Motor Show"),
     "image 'smart #5 at the Geneva Motor Show' (img/smart5.jpg)"),
    (Meaning(CodeType.IMAGE, url="img/logo.png"), "image img/logo.png"),
    (Meaning(CodeType.BOLD), "bold"),
    (Meaning(CodeType.BREAK), "line break"),
    (Meaning(CodeType.CODE, text="150 kW"), "code span '150 kW'"),
    (Meaning(CodeType.LITERAL, text="<x1/>"), "the text '<x1/>'"),
    (Meaning("sup"), "sup"),
])
def test_what_a_code_stands_for(meaning, words):
    assert meaning.describe() == words
    assert inline.ctype_of(words) == meaning.ctype


def test_inline_codes_load_no_reader():
    code = ("import sys, pipeline.inline, pipeline.protection.protect, pipeline.checks.qa, "
            "pipeline.memory.tmx, pipeline.catalogs.inline; "
            "print(','.join(m for m in sys.modules if m.startswith('pipeline.documents')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
