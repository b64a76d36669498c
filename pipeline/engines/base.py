"""The engine base class, after sacrebleu's metrics: the public `translate()` does the
shared work (deduplication, sorting by length, batching, progress, signature); an
engine implements only `load()` and `_translate_batch()`.

Engines are registered by name in pipeline/engines/__init__.py and imported lazily,
so commands that do not translate never import argostranslate, ctranslate2 or torch.

Segments may hold placeholders such as `⟦1⟧` (U+27E6, a number, U+27E7). Engines
pass them through as well as they can; the protection layer verifies and recovers.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.engines.cache import ModelCache
from pipeline.engines.progress import SILENT, Bar, Progress, reporter
from pipeline.errors import EngineError


@dataclass(frozen=True)
class Translation:
    text: str
    # Length-normalised log-probability from the engine (mean log-probability per
    # token, end token included), None when the engine gives none.
    score: float | None = None

    @property
    def confidence(self) -> float | None:
        """exp(score) in 0..1: the geometric mean token probability."""
        return None if self.score is None else math.exp(self.score)


# A GPU's token budget in segments of a typical press-release sentence, and how many such
# batches one call holds, so that a GPU is never starved between two calls.
TOKENS_PER_SEGMENT = 32
BATCHES_PER_CALL = 4


@dataclass(frozen=True)
class EngineSettings:
    """Everything an engine is told, typed: it travels to a Ray worker as it is."""

    source: str = "en"
    target: str = "de"
    beam_size: int = 2
    intra_threads: int = 0  # threads per translation; 0: CTranslate2 decides
    inter_threads: int = 1  # translations run in parallel (CTranslate2 workers per device)
    device: str = "cpu"  # "cpu" or "cuda" (pipeline.engines.placement resolves "auto")
    device_index: tuple[int, ...] = (0,)  # the GPUs a CUDA translator spreads over
    compute_type: str = "int8"
    max_batch_size: int = 64  # per batch, in the unit of batch_type
    batch_type: str = "examples"  # "examples" (segments) or "tokens" (a GPU's budget)
    length_penalty: float = 1.0
    min_decoding_length: int = 1
    max_decoding_length: int = 256
    suppress_sequences: tuple[tuple[str, ...], ...] = ()  # token sequences never produced
    install_missing: bool = False  # download a missing model: the only network use
    download_progress: bool | None = None  # the download bar: None on a terminal only

    @property
    def call_size(self) -> int:
        """Segments per CTranslate2 call, and per batch sent to a Ray worker: the same
        segments make the same batches wherever they run, so the same numbers (a batch's
        shape changes floating-point sums, and a near tie can flip a beam)."""
        if self.batch_type == "tokens":
            return max(1, self.max_batch_size // TOKENS_PER_SEGMENT * BATCHES_PER_CALL)
        return max(1, self.max_batch_size)


class Engine(ABC):
    name: str = "base"
    # False for an engine that leaves msgstr to people (`none`): nothing is sent to it.
    produces_text: bool = True
    # Engines that batch internally (CTranslate2) take every segment in one call.
    batches_internally: bool = False
    # Engines that call `self._advance(n)` themselves while a batch runs.
    reports_progress: bool = False
    # Where the count of segments done goes (pipeline.engines.progress); pipeline.translate
    # sets it from --quiet. None: a bar on a terminal, nothing elsewhere.
    progress: Progress | None = None

    def __init__(self, settings: EngineSettings, cache: ModelCache | None = None):
        self.settings = settings
        # Where loaded models live and for how long (pipeline.engines.cache): the run's,
        # the bench's or a Ray worker's; an engine of its own otherwise.
        self.cache = cache if cache is not None else ModelCache()
        self._loaded = False
        self._report: Progress = SILENT

    # -- hooks -----------------------------------------------------------
    @abstractmethod
    def load(self) -> None:
        """Load models once; raise ModelError with the exact fix when one is missing."""

    @abstractmethod
    def _translate_batch(self, texts: list[str]) -> list[Translation]:
        """Translate texts (deduplicated, sorted by length, placeholders in them)."""

    @property
    def model_version(self) -> str:
        return "-"

    @property
    def model_bytes(self) -> int:
        """The model's size on disk once located (the placement rule's memory budget)."""
        return 0

    def _settings_signature(self) -> str:
        s = self.settings
        return f"beam:{s.beam_size}|{s.compute_type}|{s.device}"

    def locate(self) -> None:
        """Check that the model exists without loading it (a language whose turn comes
        later); raise ModelError with the fix when it does not. Engines that have no
        model file find out at load."""
        return

    def _unload(self) -> None:
        """Give the loaded model back to the cache (engines that hold one)."""
        return

    # -- shared work ----------------------------------------------------------
    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.load()
            self._loaded = True

    def close(self) -> None:
        """The engine's language is done: its model may go (the cache decides)."""
        if self._loaded:
            self._unload()
            self._loaded = False

    def translate(self, texts: Sequence[str], progress: bool | None = None) -> list[Translation]:
        """Translate `texts` in order. `progress`: False reports nothing, True draws a bar
        even where stderr is no terminal, None reports to `self.progress`."""
        self.ensure_loaded()
        unique = list(dict.fromkeys(texts))
        results = {text: Translation(text) for text in unique if not text.strip()}
        todo = [text for text in unique if text.strip()]
        keys = dict(zip(todo, self.sort_keys(todo), strict=True))
        todo.sort(key=keys.__getitem__)  # stable: equal keys keep their order
        report = self._reporter(progress)
        report.start(len(todo), f"{self.name} {self.settings.source}→{self.settings.target}")
        self._report = report
        try:
            for chunk in self._chunks(todo):
                done = self._translate_batch(chunk)
                if len(done) != len(chunk):
                    raise EngineError(
                        f"{self.name} returned {len(done)} translations for {len(chunk)} segments")
                results.update(zip(chunk, done, strict=True))
                if not self.reports_progress:
                    self._advance(len(chunk))
        finally:
            self._report = SILENT
            report.finish()
        return [results[text] for text in texts]

    def sort_keys(self, texts: list[str]) -> list[tuple[int, ...]]:
        """What segments are sorted by before batching, shortest first, so that a batch holds
        segments of about one length (little padding): characters, or the engine's tokens."""
        return [(len(text),) for text in texts]

    def _chunks(self, texts: list[str]) -> Iterator[list[str]]:
        size = len(texts) if self.batches_internally else max(1, self.settings.max_batch_size)
        for start in range(0, len(texts), max(1, size)):
            yield texts[start:start + size]

    def _reporter(self, progress: bool | None) -> Progress:
        if progress is False:
            return SILENT
        if progress is True:
            return Bar()
        return self.progress if self.progress is not None else reporter(None)

    @property
    def _reporting(self) -> bool:
        """Whether a pass is being reported: an engine need not count what nobody sees."""
        return self._report is not SILENT

    def _advance(self, count: int) -> None:
        self._report.advance(count)

    @property
    def signature(self) -> str:
        s = self.settings
        pair = f"{s.source}-{s.target}"
        return f"{self.name}:{self.model_version}|{pair}|{self._settings_signature()}"
