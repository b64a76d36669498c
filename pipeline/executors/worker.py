"""What a Ray worker runs: a plain class that pipeline.executors.cluster turns into an
actor. It holds the models of the languages it has been sent (a ModelCache keeping the
most recent few), so each language's model is loaded once per worker, and translates one
batch of protected segments at a time. It knows nothing of catalogs: the driver restores,
verifies and writes."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from pipeline.engines import create_engine
from pipeline.engines.base import Engine, EngineSettings, Translation
from pipeline.engines.cache import ModelCache


@dataclass(frozen=True)
class Loaded:
    """A worker's answer to `load`: what the driver's engine stands for."""

    signature: str
    model_version: str
    pid: int


@dataclass(frozen=True)
class Batch:
    """A worker's answer to `translate`: one batch's translations, in order."""

    translations: list[Translation]
    seconds: float  # spent translating, model load included when it happened here
    pid: int  # a new pid for the same worker: it died and was restarted


class Worker:
    def __init__(self, keep: int):
        self.cache = ModelCache(keep=keep)
        self._engines: dict[tuple[str, EngineSettings], Engine] = {}

    def load(self, name: str, settings: EngineSettings) -> Loaded:
        """Load the model now (a missing one fails the run before anything is written)."""
        engine = self._engine(name, settings)
        engine.ensure_loaded()
        try:
            return Loaded(engine.signature, engine.model_version, os.getpid())
        finally:
            engine.close()  # back to the cache, which keeps it for the batches to come

    def translate(self, name: str, settings: EngineSettings, texts: list[str]) -> Batch:
        started = time.perf_counter()
        engine = self._engine(name, settings)
        try:
            translations = engine.translate(texts, progress=False)
        finally:
            engine.close()
        return Batch(translations, time.perf_counter() - started, os.getpid())

    def sort_keys(self, name: str, settings: EngineSettings,
                  texts: list[str]) -> list[tuple[int, ...]]:
        """The engine's sort keys (its token counts), so that the driver orders and cuts
        the segments exactly as the engine would in one process."""
        engine = self._engine(name, settings)
        try:
            return engine.sort_keys(texts)
        finally:
            engine.close()

    def pid(self) -> int:
        return os.getpid()

    def _engine(self, name: str, settings: EngineSettings) -> Engine:
        key = (name, settings)
        engine = self._engines.get(key)
        if engine is None:
            # The model itself lives in the cache: the `keep` most recent languages stay
            # loaded; a restarted worker starts empty and loads again.
            engine = self._engines[key] = create_engine(name, settings, self.cache)
        return engine
