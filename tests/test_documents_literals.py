"""Text that looks like an inline code, and entities: what a release writes comes back as
written, in every format, and a correct translation builds."""

from __future__ import annotations

import pytest

from pipeline.documents import read_document, render_document
from pipeline.inline import CodeType


def _read(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def _translated(document, change):
    return render_document(document, {block: change(block.text) for block in document.blocks})


HTML = ('<html lang="en"><body>\n<p>Write &amp;amp; for an ampersand, R&D &#38; more&nbsp;x. '
        'Type &lt;x1/&gt; or <b>&lt;g1&gt;</b>.</p>\n<img alt="a &lt;x2/&gt; b">\n</body></html>\n')


def test_html_literal_code_tags_are_codes_of_their_own(tmp_path):
    document = _read(tmp_path, "page.html", HTML)
    paragraph, alt = document.blocks
    assert paragraph.text == ("Write &amp; for an ampersand, R&D & more\xa0x. "
                              "Type <x1/> or <g2><x3/></g2>.")
    assert [(c.ctype, c.open) for c in paragraph.codes if c.ctype == CodeType.LITERAL] == [
        (CodeType.LITERAL, "&lt;x1/&gt;"), (CodeType.LITERAL, "&lt;g1&gt;")]
    assert alt.text == "a <x1/> b"


@pytest.mark.parametrize("change", [
    lambda text: text,
    lambda text: text.replace("Write", "Schreibe").replace("Type", "Tippe").replace("a ", "ein "),
], ids=["identity", "translated"])
def test_html_entities_and_literals_come_back_as_written(tmp_path, change):
    document = _read(tmp_path, "page.html", HTML)
    built = _translated(document, change)
    assert built == change(HTML)  # every entity spelled as before, literals too


TXT = "smart #1 Launch\n\nTemplates write <x1/> and <g2>…</g2> for codes.\n"
MD = "# Codes\n\nTemplates write \\<x1/> and <g2> as text, `<x3/>` as code; R&amp;amp;D.\n"


@pytest.mark.parametrize(("name", "text", "literal"), [
    ("note.txt", TXT, "<x1/>"), ("note.md", MD, "\\<x1/>")])
def test_text_and_markdown_literals_are_codes_of_their_own(tmp_path, name, text, literal):
    document = _read(tmp_path, name, text)
    block = document.blocks[-1]
    assert literal in [code.open for code in block.codes]
    assert "<x1/>" not in block.text.replace(f"<x{block.codes[0].id}/>", "")
    assert _translated(document, lambda t: t) == text
    built = _translated(document, lambda t: t.replace("Templates write", "Vorlagen schreiben"))
    assert built == text.replace("Templates write", "Vorlagen schreiben")


@pytest.mark.parametrize(("name", "text"), [("note.txt", TXT), ("note.md", MD),
                                            ("page.html", HTML)])
def test_a_correct_translation_of_literal_codes_builds_and_checks_clean(project, name, text):
    from build_support import write_catalog
    from click.testing import CliRunner

    from pipeline.cli import main

    release = project / "releases" / name
    release.write_text(text, encoding="utf-8")
    po = project / "locales" / "de" / f"{release.stem}.po"
    write_catalog(release, po, lambda msgid: msgid.replace("Templates write", "Vorlagen: ")
                  .replace("Write", "Schreibe"))
    built = CliRunner().invoke(main, ["build", "--lang", "de", f"releases/{name}"])
    assert built.exit_code == 0, built.output
    out = (project / "build" / "de" / name).read_text(encoding="utf-8")
    for literal in ("<x1/>", "&lt;x1/&gt;", "\\<x1/>"):
        assert out.count(literal) == text.count(literal)
    checked = CliRunner().invoke(main, ["check", str(po)])
    assert "qa.placeholders" not in checked.output, checked.output
