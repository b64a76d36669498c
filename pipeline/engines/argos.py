"""The default engine: an installed Argos package, run directly with CTranslate2.

argostranslate's own `translate()` re-splits text into sentences (its default
splitter downloads a model on first use, so it fails offline) and sends about one
sentence per `translate_batch`. Here the package's CTranslate2 model and its
tokenizer are loaded once per language, and the length-sorted segments go to
`translate_batch` in calls of `call_size` segments (a batch each on CPU), all queued at
once on an unbounded queue that CTranslate2's workers take in parallel. The calls are the
same wherever the engine runs (here, or on a Ray worker given the same segments), so the
batches and the numbers are too: a batch's shape changes floating-point sums, and a near
tie can flip a beam. The results finished so far are counted for the progress bar:
CTranslate2 finishes batches in its own order, so waiting on them in input order would
hold the bar at 0 % until nearly the end.

The tokenizer is argostranslate's own, chosen by its `Package` exactly as
argostranslate chooses it: `sentencepiece.model`, else `bpe.model` (OPUS-MT
conversions: Moses tokenisation plus BPE codes). Multilingual packages name a
`target_prefix` token that CTranslate2 must be given as the first target token.
"""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.engines import packages
from pipeline.engines.base import Engine, Translation
from pipeline.errors import EngineError, ModelError


@dataclass(frozen=True)
class _Loaded:
    translator: Any  # ctranslate2.Translator
    tokenizer: Any  # argostranslate.tokenizer.Tokenizer: encode(text) -> tokens
    decode: Callable[[list[str]], str]


# Seconds between two counts of the finished results while a bar is shown.
POLL = 0.05


class ArgosEngine(Engine):
    name = "argos"
    batches_internally = True
    reports_progress = True

    def __init__(self, settings, cache=None):
        super().__init__(settings, cache)
        self.model: packages.InstalledModel | None = None
        self._translator = None
        self._tokenizer = None
        self._decode: Callable[[list[str]], str] | None = None
        self._encoded: dict[str, list[str]] = {}  # tokenized for sorting, used by the batch

    @property
    def model_version(self) -> str:
        return self.model.name if self.model else "-"

    @property
    def model_bytes(self) -> int:
        weights = self.model.path / "model" / "model.bin" if self.model else None
        return weights.stat().st_size if weights is not None and weights.is_file() else 0

    def _settings_signature(self) -> str:
        s = self.settings
        return (f"beam:{s.beam_size}|{s.compute_type}|{s.device}"
                f"|lp:{s.length_penalty:g}|maxlen:{s.max_decoding_length}")

    def locate(self) -> None:
        if self.model is None:
            packages.require_runtime()
            s = self.settings
            self.model = (packages.ensure_model(s.source, s.target, s.download_progress)
                          if s.install_missing else packages.require_model(s.source, s.target))

    def load(self) -> None:
        if self._translator is not None:
            return
        self.locate()
        loaded = self.cache.acquire(self._key, lambda: _load(self.model, self.settings))
        self._translator, self._tokenizer, self._decode = (
            loaded.translator, loaded.tokenizer, loaded.decode)
        self._loaded = True

    @property
    def _key(self) -> tuple:
        """One load per model and way of running it (threads, device, compute type)."""
        s = self.settings
        return (str(self.model.path), self.model.version, s.device, s.device_index,
                s.compute_type, s.intra_threads, s.inter_threads)

    def _unload(self) -> None:
        self._translator = self._tokenizer = self._decode = None
        self._encoded = {}
        self.cache.release(self._key)

    def sort_keys(self, texts: list[str]) -> list[tuple[int, ...]]:
        """Source tokens, then characters: batches of near-equal token counts pad 14 % fewer
        tokens than batches sorted by characters (the bench's releases)."""
        self.ensure_loaded()
        self._encoded = {text: self._tokenizer.encode(text) for text in texts}
        return [(len(self._encoded[text]), len(text)) for text in texts]

    def _translate_batch(self, texts: list[str]) -> list[Translation]:
        s = self.settings
        encoded, self._encoded = self._encoded, {}
        tokens = [encoded.get(text) or self._tokenizer.encode(text) for text in texts]
        prefix = self.model.target_prefix
        size = s.call_size
        try:
            # One call per `call_size` segments, all queued at once (CTranslate2's workers
            # take them in parallel): a Ray worker given the same segments makes the same
            # batches, hence the same numbers.
            pending = [job for start in range(0, len(tokens), size)
                       for job in self._submit(tokens[start:start + size], prefix)]
            self._count_finished(pending)
            return [self._result(job.result(), prefix) for job in pending]
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"CTranslate2 failed on {self.model.path}: {exc}") from None

    def _submit(self, tokens: list[list[str]], prefix: str) -> list:
        s = self.settings
        return self._translator.translate_batch(
            tokens, target_prefix=[[prefix]] * len(tokens) if prefix else None,
            max_batch_size=s.max_batch_size, batch_type=s.batch_type,
            beam_size=s.beam_size, suppress_sequences=_sequences(s),
            length_penalty=s.length_penalty, min_decoding_length=s.min_decoding_length,
            max_decoding_length=s.max_decoding_length, replace_unknowns=True,
            return_scores=True, asynchronous=True)

    def _count_finished(self, pending: list) -> None:
        """Advance the bar as CTranslate2 finishes batches, in whatever order it does."""
        left = pending if self._reporting else []
        while left:
            running = [job for job in left if not job.done()]
            self._advance(len(left) - len(running))
            left = running
            if left:
                time.sleep(POLL)

    def _result(self, result, prefix: str) -> Translation:
        hypothesis = list(result.hypotheses[0])
        score = normalised_score(result.scores[0], len(hypothesis), self.settings.length_penalty)
        if prefix and hypothesis[:1] == [prefix]:
            hypothesis = hypothesis[1:]
        return Translation(self._decode(hypothesis), score)


def normalised_score(score: float, length: int, length_penalty: float) -> float:
    """Mean log-probability per token (end token included).

    CTranslate2 returns the cumulative log-probability divided by
    (length + 1) ** length_penalty; undo the penalty and divide by the length.
    """
    tokens = length + 1
    return score * tokens ** length_penalty / tokens


def _load(model: packages.InstalledModel, s) -> _Loaded:
    model_dir = model.path / "model"
    if not (model_dir / "model.bin").is_file():
        raise ModelError("the package has no model/model.bin; reinstall it", str(model.path))
    tokenizer, decode = _tokenizer(model)
    import ctranslate2

    try:
        # An unbounded queue: with CTranslate2's default (a few batches), the asynchronous
        # translate_batch blocks until all but the last batches are done, bar at 0 %.
        translator = ctranslate2.Translator(
            str(model_dir), device=s.device, device_index=list(s.device_index),
            compute_type=s.compute_type, inter_threads=max(1, s.inter_threads),
            intra_threads=max(0, s.intra_threads),
            max_queued_batches=-1)
    except (RuntimeError, ValueError) as exc:
        raise ModelError(f"cannot load the CTranslate2 model on {s.device} "
                         f"({s.compute_type}): {exc}", str(model_dir)) from None
    return _Loaded(translator, tokenizer, decode)


def _sequences(s) -> list[list[str]] | None:
    return [list(tokens) for tokens in s.suppress_sequences] or None


def _tokenizer(model: packages.InstalledModel) -> tuple[Any, Callable[[list[str]], str]]:
    """argostranslate's tokenizer for the package, loaded now so a bad file fails here."""
    from argostranslate.package import Package
    from argostranslate.tokenizer import BPETokenizer, SentencePieceTokenizer

    tokenizer = getattr(Package(model.path), "tokenizer", None)  # unset when it has neither
    if isinstance(tokenizer, SentencePieceTokenizer):
        path = tokenizer.model_file
        try:
            processor = tokenizer.lazy_processor()
        except (RuntimeError, OSError) as exc:
            raise ModelError(f"cannot load the SentencePiece model: {exc}", str(path)) from None
        # argostranslate's decode() also turns every "_" into a space ("press_kit" ->
        # "press kit"); the pieces alone decode to exactly the text they encode.
        return tokenizer, processor.decode_pieces
    if isinstance(tokenizer, BPETokenizer):
        _load_bpe(tokenizer)
        return tokenizer, tokenizer.decode
    raise ModelError(f"package {model.path.name} has {packages.missing_tokenizer()}; "
                     "reinstall it", str(model.path))


def _load_bpe(tokenizer) -> None:
    path = str(tokenizer.model_file)
    errors = io.StringIO()
    try:
        # argostranslate's BPE reader prints a bad line to stderr and calls sys.exit(1).
        with contextlib.redirect_stderr(errors):
            tokenizer.lazy_load()
    except SystemExit:
        reason = " ".join(errors.getvalue().split())[:200]
        raise ModelError(f"cannot read the BPE codes: {reason}", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(f"cannot read the BPE codes: {exc}", path) from None
    except ImportError as exc:
        raise ModelError(f"BPE packages need sacremoses ({exc}); reinstall the pipeline "
                         "with its dependencies", path) from None
