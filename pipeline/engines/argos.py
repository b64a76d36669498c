"""The default engine: an installed Argos package, run directly with CTranslate2.

argostranslate's own `translate()` re-splits text into sentences (its default
splitter downloads a model on first use, so it fails offline) and sends about one
sentence per `translate_batch`. Here the package's CTranslate2 model and
SentencePiece model are loaded once per language and every segment goes through
ONE `translate_batch`, which sorts by length and batches (`max_batch_size`).
"""

from __future__ import annotations

from pipeline.engines import packages
from pipeline.engines.base import Engine, Translation
from pipeline.errors import EngineError, ModelError

# Loaded models per (package folder, device, compute type, threads): one load per language.
_CACHE: dict[tuple, tuple] = {}


class ArgosEngine(Engine):
    name = "argos"
    batches_internally = True
    reports_progress = True

    def __init__(self, settings):
        super().__init__(settings)
        self.model: packages.InstalledModel | None = None
        self._translator = None
        self._tokenizer = None

    @property
    def model_version(self) -> str:
        return self.model.name if self.model else "-"

    def _settings_signature(self) -> str:
        s = self.settings
        return (f"beam:{s.beam_size}|{s.compute_type}|{s.device}"
                f"|lp:{s.length_penalty:g}|maxlen:{s.max_decoding_length}")

    def load(self) -> None:
        if self._translator is not None:
            return
        s = self.settings
        if s.extra.get("install_missing"):
            self.model = packages.ensure_model(s.source, s.target, s.extra.get("progress"))
        else:
            self.model = packages.require_model(s.source, s.target)
        key = (str(self.model.path), self.model.version, s.device, s.compute_type,
               s.threads, s.inter_threads)
        if key not in _CACHE:
            _CACHE[key] = _load(self.model, s)
        self._translator, self._tokenizer = _CACHE[key]
        self._loaded = True

    def _translate_batch(self, texts: list[str]) -> list[Translation]:
        s = self.settings
        tokens = [self._tokenizer.encode(text, out_type=str) for text in texts]
        prefix = self.model.target_prefix
        try:
            pending = self._translator.translate_batch(
                tokens, target_prefix=[[prefix]] * len(tokens) if prefix else None,
                max_batch_size=s.max_batch_size, beam_size=s.beam_size,
                length_penalty=s.length_penalty, min_decoding_length=s.min_decoding_length,
                max_decoding_length=s.max_decoding_length, replace_unknowns=True,
                return_scores=True, asynchronous=True)
            return [self._result(job.result(), prefix) for job in pending]
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"CTranslate2 failed on {self.model.path}: {exc}") from None

    def _result(self, result, prefix: str) -> Translation:
        self._advance(1)
        hypothesis = list(result.hypotheses[0])
        score = normalised_score(result.scores[0], len(hypothesis), self.settings.length_penalty)
        if prefix and hypothesis[:1] == [prefix]:
            hypothesis = hypothesis[1:]
        return Translation(self._tokenizer.decode(hypothesis), score)


def normalised_score(score: float, length: int, length_penalty: float) -> float:
    """Mean log-probability per token (end token included).

    CTranslate2 returns the cumulative log-probability divided by
    (length + 1) ** length_penalty; undo the penalty and divide by the length.
    """
    tokens = length + 1
    return score * tokens ** length_penalty / tokens


def _load(model: packages.InstalledModel, s) -> tuple:
    model_dir = model.path / "model"
    spm_path = model.path / "sentencepiece.model"
    if not spm_path.is_file():
        if (model.path / "bpe.model").is_file():
            raise ModelError("this package uses a BPE tokenizer; only SentencePiece packages are "
                             "supported", str(model.path))
        raise ModelError("the package has no sentencepiece.model; reinstall it", str(model.path))
    if not (model_dir / "model.bin").is_file():
        raise ModelError("the package has no model/model.bin; reinstall it", str(model.path))
    import ctranslate2
    import sentencepiece

    try:
        translator = ctranslate2.Translator(
            str(model_dir), device=s.device, compute_type=s.compute_type,
            inter_threads=max(1, s.inter_threads), intra_threads=max(0, s.threads))
    except (RuntimeError, ValueError) as exc:
        raise ModelError(f"cannot load the CTranslate2 model on {s.device} "
                         f"({s.compute_type}): {exc}", str(model_dir)) from None
    try:
        tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(spm_path))
    except (RuntimeError, OSError) as exc:
        raise ModelError(f"cannot load the SentencePiece model: {exc}", str(spm_path)) from None
    return translator, tokenizer
