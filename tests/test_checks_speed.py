"""`pipeline check` over 50 PO files stays fast (the issue asks for about a second)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from pipeline.catalogs.po import read_po

ROOT = Path(__file__).resolve().parent.parent
CLEAN_DE = ROOT / "tests" / "data" / "checks" / "clean" / "de" / "release.po"


def _make_locales(root: Path, files: int = 50, copies: int = 6) -> int:
    """50 German PO files of about 80 entries each, built from the clean fixture."""
    text = CLEAN_DE.read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    blocks = [block for block in body.split("\n\n") if block.strip()
              and not block.lstrip().startswith("#~")]
    entries = 0
    for number in range(files):
        parts = [header]
        for copy in range(copies):
            for block in blocks:
                # A distinct msgctxt per copy keeps every entry unique in its file.
                parts.append(block.replace("msgid ", f'msgctxt "c{copy}"\nmsgid ', 1))
                entries += 1
        path = root / "locales" / "de" / f"release-{number:02d}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return entries


def test_fifty_files_are_checked_quickly(tmp_path):
    entries = _make_locales(tmp_path)
    assert len(read_po(tmp_path / "locales/de/release-00.po").entries) == entries // 50
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.pipeline]\nglossaries = ["{ROOT / "glossaries" / "smart.yaml"}"]\n')
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", "locales"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("clean: no problems in 50 files")
    print(f"pipeline check: 50 files, {entries} entries, {elapsed:.2f}s including start-up")
    assert elapsed < 20  # a sanity bound for slow CI machines; ~1 s on a laptop
