"""The engine base class, after sacrebleu's metrics: the public `translate()` does the
shared work (deduplication, batching, progress, signature); an engine implements
only `load()` and `_translate_batch()`.

Engines are registered by name in pipeline/engines/__init__.py and imported lazily,
so commands that do not translate never import argostranslate, ctranslate2 or torch.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Translation:
    text: str
    # Length-normalised log-probability from the engine, None when it gives none.
    score: float | None = None

    @property
    def confidence(self) -> float | None:
        """exp(score) in 0..1: the geometric mean token probability."""
        import math

        return None if self.score is None else math.exp(self.score)


@dataclass(frozen=True)
class EngineSettings:
    source: str = "en"
    target: str = "de"
    beam_size: int = 2
    threads: int = 0  # 0: CTranslate2 decides
    device: str = "cpu"
    compute_type: str = "int8"
    max_batch_size: int = 32
    extra: dict = field(default_factory=dict)


class Engine(ABC):
    name: str = "base"

    def __init__(self, settings: EngineSettings):
        self.settings = settings
        self._loaded = False

    # -- hooks -----------------------------------------------------------
    @abstractmethod
    def load(self) -> None:
        """Load models once; raise ModelError with the exact fix when one is missing."""

    @abstractmethod
    def _translate_batch(self, texts: list[str]) -> list[Translation]:
        """Translate texts (already deduplicated, placeholders in them) in one go."""

    @property
    def model_version(self) -> str:
        return "-"

    # -- shared work ----------------------------------------------------------
    def translate(self, texts: Sequence[str], progress: bool = False) -> list[Translation]:
        if not self._loaded:
            self.load()
            self._loaded = True
        unique = list(dict.fromkeys(texts))
        results = dict(zip(unique, self._run(unique, progress), strict=True))
        return [results[text] for text in texts]

    def _run(self, unique: list[str], progress: bool) -> list[Translation]:
        if not unique:
            return []
        return self._translate_batch(unique)

    @property
    def signature(self) -> str:
        s = self.settings
        return (f"{self.name}:{self.model_version}|{s.source}-{s.target}|beam:{s.beam_size}"
                f"|{s.compute_type}|{s.device}")
