"""How far a translation pass has got: engines report it, the command line shows it.

An engine says how many segments a pass has and how many are done as batches finish
(pipeline.engines.base calls `start`, `advance` and `finish`); it never prints. What the
count becomes is the reporter's business: a tqdm bar with an ETA on a terminal, a line
now and then in a log that is no terminal (a CI job), nothing with `--quiet`.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Protocol, TextIO

# A log that is no terminal gets a line at most this often: an hour-long CI run says
# where it is without a line per batch, and a short one says nothing.
LOG_INTERVAL = 60.0


class Progress(Protocol):
    def start(self, total: int, label: str) -> None:
        """A pass of `total` segments begins (`label`: "argos en→de")."""

    def advance(self, count: int) -> None:
        """`count` more segments are done."""

    def extend(self, count: int) -> None:
        """The pass has `count` more segments than it said (another language joined)."""

    def finish(self) -> None:
        """The pass is over, finished or failed."""


class Silent:
    def start(self, total: int, label: str) -> None:
        pass

    def advance(self, count: int) -> None:
        pass

    def extend(self, count: int) -> None:
        pass

    def finish(self) -> None:
        pass


SILENT = Silent()


class Bar:
    """tqdm's bar: the share done, the count, the elapsed time and the ETA. It is cleared
    when the pass ends, so the summary lines that follow stand alone."""

    def __init__(self, stream: TextIO | None = None):
        self._stream = stream
        self._bar = None

    def start(self, total: int, label: str) -> None:
        from tqdm import tqdm

        stream = self._stream or sys.stderr
        # A terminal that reports no size (a bare pseudo-terminal, some CI runners) would
        # have tqdm draw nothing at all: it gets 80 columns and 24 rows.
        sized = _columns(stream) > 0
        self._bar = tqdm(total=total, desc=label, unit="seg", file=stream, leave=False,
                         disable=total == 0, dynamic_ncols=sized,
                         ncols=None if sized else 80, nrows=None if sized else 24)

    def advance(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def extend(self, count: int) -> None:
        if self._bar is not None:
            self._bar.total += count
            self._bar.refresh()

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class Lines:
    """For a log: "argos en→de: 4000/8000 segments (50%), 02:10 left", at most one line
    every `interval` seconds, the first after `interval` seconds."""

    def __init__(self, stream: TextIO | None = None, interval: float = LOG_INTERVAL):
        self._stream = stream
        self.interval = interval
        self._total = self._done = 0
        self._label = ""
        self._started = self._said = 0.0

    def start(self, total: int, label: str) -> None:
        self._total, self._done, self._label = total, 0, label
        self._started = self._said = time.monotonic()

    def advance(self, count: int) -> None:
        self._done += count
        now = time.monotonic()
        if (not count or now - self._said < self.interval
                or not 0 < self._done < self._total):
            return
        self._said = now
        left = (now - self._started) / self._done * (self._total - self._done)
        print(f"{self._label}: {self._done}/{self._total} segments "
              f"({100 * self._done // self._total}%), {_clock(left)} left",
              file=self._stream or sys.stderr, flush=True)

    def extend(self, count: int) -> None:
        self._total += count

    def finish(self) -> None:
        pass


class Shared:
    """One reporter for passes that overlap (languages side by side, batches on a
    cluster's workers): a single bar whose total grows as each pass starts. A pass that
    finishes does not end it; its owner's `close` does, when the whole run is over."""

    def __init__(self, inner: Progress, label: str | None = None):
        self._inner = inner
        self._label = label
        self._open = False
        self._lock = threading.Lock()

    def start(self, total: int, label: str) -> None:
        if total <= 0:
            return
        with self._lock:
            if self._open:
                self._inner.extend(total)
            else:
                self._inner.start(total, self._label or label)
                self._open = True

    def advance(self, count: int) -> None:
        with self._lock:
            self._inner.advance(count)

    def extend(self, count: int) -> None:
        with self._lock:
            self._inner.extend(count)

    def finish(self) -> None:
        pass

    def close(self) -> None:
        with self._lock:
            if self._open:
                self._inner.finish()
                self._open = False


def _clock(seconds: float) -> str:
    from tqdm import tqdm

    return tqdm.format_interval(seconds)


def reporter(show: bool | None, stream: TextIO | None = None) -> Progress:
    """The reporter for a run: False (`--quiet`) nothing; True a bar on a terminal and
    sparse lines elsewhere; None a bar on a terminal and nothing elsewhere."""
    if show is False:
        return SILENT
    if _is_terminal(stream or sys.stderr):
        return Bar(stream)
    return Lines(stream) if show else SILENT


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):  # no file descriptor, or no terminal
        return 0


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
