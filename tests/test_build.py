"""`pipeline build`: localized releases from PO files, byte-exact layout, fallbacks, --keep."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from build_support import write_catalog
from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"
SEED = ROOT / "releases" / "2024-01-19-global-deliveries-near-70000.txt"
SOURCES = sorted(p for p in GOLDEN.iterdir() if p.suffix in (".txt", ".md", ".html")) + [SEED]


def _setup(project: Path, source: Path, translate, **kwargs) -> Path:
    release = project / "releases" / source.name
    if source.resolve() != release.resolve():
        shutil.copy(source, release)
    write_catalog(release, project / "locales" / "de" / f"{source.stem}.po", translate, **kwargs)
    return release


def _build(*args: str):
    return CliRunner().invoke(main, ["build", "--lang", "de", *args])


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_identity_translation_rebuilds_the_source_byte_for_byte(project, source):
    release = _setup(project, source, lambda msgid: msgid)
    result = _build(str(release.relative_to(project)))
    assert result.exit_code == 0, result.output
    built = project / "build" / "de" / source.name
    # only the language the page declares changes
    assert built.read_bytes() == source.read_bytes().replace(
        b'<html lang="en">', b'<html lang="de">').replace(b"\nlang: en\n", b"\nlang: de\n")
    assert "kept the source text" not in result.output


def test_seed_has_translations_for_every_segment_and_says_so(project):
    _setup(project, SEED, lambda msgid: msgid)
    result = _build()
    assert re.search(r"build/de/2024-01-19-global-deliveries-near-70000\.txt: (\d+) of \1 "
                     r"segments translated \(100%\)", result.output), result.output


def _upper(msgid: str) -> str:
    # Upper-case the words, never the inline codes <g1>, </g1>, <x2/>.
    return re.sub(r"(</?[gx]\d+/?>)|([^<]+)", lambda m: m.group(1) or m.group(2).upper(), msgid)


def test_markdown_translation_keeps_markup_link_targets_and_bullets(project):
    release = _setup(project, GOLDEN / "launch-note.md", _upper)
    assert _build(str(release.relative_to(project))).exit_code == 0
    built = (project / "build" / "de" / "launch-note.md").read_text(encoding="utf-8")
    assert "# SMART #1 WINS THE *GOLDEN STEERING WHEEL*\n" in built
    assert "[BEST-SELLING](https://www.smart.com/en/ \"SMART HOME\")" in built  # title too
    assert "[PRESS@SMART.COM](mailto:press@smart.com)" in built
    assert "\n- DELIVERIES IN *22 COUNTRIES AND REGIONS*.\n" in built
    assert "![LOGO](img/logo.png)" in built and "`150 kW`" in built  # alt text too
    assert "```\npipeline extract releases/\n```" in built  # code is not translated
    assert built.count("\n") == GOLDEN.joinpath("launch-note.md").read_text().count("\n")


def test_html_translation_keeps_attributes_entities_and_untranslatable_parts(project):
    release = _setup(project, GOLDEN / "newsroom.html", _upper)
    assert _build(str(release.relative_to(project))).exit_code == 0
    built = (project / "build" / "de" / "newsroom.html").read_text(encoding="utf-8")
    assert '<a href="https://www.smart.com/?a=1&amp;b=2" title="SMART HOME">BEST-SELLING</a>' \
        in built
    assert 'alt="A SMART #1 &amp; ITS DRIVER"' in built
    assert "<title>SMART #1 &amp; SMART #3 – NEWSROOM</title>" in built
    assert '<p translate="no">smart #1 BRABUS</p>' in built
    assert '<script>var teaser = "<p>not text</p>";</script>' in built


GERMAN = {
    "Hangzhou, 19 January 2024 | 07:20 Europe/Amsterdam":
        "Hangzhou, 19. Januar 2024 | 07:20 Europa/Amsterdam",
    "Since the launch of its first product, smart has delivered nearly 70,000 units globally.":
        "Seit der Einführung des ersten Produkts hat smart weltweit fast 70.000 Fahrzeuge "
        "ausgeliefert.",
    "Mr. Tong Xiangbei": "Herr Tong Xiangbei",
}


def test_seed_with_some_german_keeps_dateline_and_bullets(project):
    _setup(project, SEED, lambda msgid: GERMAN.get(msgid, msgid))
    assert _build().exit_code == 0
    source = SEED.read_text(encoding="utf-8")
    built = (project / "build" / "de" / SEED.name).read_text(encoding="utf-8")
    # The dateline keeps one token per line.
    assert built.startswith("Hangzhou,\n19.\nJanuar\n2024\n|\n07:20\nEuropa/Amsterdam\n\n")
    # The translated sentence sits in its bullet, with the bullet marker and the rest of the line.
    assert re.search(r"\n  • smart continues to expand[^\n]*\n  • Seit der Einführung des ersten "
                     r"Produkts hat smart weltweit fast 70\.000 Fahrzeuge ausgeliefert\. In 2023,",
                     built)
    assert "\n\nHerr Tong Xiangbei\n\n" in built
    # Nothing else moved: same number of lines, other lines unchanged.
    source_lines, built_lines = source.splitlines(), built.splitlines()
    assert len(built_lines) == len(source_lines)
    changed = [b for a, b in zip(source_lines, built_lines, strict=True) if a != b]
    assert changed[:3] == ["19.", "Januar", "Europa/Amsterdam"] and len(changed) == 5


def test_fuzzy_and_untranslated_fall_back_to_source_with_located_warning(project):
    release = _setup(project, GOLDEN / "press-kit.txt", _upper, fuzzy=True)
    result = _build(str(release.relative_to(project)))
    assert result.exit_code == 0
    built = project / "build" / "de" / "press-kit.txt"
    assert built.read_bytes() == release.read_bytes()
    assert re.search(r"warning: de/press-kit: \d+ segment\(s\) kept the source text in \d+ "
                     r"place\(s\) \(fuzzy \d+\)",
                     result.output)
    assert re.search(r"releases/press-kit\.txt:\d+: fuzzy: ", result.output)


def test_use_fuzzy_builds_from_drafts(project):
    release = _setup(project, GOLDEN / "press-kit.txt", _upper, fuzzy=True)
    result = _build("--use-fuzzy", str(release.relative_to(project)))
    assert result.exit_code == 0
    assert "drafts" in result.output and "kept the source text" not in result.output
    built = (project / "build" / "de" / "press-kit.txt").read_text(encoding="utf-8")
    assert built != release.read_text(encoding="utf-8")
    assert " THE " in built and " the " not in built
    assert built.count("\n") == release.read_text(encoding="utf-8").count("\n")


def test_keep_threshold_writes_nothing_below_and_explains(project):
    counter: list[str] = []
    release = _setup(project, GOLDEN / "press-kit.txt",
                     lambda m: (counter.append(m), m.upper() if len(counter) % 2 else None)[1])
    result = _build("--keep", "80", str(release.relative_to(project)))
    assert result.exit_code == 1
    assert re.search(r"skipped build/de/press-kit\.txt: \d+ of \d+ segments translated "
                     r"\(\d+%\), below --keep 80; no file written", result.output)
    assert not (project / "build" / "de" / "press-kit.txt").exists()
    assert _build("--keep", "40", str(release.relative_to(project))).exit_code == 0
    assert (project / "build" / "de" / "press-kit.txt").exists()


def test_missing_po_is_a_clear_error_and_nothing_is_written(project):
    result = _build()
    assert result.exit_code == 2
    assert "locales/de/2024-01-19-global-deliveries-near-70000.po does not exist" in result.output
    assert "make translate LANG=de" in result.output and "Traceback" not in result.output
    assert not (project / "build").exists()


@pytest.mark.parametrize("lang", ["../de", "de/../../x", "..", "DE;rm"])
def test_language_codes_never_escape_their_directory(project, lang):
    result = CliRunner().invoke(main, ["build", "--lang", lang])
    assert result.exit_code == 2
    assert "invalid language code" in result.output
    assert not (project / "build").exists()


def test_hidden_release_name_is_refused(project):
    hidden = project / "releases" / ".hidden.txt"
    shutil.copy(GOLDEN / "press-kit.txt", hidden)
    result = _build("releases/.hidden.txt")
    assert result.exit_code == 2 and "invalid release name" in result.output


def test_reviewed_translation_with_invented_inline_code_is_an_input_error(project):
    release = _setup(project, GOLDEN / "launch-note.md",
                     lambda m: m.replace("</g1>", "</g1><x9/>") if "<g1>" in m else m)
    result = _build(str(release.relative_to(project)))
    assert result.exit_code == 2
    assert re.search(r"locales/de/launch-note\.po:\d+: translation of .*inline code <x9/> "
                     r"is not in the source", result.output)
    assert not (project / "build").exists()


BRANDS_RELEASE = (
    "Sports Brands Report Results\n\n"
    "Sales rose 12% in 2023. adidas continues to grow in Asia.\n\n"
    "The court rejected the appeal. eBay said it would comply.\n\n"
    "1.) The first item 2.) The second item\n\n"
    "\u2022Range of up to 367 miles\n"
)


def test_build_segments_with_the_glossary_as_extract_and_translate_did(tmp_path, monkeypatch):
    """A PO made from `pipeline extract` with a lowercase-brand glossary: build finds every
    sentence in it (one segment per sentence, the bullet sign kept as layout)."""
    from pipeline.catalogs.po import read_po, write_po

    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline]\nlanguages = ["de"]\nglossaries = ["glossaries/brands.yaml"]\n', "utf-8")
    (tmp_path / "glossaries").mkdir()
    shutil.copy(ROOT / "tests" / "data" / "glossaries" / "lowercase_brands.yaml",
                tmp_path / "glossaries" / "brands.yaml")
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "brands.txt").write_text(BRANDS_RELEASE, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["extract"]).exit_code == 0
    catalog = read_po(tmp_path / "locales" / "templates" / "brands.pot")
    catalog.header["Language"] = "de"
    for entry in catalog.active():
        entry.msgstr = f"[{entry.msgid}]"
    write_po(tmp_path / "locales" / "de" / "brands.po", catalog)
    result = _build()
    assert result.exit_code == 0, result.output
    assert "kept the source text" not in result.output
    assert "8 of 8 segments translated (100%)" in result.output
    built = (tmp_path / "build" / "de" / "brands.txt").read_text(encoding="utf-8")
    assert built == (
        "[Sports Brands Report Results]\n\n"
        "[Sales rose 12% in 2023.] [adidas continues to grow in Asia.]\n\n"
        "[The court rejected the appeal.] [eBay said it would comply.]\n\n"
        "[1.) The first item] [2.) The second item]\n\n"
        "\u2022[Range of up to 367 miles]\n"
    )


@pytest.mark.parametrize(("source", "expected"), [
    ('<!DOCTYPE html>\n<html lang="en" xml:lang="en"><body><p>Hi there.</p></body></html>\n',
     '<!DOCTYPE html>\n<html lang="de-CH" xml:lang="de-CH"><body><p>Hi there.</p></body></html>\n'),
    ("<html><body><p>Hi there.</p></body></html>\n",
     '<html lang="de-CH"><body><p>Hi there.</p></body></html>\n'),
    ("<p>Hi there.</p>\n", "<p>Hi there.</p>\n"),  # a fragment has nowhere to say it
])
def test_built_html_carries_the_target_language(project, source, expected):
    release = project / "releases" / "page.html"
    release.write_text(source, encoding="utf-8")
    write_catalog(release, project / "locales" / "de_CH" / "page.po", lambda m: m,
                  language="de_CH")
    result = CliRunner().invoke(main, ["build", "--lang", "de-CH", "releases/page.html"])
    assert result.exit_code == 0, result.output
    assert (project / "build" / "de_CH" / "page.html").read_text("utf-8") == expected
