"""Where a run's machine translation happens: the executor.

The driver (pipeline.translate) reads, segments, merges and protects, and asks its
executor for one engine per language; it then restores, verifies and writes under the
locale locks, whichever executor translated. An executor decides only where an engine's
`translate()` runs (this process, a Ray cluster), what hardware the placement rule
(pipeline.engines.placement) sees, and how long models live (its ModelCache).

Adding an executor: one Executor subclass, one line in pipeline/executors/__init__.py.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from pipeline.engines.base import Engine, EngineSettings
from pipeline.engines.placement import Hardware, Placement

T = TypeVar("T")


@dataclass(frozen=True)
class ExecutorOptions:
    address: str | None = None  # a cluster to join ("auto", "HOST:PORT"); None: start one
    workers: int = 0  # cluster workers; 0: one per GPU, or one per `threads` CPU cores
    threads: int = 1  # CPU threads of each cluster worker
    keep_models: int = 0  # released models kept loaded (a long-lived caller: the bench)
    at_once: int = 0  # languages translated at the same time; 0: the executor's rule


class Executor(ABC):
    name: str = "base"

    def __init__(self, options: ExecutorOptions | None = None):
        self.options = options or ExecutorOptions()

    @abstractmethod
    def hardware(self, device: str) -> Hardware:
        """What the placement rule plans for: this machine, or one of the cluster's workers."""

    @abstractmethod
    def engine(self, name: str, settings: EngineSettings) -> Engine:
        """A not yet loaded engine for one language whose translations run here."""

    def languages_at_once(self, placement: Placement, languages: int) -> int:
        """How many of `languages` to translate at the same time."""
        return max(1, min(languages, self.options.at_once or placement.at_once))

    def each(self, items: Sequence[T], work: Callable[[T], None], at_once: int) -> None:
        """`work(item)` for every item, `at_once` at a time (the languages of a run).
        The first failure is raised once the others have stopped."""
        if at_once <= 1 or len(items) <= 1:
            for item in items:
                work(item)
            return
        pool = ThreadPoolExecutor(max_workers=at_once, thread_name_prefix="language")
        try:
            for future in [pool.submit(work, item) for item in items]:
                future.result()
        except BaseException:
            # A language not started is not started; one under way finishes its writes
            # before the locks it writes under are let go (Ctrl-C included).
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)

    def summary(self) -> str:
        """A line about where the work went, printed after a run (empty: nothing to say)."""
        return ""

    def close(self) -> None:
        """The executor's lifetime is over: its models, and any workers, go."""
        return

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
