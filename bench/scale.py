"""The scale section: the Ray executor against the in-process one on the same cores, and
what the driver itself costs per segment.

L  `pipeline translate` in-process (TranslateJob, local executor), N CTranslate2 workers of
   1 thread (`inter_threads` N) on the machine's N cores.
R  the same job with the `ray` executor: a local Ray of N CPUs, N workers of 1 thread
   each. Languages two at a time (the executor's default); R1 the same one at a time.

Every path decodes exactly `tokens` tokens per segment (the same min = max decoding length
and suppressed control pieces as path B, sent in the engine settings, which is how they
reach a Ray worker) on fresh locales, with models loaded and workers started before timing.
The bench asserts that every path wrote byte-identical catalogs, so they did the same work.

The driver's own cost is the CPU time of the driver process during R (reading,
segmentation, merge, protection, serialisation, restore, rendering and writing; Ray's
client threads too); the MT time is the workers' translating time, summed.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bench.paths import CONTROL_PIECES, BenchError
from bench.report import Figure, interleave, ratio, share
from pipeline.engines.base import EngineSettings

if TYPE_CHECKING:
    from bench.run import Config

_DATES = re.compile(rb'^"(?:PO-Revision-Date|POT-Creation-Date): [^"]*"\n', re.MULTILINE)
_PO_DIGEST = re.compile(rb'build-num="press-pipeline:[0-9a-f]+"')


@dataclass
class _Path:
    """One executor's cold run over fresh locales; the seconds it took."""

    name: str
    project: Path
    options: object  # TranslateOptions
    executor: object  # Executor, kept for every repetition (models, workers)
    length: int
    at_once: int = 0  # languages at once for this path (R1 shares R's workers)
    cpu: list[float] = field(default_factory=list)  # the driver process's CPU seconds
    segments: int = 0  # sent to the workers (Ray), over the timed runs
    worker_seconds: float = 0.0
    catalogs: dict[str, bytes] | None = None

    def __call__(self) -> float:
        from pipeline.config import load_settings
        from pipeline.translate import TranslateJob

        locales = self.project / "locales"
        shutil.rmtree(locales, ignore_errors=True)
        job = TranslateJob(load_settings(self.project), self.options, echo=lambda _: None,
                           executor=self.executor)
        job.adjust_engine_settings = self._fixed
        shared = self.executor.options
        self.executor.options = replace(shared, at_once=self.at_once or shared.at_once)
        stats = replace(self.executor.stats) if hasattr(self.executor, "stats") else None
        cpu, started = time.process_time(), time.perf_counter()
        try:
            job.run()
        finally:
            self.executor.options = shared
        seconds = time.perf_counter() - started
        self.cpu.append(time.process_time() - cpu)
        if stats is not None:
            self.segments += self.executor.stats.segments - stats.segments
            self.worker_seconds += self.executor.stats.worker_seconds - stats.worker_seconds
        self.catalogs = _catalogs(locales)
        return seconds

    def reset(self) -> None:
        self.cpu.clear()
        self.segments, self.worker_seconds = 0, 0.0

    def _fixed(self, settings: EngineSettings) -> EngineSettings:
        return replace(settings, min_decoding_length=self.length,
                       max_decoding_length=self.length,
                       suppress_sequences=tuple(tuple(piece) for piece in CONTROL_PIECES))


def scale_bench(config: Config, project: Path, echo: Callable[[str], None]) -> dict:
    name = "Ray executor / in-process, same cores (throughput)"
    try:
        import ray
    except ImportError:
        return {"figures": [Figure(name, float("nan"), note="ray is not installed "
                                   "(the cluster extra): skipped")], "seconds": {}}
    from pipeline.executors import ExecutorOptions, create_executor
    from pipeline.translate import TranslateOptions

    cores = len(os.sched_getaffinity(0))
    ray.init(num_cpus=cores, include_dashboard=False, log_to_driver=False,
             logging_level=logging.WARNING)
    try:
        base = TranslateOptions(languages=config.languages, engine="argos",
                                beam_size=config.beam, max_batch_size=config.batch,
                                inter_threads=cores, intra_threads=1, progress=False)
        remote = replace(base, executor="ray", inter_threads=0)
        ray_executor = create_executor("ray", ExecutorOptions(workers=cores, threads=1))
        paths = {
            "L": _Path("L", project, base, create_executor(
                "local", ExecutorOptions(keep_models=16)), config.tokens),
            "R": _Path("R", project, remote, ray_executor, config.tokens),
            "R1": _Path("R1", project, remote, ray_executor, config.tokens, at_once=1),
        }
        for path in paths.values():
            path()  # warm-up: models loaded, workers started and holding them
            path.reset()
        _same(paths)
        times = interleave(paths, config.reps, after_each=lambda _rep: _same(paths), echo=echo)
        restarts = ray_executor.stats.restarts
        for path in paths.values():
            path.executor.close()
    finally:
        ray.shutdown()
    return _figures(config, cores, times, paths, restarts, name)


def _figures(config: Config, cores: int, times: dict[str, list[float]],
             paths: dict[str, _Path], restarts: int, name: str) -> dict:
    ray_path = paths["R"]
    segments, worker = ray_path.segments, ray_path.worker_seconds
    driver = sum(ray_path.cpu)
    throughput = ratio(name, times["L"], times["R"], at_least=0.9,
                       note=f"L: local, {cores} CTranslate2 workers x 1 thread; R: ray, "
                            f"{cores} workers x 1 thread, 2 languages at once")
    in_turn = ratio("Ray executor / in-process, languages in turn", times["L"], times["R1"],
                    note="R1: as R, one language at a time, as L")
    cost = Figure("driver CPU per segment / worker MT time per segment", driver / worker,
                  unit="%", note=f"{driver / segments * 1000:.2f} ms driver CPU and "
                                 f"{worker / segments * 1000:.1f} ms MT per segment "
                                 f"({segments // config.reps} segments, {config.tokens} "
                                 "tokens each)")
    wall = sum(times["R"])
    throughput.explanation = (
        f"the driver's CPU is {share(driver, wall)} of R's wall time; the workers translate "
        f"{share(worker, cores * wall)} of the time they are there for")
    return {"figures": [throughput, in_turn, cost], "seconds": times,
            "driver_cpu": {key: path.cpu for key, path in paths.items()},
            "ray": {"segments": segments, "worker_seconds": worker,
                    "driver_cpu_seconds": driver,
                    "tokens_per_second_per_worker": segments * config.tokens / worker,
                    "driver_ms_per_segment": driver / segments * 1000,
                    "mt_ms_per_segment_per_worker": worker / segments * 1000,
                    "restarts": restarts}}


def _same(paths: dict[str, _Path]) -> None:
    expected = paths["L"].catalogs
    for key, path in paths.items():
        if path.catalogs != expected:
            differ = sorted(k for k in {*expected, *path.catalogs}
                            if expected.get(k) != path.catalogs.get(k))
            raise BenchError(f"path {key} wrote other catalogs than L: {differ[:3]}")


def _catalogs(locales: Path) -> dict[str, bytes]:
    return {str(p.relative_to(locales)): _PO_DIGEST.sub(b"", _DATES.sub(b"", p.read_bytes()))
            for p in sorted(locales.rglob("*")) if p.suffix in (".po", ".xlf")}
