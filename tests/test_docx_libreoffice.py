"""Word releases and real LibreOffice: documents LibreOffice wrote (from the golden HTML,
the golden Markdown rendered to HTML, and the seed's text) go through extract, translate
(the fixture Argos model, Apertium es) and build; the built files keep every paragraph's
formatting (through python-docx) and open in LibreOffice, whose text and PDF exports show
the translation."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import polib
import pytest
from build_support import write_catalog
from markdown_it import MarkdownIt
from test_docx import all_paragraphs, formatting, make_release, run_cli, upper

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"
SEED = ROOT / "releases" / "2024-01-19-global-deliveries-near-70000.txt"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytest_plugins = ["fixtures.argos_plugin"]
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (Debian: apt-get install "
                            "--no-install-recommends libreoffice-writer-nogui)")


def soffice(profile: Path, convert_to: str, out: Path, *files: Path) -> None:
    """Convert `files` headless, with a profile of its own (a user's running LibreOffice
    and parallel tests do not share one)."""
    result = subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", convert_to, "--outdir", str(out), *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False)
    missing = [f for f in files if not (out / f"{f.stem}.{convert_to.split(':')[0]}").is_file()]
    assert result.returncode == 0 and not missing, result.stdout + result.stderr


def as_texts(profile: Path, out: Path, *paths: Path) -> dict[str, str]:
    """LibreOffice's plain text of each file (one start for all), by file stem; whitespace
    runs as single spaces, as a msgid shows them and a translation writes them."""
    soffice(profile, "txt:Text (encoded):UTF8", out, *paths)
    texts = {}
    for path in paths:
        text = (out / f"{path.stem}.txt").read_text(encoding="utf-8-sig")
        texts[path.stem] = "\n".join(" ".join(line.split()) for line in text.splitlines())
    return texts


def shown(document, nbsp: str = "\xa0") -> list[tuple[str | None, list]]:
    """Each paragraph's style and formatted pieces (test_docx.formatting)."""
    return [(p.style.name if p.style is not None else None,
             [(text.replace("\xa0", nbsp), how) for text, how in formatting(p)])
            for p in all_paragraphs(document)]


@pytest.fixture(scope="session")
def profile(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lo-profile")


@pytest.fixture(scope="session")
def written_by_libreoffice(tmp_path_factory, profile) -> dict[str, Path]:
    """LibreOffice's .docx of the golden HTML, the golden Markdown and the seed release."""
    sources = tmp_path_factory.mktemp("lo-sources")
    shutil.copy(GOLDEN / "newsroom.html", sources / "newsroom.html")
    markdown = (GOLDEN / "launch-note.md").read_text(encoding="utf-8")
    (sources / "launch-note.html").write_text(
        f"<!DOCTYPE html><html lang=en><meta charset=utf-8><body>"
        f"{MarkdownIt('commonmark').enable('table').render(markdown)}</body></html>",
        encoding="utf-8")
    shutil.copy(SEED, sources / "seed.txt")
    out = tmp_path_factory.mktemp("lo-docx")
    files = sorted(sources.iterdir())
    soffice(profile, "docx:MS Word 2007 XML", out, *files)
    return {path.stem: out / f"{path.stem}.docx" for path in files}


@pytest.fixture(scope="session")
def their_text(tmp_path_factory, profile, written_by_libreoffice) -> dict[str, str]:
    return as_texts(profile, tmp_path_factory.mktemp("lo-text"),
                    *written_by_libreoffice.values())


@pytest.mark.parametrize("name", ["newsroom", pytest.param("launch-note", marks=pytest.mark.slow),
                                  pytest.param("seed", marks=pytest.mark.slow)])
def test_libreoffice_documents_rebuild_with_every_paragraphs_formatting(
        project, written_by_libreoffice, their_text, profile, tmp_path, name):
    release = project / "releases" / f"{name}.docx"
    shutil.copy(written_by_libreoffice[name], release)
    po = project / "locales" / "de" / f"{name}.po"
    source = docx.Document(release)
    expected = shown(source)

    write_catalog(release, po, lambda msgid: msgid)  # reviewed, equal to the source
    assert run_cli("build", "--lang", "de", f"releases/{name}.docx").exit_code == 0
    built_path = project / "build" / "de" / f"{name}.docx"
    built = docx.Document(built_path)
    assert shown(built) == expected

    write_catalog(release, po, upper)
    result = run_cli("build", "--lang", "de", f"releases/{name}.docx")
    assert result.exit_code == 0, result.output
    built = docx.Document(built_path)
    # A translation's spaces are plain ones (a msgid shows an NBSP as a space).
    assert shown(built, nbsp=" ") == [
        (style, [(text.upper(), how) for text, how in pieces])
        for style, pieces in shown(source, nbsp=" ")]
    # LibreOffice opens the built file, and its text is the source's, translated.
    assert as_texts(profile, tmp_path, built_path)[name] == their_text[name].upper()


def test_python_docx_release_opens_in_libreoffice_translated(project, profile, tmp_path):
    release = make_release(project / "releases" / "launch.docx")
    write_catalog(release, project / "locales" / "de" / "launch.po", upper)
    assert run_cli("build", "--lang", "de", "releases/launch.docx").exit_code == 0
    built = project / "build" / "de" / "launch.docx"
    text = as_texts(profile, tmp_path, built)["launch"]
    for expected in ("SMART #1 WINS THE GOLDEN STEERING WHEEL",
                     "THE SMART #1 IS THE BEST-SELLING CAR OF ITS CLASS, SEE SMART.COM.",
                     "THE SMART #3 IS FAST.", "MODEL", "440 KM", "LINE ONE"):
        assert expected in text, text
    assert text.replace("SMART", "").upper() == text.replace("SMART", "")  # nothing English
    soffice(profile, "pdf", tmp_path, built)
    assert (tmp_path / "launch.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_machine_translations_of_libreoffice_documents_build_and_open(
        project, written_by_libreoffice, profile, tmp_path, argos_packages_dir):
    for name in ("newsroom", "launch-note"):
        shutil.copy(written_by_libreoffice[name], project / "releases" / f"{name}.docx")
    releases = ["releases/newsroom.docx", "releases/launch-note.docx"]
    engines = [("de", "argos")]
    if shutil.which("apertium"):
        engines.append(("es", "apertium"))
    for language, engine in engines:
        result = run_cli("translate", "-q", "--lang", language, "--engine", engine, *releases)
        assert result.exit_code == 0, result.output
        result = run_cli("build", "--lang", language, "--use-fuzzy", *releases)
        assert result.exit_code == 0, result.output
        built_files = [project / "build" / language / f"{name}.docx"
                       for name in ("newsroom", "launch-note")]
        texts = as_texts(profile, tmp_path / language, *built_files)
        for built in built_files:
            name = built.stem
            catalog = polib.pofile(str(project / "locales" / language / f"{name}.po"))
            heading = next(e for e in catalog if e.comment.startswith("heading"))
            assert heading.msgstr and heading.msgstr != heading.msgid
            paragraphs = [p.text for p in docx.Document(built).paragraphs]
            words = re.sub(r"</?[gx]\d+/?>", "", heading.msgstr)
            assert any(words in text for text in paragraphs), (words, paragraphs)
            assert docx.Document(built).core_properties.language == language
            assert "smart #1" in texts[name]  # the brand, protected through MT
