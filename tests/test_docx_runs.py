"""How Word's runs become what a translator sees, and come back: a table of paragraphs
as Word stores them, the entry each gives, and what a translation of it is written as."""

from __future__ import annotations

import docx
import pytest
from lxml import etree
from test_docx import xml

from pipeline.documents import read_document, render_document
from pipeline.language import Language

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
B = "<w:rPr><w:b/></w:rPr>"
SUP = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'


def r(text: str, props: str = "", **attributes: str) -> str:
    extra = "".join(f' w:{key}="{value}"' for key, value in attributes.items())
    return f'<w:r{extra}>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def field(instruction: str, result: str) -> str:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{r(result)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


PICTURE = ('<w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/>'
           '<wp:docPr id="7" name="Picture 7"/></wp:inline></w:drawing></w:r>')

# (case, the paragraph's content, the entry, the ctypes of its codes)
READ = [
    ("runs split inside a word", r("sm") + r("art") + r(" #1 wins."), "smart #1 wins.", []),
    ("revision ids, proofing marks, language",
     r("The sm", rsidR="00A1") + '<w:proofErr w:type="spellStart"/>'
     + r("art", '<w:rPr><w:lang w:val="en-GB"/><w:noProof/></w:rPr>', rsidR="00B2")
     + '<w:proofErr w:type="spellEnd"/>' + r(" #1 wins."), "The smart #1 wins.", []),
    ("bold mid-sentence", r("The ") + r("smart", B) + r(" #1") + r(" wins."),
     "The <g1>smart</g1> #1 wins.", ["bold"]),
    ("a bold space stays out of the bold",
     r("The ") + r("smart #1", B) + r(" ", B) + r("wins."), "The <g1>smart #1</g1> wins.",
     ["bold"]),
    ("all bold is plain", r("smart #1 ", B) + r("wins.", B), "smart #1 wins.", []),
    ("mostly bold: the plain word is the code", r("smart #1 wins the ", B) + r("award") +
     r(" again.", B), "smart #1 wins the <g1>award</g1> again.", ["format"]),
    ("character styles", r("The ") + r("smart #1", '<w:rPr><w:rStyle w:val="Strong"/></w:rPr>')
     + r(" is ") + r("fast", '<w:rPr><w:rStyle w:val="Emphasis"/></w:rPr>') + r("."),
     "The <g1>smart #1</g1> is <g2>fast</g2>.", ["bold", "italic"]),
    ("superscript", r("It has 10") + r("3", SUP) + r(" parts."), "It has 10<g1>3</g1> parts.",
     ["superscript"]),
    ("tab and fields", r("Page") + "<w:r><w:tab/></w:r>" + field("PAGE", "1") + r(" of ")
     + field("NUMPAGES", "2") + r(" pages"), "Page<x1/><x2/> of <x3/> pages",
     ["tab", "field", "field"]),
    ("leading picture, trailing footnote mark", PICTURE + r("The smart #5.")
     + f'<w:r>{SUP}<w:footnoteReference w:id="1"/></w:r>', "The smart #5.", []),
    ("tracked changes read as accepted", r("The ")
     + f'<w:ins w:id="1" w:author="A">{r("new ")}</w:ins>'
     + '<w:del w:id="2" w:author="A"><w:r><w:delText>old </w:delText></w:r></w:del>'
     + r("smart #1."), "The new smart #1.", []),
    ("a link with bold inside", r("See ") + '<w:hyperlink w:anchor="top">' + r("the ")
     + r("smart", B) + r(" site") + "</w:hyperlink>" + r("."),
     "See <g1>the <g2>smart</g2> site</g1>.", ["link", "bold"]),
    ("bookmarks are layout", '<w:bookmarkStart w:id="0" w:name="a"/>' + r("smart ")
     + '<w:bookmarkEnd w:id="0"/>' + r("wins."), "smart wins.", []),
    ("hyphens", r("e") + "<w:r><w:noBreakHyphen/></w:r>" + r("mobility for every") +
     "<w:r><w:softHyphen/></w:r>" + r("one"), "e\u2011mobility for everyone", []),
    ("an image-only paragraph is no entry", PICTURE, None, []),
]


def release_with(tmp_path, content: str, name: str = "case.docx"):
    document = docx.Document()
    paragraph = document.add_paragraph()
    for child in xml(f"<w:p>{content}</w:p>"):
        paragraph._p.append(child)
    path = tmp_path / name
    document.save(path)
    return path


@pytest.mark.parametrize(("case", "content", "entry", "ctypes"), READ, ids=[c[0] for c in READ])
def test_word_paragraph_reads_as(tmp_path, case, content, entry, ctypes):
    blocks = read_document(release_with(tmp_path, content)).blocks
    if entry is None:
        assert blocks == ()
        return
    [block] = blocks
    assert block.text == entry
    assert [code.ctype for code in block.codes] == ctypes


def built(tmp_path, content: str, translation: str):
    document = read_document(release_with(tmp_path, content))
    [block] = document.blocks
    out = tmp_path / "built.docx"
    out.write_bytes(render_document(document, {block: translation}, Language.parse("de")))
    return docx.Document(out).paragraphs[0]


def test_fields_and_tabs_are_the_source_elements_where_the_translation_puts_them(tmp_path):
    content = dict((c[0], c[1]) for c in READ)["tab and fields"]
    paragraph = built(tmp_path, content, "Seite<x1/><x2/> von <x3/>")
    instructions = [t.text.strip() for t in paragraph._p.iter(f"{{{W}}}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert len(list(paragraph._p.iter(f"{{{W}}}tab"))) == 1
    assert paragraph.text == "Seite\t1 von 2"


def test_bookmarks_pictures_and_notes_survive_a_translation(tmp_path):
    content = ('<w:bookmarkStart w:id="0" w:name="a"/>' + PICTURE + r("The smart #5.")
               + f'<w:r>{SUP}<w:footnoteReference w:id="1"/></w:r><w:bookmarkEnd w:id="0"/>')
    paragraph = built(tmp_path, content, "Der smart #5.")
    names = [etree_name(child) for child in paragraph._p]
    assert names == ["bookmarkStart", "r", "r", "r", "bookmarkEnd"]
    assert paragraph.text == "Der smart #5."
    assert len(list(paragraph._p.iter(f"{{{W}}}drawing"))) == 1
    assert len(list(paragraph._p.iter(f"{{{W}}}footnoteReference"))) == 1


def test_a_translation_accepts_tracked_changes(tmp_path):
    content = dict((c[0], c[1]) for c in READ)["tracked changes read as accepted"]
    paragraph = built(tmp_path, content, "Der neue smart #1.")
    assert paragraph.text == "Der neue smart #1."
    assert not [el for el in paragraph._p.iter() if etree_name(el) in ("ins", "del")]


def test_a_dropped_link_leaves_its_text_plain(tmp_path):
    content = dict((c[0], c[1]) for c in READ)["a link with bold inside"]
    paragraph = built(tmp_path, content, "Siehe die <g2>smart</g2>-Seite.")
    assert paragraph.text == "Siehe die smart-Seite."
    assert paragraph.hyperlinks == []
    assert [run.text for run in paragraph.runs if run.bold] == ["smart"]


def etree_name(element) -> str:
    return etree.QName(element).localname
