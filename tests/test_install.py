"""The install sizes users get, each in a fresh virtual environment from a copy of the repo:

- the core (`pip install .`, as the GitHub workflow and the pre-commit hook install it):
  extract, translate with the none engine, check and build, with no torch, stanza, spacy or
  argostranslate; the argos engine is then one line that says how to install it;
- `make install` (what `make translate LANG=de` installs on first use): models install from
  a package index and translation with the fixture models, with no torch, stanza or spacy;
- the pre-commit hook of .pre-commit-hooks.yaml, installed and run by the real pre-commit.

Installs come from a local wheelhouse with --no-index (tests/install_support.py says where it
lives and how to run these offline).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.argos_index import serve_index
from install_support import (
    ARGOS_RUNTIME,
    HEAVY,
    absent,
    copy_source,
    new_venv,
    offline,
    run,
    wheelhouse,
)
from make_support import SEED, make

pytest_plugins = ["fixtures.argos_plugin"]
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CLEAN_PO = ROOT / "tests" / "data" / "checks" / "clean" / "de" / "release.po"
SEEDED_PO = ROOT / "tests" / "data" / "checks" / "seeded" / "de" / "release.po"


@pytest.fixture(scope="module")
def wheels() -> Path:
    return wheelhouse()


def project(folder: Path) -> Path:
    """pyproject.toml ([tool.pipeline]), the glossaries and the seed release."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(ROOT / "glossaries", folder / "glossaries")
    (folder / "releases").mkdir()
    shutil.copy(SEED, folder / "releases" / SEED.name)
    return folder


def test_the_core_extracts_checks_and_builds_without_translation_machinery(tmp_path, wheels):
    source = copy_source(tmp_path / "source")
    python = new_venv(tmp_path / "venv")
    env = offline(wheels)
    run([str(python), "-m", "pip", "install", "--quiet", "-c", "constraints.txt", "."],
        cwd=source, env=env)
    assert absent(python, (*HEAVY, *ARGOS_RUNTIME)) == [*HEAVY, *ARGOS_RUNTIME]

    work = project(tmp_path / "project")
    pipeline = [str(python.parent / "pipeline")]

    def cli(*args: str, ok: bool = True):
        return run([*pipeline, *args], cwd=work, env=env, ok=ok)

    cli("extract")
    assert (work / "locales" / "templates" / f"{SEED.stem}.pot").is_file()
    cli("translate", "--lang", "de", "--engine", "none")
    cli("check", "--with-source", "locales")
    shutil.copy(CLEAN_PO, work / "locales" / "de" / "reviewed.po")
    cli("build", "--lang", "de")
    assert (work / "build" / "de" / SEED.name).is_file()

    shutil.copy(SEEDED_PO, work / "locales" / "de" / "bad.po")
    failed = cli("check", "locales/de/bad.po", ok=False)
    assert failed.returncode == 1
    assert failed.stdout.splitlines()[0] == (
        'locales/de/bad.po:12: error [glossary.forbidden] "Smart #1" is forbidden; '
        'use "smart #1"')

    # The default engine is argos, which this install lacks: one line with the fix.
    refused = cli("translate", "--lang", "fr", ok=False)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.splitlines() == [
        "pipeline: the argos engine is not installed (no module 'argostranslate'): run `make "
        "install`, or `pip install 'press-pipeline[argos]'` and then `pip install --no-deps "
        "argostranslate`; or choose --engine apertium or none"]
    assert not (work / "locales" / "fr").exists()


@pytest.fixture
def index(tmp_path: Path, argos_package: Path) -> Iterator[str]:
    """A package index on 127.0.0.1 listing the fixture en→de package."""
    with serve_index(tmp_path / "index", argos_package) as (base, _):
        yield base


def test_make_install_translates_with_argos_and_no_torch(tmp_path, wheels, index,
                                                         argos_bpe_package):
    folder = copy_source(tmp_path / "project")
    project(folder)
    venv = folder / ".venv"
    env = offline(wheels, ARGOS_PACKAGES_DIR=str(tmp_path / "packages"),
                  ARGOS_PACKAGE_INDEX=index)
    first = make(folder, "install", venv=venv, installed=False, timeout=600, **env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "--no-deps argostranslate" in first.stdout
    python = venv / "bin" / "python"
    assert absent(python, (*HEAVY, *ARGOS_RUNTIME)) == list(HEAVY)

    # `make translate LANG=de`: nothing to install the second time, the model comes from
    # the index (--install-missing), the translation from CTranslate2 without torch.
    done = make(folder, "translate", "LANG=de", venv=venv, installed=False, **env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "pip install" not in done.stdout
    po = (folder / "locales" / "de" / f"{SEED.stem}.po").read_text("utf-8")
    assert "MT: argos en→de" in po and "geliefert" in po

    # `pipeline models install FILE` and the BPE (sacremoses) tokenizer of OPUS-MT packages.
    bpe = project(tmp_path / "bpe")
    bpe_env = dict(env, ARGOS_PACKAGES_DIR=str(tmp_path / "bpe-packages"))
    pipeline = str(venv / "bin" / "pipeline")
    installed = run([pipeline, "models", "install", str(argos_bpe_package)], cwd=bpe, env=bpe_env)
    assert installed.stdout.startswith("installed en→de")
    run([pipeline, "translate", "--lang", "de"], cwd=bpe, env=bpe_env)
    assert "geliefert" in (bpe / "locales" / "de" / f"{SEED.stem}.po").read_text("utf-8")
    assert absent(python, HEAVY) == list(HEAVY)


def test_pre_commit_installs_the_hook_from_the_core_and_fails_a_glossary_violation(
        tmp_path, wheels):
    hooks = copy_source(tmp_path / "hooks")
    home = tmp_path / "home"
    home.mkdir()
    env = offline(wheels, HOME=str(home), GIT_CONFIG_NOSYSTEM="1",
                  PRE_COMMIT_HOME=str(tmp_path / "pre-commit"),
                  GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                  GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")

    def git(*args: str, cwd: Path, ok: bool = True):
        return run(["git", *args], cwd=cwd, env=env, ok=ok)

    git("init", "-q", cwd=hooks)
    git("add", ".", cwd=hooks)
    git("commit", "-q", "-m", "hooks", cwd=hooks)
    rev = git("rev-parse", "HEAD", cwd=hooks).stdout.strip()

    sample = project(tmp_path / "sample")
    (sample / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: pipeline-check\n",
        "utf-8")
    git("init", "-q", cwd=sample)
    run([sys.executable, "-m", "pre_commit", "install"], cwd=sample, env=env)

    (sample / "locales" / "de").mkdir(parents=True)
    shutil.copy(CLEAN_PO, sample / "locales" / "de" / "release.po")
    git("add", ".", cwd=sample)
    clean = git("commit", "-m", "clean German", cwd=sample, ok=False)
    said = clean.stdout + clean.stderr  # git shows the hook's output on stderr
    assert clean.returncode == 0, said
    assert "pipeline check (brand glossary and QA checks on PO files)" in said
    assert "Passed" in said

    shutil.copy(SEEDED_PO, sample / "locales" / "de" / "bad.po")
    git("add", ".", cwd=sample)
    bad = git("commit", "-m", "bad German", cwd=sample, ok=False)
    said = bad.stdout + bad.stderr
    assert bad.returncode == 1, said
    assert "Failed" in said
    assert ('locales/de/bad.po:12: error [glossary.forbidden] "Smart #1" is forbidden; '
            'use "smart #1"') in said.splitlines()
    assert git("log", "--format=%s", cwd=sample).stdout.split("\n")[0] == "clean German"

    # The hook's own environment is the core install.
    [hook_python] = (tmp_path / "pre-commit").glob("repo*/py_env-*/bin/python")
    assert absent(hook_python, (*HEAVY, *ARGOS_RUNTIME)) == [*HEAVY, *ARGOS_RUNTIME]
