"""Engines by name. Each factory imports its engine module only when called, so that
importing this package never loads argostranslate, ctranslate2 or sentencepiece.

Adding an engine: one module with one Engine subclass, one factory, one line in ENGINES
(with the function that names its target language code, when that is not the tag).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.engines.base import Engine, EngineSettings, Translation
from pipeline.engines.cache import ModelCache
from pipeline.errors import Location, check_choice

if TYPE_CHECKING:
    from pipeline.language import Language

__all__ = ["ENGINES", "Engine", "EngineSettings", "Translation", "check_engine_name",
           "create_engine", "engine_names", "engine_target"]


def _argos(settings: EngineSettings, cache: ModelCache | None) -> Engine:
    from pipeline.engines.argos import ArgosEngine

    return ArgosEngine(settings, cache)


def _apertium(settings: EngineSettings, cache: ModelCache | None) -> Engine:
    from pipeline.engines.apertium import ApertiumEngine

    return ApertiumEngine(settings, cache)


def _none(settings: EngineSettings, cache: ModelCache | None) -> Engine:
    from pipeline.engines.none import NoneEngine

    return NoneEngine(settings, cache)


def _argos_target(source: str, language: Language) -> str:
    """The most specific of `language`'s fallback chain with an installed model (an
    en→de_CH Argos model if installed, else en→de); the base language when it has none,
    so its "missing" message names that."""
    from pipeline.engines import packages

    for one in language.chain:
        for code in dict.fromkeys((one.gettext, one.tag, *ARGOS_CODES.get(one.tag, ()))):
            if packages.find_model(source, code) is not None:
                return code
    return ARGOS_CODES.get(language.tag, (language.base.tag,))[0]


@dataclass(frozen=True)
class EngineKind:
    """One registered engine: how to make it, and the code it is asked to translate into."""

    create: Callable[[EngineSettings, ModelCache | None], Engine]
    target: Callable[[str, Language], str] = lambda _source, language: language.tag


ENGINES: dict[str, EngineKind] = {
    "argos": EngineKind(_argos, _argos_target),
    "apertium": EngineKind(_apertium, lambda _source, language: language.base.tag),
    "none": EngineKind(_none),
}


def engine_target(name: str, source: str, language: Language) -> str:
    """The code engine `name` is asked to translate `language` into."""
    return ENGINES[check_engine_name(name)].target(source, language)


# Argos package codes that are not the BCP 47 tag (Traditional Chinese is "zt").
ARGOS_CODES: dict[str, tuple[str, ...]] = {"zh-Hant": ("zt",), "zh-TW": ("zt",),
                                           "zh-HK": ("zt",)}


def engine_names() -> list[str]:
    return list(ENGINES)


def check_engine_name(name: str, where: Location | str | None = None) -> str:
    """`name` when it is a registered engine; else an InputError naming every engine and the
    closest one. Asked before any work, so a typo is named even with nothing to translate."""
    return check_choice("engine", name, ENGINES, where)


def create_engine(name: str, settings: EngineSettings, cache: ModelCache | None = None) -> Engine:
    """A new, not yet loaded engine; `engine.load()` or the first translate() loads it.
    `cache`: where its model lives and for how long (pipeline.engines.cache)."""
    return ENGINES[check_engine_name(name)].create(settings, cache)
