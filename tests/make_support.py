"""The real Makefile on a throwaway project copy, run with this test run's environment.

VENV= is this run's virtual environment and `-o` marks each install stamp as up to date,
so make never installs anything (pass `installed=False` with `-n` to see what it would
install); everything else (LANG handling, options, errors, exit codes) is the Makefile as
users run it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "releases" / "2024-01-19-global-deliveries-near-70000.txt"
VENV = Path(sys.prefix)
STAMPS = ("core", "argos", "bench", "test")  # the Makefile's install levels


def project_copy(folder: Path) -> Path:
    """Makefile, pyproject.toml, constraints.txt, the glossaries and the seed release."""
    folder.mkdir()
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "glossaries", folder / "glossaries")
    (folder / "releases").mkdir()
    shutil.copy(SEED, folder / "releases" / SEED.name)
    return folder


def make(folder: Path, *args: str, lang_env: str | None = "en_US.UTF-8", venv: Path = VENV,
         installed: bool = True, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """`make -C folder VENV=venv ARGS...` with the shell's locale `lang_env`."""
    environ = {k: v for k, v in os.environ.items() if k not in ("LANG", "MAKEFLAGS", "MFLAGS")}
    if lang_env is not None:
        environ["LANG"] = lang_env  # the shell's locale, as in a user's terminal
    environ.update(env)
    old = [f"-o{venv}/.installed-{level}" for level in STAMPS] if installed else []
    command = ["make", "--no-print-directory", "-C", str(folder), f"VENV={venv}", *old, *args]
    done = subprocess.run(command, capture_output=True, text=True, env=environ,
                          timeout=timeout, check=False)
    if installed:
        assert "pip install" not in done.stdout, "make must not reinstall the environment"
    return done
