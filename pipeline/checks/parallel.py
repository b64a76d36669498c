"""Map a function over many files in forked worker processes, results in input order.

`pipeline check` reads and checks each PO file on its own, so with many files and more
than one core the files are shared among forked workers: worker k takes items k, k + n,
k + 2n... (the files are sorted by path, so sizes mix) and sends each result back
pickled through its own pipe. Plain `os.fork` and pipes, not multiprocessing.Pool: the
pool's imports, threads and queues were a tenth of a 50-file check. Results come back
in input order, so a report is identical to a sequential run's. A file that fails in a
worker, or that a crashed worker never sent, is run again in this process, so the error
raised is exactly the sequential one.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import pickle
import select
import signal
from collections.abc import Callable, Sequence
from typing import Any

MIN_FILES_PER_WORKER = 8  # below this, forking costs more than it saves
MAX_WORKERS = 8

_MISSING = object()


def map_files(job: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """`[job(item) for item in items]`, in forked workers when that is worth it."""
    workers = workers_for(len(items))
    if workers < 2:
        return [job(item) for item in items]
    results: list[Any] = [_MISSING] * len(items)
    children: list[int] = []
    # What exists now (imports, the glossary, its matcher) is shared with the workers
    # as is: frozen, the collector never walks it there nor copies its pages.
    gc.freeze()
    try:
        _collect([_fork(job, items, number, workers, children) for number in range(workers)],
                 results)
        _reap(children)
        children.clear()
        # A failure is raised here, by the first failing item in input order, as a
        # sequential run raises it.
        return [job(item) if result is _MISSING else result
                for item, result in zip(items, results, strict=True)]
    finally:
        for pid in children:  # interrupted: no worker outlives the run
            _kill(pid)
        _reap(children)
        gc.unfreeze()


def _fork(job: Callable[[Any], Any], items: Sequence[Any], number: int, workers: int,
          children: list[int]) -> int:
    """Start worker `number`; the read end of the pipe its results come through."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns into the caller's code
        os.close(read_end)
        _work(job, items, number, workers, write_end)
    os.close(write_end)
    children.append(pid)
    return read_end


def _work(job: Callable[[Any], Any], items: Sequence[Any], number: int, workers: int,
          write_end: int) -> None:
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # the parent reports the interrupt
        with os.fdopen(write_end, "wb") as out:
            for index in range(number, len(items), workers):
                try:
                    outcome = (index, True, job(items[index]))
                except Exception:  # noqa: BLE001 - the parent runs this item again and raises
                    outcome = (index, False, None)
                pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 - a worker must never unwind into the parent's code
        status = 1
    finally:
        os._exit(status)


def _collect(pipes: list[int], results: list[Any]) -> None:
    """Every result the workers sent, read from all pipes at once (a worker blocks when
    its pipe is full), until each closes; a crashed worker's just ends early."""
    received = {pipe: bytearray() for pipe in pipes}
    open_pipes = set(pipes)
    try:
        while open_pipes:
            ready, _, _ = select.select(list(open_pipes), [], [])
            for pipe in ready:
                chunk = os.read(pipe, 1 << 16)
                if chunk:
                    received[pipe] += chunk
                else:
                    open_pipes.discard(pipe)
                    os.close(pipe)
    finally:
        for pipe in open_pipes:  # interrupted
            os.close(pipe)
    for data in received.values():
        stream = io.BytesIO(data)
        while True:
            try:
                index, ok, result = pickle.load(stream)
            except (EOFError, ValueError, pickle.UnpicklingError):  # the end, or cut short
                break
            if ok:
                results[index] = result


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _reap(children: list[int]) -> None:
    for pid in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def workers_for(count: int) -> int:
    """How many processes `map_files` uses for `count` items (1: this one alone)."""
    if not hasattr(os, "fork"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_WORKERS, count // MIN_FILES_PER_WORKER))
