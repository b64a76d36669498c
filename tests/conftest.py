"""Shared fixtures. Tests run from the repository root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEED = ROOT / "releases" / "2024-01-19-global-deliveries-near-70000.txt"


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway project: pyproject, glossaries and the seed release, cwd set to it."""
    import shutil

    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if (ROOT / "glossaries").is_dir():
        shutil.copytree(ROOT / "glossaries", tmp_path / "glossaries")
    (tmp_path / "releases").mkdir()
    shutil.copy(SEED, tmp_path / "releases" / SEED.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONHASHSEED", os.environ.get("PYTHONHASHSEED", "0"))
    return tmp_path
