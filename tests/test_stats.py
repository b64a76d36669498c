"""`pipeline stats`: per language and release counts, MT/TM origins, glossary findings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from build_support import write_catalog
from click.testing import CliRunner

from pipeline.catalogs.po import read_po, write_po
from pipeline.catalogs.stats import collect
from pipeline.cli import main
from pipeline.config import load_settings

NAME = "2024-01-19-global-deliveries-near-70000"
MT = "MT: argos en→de, confidence 0.80"


@pytest.fixture
def locales(project: Path) -> Path:
    """de: 3 reviewed (1 from TM, 1 with "Smart" capitalised), 4 MT drafts, the rest empty;
    fr: everything an MT draft."""
    release = project / "releases" / f"{NAME}.txt"
    de = project / "locales" / "de" / f"{NAME}.po"
    write_catalog(release, de, lambda m: None)
    catalog = read_po(de)
    entries = catalog.entries
    smart = next(e for e in entries if e.msgid.startswith("smart continues to expand"))
    reviewed = [entries[0], entries[1], smart]
    for entry in reviewed:
        entry.msgstr = f"Geprüft: {entry.msgid}"
    smart.msgstr = "Smart expandiert weiter."
    entries[1].translator_comments.append("TM: exact match from release 2023-12-01-launch")
    drafts = [e for e in entries if e not in reviewed][:4]
    for entry in drafts:
        entry.msgstr = f"[de] {entry.msgid}"
        entry.set_fuzzy(True)
        entry.translator_comments.append(MT)
    catalog.entries.append(type(entries[0])("Gone.", "Weg.", obsolete=True))
    write_po(de, catalog)
    write_catalog(release, project / "locales" / "fr" / f"{NAME}.po", lambda m: f"[fr] {m}",
                  fuzzy=True, comment=MT, language="fr")
    (project / "locales" / "templates").mkdir()
    return project / "locales"


def test_counts_per_language_and_release(locales):
    rows = {row.language: row for row in collect(load_settings())}
    assert set(rows) == {"de", "fr"}
    de, fr = rows["de"], rows["fr"]
    total = len(read_po(locales / "de" / f"{NAME}.po").active())
    assert (de.segments, de.translated, de.fuzzy, de.untranslated) == (total, 3, 4, total - 7)
    assert (de.mt, de.tm) == (4, 1)
    assert (fr.segments, fr.translated, fr.fuzzy, fr.untranslated, fr.mt) == (
        total, 0, total, 0, total)


def test_glossary_findings_come_from_the_checks(locales):
    rows = {row.language: row for row in collect(load_settings())}
    assert rows["de"].glossary is not None and rows["de"].glossary >= 1  # "Smart", capitalised
    catalog = read_po(locales / "de" / f"{NAME}.po")
    for entry in catalog.entries:
        if entry.msgstr == "Smart expandiert weiter.":
            entry.msgstr = "smart expandiert weiter."
    write_po(locales / "de" / f"{NAME}.po", catalog)
    fixed = {row.language: row for row in collect(load_settings())}
    assert fixed["de"].glossary == rows["de"].glossary - 1


def test_text_table_is_aligned_with_totals(locales):
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert re.match(r"language\s+release\s+segments\s+translated\s+fuzzy\s+untranslated\s+"
                    r"words \(t/f/u\)\s+MT\s+TM\s+glossary\s+source$", lines[0])
    assert lines[1].startswith("--------") and lines[-2].startswith("--------")
    assert re.match(rf"de\s+{NAME}\s+\d+\s+3 \(\d+%\)\s+4\s+\d+\s+\d+ \(\d+/\d+/\d+\)\s+"
                    r"4\s+1\s+\d+\s+current$", lines[2])
    assert lines[3].startswith("fr ")
    assert lines[-1].startswith("all ") and "total" in lines[-1]
    # Right-aligned numbers: every row ends in the same column.
    assert len({len(line) for line in lines if not line.startswith("-")}) == 1


def test_json_and_language_filter(locales):
    result = CliRunner().invoke(main, ["stats", "--lang", "de", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [row["language"] for row in data["releases"]] == ["de"]
    row = data["releases"][0]
    assert {k: row[k] for k in ("release", "translated", "fuzzy", "mt", "tm")} == {
        "release": NAME, "translated": 3, "fuzzy": 4, "mt": 4, "tm": 1}
    assert data["total"]["segments"] == row["segments"]


def test_without_glossary_the_column_shows_a_dash(locales, project):
    for path in (project / "glossaries").iterdir():
        path.unlink()
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0
    assert re.search(r" - +current$", result.output.splitlines()[2])
    assert "no glossary file found" in result.output


def test_no_po_files_is_explained(project):
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0 and "run `make translate LANG=de` first" in result.output


def test_bad_language_filter_exits_2(locales):
    result = CliRunner().invoke(main, ["stats", "--lang", "../de"])
    assert result.exit_code == 2 and "invalid language code" in result.output
