"""Word releases: a .docx made with python-docx goes through extract, translate and build;
the segments, their inline codes and the built document (re-read with python-docx) are
what a translator and a reader of the built release would see."""

from __future__ import annotations

import copy
import io
import re
import shutil
import struct
import zlib
from pathlib import Path

import docx
import polib
import pytest
from build_support import write_catalog
from click.testing import CliRunner
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.parser import parse_xml
from docx.shared import Inches, Mm, RGBColor
from lxml import etree

from pipeline.cli import main

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
URL = "https://www.smart.com/en/"
ALT = "The smart #5 at the Geneva Motor Show"
FOOTNOTE = "Figures from the smart sales report."
TEXT_BOX = "Launch on 19 January."


def png(width: int = 4, height: int = 3) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    rows = b"".join(b"\x00" + b"\xc0\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def xml(markup: str):
    return parse_xml(re.sub(r"^<(\w+:\w+)", rf"<\1 {NS}", markup))


def add_link(paragraph, text: str, url: str = URL) -> None:
    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    paragraph._p.append(xml(f'<w:hyperlink xmlns:r="http://schemas.openxmlformats.org/'
                            f'officeDocument/2006/relationships" r:id="{rid}"><w:r><w:rPr>'
                            f'<w:rStyle w:val="Hyperlink"/></w:rPr><w:t>{text}</w:t></w:r>'
                            '</w:hyperlink>'))


def add_footnote(document, paragraph) -> None:
    notes = xml(
        '<w:footnotes><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
        '</w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        '<w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r>'
        '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r><w:r>'
        f'<w:t xml:space="preserve"> {FOOTNOTE}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = XmlPart(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, notes,
                   document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    paragraph._p.append(xml('<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                            '<w:footnoteReference w:id="1"/></w:r>'))


def add_text_box(paragraph) -> None:
    box = f"<w:txbxContent><w:p><w:r><w:t>{TEXT_BOX}</w:t></w:r></w:p></w:txbxContent>"
    paragraph._p.append(xml(
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline>'
        '<wp:extent cx="1828800" cy="457200"/><wp:docPr id="90" name="Text Box 1"/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx>{box}</wps:txbx><wps:bodyPr/>'
        '</wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>'
        '</mc:Fallback></mc:AlternateContent></w:r>'))


def make_release(path: Path) -> Path:
    """A release as Word writes them: styles, formatting in mid-sentence, a link, runs split
    inside words, a table, an image with its description, header, footer, footnote and a
    text box, on A4 paper."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.header.paragraphs[0].text = "Press release"
    section.footer.paragraphs[0].text = "smart Europe GmbH"
    document.add_paragraph("smart #1 wins the Golden Steering Wheel", style="Title")
    document.add_heading("A record year", level=1)
    lead = document.add_paragraph("The ")
    lead.add_run("smart #1").bold = True
    lead.add_run(" is the best-selling car of its class, see ")
    add_link(lead, "smart.com")
    lead.add_run(".")
    split = document.add_paragraph()  # runs as Word splits them after edits and spell checks
    split._p.append(xml('<w:r w:rsidR="00A1"><w:t>The sm</w:t></w:r>'))
    split._p.append(xml('<w:proofErr w:type="spellStart"/>'))
    split._p.append(xml('<w:r w:rsidR="00B2"><w:rPr><w:lang w:val="en-GB"/></w:rPr>'
                        '<w:t>art</w:t></w:r>'))
    split._p.append(xml('<w:proofErr w:type="spellEnd"/>'))
    split.add_run(" #3 is ")
    split.add_run("fast.")
    prices = document.add_paragraph("Prices start at ")
    price = prices.add_run("EUR 37,490")
    price.italic, price.font.color.rgb = True, RGBColor(0xC0, 0, 0)
    prices.add_run(" in ")
    prices.add_run("Germany").font.name = "Courier New"
    prices.add_run(".")
    add_footnote(document, prices)
    document.add_paragraph("Deliveries in 22 countries and regions.", style="List Bullet")
    document.add_paragraph("“This is great,” said Ms. Mandy Zhang.", style="Quote")
    document.add_picture(io.BytesIO(png()), width=Inches(1))
    document.inline_shapes[0]._inline.docPr.set("descr", ALT)
    document.add_paragraph("The smart #5 in Geneva", style="Caption")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ("Model", "Range", "smart #1", "440 km"), strict=True):
        cell.text = text
    lines = document.add_paragraph("Line one")
    lines.runs[0].add_break()
    lines.add_run("line two")
    add_text_box(document.add_paragraph())
    document.save(path)
    return path


def upper(msgid: str) -> str:
    """A 'translation' that upper-cases the words, never the inline codes."""
    return re.sub(r"(</?[gx]\d+/?>)|([^<]+)", lambda m: m.group(1) or m.group(2).upper(), msgid)


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args))


def formatting(paragraph) -> list[tuple[str, tuple]]:
    """The paragraph as (text, visible formatting) pieces, as python-docx reads it; a
    space belongs to the piece before it."""
    pieces: list[tuple[str, tuple]] = []
    for item in paragraph.iter_inner_content():
        link = isinstance(item, docx.text.hyperlink.Hyperlink)
        for run in item.runs if link else [item]:
            font = run.font
            shown = (run.bold, run.italic, run.underline, font.name, font.size,
                     font.color.rgb if font.color.type is not None else None,
                     font.superscript, run.style.name if run.style is not None else None, link)
            if pieces and (pieces[-1][1] == shown or not run.text.strip()):
                pieces[-1] = (pieces[-1][0] + run.text, pieces[-1][1])
            elif run.text:
                pieces.append((run.text, shown))
    return pieces


def all_paragraphs(document) -> list:
    """Body paragraphs and table cells in order, then headers and footers."""
    found = []

    def walk(container):
        for item in container.iter_inner_content():
            if isinstance(item, docx.table.Table):
                for row in item.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                found.append(item)

    walk(document)
    for section in document.sections:
        found.extend(section.header.paragraphs + section.footer.paragraphs)
    return found


def texts(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{W}}}t"))


def part_xml(path: Path, name: str) -> etree._Element:
    document = docx.Document(path)
    part = next(p for p in document.part.package.iter_parts() if p.partname == name)
    return part.element if hasattr(part, "element") else etree.fromstring(part.blob)


@pytest.fixture
def release(project: Path) -> Path:
    return make_release(project / "releases" / "launch.docx")


def extract(project: Path, release: Path) -> polib.POFile:
    result = run_cli("extract", str(release.relative_to(project)))
    assert result.exit_code == 0, result.output
    return polib.pofile(str(project / "locales" / "templates" / "launch.pot"))


class Role:
    """An entry's role: the first line of its `#.` notes (the code notes follow)."""

    def __init__(self, entry: polib.POEntry) -> None:
        self.comment = entry.comment.split("\n")[0]
        self.notes = entry.comment.split("\n")[1:]
        self.occurrences = entry.occurrences


def test_segments_are_clean_sentences_with_roles_and_codes(project, release):
    entries = {entry.msgid: Role(entry) for entry in extract(project, release)}
    assert entries["smart #1 wins the Golden Steering Wheel"].comment == "title"
    assert entries["A record year"].comment == "heading"
    assert "The <g1>smart #1</g1> is the best-selling car of its class, see <g2>smart.com</g2>." \
        in entries
    # Runs split inside a word, with revision ids, proofing marks and another language tag.
    assert entries["The smart #3 is fast."].comment == "paragraph"
    assert "Prices start at <g1>EUR 37,490</g1> in <g2>Germany</g2>." in entries
    assert entries["Deliveries in 22 countries and regions."].comment == "list item"
    assert entries["“This is great,” said Ms. Mandy Zhang."].comment == "block quote"
    assert entries["The smart #5 in Geneva"].comment == "image caption"
    assert entries[ALT].comment == "attribute (alt)"
    assert {entries[cell].comment for cell in ("Model", "Range", "440 km")} == {"table cell"}
    assert entries["Line one<x1/>line two"].comment == "paragraph"
    assert entries["Press release"].comment == "paragraph (header)"
    assert entries["smart Europe GmbH"].comment == "paragraph (footer)"
    assert entries[FOOTNOTE].comment == "paragraph (footnote)"
    assert entries[TEXT_BOX].comment == "paragraph (text box)"
    # Neither the image-only paragraph nor the text box's second (fallback) copy is an entry,
    # nor the footnote separators; the footnote mark at a sentence end is layout, not a code.
    assert not [msgid for msgid in entries if not re.sub(r"</?[gx]\d+/?>", "", msgid).strip()]
    assert sum(msgid == TEXT_BOX for msgid in entries) == 1
    assert entries["A record year"].occurrences == [("releases/launch.docx", "2")]


def test_code_notes_name_the_link_target_and_the_image(project, release):
    lead = "The <g1>smart #1</g1> is the best-selling car of its class, see <g2>smart.com</g2>."
    entries = {entry.msgid: Role(entry) for entry in extract(project, release)}
    assert entries[lead].notes == ["code: <g1>…</g1> = bold",
                                   f"code: <g2>…</g2> = link to {URL}"]
    from pipeline.documents import read_document

    document = docx.Document(release)
    document.add_paragraph("Before ")._p.append(
        copy.deepcopy(document.inline_shapes[0]._inline.getparent().getparent()))
    document.paragraphs[-1].add_run(" after.")
    document.save(release)
    [block] = [b for b in read_document(release).blocks if b.text.startswith("Before")]
    assert block.text == "Before <x1/> after."
    assert block.codes[0].meaning.describe() == f"image '{ALT}'"


def test_text_that_looks_like_a_code_comes_back_as_written(project, release):
    document = docx.Document(release)
    document.add_paragraph("Write <x1/> and <g2> in the form.")
    document.save(release)
    entries = {entry.msgid: entry for entry in extract(project, release)}
    assert "Write <x1/> and <x2/> in the form." in entries
    write_catalog(release, project / "locales" / "de" / "launch.po",
                  lambda msgid: "Schreiben Sie <x2/> und <x1/> ins Formular."
                  if msgid.startswith("Write") else msgid)
    assert run_cli("build", "--lang", "de", "releases/launch.docx").exit_code == 0
    built = docx.Document(project / "build" / "de" / "launch.docx")
    assert built.paragraphs[-1].text == "Schreiben Sie <g2> und <x1/> ins Formular."


def test_codes_say_what_they_stand_for(release):
    from pipeline.documents import read_document

    blocks = {block.text: block for block in read_document(release).blocks}
    lead = next(block for text, block in blocks.items() if text.startswith("The <g1>"))
    assert [(code.ctype, code.kind.value) for code in lead.codes] == [("bold", "paired"),
                                                                     ("link", "paired")]
    assert lead.codes[0].open == "<w:r><w:rPr><w:b/></w:rPr>"
    prices = next(block for text, block in blocks.items() if text.startswith("Prices"))
    assert [code.ctype for code in prices.codes] == ["italic", "font"]
    lines = blocks["Line one<x1/>line two"]
    assert [(code.ctype, code.open) for code in lines.codes] == [("br", "<w:br/>")]


def test_built_release_keeps_styles_formatting_tables_images_and_page(project, release):
    source = docx.Document(release)
    write_catalog(release, project / "locales" / "de" / "launch.po", upper)
    result = run_cli("build", "--lang", "de", "releases/launch.docx")
    assert result.exit_code == 0, result.output
    built_path = project / "build" / "de" / "launch.docx"
    built = docx.Document(built_path)
    before, after = all_paragraphs(source), all_paragraphs(built)
    assert [p.style.name for p in after] == [p.style.name for p in before]
    for old, new in zip(before, after, strict=True):
        assert formatting(new) == [(text.upper(), shown) for text, shown in formatting(old)]
    lead = next(p for p in built.paragraphs if p.text.startswith("THE SMART #1"))
    assert [run.text for run in lead.runs if run.bold] == ["SMART #1"]
    assert [(link.text, link.address) for link in lead.hyperlinks] == [("SMART.COM", URL)]
    assert [cell.text for cell in built.tables[0]._cells] == ["MODEL", "RANGE", "SMART #1",
                                                             "440 KM"]
    assert len(built.inline_shapes) == 1  # the photo (python-docx does not count text boxes)
    assert built.inline_shapes[0]._inline.docPr.get("descr") == ALT.upper()
    images = [p for p in built.part.package.iter_parts() if p.content_type == "image/png"]
    assert [image.blob for image in images] == [png()]
    section = built.sections[0]
    page = source.sections[0]
    assert (section.page_width, section.page_height) == (page.page_width, page.page_height)
    assert abs(section.page_width - Mm(210)) < Mm(1)  # A4, as the source set it
    assert section.header.paragraphs[0].text == "PRESS RELEASE"
    notes = part_xml(built_path, "/word/footnotes.xml")
    assert f" {FOOTNOTE.upper()}" in [texts(note) for note in notes.iter(f"{{{W}}}p")]
    body = built.element.body
    assert [texts(box) for box in body.iter(f"{{{W}}}txbxContent")] == [TEXT_BOX.upper()]


def test_built_release_is_in_the_target_language(project, release):
    write_catalog(release, project / "locales" / "de" / "launch.po", upper)
    assert run_cli("build", "--lang", "de", "releases/launch.docx").exit_code == 0
    built = docx.Document(project / "build" / "de" / "launch.docx")
    assert built.core_properties.language == "de"
    defaults = built.styles.element.find(f"{{{W}}}docDefaults")
    langs = [lang.get(f"{{{W}}}val") for lang in defaults.iter(f"{{{W}}}lang")]
    assert langs == ["de"]
    body_langs = {lang.get(f"{{{W}}}val") for lang in built.element.body.iter(f"{{{W}}}lang")}
    assert body_langs <= {"de"}


def test_translator_may_move_bold_and_link_within_the_sentence(project, release):
    lead = "The <g1>smart #1</g1> is the best-selling car of its class, see <g2>smart.com</g2>."
    german = "Auf <g2>smart.com</g2> steht: der <g1>smart #1</g1> ist der meistverkaufte."

    write_catalog(release, project / "locales" / "de" / "launch.po",
                  lambda msgid: german if msgid == lead else msgid)
    assert run_cli("build", "--lang", "de", "releases/launch.docx").exit_code == 0
    built = docx.Document(project / "build" / "de" / "launch.docx")
    paragraph = next(p for p in built.paragraphs if p.text.startswith("Auf"))
    assert paragraph.text == "Auf smart.com steht: der smart #1 ist der meistverkaufte."
    assert [run.text for run in paragraph.runs if run.bold] == ["smart #1"]
    assert [(link.text, link.address) for link in paragraph.hyperlinks] == [("smart.com", URL)]
    assert paragraph.hyperlinks[0].runs[0]._r.style == "Hyperlink"  # its character style


def test_identity_translation_changes_no_paragraph(project, release):
    write_catalog(release, project / "locales" / "de" / "launch.po", lambda msgid: msgid)
    assert run_cli("build", "--lang", "de", "releases/launch.docx").exit_code == 0
    source, built = docx.Document(release), docx.Document(project / "build" / "de"
                                                          / "launch.docx")
    assert [(p.text, formatting(p)) for p in all_paragraphs(built)] == [
        (p.text, formatting(p)) for p in all_paragraphs(source)]


def test_releases_folder_finds_word_files_but_not_word_lock_files(project, release):
    shutil.copy(release, project / "releases" / "~$launch.docx")  # Word's owner file
    result = run_cli("extract")
    assert result.exit_code == 0, result.output
    templates = sorted(p.name for p in (project / "locales" / "templates").iterdir())
    assert "launch.pot" in templates and not [name for name in templates if "~$" in name]


def test_translate_again_with_nothing_changed_rewrites_nothing(project, release):
    args = ("translate", "--lang", "de", "--engine", "none", "-q", "releases/launch.docx")
    assert run_cli(*args).exit_code == 0
    po = project / "locales" / "de" / "launch.po"
    written = po.stat().st_mtime_ns
    assert run_cli(*args).exit_code == 0
    assert po.stat().st_mtime_ns == written
    assert run_cli("check", "locales").exit_code in (0, 1)  # not stale: no error exit 2


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")
def test_apertium_spanish_end_to_end(project, release):
    result = run_cli("translate", "--lang", "es", "--engine", "apertium", "-q",
                     "releases/launch.docx")
    assert result.exit_code == 0, result.output
    entries = {e.msgid: e.msgstr for e in polib.pofile(str(project / "locales" / "es"
                                                           / "launch.po"))}
    assert entries["A record year"] and entries["A record year"] != "A record year"
    assert re.fullmatch(r".*<g1>smart #1</g1>.*<g2>.+</g2>.*",
                        entries["The <g1>smart #1</g1> is the best-selling car of its class, "
                                "see <g2>smart.com</g2>."])
    assert run_cli("build", "--lang", "es", "--use-fuzzy", "releases/launch.docx").exit_code == 0
    built = docx.Document(project / "build" / "es" / "launch.docx")
    heading = next(p for p in built.paragraphs if p.style.name == "Heading 1")
    assert heading.text == entries["A record year"]
    lead = next(p for p in built.paragraphs if "smart #1" in p.text and p.runs
                and any(run.bold for run in p.runs))
    assert [run.text for run in lead.runs if run.bold] == ["smart #1"]
    assert built.core_properties.language == "es"
