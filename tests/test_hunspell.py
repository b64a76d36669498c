"""The hunspell process started ahead of a run is shared by forked workers in turns; a
worker that cannot get its turn answers through a hunspell of its own."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from pipeline.checks import hunspell
from pipeline.checks.hunspell import Speller, _Lock, find_dictionary
from pipeline.language import Language

DE = find_dictionary(Language.parse("de")) if shutil.which("hunspell") else None
needs_de = pytest.mark.skipif(DE is None, reason="hunspell or its de dictionary is missing")


def test_the_lock_gives_one_turn_at_a_time():
    lock = _Lock()
    try:
        assert lock.take(1.0)
        started = time.monotonic()
        assert not lock.take(0.2)  # nobody gave it back: refused after the timeout
        assert 0.15 < time.monotonic() - started < 2
        lock.give()
        assert lock.take(0.1)
    finally:
        lock.close()


def test_a_turn_given_back_in_another_process_is_taken_here():
    lock = _Lock()
    try:
        assert lock.take(1.0)
        pid = os.fork()
        if pid == 0:
            time.sleep(0.2)
            lock.give()
            os._exit(0)
        assert lock.take(5.0)
        os.waitpid(pid, 0)
    finally:
        lock.close()


@needs_de
def test_the_spare_answers_once_loaded():
    speller = Speller(DE)
    speller.start_spare()
    try:
        speller.settle_spare()
        verdicts = speller.check(["Haus", "Hauss"])
        assert verdicts["Haus"].correct and not verdicts["Hauss"].correct
        assert "Haus" in verdicts["Hauss"].suggestions
    finally:
        speller.stop_spare()


@needs_de
def test_without_a_turn_a_hunspell_of_its_own_answers(monkeypatch):
    speller = Speller(DE)
    speller.start_spare()
    try:
        speller.settle_spare()
        assert speller._pipe._spare_lock.take(1.0)  # another worker holds the turn, forever
        monkeypatch.setattr(hunspell, "LOCK_WAIT", 0.2)
        verdicts = speller.check(["Haus", "Hauss"])
        assert verdicts["Haus"].correct and not verdicts["Hauss"].correct
        assert speller._pipe._process is not None and speller._pipe._lock is None
    finally:
        speller.stop_spare()
        if speller._pipe._process is not None:
            hunspell._stop(speller._pipe._process)
