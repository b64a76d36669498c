"""A Markdown release as communications teams write them: front matter, a GFM table, images
with alt text and titles, reference links, footnotes and an HTML block. Each part is
offered for translation where a translator expects it, and a translated build is still the
same document: the table a table, the links resolving, the front matter valid YAML."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
import yaml
from build_support import write_catalog
from click.testing import CliRunner
from markdown_it import MarkdownIt

from pipeline.cli import main
from pipeline.documents import read_document
from pipeline.documents.model import Role
from pipeline.engines.apertium import mode_for

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
SOURCE = GOLDEN / "geneva-show.md"


def _release(project: Path) -> Path:
    return Path(shutil.copy(SOURCE, project / "releases" / SOURCE.name))


def _build(project: Path, lang: str = "de") -> str:
    result = CliRunner().invoke(main, ["build", "--lang", lang, "releases/geneva-show.md"])
    assert result.exit_code == 0, result.output
    return (project / "build" / lang / SOURCE.name).read_text(encoding="utf-8")


def _shape(text: str) -> dict:
    """What a Markdown renderer sees: the table's rows and cells, link targets, images."""
    env: dict = {}
    tokens = MarkdownIt("commonmark").enable("table").parse(text, env)
    rows, cells = [], 0
    for token in tokens:
        if token.type == "tr_close":
            rows.append(cells)
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
    children = [child for token in tokens for child in token.children or []]
    return {
        "rows": rows,
        "links": [c.attrs["href"] for c in children if c.type == "link_open"],
        "images": [c.attrs["src"] for c in children if c.type == "image"],
        "references": sorted(env.get("references", {})),
        "headings": [t.tag for t in tokens if t.type == "heading_open"],
    }


def _front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def test_every_part_is_an_entry_where_translators_expect_it():
    blocks = read_document(SOURCE).blocks
    contexts = {(block.role, block.context) for block in blocks}
    assert (Role.ATTRIBUTE, "front matter: title") in contexts
    assert (Role.ATTRIBUTE, "front matter: description") in contexts
    assert (Role.ATTRIBUTE, "alt") in contexts and (Role.ATTRIBUTE, "title") in contexts
    assert (Role.PARAGRAPH, "footnote [^range]") in contexts
    cells = [block.text for block in blocks if block.role is Role.TABLE_CELL]
    assert cells[:3] == ["Model", "Range", "Charging"] and len(cells) == 12
    html = next(block for block in blocks if block.syntax == "html")
    assert html.text == "Prices <g1>include</g1> VAT & delivery."  # through the HTML reader
    titles = [block.text for block in blocks if block.context == "title"]
    assert titles == ["smart #5", "The full report", "smart newsroom"]


def test_an_image_only_paragraph_is_no_entry(project):
    _release(project)
    result = CliRunner().invoke(main, ["extract", "releases/geneva-show.md"])
    assert result.exit_code == 0, result.output
    msgids = [e.msgid for e in polib.pofile(str(project / "locales/templates/geneva-show.pot"))]
    assert not [msgid for msgid in msgids if not re.sub(r"</?[gx]\d+/?>", "", msgid).strip()]
    assert "The smart #5 at the Geneva Motor Show" in msgids  # its alt text is


def _hostile(msgid: str) -> str:
    """A translation with every character that could end a part early."""
    words = re.sub(r"(</?[gx]\d+/?>)|([^<]+)", lambda m: m.group(1) or m.group(2).upper(), msgid)
    return words.replace("SMART #5", 'SMART | #5: "NEU" ] [X').replace(" KM", " | KM")


def test_a_translation_keeps_table_links_footnotes_and_front_matter(project):
    release = _release(project)
    write_catalog(release, project / "locales" / "de" / "geneva-show.po", _hostile)
    built = _build(project)
    assert _shape(built) == _shape(SOURCE.read_text(encoding="utf-8"))
    front = _front(built)
    assert front["title"] == 'SMART | #5: "NEU" ] [X: WORLD PREMIERE IN GENEVA'
    assert front["description"] == 'THE NEW SMART | #5: "NEU" ] [X AT THE GENEVA MOTOR SHOW'
    assert (front["lang"], front["layout"]) == ("de", "release")
    assert "[FULL REPORT][full report]" in built  # the collapsed reference keeps its label
    assert "[NEWSROOM][newsroom]" in built
    assert "[PRESS KIT][kit]" in built and "[^range]" in built
    assert "\n[^range]: RANGE ACCORDING TO WLTP; FIGURES FROM JANUARY 2024.\n" in built
    assert '"THE FULL REPORT"' in built and "'SMART NEWSROOM'" in built
    assert '![THE SMART | #5: "NEU" \\] \\[X AT THE GENEVA MOTOR SHOW](images/smart5.jpg ' \
        '"SMART | #5: \\"NEU\\" ] [X")' in built
    assert '<p>PRICES <b>INCLUDE</b> VAT &amp; DELIVERY.</p>' in built
    assert "| SMART \\| BRABUS | 400 \\| KM | 150 KW |" in built


def test_the_same_release_read_back_after_translation_gives_the_same_entries(project):
    release = _release(project)
    write_catalog(release, project / "locales" / "de" / "geneva-show.po", _hostile)
    built = project / "releases" / "again.md"
    built.write_text(_build(project), encoding="utf-8")
    before = [(b.role, b.context) for b in read_document(SOURCE).blocks]
    assert [(b.role, b.context) for b in read_document(built).blocks] == before


@pytest.mark.skipif(shutil.which("apertium") is None or mode_for("en", "es") is None,
                    reason="apertium with apertium-eng-spa is not installed")
def test_apertium_translation_builds_with_the_table_intact(project):
    _release(project)
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", "es", "--engine",
                                       "apertium", "releases/geneva-show.md"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["build", "--lang", "es", "--use-fuzzy",
                                       "releases/geneva-show.md"])
    assert result.exit_code == 0, result.output
    built = (project / "build" / "es" / SOURCE.name).read_text(encoding="utf-8")
    assert _shape(built) == _shape(SOURCE.read_text(encoding="utf-8"))
    assert _front(built)["lang"] == "es" and _front(built)["title"] != _front(
        SOURCE.read_text(encoding="utf-8"))["title"]
    assert "[^range]" in built


def test_none_engine_leaves_the_source_and_builds_it(project):
    _release(project)
    result = CliRunner().invoke(main, ["translate", "-q", "--lang", "de", "--engine", "none",
                                       "releases/geneva-show.md"])
    assert result.exit_code == 0, result.output
    built = _build(project)
    assert built == SOURCE.read_text(encoding="utf-8").replace("lang: en", "lang: de")
