"""Fresh installs of the project for tests/test_install.py, offline once the wheels are here.

Every install uses `pip install --no-index` from one wheelhouse holding the core's and the
argos extra's wheels at the pins of constraints.txt (setuptools too, for building the
project). `pip download` fills it once per set of pins, in $PIPELINE_WHEELHOUSE or else
$XDG_CACHE_HOME/press-pipeline/wheels (~/.cache/...), beside pip's own cache, and later runs
reuse it: a filled wheelhouse and PIP_NO_INDEX=1 run these tests with no network at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
# What an install for extract/check/build, or for translating with argos, must not contain.
HEAVY = ("torch", "stanza", "spacy")
ARGOS_RUNTIME = ("argostranslate", "ctranslate2", "sentencepiece")
# The project as an installer sees it; git-ignored build outputs stay behind.
SOURCE_FILES = ("pyproject.toml", "README.md", "constraints.txt", "Makefile",
                ".pre-commit-hooks.yaml")


def copy_source(folder: Path) -> Path:
    """The installable project (package, metadata, Makefile, hook manifest) in `folder`."""
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "pipeline", folder / "pipeline",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in SOURCE_FILES:
        shutil.copy(ROOT / name, folder / name)
    return folder


def requirements() -> list[str]:
    """The core's and the argos extra's requirements, and the build backend."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    project = data["project"]
    return [*data["build-system"]["requires"], *project["dependencies"],
            *project["optional-dependencies"]["argos"]]


def wheelhouse() -> Path:
    """The folder of wheels, filled by `pip download` unless these pins were fetched before."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = Path(os.environ.get("PIPELINE_WHEELHOUSE") or cache / "press-pipeline" / "wheels")
    wanted = requirements()
    digest = hashlib.sha256(json.dumps([wanted, CONSTRAINTS.read_text("utf-8")]).encode())
    done = folder / f".complete-{digest.hexdigest()[:16]}"
    if done.is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    download = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                "--dest", str(folder), "--find-links", str(folder), "-c", str(CONSTRAINTS)]
    run([*download, *wanted])
    run([*download, "--no-deps", "argostranslate"])  # its declared dependencies: see Makefile
    done.touch()
    return folder


def offline(wheels: Path, **extra: str) -> dict[str, str]:
    """An environment in which pip installs from `wheels` only."""
    environ = dict(os.environ, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheels),
                   PIP_DISABLE_PIP_VERSION_CHECK="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    environ.pop("PYTHONPATH", None)
    environ.update(extra)
    return environ


def new_venv(folder: Path) -> Path:
    """A virtual environment with no packages but pip; its python."""
    run([sys.executable, "-m", "venv", str(folder)])
    return folder / "bin" / "python"


def absent(python: Path, modules: tuple[str, ...]) -> list[str]:
    """The modules `python` cannot import (importlib.util.find_spec, nothing imported)."""
    code = ("import importlib.util, json, sys; "
            "print(json.dumps([m for m in sys.argv[1:] if importlib.util.find_spec(m) is None]))")
    return json.loads(run([str(python), "-c", code, *modules]).stdout)


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
        ok: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if ok:
        assert done.returncode == 0, f"{command}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done
