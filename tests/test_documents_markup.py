"""Markdown and HTML readers: blocks, inline codes, skipped content, byte-exact rendering."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.documents import read_document, render_document
from pipeline.documents.model import CodeKind, Role
from pipeline.errors import XmlInputError

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"


@pytest.fixture(scope="module")
def md():
    return read_document(GOLDEN / "launch-note.md")


@pytest.fixture(scope="module")
def page():
    return read_document(GOLDEN / "newsroom.html")


def _find(document, start):
    return next(block for block in document.blocks if block.text.startswith(start))


def test_markdown_roles(md):
    roles = [(block.location.line, block.role) for block in md.blocks]
    assert roles == [
        (1, Role.TITLE), (3, Role.PARAGRAPH), (3, Role.ATTRIBUTE), (5, Role.ATTRIBUTE),
        (7, Role.HEADING), (9, Role.LIST_ITEM),
        (10, Role.LIST_ITEM), (11, Role.LIST_ITEM), (13, Role.BLOCKQUOTE), (21, Role.HEADING),
        (24, Role.LIST_ITEM),
    ]


def test_markdown_code_blocks_are_not_extracted(md):
    assert not any("pipeline extract" in block.text for block in md.blocks)
    assert not any("indented code" in block.text for block in md.blocks)


def test_markdown_inline_markup_becomes_codes(md):
    block = _find(md, "<g1>Munich")
    link = block.code(3)
    assert (link.kind, link.open, link.close) == (
        CodeKind.PAIRED, "[", '](https://www.smart.com/en/ "smart home")'
    )
    assert "<g3>best-selling</g3>" in block.text
    assert block.code(4).open == "`150 kW`"  # inline code is not translated
    assert block.code(5).ctype == "br"


def test_markdown_translation_keeps_link_target_and_layout(md):
    block = _find(md, "<g1>Munich")
    translated = block.text.replace("<g3>best-selling</g3>", "<g3>meistverkaufte</g3>")
    out = render_document(md, {block: translated})
    assert '[meistverkaufte](https://www.smart.com/en/ "smart home")' in out
    assert out.replace("meistverkaufte", "best-selling") == md.raw


def test_markdown_blockquote_lines_keep_their_marker(tmp_path):
    path = tmp_path / "quote.md"
    path.write_text("> First line of a quote\n> continues here. And ends.\n", encoding="utf-8")
    document = read_document(path)
    block = document.blocks[0]
    assert block.role is Role.BLOCKQUOTE
    assert render_document(document, {block: "Eins\nZwei"}) == "> Eins\n> Zwei\n"


def test_html_roles_and_skipped_content(page):
    texts = {block.text: block for block in page.blocks}
    assert texts["smart #1 & smart #3 – Newsroom"].role is Role.TITLE
    assert texts["Model"].role is Role.TABLE_CELL
    assert texts["China Market Brand Ambassador - Henry Lau"].role is Role.CAPTION
    assert _find(page, "“This is great.").role is Role.BLOCKQUOTE
    everything = " ".join(texts)
    assert "not text" not in everything  # script and style
    assert "BRABUS" not in everything  # translate="no" block
    assert "pipeline extract" not in everything  # pre


def test_html_translate_no_inline_is_one_protected_code(page):
    block = _find(page, "First deliveries")
    assert block.text == "First deliveries of the <g1>smart #3</g1> in <x2/>."
    assert block.code(2).open == '<span translate="no">Hangzhou</span>'


def test_html_attributes_are_blocks_with_context(page):
    attributes = [(b.context, b.text) for b in page.blocks if b.role is Role.ATTRIBUTE]
    assert attributes == [
        ("title", "smart home"),
        ("alt", "A smart #1 & its driver"),
        ("alt", "Henry Lau with the smart #1"),
        ("title", "Brand ambassador"),
    ]
    assert next(b for b in page.blocks if b.role is Role.ATTRIBUTE).comment == "attribute (title)"


def test_html_entities_survive_translation(page):
    heading = _find(page, "Global Deliveries")
    assert heading.text == "Global Deliveries Near 70,000\u00a0Units"
    paragraph = _find(page, "The <g1>")
    out = render_document(page, {
        heading: "Weltweit fast 70.000\u00a0Einheiten",
        paragraph: paragraph.text.replace("R&D", "F&E"),
    })
    assert "<h1>Weltweit fast 70.000&nbsp;Einheiten</h1>" in out
    assert "F&amp;E spending" in out
    assert 'href="https://www.smart.com/?a=1&amp;b=2"' in out


def test_html_nested_attribute_and_paragraph_both_translated(page):
    item = _find(page, "An image")
    alt = _find(page, "A smart #1 & its driver")
    out = render_document(page, {item: "Ein Bild <x1/> im Text.", alt: "Ein smart #1 & Fahrer"})
    assert '<li>Ein Bild <img src="car.png" alt="Ein smart #1 &amp; Fahrer"> im Text.</li>' in out


def test_html_doctype_with_entities_is_refused(tmp_path):
    path = tmp_path / "evil.html"
    path.write_text('<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;</p>')
    with pytest.raises(XmlInputError, match="DOCTYPE declares entities"):
        read_document(path)
