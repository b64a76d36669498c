"""Engines by name. Each factory imports its engine module only when called, so that
importing this package never loads argostranslate, ctranslate2 or sentencepiece.

Adding an engine: one module with one Engine subclass, one factory, one line in ENGINES.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.engines.base import Engine, EngineSettings, Translation
from pipeline.errors import InputError

__all__ = ["ENGINES", "Engine", "EngineSettings", "Translation", "create_engine", "engine_names"]


def _argos(settings: EngineSettings) -> Engine:
    from pipeline.engines.argos import ArgosEngine

    return ArgosEngine(settings)


def _apertium(settings: EngineSettings) -> Engine:
    from pipeline.engines.apertium import ApertiumEngine

    return ApertiumEngine(settings)


def _none(settings: EngineSettings) -> Engine:
    from pipeline.engines.none import NoneEngine

    return NoneEngine(settings)


ENGINES: dict[str, Callable[[EngineSettings], Engine]] = {
    "argos": _argos,
    "apertium": _apertium,
    "none": _none,
}


def engine_names() -> list[str]:
    return list(ENGINES)


def create_engine(name: str, settings: EngineSettings) -> Engine:
    """A new, not yet loaded engine; `engine.load()` or the first translate() loads it."""
    factory = ENGINES.get(name)
    if factory is None:
        raise InputError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
    return factory(settings)
