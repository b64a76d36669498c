"""The `ray` executor: each language's protected segments go, in batches, to a pool of Ray
workers (pipeline.executors.worker), one per GPU or one per `threads` CPU cores of the
cluster, each loading a language's model once. The driver keeps everything else: it reads,
segments, merges and protects before, and restores, verifies and writes after, under the
same locks and atomic writes as a local run, so the catalogs are the local executor's.

A worker that dies mid-batch is restarted by Ray (up to RESTARTS times) and its batch sent
again (TASK_RETRIES): a batch's result reaches the driver once, so nothing is translated
twice into a catalog, and only that batch is lost time. A driver interrupted mid-run writes
nothing for the languages it had not finished and leaves no worker behind; the next run
resumes as a local one does.

`--ray-address auto|HOST:PORT` joins a running cluster (`ray start --head`); without it a
local Ray instance is started for the run and stopped after it. Workers find models in
their own ARGOS_PACKAGES_DIR, or the driver's when it sets one (FORWARDED).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.engines import create_engine
from pipeline.engines.base import Engine, EngineSettings, Translation
from pipeline.engines.placement import Hardware, Placement
from pipeline.errors import EngineError, InputError, PipelineError
from pipeline.executors.base import Executor, ExecutorOptions
from pipeline.executors.worker import Batch, Loaded, Worker

RESIDENT = 2  # languages translated at once, and models each worker keeps loaded
RESTARTS = 3  # a worker that dies is started again this often
TASK_RETRIES = 3  # a batch whose worker died is sent again this often
IN_FLIGHT = 2  # batches queued per worker, so that none waits on the driver between two
FORWARDED = ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME")


@dataclass
class PoolStats:
    """What the cluster did in this executor's lifetime (the bench and docs/scale.md)."""

    workers: int = 0
    batches: int = 0
    segments: int = 0
    worker_seconds: float = 0.0  # translating, summed over the workers
    wait_seconds: float = 0.0  # the driver blocked on the cluster
    restarts: int = 0  # workers that died and were started again


class RayExecutor(Executor):
    name = "ray"

    def __init__(self, options: ExecutorOptions | None = None):
        super().__init__(options)
        self._ray = _import_ray()
        self._owns = not self._ray.is_initialized()  # a caller's Ray is the caller's to stop
        if self._owns:
            self._connect()
        self._workers: list = []
        self._pids: list[int] = []
        self._lock = threading.Lock()
        self.stats = PoolStats()

    def _connect(self) -> None:
        address = self.options.address
        try:
            self._ray.init(address=address, include_dashboard=False, log_to_driver=False,
                           logging_level=logging.WARNING)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = address or "a new local instance"
            raise InputError(f"cannot start or reach Ray at {where}: {exc}",
                             "--ray-address") from None

    # -- Executor ----------------------------------------------------------------
    def hardware(self, device: str) -> Hardware:
        """One worker's hardware: a GPU node's as it sees it, or `threads` CPU cores."""
        if device != "cpu" and self._ray.cluster_resources().get("GPU", 0) >= 1:
            probe = self._ray.remote(num_gpus=1, num_cpus=0)(_detect)
            return self._ray.get(probe.remote(device))
        return Hardware(cores=max(1, self.options.threads))

    def languages_at_once(self, placement: Placement, languages: int) -> int:
        # The workers are shared by every language; two at once lets one language's driver
        # work (restore, write) overlap the next one's batches.
        return max(1, min(languages, self._resident))

    @property
    def _resident(self) -> int:
        return self.options.at_once or RESIDENT

    def engine(self, name: str, settings: EngineSettings) -> Engine:
        local = create_engine(name, settings)
        if not local.produces_text:
            return local  # nothing would be sent: no worker is started for it
        return _PoolEngine(self, local.name, settings)

    def summary(self) -> str:
        s = self.stats
        if not s.workers:
            return ""
        restarts = (f"{s.restarts} worker restart(s), each batch lost sent again"
                    if s.restarts else "no worker restarts")
        return (f"ray: {s.workers} workers, {s.batches} batches ({s.segments} segments), "
                f"{restarts}")

    def close(self) -> None:
        for worker in self._workers:
            self._ray.kill(worker, no_restart=True)
        self._workers.clear()
        if self._owns and self._ray.is_initialized():
            self._ray.shutdown()

    # -- the pool ------------------------------------------------------------------
    def _pool(self, settings: EngineSettings) -> list:
        with self._lock:
            if not self._workers:
                self._start(settings.device == "cuda")
            return self._workers

    def _start(self, gpu: bool) -> None:
        resources = self._ray.cluster_resources()
        threads = max(1, self.options.threads)
        kind, each = ("GPU", 1) if gpu else ("CPU", threads)
        have = int(resources.get(kind, 0))
        count = self.options.workers or have // each
        if count * each > have or not count:
            # Ray would wait for resources that never come: the run would hang.
            raise InputError(f"{max(count, 1)} worker(s) of {each} {kind} need "
                             f"{max(count, 1) * each} {kind}s; the Ray cluster has {have}",
                             "--workers")
        env = {name: os.environ[name] for name in FORWARDED if name in os.environ}
        actor = self._ray.remote(Worker).options(
            num_cpus=1 if gpu else threads, num_gpus=1 if gpu else 0,
            max_restarts=RESTARTS, max_task_retries=TASK_RETRIES,
            runtime_env={"env_vars": env} if env else None)
        self._workers = [actor.remote(self._resident) for _ in range(max(1, count))]
        self._pids = self._get([worker.pid.remote() for worker in self._workers])
        self.stats.workers = len(self._workers)

    def load(self, name: str, settings: EngineSettings) -> Loaded:
        """Every worker loads the model now: a missing one stops the run before any write."""
        workers = self._pool(settings)
        return self._get([worker.load.remote(name, settings) for worker in workers])[0]

    def sort_keys(self, name: str, settings: EngineSettings,
                  texts: list[str]) -> list[tuple[int, ...]]:
        """The engine's sort keys, computed by the workers (they hold the tokenizer), a
        share of the segments each."""
        workers = self._pool(settings)
        size = max(1, -(-len(texts) // len(workers)))
        parts = [texts[start:start + size] for start in range(0, len(texts), size)]
        keys = self._get([worker.sort_keys.remote(name, settings, part)
                          for worker, part in zip(workers, parts, strict=False)])
        return [key for part in keys for key in part]

    def translate(self, name: str, settings: EngineSettings, texts: list[str],
                  advance: Callable[[int], None]) -> list[Translation]:
        """`texts` (sorted by the engine's sort keys, shortest first) in the engine's own
        calls, over the workers, longest first so that the last to finish are short;
        results in the order of `texts`."""
        workers = self._pool(settings)
        size = settings.call_size  # the local engine's calls: the same batches
        chunks = [texts[start:start + size] for start in range(0, len(texts), size)]
        order = list(range(len(chunks)))[::-1]
        results: list[list[Translation] | None] = [None] * len(chunks)
        pending: dict = {}
        free = [IN_FLIGHT] * len(workers)
        while order or pending:
            for index in sorted(range(len(workers)), key=lambda w: -free[w]):
                while order and free[index]:
                    chunk = order.pop(0)
                    ref = workers[index].translate.remote(name, settings, chunks[chunk])
                    pending[ref] = (chunk, index)
                    free[index] -= 1
            started = time.perf_counter()
            done, _ = self._ray.wait(list(pending), num_returns=1)
            waited = time.perf_counter() - started
            for ref in done:
                chunk, index = pending.pop(ref)
                free[index] += 1
                batch = self._get(ref)
                results[chunk] = batch.translations
                self._count(index, batch, len(chunks[chunk]), waited)
                advance(len(chunks[chunk]))
        return [one for batch in results if batch is not None for one in batch]

    def _count(self, worker: int, batch: Batch, segments: int, waited: float) -> None:
        with self._lock:
            stats = self.stats
            stats.batches += 1
            stats.segments += segments
            stats.worker_seconds += batch.seconds
            stats.wait_seconds += waited
            if batch.pid != self._pids[worker]:
                stats.restarts += 1
                self._pids[worker] = batch.pid

    def _get(self, refs):
        """ray.get, with a worker's PipelineError raised as itself (one line, exit 2)."""
        from ray.exceptions import RayActorError, RayTaskError

        try:
            return self._ray.get(refs)
        except RayTaskError as exc:
            if isinstance(exc.cause, PipelineError):
                raise exc.cause from None
            raise EngineError(f"a Ray worker failed: {exc.cause!r}") from None
        except RayActorError as exc:
            raise EngineError(f"a Ray worker died {RESTARTS + 1} times; giving up "
                              f"({exc.__class__.__name__})") from None


class _PoolEngine(Engine):
    """The driver's stand-in for a language's engine: batches go to the workers; its name,
    settings and signature are the real engine's, so the catalogs are the same bytes."""

    batches_internally = True
    reports_progress = True

    def __init__(self, executor: RayExecutor, name: str, settings: EngineSettings):
        super().__init__(settings)
        self.name = name
        self._executor = executor
        self._info: Loaded | None = None

    def load(self) -> None:
        self._info = self._executor.load(self.name, self.settings)

    @property
    def model_version(self) -> str:
        return self._info.model_version if self._info else "-"

    @property
    def signature(self) -> str:
        return self._info.signature if self._info else super().signature

    def sort_keys(self, texts: list[str]) -> list[tuple[int, ...]]:
        return self._executor.sort_keys(self.name, self.settings, texts)

    def _translate_batch(self, texts: list[str]) -> list[Translation]:
        return self._executor.translate(self.name, self.settings, texts, self._advance)


def _detect(device: str) -> Hardware:
    return Hardware.detect(device)


def _import_ray():
    try:
        import ray
    except ImportError:
        raise InputError("--executor ray needs Ray, which is not installed: pip install "
                         "'press-pipeline[cluster]'", "--executor") from None
    return ray
