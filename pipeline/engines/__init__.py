"""Engines by name. Each factory imports its engine module only when called, so that
importing this package never loads argostranslate, ctranslate2 or sentencepiece.

Adding an engine: one module with one Engine subclass, one factory, one line in ENGINES.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.engines.base import Engine, EngineSettings, Translation
from pipeline.errors import InputError, Location

if TYPE_CHECKING:
    from pipeline.language import Language

__all__ = ["ENGINES", "Engine", "EngineSettings", "Translation", "check_engine_name",
           "create_engine", "engine_names", "engine_target"]


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


def engine_target(name: str, source: str, language: Language) -> str:
    """The code `name` is asked to translate into: the most specific of `language`'s
    fallback chain the engine has (an en→de_CH Argos model if installed, else en→de);
    the base language when it has none, so its "missing" message names that."""
    if name == "argos":
        from pipeline.engines import packages

        for one in language.chain:
            for code in dict.fromkeys((one.gettext, one.tag, *ARGOS_CODES.get(one.tag, ()))):
                if packages.find_model(source, code) is not None:
                    return code
        return ARGOS_CODES.get(language.tag, (language.base.tag,))[0]
    return language.base.tag if name == "apertium" else language.tag


# Argos package codes that are not the BCP 47 tag (Traditional Chinese is "zt").
ARGOS_CODES: dict[str, tuple[str, ...]] = {"zh-Hant": ("zt",), "zh-TW": ("zt",),
                                           "zh-HK": ("zt",)}


def engine_names() -> list[str]:
    return list(ENGINES)


def check_engine_name(name: str, where: Location | str | None = None) -> str:
    """`name` when it is a registered engine; else an InputError naming every engine and the
    closest one. Asked before any work, so a typo is named even with nothing to translate."""
    if name in ENGINES:
        return name
    close = difflib.get_close_matches(name, list(ENGINES), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise InputError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}{hint}",
                     where)


def create_engine(name: str, settings: EngineSettings) -> Engine:
    """A new, not yet loaded engine; `engine.load()` or the first translate() loads it."""
    return ENGINES[check_engine_name(name)](settings)
