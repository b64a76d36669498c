"""qa.brackets: good and bad tables, as `pipeline check` reports them."""

from __future__ import annotations

import pytest

from pipeline.catalogs.model import Entry
from pipeline.checks import CheckContext, Severity
from pipeline.checks.brackets import Brackets


def found(source: str, target: str, lang: str = "es"):
    entry = Entry(msgid=source, msgstr=target, line=5)
    return Brackets().run(entry, CheckContext(path="x.po", language=lang))


@pytest.mark.parametrize(("source", "target"), [
    ("the smart #1 (BEV) range", "la gama smart #1 (BEV)"),
    ("N number(s)", "N getal(le)"),
    ("For [sic] numbers", "Para [sic] números"),
    ("a) first b) second", "a) primero b) segundo"),  # the source leaves them open too
    ("{count} units in {0}", "{0}: {count} unidades"),  # placeholders, qa.placeholders'
    ("See https://x.com/a_(b)", "Véase https://x.com/a_(b)"),
    ("(a [b] c)", "(a [b] c)"),
    ("Press（Beijing）", "新闻（北京）"),
])
def test_brackets_good(source, target):
    assert found(source, target) == []


@pytest.mark.parametrize(("source", "target", "message", "severity"), [
    ("the smart #1 (BEV) range", "la gama smart #1 (BEV", "bracket ( is never closed",
     Severity.ERROR),
    ("the range (BEV)", "la gama BEV)", "bracket ) closes nothing", Severity.ERROR),
    ("For [sic] numbers", "Vier getalle", "the source has 1 […] pair(s), the translation 0",
     Severity.WARNING),
    ("The range", "La gama (nueva)", "the source has 0 (…) pair(s), the translation 1",
     Severity.WARNING),
    ("For }sic{ numbers", "Vier getalle",
     "the source's lone bracket } is not in the translation", Severity.WARNING),
    ("{s} string", "{ {s} string", "bracket { is never closed", Severity.ERROR),
    ("string", "}s{ string", "bracket } closes nothing", Severity.ERROR),
])
def test_brackets_bad(source, target, message, severity):
    result = found(source, target)
    assert (message, severity) in [(f.message, f.severity) for f in result], result
    assert all(f.check == "qa.brackets" and f.line == 5 for f in result)


def test_an_unclosed_bracket_is_reported_once():
    result = found("the smart #1 (BEV) range", "la gama smart #1 (BEV")
    assert [f.message for f in result] == ["bracket ( is never closed"]
