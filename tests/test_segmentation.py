"""Sentence segmentation: pysbd plus the press-release rules, as case tables."""

from __future__ import annotations

import pytest

from pipeline.documents.model import Block, Role
from pipeline.errors import Location
from pipeline.segmentation import segment_block, segment_text

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
    assert segment_text(text) == expected


def _block(text: str, role: Role = Role.PARAGRAPH) -> Block:
    return Block(role=role, text=text, location=Location("x.txt", 1), span=(0, len(text)))


@pytest.mark.parametrize(("text", "_"), CASES + SEED_CASES)
def test_offsets_point_into_the_block_and_gaps_are_whitespace(text, _):
    block = _block(text)
    segments = segment_block(block)
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
