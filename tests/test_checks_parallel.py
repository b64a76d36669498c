"""Many files are checked in forked workers; the report and errors are the sequential ones."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.checks import hunspell, parallel, select_checks
from pipeline.checks.hunspell import find_dictionary
from pipeline.checks.runner import check_paths, helpers_started
from pipeline.config import load_settings
from pipeline.errors import Location
from pipeline.language import Language

DATA = Path(__file__).resolve().parent / "data" / "checks"
HOSTILE = Path(__file__).resolve().parent / "hostile" / "po"
GLOSSARY = Path(__file__).resolve().parent.parent / "glossaries" / "smart.yaml"
MULTICORE = len(os.sched_getaffinity(0)) > 1


def _square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def _fail_on_multiples_of_seven(number: int) -> int:
    if number and number % 7 == 0:
        raise ValueError(f"item {number}")
    return number


@pytest.mark.skipif(not MULTICORE, reason="one core: files are checked in this process")
def test_items_run_in_workers_and_come_back_in_order():
    results = parallel.map_files(_square_with_pid, list(range(40)))
    assert [square for square, _ in results] == [n * n for n in range(40)]
    assert os.getpid() not in {pid for _, pid in results}


def test_the_first_failure_in_input_order_is_raised_here():
    with pytest.raises(ValueError, match=r"^item 7$"):
        parallel.map_files(_fail_on_multiples_of_seven, list(range(40)))


PARENT = os.getpid()


def _crash_on_thirteen(number: int) -> int:
    if number == 13 and os.getpid() != PARENT:
        os._exit(3)  # a worker killed mid-run (OOM killer, segfault in a helper)
    return number * 2


@pytest.mark.skipif(not MULTICORE, reason="one core: files are checked in this process")
def test_what_a_crashed_worker_never_sent_is_done_here():
    assert parallel.map_files(_crash_on_thirteen, list(range(40))) == [n * 2 for n in range(40)]


@pytest.mark.skipif(not MULTICORE, reason="one core: files are checked in this process")
def test_no_worker_outlives_the_run():
    workers = {pid for _, pid in parallel.map_files(_square_with_pid, list(range(40)))}
    assert len(workers) > 1
    for pid in workers:  # reaped already: no zombie is left waiting
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def _locales(root: Path, bad: str | None = None) -> Path:
    for lang in ("de", "fr"):
        for number in range(12):
            target = root / "locales" / lang / f"r{number:02d}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            kind = "seeded" if number % 2 else "clean"
            shutil.copy(DATA / kind / lang / "release.po", target)
    if bad:
        shutil.copy(HOSTILE / bad, root / "locales" / "fr" / "r05.po")
    (root / "pyproject.toml").write_text(f'[tool.pipeline]\nglossaries = ["{GLOSSARY}"]\n')
    return root


def _report(root: Path, monkeypatch, per_worker: int):
    monkeypatch.chdir(root)
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", per_worker)
    return check_paths(["locales"], load_settings())


def test_report_equals_the_sequential_one(tmp_path, monkeypatch):
    root = _locales(tmp_path)
    forked = _report(root, monkeypatch, 4)
    sequential = _report(root, monkeypatch, 10_000)
    assert forked.findings and forked == sequential
    assert len(forked.files) == 24


@pytest.mark.parametrize("bad", ["bad-escape.po", "duplicate-msgid.po", "missing-msgstr.po"])
def test_a_bad_file_is_reported_as_sequentially_and_hides_no_other_file(tmp_path, monkeypatch,
                                                                       bad):
    root = _locales(tmp_path, bad)
    forked = _report(root, monkeypatch, 4)
    sequential = _report(root, monkeypatch, 10_000)
    assert forked == sequential
    assert len(forked.unreadable) == 1 and "locales/fr/r05.po:" in forked.unreadable[0]
    seeded = {path for path in forked.files if int(Path(path).stem[1:]) % 2
              and not path.endswith("fr/r05.po")}
    assert len(seeded) == 11 and seeded <= {finding.path for finding in forked.findings}
    assert forked.exit_code("error") == 2


SPELLING = pytest.mark.skipif(shutil.which("hunspell") is None
                              or find_dictionary(Language.parse("de")) is None
                              or find_dictionary(Language.parse("fr")) is None,
                              reason="hunspell or its de/fr dictionary is missing")


@pytest.mark.skipif(not MULTICORE, reason="one core: files are checked in this process")
@SPELLING
def test_workers_share_the_spell_checker_started_for_them(tmp_path, monkeypatch):
    """The workers share the hunspell started (and loaded) before the fork, and start none
    of their own: one hunspell -a per dictionary in all, and the findings are a sequential
    run's."""
    root = _locales(tmp_path)
    for lang, text in (("de", "Das Hauss ist neu."), ("fr", "La maisonn est neuve.")):
        (root / "locales" / lang / "r99.po").write_text(
            f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Language: {lang}\\n"\n\nmsgid "The house is new."\nmsgstr "{text}"\n',
            encoding="utf-8")
    started = tmp_path / "started.log"
    real_popen = hunspell._Pipe._popen

    def logged(self):  # the real hunspell, and a line for each start, from any process
        with started.open("a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {' '.join(self.command[:2])}\n")
        return real_popen(self)

    monkeypatch.setattr(hunspell._Pipe, "_popen", logged)
    monkeypatch.chdir(root)
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 4)
    settings = load_settings()
    checks = select_checks((), Location("test"), ())
    with helpers_started(["locales"], settings, checks):
        report = check_paths(["locales"], settings, checks=checks)
    lines = started.read_text(encoding="utf-8").splitlines()
    pipe_mode = [line for line in lines if line.endswith("hunspell -a")]
    assert parallel.workers_for(len(report.files)) > 1
    assert len(pipe_mode) == 2  # de and fr
    assert {line.split()[0] for line in pipe_mode} == {str(os.getpid())}  # before forking
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 10_000)
    sequential = check_paths(["locales"], settings, checks=checks)
    assert report == sequential
    misspelled = {f.snippet for f in report.findings if f.check == "qa.spelling"}
    assert {"Hauss", "maisonn"} <= misspelled
