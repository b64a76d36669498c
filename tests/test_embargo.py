"""Embargo safety: confidential releases never leave the machine.

translate (Apertium and Argos), check, build, report, extract and stats run with every
internet socket refused in-process (socket.socket, create_connection, getaddrinfo raise
and record the attempt) and, where the kernel allows, in a process without a network
(`unshare -n`). Each must succeed without a single attempt. Only `pipeline models
install LANG` reaches out, and `translate` only to fetch a missing public model.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile.support import SEED, child_env, invoke, no_network, synthetic_releases

from pipeline.catalogs.po import read_po, write_po

pytest_plugins = ["hostile.plugin", "fixtures.argos_plugin"]

WORKFLOW = [
    ["translate", "--lang", "es", "--engine", "apertium", "-q"],
    ["check", "--fail-on", "never", "locales"],
    ["build", "--lang", "es", "--use-fuzzy"],
    ["report", "--lang", "es"],
    ["extract"],
    ["stats"],
]


def _with_new_work(root: Path) -> None:
    """A new release and an approved entry, so every command has something to do."""
    synthetic_releases(root / "releases", 1, paragraphs=3)
    po = root / "locales" / "es" / f"{SEED.stem}.po"
    catalog = read_po(po)
    catalog.entries[0].set_fuzzy(False)
    write_po(po, catalog)


@pytest.mark.parametrize("args", WORKFLOW, ids=lambda a: a[0])
def test_command_runs_with_every_connection_refused(populated, monkeypatch, args):
    _with_new_work(populated)
    if args != WORKFLOW[0]:
        assert invoke(WORKFLOW[0]).exit_code == 0
    with no_network(monkeypatch) as guard:
        result = invoke(args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert guard.attempts == [], guard.attempts


def test_argos_translation_runs_with_every_connection_refused(populated, monkeypatch,
                                                               argos_packages_dir):
    with no_network(monkeypatch) as guard:
        result = invoke(["translate", "--lang", "de", "--engine", "argos", "-q"])
    assert result.exit_code == 0, result.output
    assert guard.attempts == [], guard.attempts
    assert (populated / "locales" / "de" / f"{SEED.stem}.po").is_file()


def test_translate_no_install_with_a_missing_model_stays_offline(populated, monkeypatch,
                                                                 empty_argos_packages_dir):
    with no_network(monkeypatch) as guard:
        result = invoke(["translate", "--lang", "de", "--engine", "argos", "--no-install",
                         "-q"])
    assert result.exit_code == 2, result.output
    assert "pipeline models install FILE.argosmodel" in result.output
    assert guard.attempts == []
    assert not (populated / "locales" / "de").exists()


def test_translate_by_default_never_downloads(populated, monkeypatch, empty_argos_packages_dir):
    """Only when asked (--install-missing, which `make translate` passes) is the network used."""
    with no_network(monkeypatch) as guard:
        result = invoke(["translate", "--lang", "de", "--engine", "argos", "-q"])
    assert result.exit_code == 2, result.output
    assert "pipeline models install" in result.output
    assert guard.attempts == []
    assert not (populated / "locales" / "de").exists()


def test_fetching_a_missing_model_contacts_only_the_package_index(populated, monkeypatch,
                                                                  empty_argos_packages_dir):
    """With --install-missing, translate asks the package index for the public model, and
    nothing else: no release text can travel with that request."""
    import os

    index = os.environ["ARGOS_PACKAGE_INDEX"]
    port = int(index.rstrip("/").rsplit(":", 1)[1])
    with no_network(monkeypatch) as guard:
        result = invoke(["translate", "--lang", "de", "--engine", "argos", "--install-missing",
                         "-q"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert guard.attempts, "the missing model was not requested"
    for attempt in guard.attempts:
        assert "127.0.0.1" in attempt and str(port) in attempt, guard.attempts


def test_models_install_from_a_file_stays_offline(tmp_path, monkeypatch, argos_package):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    with no_network(monkeypatch) as guard:
        result = invoke(["models", "install", str(argos_package)])
    assert result.exit_code == 0, result.output
    assert guard.attempts == []


# -- a real process without a network ----------------------------------------------------------
def _unshare_prefix() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is not installed")
    for prefix in ([unshare, "-n"], [unshare, "-r", "-n"]):
        probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return prefix
    pytest.skip(f"unshare -n is not permitted here: {probe.stderr.decode().strip()}")


def test_the_workflow_runs_in_a_process_without_a_network(populated, argos_packages_dir):
    prefix = _unshare_prefix()
    # Inside the namespace nothing is reachable, not even 127.0.0.1 (lo is down).
    probe = subprocess.run([*prefix, sys.executable, "-c",
                            "import urllib.request as u; u.urlopen('http://1.1.1.1', timeout=2)"],
                           capture_output=True, text=True, check=False)
    assert probe.returncode != 0
    _with_new_work(populated)
    commands = [*WORKFLOW, ["translate", "--lang", "de", "--engine", "argos", "-q"]]
    for args in commands:
        result = subprocess.run([*prefix, sys.executable, "-m", "pipeline", *args],
                                cwd=populated, capture_output=True, text=True, check=False,
                                env=child_env())
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("how", ["urllib", "create_connection", "socket"])
def test_the_guard_sees_every_kind_of_attempt(monkeypatch, how):
    """The in-process guard itself: a connection by any route is refused and recorded."""
    import socket
    import urllib.request

    with no_network(monkeypatch) as guard, pytest.raises(OSError):
        if how == "urllib":
            urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
        elif how == "create_connection":
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        else:
            socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 9))
    assert guard.attempts
