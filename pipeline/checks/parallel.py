"""Map a function over many files in forked worker processes, results in input order.

`pipeline check` reads and checks each PO file on its own, so with many files and more
than one core the files are shared among forked workers (a fork after the imports and
the glossary are loaded costs a few milliseconds). Results come back in input order,
so a report is identical to a sequential run's. A file that fails in a worker is run
again in this process, so the error raised is exactly the sequential one.

Each worker has a slot, 0 to workers - 1 (this process is slot 0 when nothing is
forked), so that a helper process started for slot k before the fork (a spell checker
loading its dictionary while the glossary loads) is used by that worker alone.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any

MIN_FILES_PER_WORKER = 8  # below this, forking costs more than it saves
MAX_WORKERS = 8

# Set just before forking; the workers inherit them.
_job: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()
_slot: int | None = 0  # this process's slot; None in a worker started again after a crash


def map_files(job: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """`[job(item) for item in items]`, in forked workers when that is worth it."""
    workers = workers_for(len(items))
    if workers < 2:
        return [job(item) for item in items]
    global _job, _items, _slot
    _job, _items = job, items
    mine, _slot = _slot, None  # every slot goes to a worker: none is left for this process
    context = multiprocessing.get_context("fork")
    slots = context.SimpleQueue()
    for number in range(workers):
        slots.put(number)
    # What exists now (imports, the glossary, its matcher) is shared with the workers
    # as is: frozen, the collector never walks it there nor copies its pages.
    gc.freeze()
    try:
        with context.Pool(workers, initializer=_claim, initargs=(slots,)) as pool:
            chunk = max(1, len(items) // (workers * 4))
            outcomes = pool.map(_run, range(len(items)), chunksize=chunk)
        # A failure is raised here, by the first failing item in input order, as a
        # sequential run raises it (still without a slot: the workers' helpers are theirs).
        return [result if ok else job(item)
                for item, (ok, result) in zip(items, outcomes, strict=True)]
    finally:
        gc.unfreeze()
        _job, _items, _slot = None, (), mine


def workers_for(count: int) -> int:
    """How many processes `map_files` uses for `count` items (1: this one alone)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_WORKERS, count // MIN_FILES_PER_WORKER))


def slot() -> int | None:
    """This process's slot: which of the helpers started before the fork are its own."""
    return _slot


def _claim(slots: Any) -> None:
    global _slot
    _slot = None if slots.empty() else slots.get()


def _run(index: int) -> tuple[bool, Any]:
    try:
        return True, _job(_items[index])
    except Exception:  # noqa: BLE001 - the parent runs this item again and raises
        return False, None
