"""The .txt web-dump reader on the seed release: roles, lines, nothing lost, byte-exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.documents import read_document, render_document
from pipeline.documents.model import Role

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "releases" / "2024-01-19-global-deliveries-near-70000.txt"
GOLDEN = ROOT / "tests" / "data" / "golden"


@pytest.fixture(scope="module")
def seed():
    return read_document(SEED)


def _by_line(document):
    return {block.location.line: block for block in document.blocks}


@pytest.mark.parametrize(
    ("line", "role", "context", "starts"),
    [
        (1, Role.DATELINE, "", "Hangzhou, 19 January 2024 | 07:20 Europe/Amsterdam"),
        (9, Role.TITLE, "", "Global Deliveries Near 70,000 Units"),
        (11, Role.BULLET, "", "Following its comprehensive brand renewal"),
        (18, Role.BULLET, "", "In 2024,\u00a0smart will advance"),
        (20, Role.LEAD, "", "(Hangzhou, Jan.\u00a019, 2024)\u00a0Following"),
        (22, Role.SPEAKER, "", "Mr. Tong Xiangbei"),
        (24, Role.SPEAKER, "", "Mr. Tong Xiangbei, Global CEO of smart Automobile"),
        (26, Role.QUOTE, "Mr. Tong Xiangbei", "Mr. Tong Xiangbei, Global CEO"),
        (32, Role.QUOTE, "Ms. Mandy Zhang", "Ms. Mandy Zhang, Global CMO"),
        (34, Role.HEADING, "", "Never Think smart Small"),
        (36, Role.PARAGRAPH, "", "In 2023, smart continued"),
        (38, Role.CAPTION, "", "The New Generation smart All-Electric"),
        (40, Role.CAPTION, "", "The New Generation smart All-Electric"),
        (42, Role.CAPTION, "", "smart Continues to Expand"),
        (44, Role.CAPTION, "", "smart Continues to Expand"),
        (68, Role.CAPTION, "", "China Market Brand Ambassador - Henry Lau"),
        (74, Role.HEADING, "", "Strong Momentum Builds Confidence"),
        (80, Role.CAPTION, "", "Tianqi Lithium and smart Mobility"),
        (82, Role.CAPTION, "", "2024 sprint to the next level"),
        (88, Role.END_MARK, "", "-End-"),
        (90, Role.BOILERPLATE_HEADING, "", "About smart Automobile"),
        (92, Role.BOILERPLATE_HEADING, "", "About smart Automobile"),
        (94, Role.BOILERPLATE, "", "Since the birth of the brand"),
        (96, Role.BOILERPLATE, "", "smart has completed a comprehensive renewal"),
    ],
)
def test_seed_roles_and_lines(seed, line, role, context, starts):
    block = _by_line(seed)[line]
    assert block.role is role
    assert block.context == context
    assert block.text.startswith(starts)


def test_seed_quote_comment_names_the_speaker(seed):
    assert _by_line(seed)[26].comment == "quote (Mr. Tong Xiangbei)"


def test_seed_block_count_and_every_block_has_a_line(seed):
    assert len(seed.blocks) == 49
    assert all(block.location.line for block in seed.blocks)


def test_seed_loses_no_text(seed):
    """Every non-whitespace character is inside a block or is bullet layout."""
    covered = [False] * len(seed.raw)
    for block in seed.blocks:
        for index in range(*block.span):
            covered[index] = True
    lost = "".join(
        char for char, inside in zip(seed.raw, covered, strict=True)
        if not inside and not char.isspace()
    )
    assert lost == "•" * 8


def test_blocks_keep_nbsp_and_spans_match_raw(seed):
    for block in seed.blocks:
        if block.role is not Role.DATELINE:
            assert seed.raw[slice(*block.span)] == block.text
    assert "\u00a0" in _by_line(seed)[11].text
    assert not _by_line(seed)[14].text.endswith(("\u00a0", " "))  # trailing NBSP is layout


@pytest.mark.parametrize(
    "path",
    [SEED, *sorted(GOLDEN.glob("*.txt")), *sorted(GOLDEN.glob("*.md")),
     *sorted(GOLDEN.glob("*.html"))],
    ids=lambda path: path.name,
)
def test_render_with_own_text_is_byte_identical(path):
    document = read_document(path)
    rendered = render_document(document, {block: block.text for block in document.blocks})
    assert rendered.encode("utf-8") == path.read_bytes()


def test_render_each_block_alone_gives_its_source(seed):
    from pipeline.documents import reader_for

    reader = reader_for("txt")
    for block in seed.blocks:
        source = seed.raw[slice(*block.span)]
        assert reader.render_block(block, block.text, source) == source


def test_translated_dateline_keeps_one_token_per_line(seed):
    dateline = seed.blocks[0]
    out = render_document(seed, {dateline: "Hangzhou, 19. Januar 2024 | 07:20 Europe/Amsterdam"})
    assert out.startswith("Hangzhou,\n19.\nJanuar\n2024\n|\n07:20\nEurope/Amsterdam\n\n")


def test_translated_bullet_keeps_marker_and_trailing_layout(seed):
    bullet = _by_line(seed)[14]
    out = render_document(seed, {bullet: "Übersetzt."})
    assert "\n  • Übersetzt.\u00a0\n  • The product family" in out
    assert out.count("\n") == seed.raw.count("\n")


# (line as written, role, block text): the sign is layout, glued to the text or not
BULLET_LINES = [
    ("\u2022Range of up to 367 miles", Role.BULLET, "Range of up to 367 miles"),
    ("  \u2022 Range of up to 367 miles", Role.BULLET, "Range of up to 367 miles"),
    ("\u2022\u00a0Range of up to 367 miles", Role.BULLET, "Range of up to 367 miles"),
    ("\u25aaFast charging in 30 minutes.", Role.BULLET, "Fast charging in 30 minutes."),
    ("- Range of up to 367 miles", Role.BULLET, "Range of up to 367 miles"),
    # "-", "*" and "–" glued to a word are text
    ("-End-", Role.END_MARK, "-End-"),
    ("*Prices exclude VAT and delivery costs.", Role.PARAGRAPH,
     "*Prices exclude VAT and delivery costs."),
    ("-5% in costs is the target for 2024.", Role.PARAGRAPH,
     "-5% in costs is the target for 2024."),
]


@pytest.mark.parametrize(("line", "role", "text"), BULLET_LINES)
def test_bullet_sign_is_layout_even_glued_to_its_text(tmp_path, line, role, text):
    raw = f"Global Deliveries Near 70,000 Units\n\n{line}\n\nThe smart #1 leads its class.\n"
    path = tmp_path / "release.txt"
    path.write_text(raw, encoding="utf-8")
    document = read_document(path)
    block = document.blocks[1]
    assert (block.role, block.text, block.location.line) == (role, text, 3)
    out = render_document(document, {block: "Übersetzt"})
    assert out == raw.replace(text, "Übersetzt")
