"""Map a function over many files in forked worker processes, results in input order.

`pipeline check` reads and checks each PO file on its own, so with many files and more
than one core the files are shared among forked workers (a fork after the imports and
the glossary are loaded costs a few milliseconds). Results come back in input order,
so a report is identical to a sequential run's. A file that fails in a worker is run
again in this process, so the error raised is exactly the sequential one.
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


def map_files(job: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """`[job(item) for item in items]`, in forked workers when that is worth it."""
    workers = _workers(len(items))
    if workers < 2:
        return [job(item) for item in items]
    global _job, _items
    _job, _items = job, items
    # What exists now (imports, the glossary, its matcher) is shared with the workers
    # as is: frozen, the collector never walks it there nor copies its pages.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            chunk = max(1, len(items) // (workers * 4))
            outcomes = pool.map(_run, range(len(items)), chunksize=chunk)
    finally:
        gc.unfreeze()
        _job, _items = None, ()
    # A failure is raised here, by the first failing item in input order, as a
    # sequential run raises it.
    return [result if ok else job(item)
            for item, (ok, result) in zip(items, outcomes, strict=True)]


def _workers(count: int) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_WORKERS, count // MIN_FILES_PER_WORKER))


def _run(index: int) -> tuple[bool, Any]:
    try:
        return True, _job(_items[index])
    except Exception:  # noqa: BLE001 - the parent runs this item again and raises
        return False, None
