"""The Makefile's command line: ARGS= reaches every command, a mistyped variable or engine
stops make with one line, and each target installs only the level it needs.

Through the real Makefile on a project copy (tests/make_support.py); `make -n` where the
command line is the point, real runs where the result is.
"""

from __future__ import annotations

import json
import os
import shutil
import tomllib
from pathlib import Path

import pytest
from make_support import ROOT, SEED, make, project_copy
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from pipeline.engines import engine_names

pytest_plugins = ["fixtures.argos_plugin"]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return project_copy(tmp_path / "project")


def commands(done) -> list[str]:
    """The command lines `make -n` printed, whitespace normalised."""
    assert done.returncode == 0, done.stderr
    return [" ".join(line.split()) for line in done.stdout.splitlines() if line.strip()]


# -- ARGS= ------------------------------------------------------------------------------
ARGS_REACH = [
    (["translate", "LANG=de", "ARGS=--beam-size 4"],
     'pipeline translate --install-missing --lang "de" --beam-size 4'),
    (["translate", "LANG=de", "RELEASE=releases/x.txt", "ARGS=--quiet"],
     'pipeline translate --install-missing --lang "de" --quiet releases/x.txt'),
    (["build", "LANG=es", "ARGS=--use-fuzzy"], 'pipeline build --lang "es" --use-fuzzy'),
    (["check", "ARGS=--format sarif -o check.sarif"],
     "pipeline check --with-source locales --format sarif -o check.sarif"),
    (["extract", "ARGS=-o /tmp/templates"], "pipeline extract releases -o /tmp/templates"),
    (["stats", "LANG=de", "ARGS=--format json"], 'pipeline stats --lang "de" --format json'),
    (["report", "LANG=de", "ARGS=-o build/r.html"], 'pipeline report --lang "de" -o build/r.html'),
    (["test", "ARGS=-k smoke -x"], "-m pytest -k smoke -x"),
    (["test-fast", "ARGS=-x"], '-m pytest -m "not slow" -x'),
    (["bench", "ARGS=--smoke"], "-m bench --smoke"),
    (["lint", "ARGS=--statistics"], "ruff check pipeline tests bench --statistics"),
]


@pytest.mark.parametrize(("args", "expected"), ARGS_REACH, ids=[a[0] for a, _ in ARGS_REACH])
def test_args_reach_the_command(copy, args, expected):
    lines = commands(make(copy, "-n", *args))
    assert len(lines) == 1 and lines[0].endswith(expected), lines


def test_make_check_args_writes_sarif(copy):
    assert make(copy, "translate", "LANG=de", "ENGINE=none").returncode == 0
    done = make(copy, "check", "ARGS=--format sarif -o check.sarif")
    assert done.returncode == 0, done.stdout + done.stderr
    sarif = json.loads((copy / "check.sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0"


def test_make_build_args_use_fuzzy_uses_the_machine_drafts(copy, argos_packages_dir):
    assert make(copy, "translate", "LANG=de").returncode == 0
    built = copy / "build" / "de" / SEED.name
    assert make(copy, "build", "LANG=de").returncode == 0
    assert "geliefert" not in built.read_text("utf-8")  # fuzzy drafts stay out by default
    done = make(copy, "build", "LANG=de", "ARGS=--use-fuzzy")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "geliefert" in built.read_text("utf-8")


# -- traps: one line, exit 2, nothing run -----------------------------------------------
TRAPS = [
    (["translate", "LANGS=de"], "LANGS= is not a variable of this Makefile "
                                "(did you mean LANG=?)"),
    (["translate", "ENGNE=x"], "ENGNE= is not a variable of this Makefile "
                               "(did you mean ENGINE=?)"),
    (["build", "LANG=de", "RELASE=releases/x.txt"], "(did you mean RELEASE=?)"),
    (["test", "ARG=-x"], "(did you mean ARGS=?)"),
    (["check", "FORMAT=sarif"], "FORMAT= is not a variable of this Makefile; it reads LANG "
                                "ENGINE RELEASE XLIFF ARGS PYTHON VENV TORCH_INDEX"),
    (["translate", "LANG=de", "ENGINE=foo"], "ENGINE=foo is not an engine; choose one of: "
                                             "argos apertium none"),
    (["check", "LANG=de"], "LANG= does nothing for `make check`; it is read by: "
                           "translate build report stats"),
    (["build", "LANG=de", "ENGINE=apertium"], "ENGINE= does nothing for `make build`; "
                                              "it is read by: translate"),
    (["LANG=de"], "LANG= does nothing for `make help`"),
]


@pytest.mark.parametrize(("args", "expected"), TRAPS, ids=[" ".join(a) for a, _ in TRAPS])
def test_a_mistyped_variable_or_engine_is_one_line_and_nothing_runs(tmp_path, copy, args,
                                                                    expected):
    venv = tmp_path / "venv"
    done = make(copy, *args, venv=venv, installed=False)
    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert expected in line, line
    assert not venv.exists() and not (copy / "locales").exists()


def test_the_makefile_knows_every_engine(copy):
    for name in engine_names():
        assert make(copy, "-n", "translate", "LANG=de", f"ENGINE={name}").returncode == 0
    refused = make(copy, "translate", "LANG=de", "ENGINE=foo")
    assert refused.stderr.split("choose one of: ")[1].split(".")[0].split() == engine_names()


# -- install levels ---------------------------------------------------------------------
def installs(copy: Path, venv: Path, *args: str) -> list[str]:
    """The pip commands `make -n` would run for a fresh VENV."""
    lines = commands(make(copy, "-n", *args, venv=venv, installed=False))
    pips = [line.split("pip install ", 1)[1] for line in lines if "pip install" in line]
    assert all("-c constraints.txt" in pip for pip in pips), pips
    return [pip.split("-c constraints.txt ", 1)[1] for pip in pips]


LEVELS = [
    (["translate", "LANG=de"], ["-e '.[argos]'", "--no-deps argostranslate"]),
    (["install"], ["-e '.[argos]'", "--no-deps argostranslate"]),
    (["translate", "LANG=es", "ENGINE=apertium"], ["-e ."]),
    (["translate", "LANG=de", "ENGINE=none"], ["-e ."]),
    (["check"], ["-e ."]),
    (["extract"], ["-e ."]),
    (["build", "LANG=de"], ["-e ."]),
    (["stats"], ["-e ."]),
    (["report", "LANG=de"], ["-e ."]),
    (["bench"], ["--no-deps --index-url https://download.pytorch.org/whl/cpu torch",
                 "-e '.[argos,bench]'", "--no-deps argostranslate"]),
    (["test"], ["--no-deps --index-url https://download.pytorch.org/whl/cpu torch",
                "-e '.[argos,bench,cluster,test]'", "--no-deps argostranslate"]),
]


@pytest.mark.parametrize(("args", "expected"), LEVELS, ids=[" ".join(a) for a, _ in LEVELS])
def test_each_target_installs_only_its_level(tmp_path, copy, args, expected):
    assert installs(copy, tmp_path / "venv", *args) == expected


@pytest.mark.parametrize(("engine", "expected"), [
    ("apertium", ["-e ."]),
    ("none", ["-e ."]),
    ("argos", ["-e '.[argos]'", "--no-deps argostranslate"]),
])
def test_translate_installs_the_level_of_the_engine_the_project_names(tmp_path, copy, engine,
                                                                       expected):
    pyproject = copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert 'engine = "argos"' in text
    pyproject.write_text(text.replace('engine = "argos"', f'engine = "{engine}"'),
                         encoding="utf-8")
    assert installs(copy, tmp_path / "venv", "translate", "LANG=es") == expected
    # ENGINE= on the command line still wins over the project's engine
    assert installs(copy, tmp_path / "venv", "translate", "LANG=es", "ENGINE=none") == ["-e ."]


def test_an_installed_level_is_not_redone_until_its_pins_change(tmp_path, copy):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for level in ("core", "argos"):
        (venv / f".installed-{level}").touch()
    assert installs(copy, venv, "translate", "LANG=de") == []
    assert installs(copy, venv, "check") == []
    assert installs(copy, venv, "test") != []  # the test level is not there yet
    later = (venv / ".installed-argos").stat().st_mtime + 10
    os.utime(copy / "constraints.txt", (later, later))
    assert installs(copy, venv, "translate", "LANG=de") == [
        "-e '.[argos]'", "--no-deps argostranslate"]


# -- pins ------------------------------------------------------------------------------
def test_every_requirement_is_pinned_once_and_torch_is_the_cpu_build():
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            name = canonicalize_name(requirement.name)
            assert name not in pins, f"{name} is pinned twice"
            [spec] = requirement.specifier
            assert spec.operator == "==", line
            pins[name] = spec.version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [*project["dependencies"], "argostranslate",
              *(r for extra in project["optional-dependencies"].values() for r in extra)]
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        if name == "press-pipeline":
            continue
        assert name in pins, f"{name} is not in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), (text, pins[name])
    assert pins["torch"].endswith("+cpu")
    heavy = {"torch", "stanza", "spacy", "argostranslate"}
    assert not heavy & {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    assert not heavy & {canonicalize_name(Requirement(r).name)
                        for r in project["optional-dependencies"]["argos"]}
