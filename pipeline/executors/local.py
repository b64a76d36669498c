"""The default executor: every engine runs in this process, on this machine."""

from __future__ import annotations

from pipeline.engines import create_engine
from pipeline.engines.base import Engine, EngineSettings
from pipeline.engines.cache import ModelCache
from pipeline.engines.placement import Hardware
from pipeline.executors.base import Executor, ExecutorOptions


class LocalExecutor(Executor):
    name = "local"

    def __init__(self, options: ExecutorOptions | None = None):
        super().__init__(options)
        self.cache = ModelCache(keep=self.options.keep_models)

    def hardware(self, device: str) -> Hardware:
        return Hardware.detect(device)

    def engine(self, name: str, settings: EngineSettings) -> Engine:
        return create_engine(name, settings, self.cache)

    def close(self) -> None:
        self.cache.clear()
