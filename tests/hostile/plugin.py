"""Fixtures for the hostile/never-lose-work/embargo tests:
`pytest_plugins = ["hostile.plugin"]`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile.support import SEED, make_project, translate_es


@pytest.fixture(scope="session")
def translated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose locales/es/ holds a real Apertium translation of the seed."""
    root = make_project(tmp_path_factory.mktemp("translated") / "project")
    translate_es(root)
    assert (root / "locales" / "es" / f"{SEED.stem}.po").is_file()
    return root


@pytest.fixture
def populated(translated_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the translated project; the cwd is its root."""
    root = tmp_path / "project"
    shutil.copytree(translated_template, root)
    monkeypatch.chdir(root)
    return root
