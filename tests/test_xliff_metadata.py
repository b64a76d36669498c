"""The PO comment conventions that XLIFF is regenerated from (docs/xliff.md)."""

from __future__ import annotations

import pytest

from pipeline.catalogs.metadata import (
    GlossaryHint,
    Origin,
    Reference,
    Status,
    Suggestion,
    entry_meta,
    parse_hint,
)
from pipeline.catalogs.model import Entry
from pipeline.glossary.model import Term, TermKind


@pytest.mark.parametrize(("msgstr", "flags", "comments", "status", "origin"), [
    ("", [], [], Status.NEW, Origin.NONE),
    ("", ["fuzzy"], ["MT: argos en→de"], Status.NEW, Origin.NONE),
    ("Hallo", ["fuzzy"], ["MT: argos en→de, confidence 0.83"], Status.DRAFT, Origin.MT),
    ("Hallo", [], ["MT: argos en→de, confidence 0.83"], Status.REVIEWED, Origin.MT),
    ("Hallo", [], ["TM: exact match from release r1"], Status.REVIEWED, Origin.TM),
    ("Hallo", ["fuzzy"], [], Status.DRAFT, Origin.HUMAN),
    ("Hallo", [], ["looks fine"], Status.REVIEWED, Origin.HUMAN),
])
def test_status_and_origin(msgstr, flags, comments, status, origin) -> None:
    meta = entry_meta(Entry("Hello", msgstr, flags=flags, translator_comments=comments))
    assert (meta.status, meta.origin) == (status, origin)


@pytest.mark.parametrize(("line", "engine", "confidence"), [
    ("MT: argos en→de, confidence 0.83", "argos", 0.83),
    ("MT: apertium en→es", "apertium", None),
    ("MT: argos, confidence 83%", "argos", 0.83),
    ("MT: none", "none", None),
])
def test_mt_line(line, engine, confidence) -> None:
    meta = entry_meta(Entry("a", "b", flags=["fuzzy"], translator_comments=[line]))
    assert (meta.mt_engine, meta.confidence) == (engine, confidence)
    assert meta.pipeline_notes == (line,)


def test_tm_lines_and_suggestions() -> None:
    exact = entry_meta(Entry("a", "b", translator_comments=["TM: exact match from release r1"]))
    assert (exact.tm_release, exact.tm_similarity, exact.match_percent) == ("r1", 100.0, 100)
    near = entry_meta(Entry("a", "b", flags=["fuzzy"], previous_msgid="old", translator_comments=[
        "TM suggestion (87% from release r2): Der <g1>Satz</g1>",
        "previous translation: Der alte Satz",
        "MT: argos en→de, confidence 0.5",
    ]))
    assert near.suggestions == (
        Suggestion("tm", "Der <g1>Satz</g1>", 87.0, "r2"),
        Suggestion("previous", "Der alte Satz", source="old"),
    )
    assert [s.origin for s in near.suggestions] == ["tm:r2", "previous"]
    assert near.match_percent == 50  # the draft's own MT score, not the suggestion's


def test_role_hints_references_and_free_notes() -> None:
    meta = entry_meta(Entry(
        "smart #1", "",
        references=["releases/x.txt:12", "releases/y.txt"],
        extracted_comments=["quote (Mr. Tong Xiangbei)",
                            "glossary: smart #1: model, do not translate",
                            "max 40 characters"],
        translator_comments=["recovery: split around smart #1", "ask Anna",
                             "MT could not guarantee smart #1: dropped."],
    ))
    assert meta.role == "quote (Mr. Tong Xiangbei)"
    assert meta.hints == (GlossaryHint("smart #1", "model, do not translate", "smart #1"),)
    assert meta.developer_notes == ("max 40 characters",)
    assert meta.references == (Reference("releases/x.txt", 12), Reference("releases/y.txt"))
    assert meta.recovery == ("split around smart #1", "MT could not guarantee smart #1: dropped.")
    assert meta.translator_notes == ("ask Anna",)


def test_a_first_line_that_is_a_hint_is_not_a_role() -> None:
    meta = entry_meta(Entry("smart", extracted_comments=["glossary: smart: brand"]))
    assert meta.role is None and [h.term for h in meta.hints] == ["smart"]


@pytest.mark.parametrize(("term", "lang", "translation"), [
    (Term("smart", "smart", TermKind.DNT, category="brand", keep_lowercase=True), "de", "smart"),
    (Term("dual", "China-Europe dual home", TermKind.FORCED, category="slogan",
          targets={"de": ("China-Europa Doppelheimat",)}), "de", "China-Europa Doppelheimat"),
    (Term("dual", "China-Europe dual home", TermKind.FORCED), None, None),
])
def test_hints_written_by_the_glossary_parse_back(term, lang, translation) -> None:
    """The translate step writes `glossary: ` + Term.hint(lang); XLIFF reads it back."""
    hint = parse_hint(term.hint(lang))
    assert (hint.term, hint.translation, hint.text) == (term.source, translation, term.hint(lang))
