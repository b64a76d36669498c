"""Sentence segmentation: pysbd plus the press-release rules, as case tables."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.documents.model import Block, Role
from pipeline.errors import Location
from pipeline.glossary.loader import load_glossaries
from pipeline.segmentation import segment_block, segment_text

ROOT = Path(__file__).resolve().parent.parent
BRANDS_GLOSSARY = ROOT / "tests" / "data" / "glossaries" / "lowercase_brands.yaml"
# The names come from the glossaries, as in extract, translate and build: none is in code.
SMART = load_glossaries([ROOT / "glossaries" / "smart.yaml"]).sentence_starts
BRANDS = load_glossaries([BRANDS_GLOSSARY]).sentence_starts

CASES = [
    # abbreviations
    ("Mr. Smith met Ms. Jones in Hangzhou. They talked.",
     ["Mr. Smith met Ms. Jones in Hangzhou.", "They talked."]),
    ("Deliveries began on Jan. 19 in China. More follow.",
     ["Deliveries began on Jan. 19 in China.", "More follow."]),
    ("It was built by Geely Co. Ltd. in Ningbo. Sales rose.",
     ["It was built by Geely Co. Ltd. in Ningbo.", "Sales rose."]),
    ("Sales in the U.S. rose. Europe followed.", ["Sales in the U.S. rose.", "Europe followed."]),
    ("The smart #1 is No. 1 in its class. The #3 follows.",
     ["The smart #1 is No. 1 in its class.", "The #3 follows."]),
    ("Markets, e.g. Germany and Spain, grew. Others did not.",
     ["Markets, e.g. Germany and Spain, grew.", "Others did not."]),
    # numbers
    ("smart delivered nearly 70,000 units. The valuation exceeds 5.5 billion USD.",
     ["smart delivered nearly 70,000 units.", "The valuation exceeds 5.5 billion USD."]),
    ("smart Pilot Assist 2.0 launched in 2023. Version 3.0 follows.",
     ["smart Pilot Assist 2.0 launched in 2023.", "Version 3.0 follows."]),
    # product names, technical tokens, addresses
    ("The smart #1 and #3 use an 800V platform. Charging is fast.",
     ["The smart #1 and #3 use an 800V platform.", "Charging is fast."]),
    ("Visit https://www.smart.com/en/news.html for more. Or write to press@smart.com today.",
     ["Visit https://www.smart.com/en/news.html for more.", "Or write to press@smart.com today."]),
    # the lowercase brand starts a sentence
    ("In 2023, smart led the premium brand. smart continues to expand.",
     ["In 2023, smart led the premium brand.", "smart continues to expand."]),
    ("Sales rose in the U.S. smart #1 leads.", ["Sales rose in the U.S.", "smart #1 leads."]),
    ("The market is “smart”. smart’s momentum grows.",
     ["The market is “smart”.", "smart’s momentum grows."]),
    # quotes, parentheses, datelines
    ("He said, “This is great. We love it.” Then he left.",
     ["He said, “This is great.", "We love it.”", "Then he left."]),
    ("Prices (see p. 5) rose. (Figures are rounded.) More follows.",
     ["Prices (see p. 5) rose.", "(Figures are rounded.)", "More follows."]),
    ("(Hangzhou, Jan.\u00a019, 2024)\u00a0Following the brand’s renewal, smart grew. It expands.",
     ["(Hangzhou, Jan.\u00a019, 2024)\u00a0Following the brand’s renewal, smart grew.",
      "It expands."]),
    # inline codes are never cut
    ("<g1>First sentence.</g1> Second sentence <x2/> here.",
     ["<g1>First sentence.</g1>", "Second sentence <x2/> here."]),
    ("<g1>One link. Two sentences.</g1> Third.",
     ["<g1>One link. Two sentences.</g1>", "Third."]),
    ("A line ends.<x1/>Another starts.", ["A line ends.<x1/>", "Another starts."]),
    # no split
    ("Global Deliveries Near 70,000 Units", ["Global Deliveries Near 70,000 Units"]),
    ("", []),
]

SEED_CASES = [
    (
        "(Hangzhou, Jan.\u00a019, 2024)\u00a0Following the brand’s comprehensive renewal, smart "
        "has completed its core objectives. Since the launch of its first product, total global "
        "deliveries are approaching 70,000 units.",
        ["(Hangzhou, Jan.\u00a019, 2024)\u00a0Following the brand’s comprehensive renewal, smart "
         "has completed its core objectives.",
         "Since the launch of its first product, total global deliveries are approaching "
         "70,000 units."],
    ),
    (
        "Mr. Tong Xiangbei, Global CEO of smart Automobile\u00a0said, “2023 marked the "
        "25th\u00a0anniversary of the smart brand, as well as a milestone year of global "
        "operations. With the joint efforts of our global team, smart has reached new levels. "
        "Now in 2024, smart will advance – ‘Sprint to the Next Level’.”",
        ["Mr. Tong Xiangbei, Global CEO of smart Automobile\u00a0said, “2023 marked the "
         "25th\u00a0anniversary of the smart brand, as well as a milestone year of global "
         "operations.",
         "With the joint efforts of our global team, smart has reached new levels.",
         "Now in 2024, smart will advance – ‘Sprint to the Next Level’.”"],
    ),
    (
        "smart’s strong momentum has attracted favourable attention. \u00a0 Following the "
        "successful Series-A funding, the valuation exceeds 5 billion USD.",
        ["smart’s strong momentum has attracted favourable attention.",
         "Following the successful Series-A funding, the valuation exceeds 5 billion USD."],
    ),
    (
        "In less than a year, smart has rolled out five OTA (Over-The-Air) iterative "
        "updates\u00a0in\u00a0China.\u00a0Leveraging its strong global R&D capabilities, smart "
        "unveiled its ADAS strategy.",
        ["In less than a year, smart has rolled out five OTA (Over-The-Air) iterative "
         "updates\u00a0in\u00a0China.",
         "Leveraging its strong global R&D capabilities, smart unveiled its ADAS strategy."],
    ),
    (
        "Operating with a “customer-centric, data-driven” philosophy, smart adopts a D2C model "
        "in the global market. smart now has over 190 points of sales, with the first "
        "800V\u00a0superfast charging station\u00a0available now\u00a0in Shanghai.",
        ["Operating with a “customer-centric, data-driven” philosophy, smart adopts a D2C model "
         "in the global market.",
         "smart now has over 190 points of sales, with the first 800V\u00a0superfast charging "
         "station\u00a0available now\u00a0in Shanghai."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES + SEED_CASES)
def test_segments(text, expected):
    assert segment_text(text, SMART) == expected


# (text, names the glossary gives, segments with them); without them the text is one segment
LOWERCASE_STARTS = [
    ("Sales rose 12% in 2023. adidas continues to grow in Asia.", BRANDS,
     ["Sales rose 12% in 2023.", "adidas continues to grow in Asia."]),
    ("The court rejected the appeal. eBay said it would comply.", BRANDS,
     ["The court rejected the appeal.", "eBay said it would comply."]),
    ("Apple sold more phones. iPhone sales rose 5%.", BRANDS,
     ["Apple sold more phones.", "iPhone sales rose 5%."]),
    ("Results came in. <g1>adidas</g1> leads.", BRANDS,
     ["Results came in.", "<g1>adidas</g1> leads."]),
    ("In 2023, smart led the premium brand. smart continues to expand.", SMART,
     ["In 2023, smart led the premium brand.", "smart continues to expand."]),
    ("The market is “smart”. smart’s momentum grows.", SMART,
     ["The market is “smart”.", "smart’s momentum grows."]),
]
# the glossary's names, and still one sentence: the word is not the name
NOT_A_START = [
    ("Sales rose. ebay users complained.", BRANDS),  # names are case-sensitive
    ("Results came in. adidasx is a typo.", BRANDS),
    ("Cars got better. smarter ones follow.", SMART),
    ("Sales rose in 2023. smart continues to expand.", BRANDS),  # another brand's glossary
]


@pytest.mark.parametrize(("text", "names", "expected"), LOWERCASE_STARTS)
def test_a_glossary_name_may_start_a_sentence_in_lowercase(text, names, expected):
    assert segment_text(text, names) == expected
    assert segment_text(text) == [text]  # no glossary: no lowercase start


@pytest.mark.parametrize(("text", "names"), NOT_A_START)
def test_a_lowercase_word_that_is_not_a_listed_name_starts_nothing(text, names):
    assert segment_text(text, names) == [text]


ENUMERATIONS = [
    ("1.) The first item 2.) The second item", ["1.) The first item", "2.) The second item"]),
    ("a. The first item b. The second item", ["a. The first item", "b. The second item"]),
    ("a. The first item. b. The second item.", ["a. The first item.", "b. The second item."]),
    ("1) Range 2) Speed 3) Price", ["1) Range", "2) Speed", "3) Price"]),
    ("(i) One thing (ii) Another thing (iii) A third",
     ["(i) One thing", "(ii) Another thing", "(iii) A third"]),
    ("i. One ii. Two", ["i. One", "ii. Two"]),
    ("A) Alpha B) Beta", ["A) Alpha", "B) Beta"]),
    ("Highlights: 1) Range 2) Speed", ["Highlights:", "1) Range", "2) Speed"]),
    ("1. Sales rose 2. Costs fell. Margins held",
     ["1. Sales rose", "2. Costs fell.", "Margins held"]),
    # one sentence each, as before
    ("smart Continues to Expand into the Global Market",
     ["smart Continues to Expand into the Global Market"]),
    ("A. Smith and B. Jones met in Hangzhou", ["A. Smith and B. Jones met in Hangzhou"]),
    ("Only one item 1) here", ["Only one item 1) here"]),
    ("We sold 1. Then 2. units", ["We sold 1. Then 2. units"]),
    ("1) Range 3) Price", ["1) Range 3) Price"]),
    ("smart Pilot Assist 2.0 and 3.0 Arrive", ["smart Pilot Assist 2.0 and 3.0 Arrive"]),
]


@pytest.mark.parametrize(("text", "expected"), ENUMERATIONS)
def test_inline_enumeration_items_are_segments(text, expected):
    assert segment_text(text) == expected
    block = _block(text, Role.CAPTION)  # a short line without a final full stop
    assert [segment.text for segment in segment_block(block)] == expected


def _block(text: str, role: Role = Role.PARAGRAPH) -> Block:
    return Block(role=role, text=text, location=Location("x.txt", 1), span=(0, len(text)))


@pytest.mark.parametrize(("text", "_"), CASES + SEED_CASES + ENUMERATIONS)
def test_offsets_point_into_the_block_and_gaps_are_whitespace(text, _):
    block = _block(text)
    segments = segment_block(block, SMART)
    cursor = 0
    for index, segment in enumerate(segments):
        assert block.text[segment.start : segment.end] == segment.text
        assert segment.index == index
        assert block.text[cursor : segment.start].strip() == ""
        cursor = segment.end
    assert block.text[cursor:].strip() == ""


@pytest.mark.parametrize("role", [Role.DATELINE, Role.SPEAKER, Role.END_MARK])
def test_layout_roles_are_one_segment(role):
    text = "Hangzhou, 19 January 2024 | 07:20 Europe/Amsterdam. Mr. X. Y."
    assert [segment.text for segment in segment_block(_block(text, role))] == [text]


# -- `pipeline segment` in a project, with and without a glossary ----------------------------

RELEASE = """Sports Brands Report Results

Sales rose 12% in 2023. adidas continues to grow in Asia.

The court rejected the appeal. eBay said it would comply.

1.) The first item 2.) The second item

a. The first item b. The second item

•Range of up to 367 miles
"""


def _segment(tmp_path: Path, monkeypatch, glossaries: str) -> list[tuple[str, str]]:
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.pipeline]\nlanguages = [\"de\"]\nglossaries = [{glossaries}]\n", "utf-8")
    (tmp_path / "glossaries").mkdir()
    shutil.copy(BRANDS_GLOSSARY, tmp_path / "glossaries" / "brands.yaml")
    (tmp_path / "release.txt").write_text(RELEASE, "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["segment", "release.txt"])
    assert result.exit_code == 0, result.output
    # "   5  image caption  1.) The first item": line, role, segment
    rows = [re.split(r"\s{2,}", line.strip(), maxsplit=2)
            for line in result.output.splitlines()[:-1]]
    return [(role, text) for _, role, text in rows]


@pytest.mark.parametrize(
    ("glossaries", "present", "absent"),
    [
        ('"glossaries/brands.yaml"',
         ["adidas continues to grow in Asia.", "eBay said it would comply."],
         ["Sales rose 12% in 2023. adidas continues to grow in Asia."]),
        ("",
         ["Sales rose 12% in 2023. adidas continues to grow in Asia.",
          "The court rejected the appeal. eBay said it would comply."],
         ["adidas continues to grow in Asia.", "eBay said it would comply."]),
    ],
    ids=["brands glossary", "no glossary"],
)
def test_segment_command_takes_sentence_starts_from_the_configured_glossary(
        tmp_path, monkeypatch, glossaries, present, absent):
    texts = [text for _, text in _segment(tmp_path, monkeypatch, glossaries)]
    for text in present:
        assert text in texts
    for text in absent:
        assert text not in texts


def test_segment_command_splits_enumerations_and_strips_a_glued_bullet(tmp_path, monkeypatch):
    rows = _segment(tmp_path, monkeypatch, "")
    texts = [text for _, text in rows]
    for item in ("1.) The first item", "2.) The second item", "a. The first item",
                 "b. The second item"):
        assert item in texts
    assert ("bullet", "Range of up to 367 miles") in rows
    assert not any("•" in text for text in texts)
