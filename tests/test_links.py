"""Links per market: [tool.pipeline.links] rewrites link targets per language at build, the
PO note of each link names the target it is built with, and a wrong rule is one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from build_support import write_catalog
from click.testing import CliRunner

from pipeline.catalogs.extract import units_to_catalog
from pipeline.catalogs.units import build_units
from pipeline.config import load_settings
from pipeline.documents import read_document
from pipeline.language import Language

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
RULES = '''
[tool.pipeline.links]
de = [{ from = "https://www.smart.com/en/", to = "https://www.smart.com/de/" },
      { from = "mailto:press@smart.com", to = "mailto:presse@smart.com" }]
fr = [{ from = "https://www.smart.com/", to = "https://www.smart.com/fr/" }]
'''
PAGE = ('<html><body>\n<p>See the <a href="https://www.smart.com/en/report?a=1&amp;b=2">'
        'report</a> and <a href="https://www.smart.com/en/">home</a>.</p>\n'
        '<a href="https://www.smart.com/en/gallery"><img src="g.jpg"></a>\n</body></html>\n')


def _with_rules(project: Path, rules: str = RULES) -> None:
    with (project / "pyproject.toml").open("a", encoding="utf-8") as file:
        file.write(rules)


def _build(project: Path, name: str, lang: str = "de") -> str:
    from pipeline.cli import main

    result = CliRunner().invoke(main, ["build", "--lang", lang, f"releases/{name}"])
    assert result.exit_code == 0, result.output
    return (project / "build" / Language.parse(lang).gettext / name).read_text("utf-8")


def _release(project: Path, name: str, text: str | None = None, lang: str = "de") -> Path:
    release = project / "releases" / name
    if text is None:
        shutil.copy(GOLDEN / name, release)
    else:
        release.write_text(text, encoding="utf-8")
    folder = Language.parse(lang).gettext
    write_catalog(release, project / "locales" / folder / f"{release.stem}.po", lambda m: m,
                  language=folder)
    return release


def test_markdown_links_and_reference_definitions_are_rewritten(project):
    _with_rules(project)
    _release(project, "geneva-show.md")
    built = _build(project, "geneva-show.md")
    assert "[full report]: https://www.smart.com/de/report \"The full report\"" in built
    assert "[kit]: https://www.smart.com/de/press-kit" in built
    assert "[newsroom]: <https://www.smart.com/de/newsroom>" in built
    assert "/en/" not in built


def test_inline_links_autolinks_and_mail_addresses(project):
    _with_rules(project)
    _release(project, "launch-note.md")
    built = _build(project, "launch-note.md")
    assert '[best-selling](https://www.smart.com/de/ "smart home")' in built
    assert "[press@smart.com](mailto:presse@smart.com)" in built
    assert "<https://www.smart.com>" in built  # no rule for it


def test_html_links_in_text_and_around_images(project):
    _with_rules(project)
    _release(project, "page.html", PAGE)
    built = _build(project, "page.html")
    assert 'href="https://www.smart.com/de/report?a=1&amp;b=2">report</a>' in built
    assert 'href="https://www.smart.com/de/">home</a>' in built
    assert '<a href="https://www.smart.com/de/gallery"><img src="g.jpg"></a>' in built


@pytest.mark.parametrize(("lang", "expected"), [
    ("de-CH", "https://www.smart.com/de/report"),  # a variant takes its base's rules
    ("fr", "https://www.smart.com/fr/en/report"),
    ("es", "https://www.smart.com/en/report"),  # no rules: as in the source
])
def test_each_language_gets_its_own_rules(project, lang, expected):
    _with_rules(project)
    _release(project, "page.html", PAGE, lang=lang)
    assert f'href="{expected}?a=1&amp;b=2"' in _build(project, "page.html", lang)


def test_without_rules_nothing_changes(project):
    _release(project, "page.html", PAGE)
    assert _build(project, "page.html") == PAGE.replace("<html>", '<html lang="de">')


def test_the_po_note_of_a_link_names_its_url_and_the_built_one(project):
    _with_rules(project)
    settings = load_settings(project)
    units = build_units([read_document(GOLDEN / "launch-note.md")])
    catalog = units_to_catalog(units, links=settings.links.rewrite(Language.parse("de")))
    lines = [line for entry in catalog.entries for line in entry.extracted_comments]
    assert ("code: <g3>…</g3> = link to https://www.smart.com/en/ titled 'smart home' "
            "(built as https://www.smart.com/de/)") in lines
    assert ("code: <g1>…</g1> = link to mailto:press@smart.com "
            "(built as mailto:presse@smart.com)") in lines


def test_translate_writes_the_built_url_into_the_notes(project):
    from pipeline.cli import main

    _with_rules(project)
    shutil.copy(GOLDEN / "launch-note.md", project / "releases")
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", "de", "--engine", "none",
                                       "releases/launch-note.md"])
    assert result.exit_code == 0, result.output
    notes = [entry.comment for entry in polib.pofile(str(project / "locales/de/launch-note.po"))]
    assert any("(built as https://www.smart.com/de/)" in note for note in notes)


@pytest.mark.parametrize(("rules", "message"), [
    ('de = [{ from = "https://a/", tox = "https://b/" }]',
     "[tool.pipeline.links] de, rule 1: unknown key 'tox'; did you mean 'to'?"),
    ('de = [{ from = "https://a/" }]', "[tool.pipeline.links] de, rule 1 has no to;"),
    ('de = [{ from = "https://a/", to = "" }]',
     "[tool.pipeline.links] de, rule 1: to must be a URL or the start of one"),
    ('de = [{ from = "https://a/", to = "https://a/" }]',
     "[tool.pipeline.links] de, rule 1: from and to are the same"),
    ('de = "https://b/"', "[tool.pipeline.links] de must be a list of rules"),
    ('DE = [{ from = "https://a/", to = "https://b/" }]',
     "[tool.pipeline.links] DE: 'DE' is not a language tag; did you mean 'de'?"),
    ('de = ["https://a/"]', "[tool.pipeline.links] de, rule 1 must be a table"),
])
def test_a_wrong_rule_is_one_line_at_its_key(project, rules, message):
    from pipeline.cli import main

    _release(project, "page.html", PAGE)
    _with_rules(project, f"\n[tool.pipeline.links]\n{rules}\n")
    line = (project / "pyproject.toml").read_text("utf-8").splitlines().index(rules) + 1
    result = CliRunner().invoke(main, ["build", "--lang", "de", "releases/page.html"])
    assert result.exit_code == 2
    assert result.output.startswith(f"pipeline: {project / 'pyproject.toml'}:{line}: {message}")
    assert len(result.output.splitlines()) == 1 and "Traceback" not in result.output
    assert not (project / "build").exists()


def test_word_hyperlinks_are_rewritten_too(project):
    import docx
    from test_docx import add_link

    _with_rules(project)
    document = docx.Document()
    paragraph = document.add_paragraph("Read the ")
    add_link(paragraph, "annual report", "https://www.smart.com/en/report")
    paragraph.add_run(" or the ")
    add_link(paragraph, "museum", "https://museum.example.org/")
    paragraph.add_run(".")
    release = project / "releases" / "links.docx"
    document.save(release)
    write_catalog(release, project / "locales" / "de" / "links.po", lambda m: m, language="de")
    from pipeline.cli import main

    result = CliRunner().invoke(main, ["build", "--lang", "de", "releases/links.docx"])
    assert result.exit_code == 0, result.output
    built = docx.Document(str(project / "build" / "de" / "links.docx"))
    targets = sorted(rel.target_ref for rel in built.part.rels.values()
                     if rel.reltype.endswith("/hyperlink"))
    assert targets == ["https://museum.example.org/", "https://www.smart.com/de/report"]
    assert built.paragraphs[0].text == "Read the annual report or the museum."
