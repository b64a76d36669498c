"""A PO made from each template (msgstr = msgid, header filled in) passes real `msgfmt -c`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.catalogs.extract import extract
from pipeline.catalogs.po import read_po, write_po

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
SEED = Path(__file__).resolve().parent.parent / "releases" / (
    "2024-01-19-global-deliveries-near-70000.txt"
)
MSGFMT = shutil.which("msgfmt")


@pytest.mark.skipif(MSGFMT is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize(
    "source",
    [SEED, *sorted(p for p in GOLDEN.iterdir() if p.suffix in {".txt", ".md", ".html"})],
    ids=lambda path: path.name,
)
def test_po_copied_from_template_passes_msgfmt_check(source, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(source, tmp_path / source.name)
    (template,) = extract([source.name], tmp_path / "templates")
    assert _msgfmt(template).returncode == 0  # the template itself

    catalog = read_po(template)
    catalog.header.update(
        {
            "PO-Revision-Date": "2024-01-20 10:00+0000",
            "Last-Translator": "Test Translator <translator@example.com>",
            "Language-Team": "German <de@example.com>",
            "Language": "de",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
    )
    for entry in catalog.entries:
        entry.msgstr = entry.msgid
    po = tmp_path / "de.po"
    write_po(po, catalog)
    result = _msgfmt(po)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(catalog.entries) > 5


def _msgfmt(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MSGFMT, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
