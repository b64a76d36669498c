"""The engines of one `pipeline translate` run: placed by the rule (pipeline.engines.
placement), made by the run's executor (pipeline.executors), loaded before anything is
written, reporting to one progress bar for the whole run, and closed with the run.

The executor is started only when a language has something to translate: a re-run with
nothing new starts no Ray instance and loads no model.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from pipeline.engines.base import Engine, EngineSettings
from pipeline.engines.placement import Asked, Placement, place
from pipeline.engines.progress import SILENT, Progress, Shared, reporter
from pipeline.executors import Executor, ExecutorOptions, create_executor
from pipeline.language import Language
from pipeline.translate_options import TranslateOptions

T = TypeVar("T")


@dataclass(frozen=True)
class Work:
    """A language with segments to translate."""

    language: Language
    segments: int


class RunEngines:
    def __init__(self, options: TranslateOptions, source: str,
                 executor: Executor | None = None,
                 adjust: Callable[[EngineSettings], EngineSettings] | None = None,
                 echo: Callable[[str], None] = print):
        self.options = options
        self.echo = echo
        self.source = source
        # The settings as sent, changed by a caller that decodes differently (the bench's
        # fixed length).
        self._adjust = adjust or (lambda settings: settings)
        self._executor = executor  # a caller's outlives the run; else one for the run
        self._owned = contextlib.ExitStack()
        shown = reporter(options.progress)
        # Nothing shown (--quiet, or a log at None): engines skip counting altogether.
        self.progress: Progress = SILENT if shown is SILENT else Shared(shown)
        self.placement: Placement | None = None
        self.at_once = 1

    def __enter__(self) -> RunEngines:
        return self

    def __exit__(self, *exc_info) -> None:
        if isinstance(self.progress, Shared):
            self.progress.close()
        summary = self._executor.summary() if self._executor is not None else ""
        self._owned.close()  # the run's own executor, its models and workers
        if summary and exc_info[0] is None:
            self.echo(summary)

    @property
    def executor(self) -> Executor:
        if self._executor is None:
            o = self.options
            self._executor = self._owned.enter_context(create_executor(
                o.executor, ExecutorOptions(address=o.ray_address, workers=o.workers,
                                            threads=max(1, o.intra_threads))))
        return self._executor

    def load(self, work: Sequence[Work],
             timed: Callable[[Language], contextlib.AbstractContextManager]
             ) -> dict[Language, Engine]:
        """An engine per language, each model loaded now, so a missing one stops the run
        with nothing written; on a GPU whose memory holds fewer models than there are
        languages, the later ones are only located now and loaded at their turn."""
        if not work:
            return {}
        first = self._engine(work[0].language, None)
        first.locate()
        self.placement = self._place(work, first.model_bytes)
        self.at_once = self.executor.languages_at_once(self.placement, len(work))
        upfront = self.placement.device == "cpu" or self.at_once >= len(work)
        engines = {}
        for one in work:
            engine = engines[one.language] = self._engine(one.language, self.placement)
            with timed(one.language):
                engine.ensure_loaded() if upfront else engine.locate()
        return engines

    def each(self, items: Sequence[T], work: Callable[[T], None]) -> None:
        if self._executor is None:  # nothing to translate: no executor was started
            for item in items:
                work(item)
        else:
            self.executor.each(items, work, self.at_once)

    def _place(self, work: Sequence[Work], model_bytes: int) -> Placement:
        o = self.options
        asked = Asked(device=o.device, compute_type=o.compute_type,
                      inter_threads=o.inter_threads, intra_threads=o.intra_threads,
                      max_batch_size=o.max_batch_size)
        return place(self.executor.hardware(o.device), asked, len(work),
                     max(one.segments for one in work), model_bytes)

    def _engine(self, lang: Language, placement: Placement | None) -> Engine:
        from pipeline.engines import engine_target

        o = self.options
        settings = EngineSettings(
            source=self.source, target=engine_target(o.engine, self.source, lang),
            beam_size=o.beam_size, install_missing=o.install_missing,
            download_progress=o.progress)
        if placement is not None:
            settings = replace(settings, device=placement.device,
                               device_index=placement.device_index,
                               inter_threads=placement.inter_threads,
                               intra_threads=placement.intra_threads,
                               compute_type=placement.compute_type,
                               batch_type=placement.batch_type,
                               max_batch_size=placement.max_batch_size)
        engine = self.executor.engine(o.engine, self._adjust(settings))
        engine.progress = self.progress
        return engine
