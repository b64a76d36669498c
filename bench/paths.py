"""The three ways to translate the same releases, each a callable returning its seconds.

A  argostranslate's own `translate()`, once per release and language, default settings
   except: its sentence splitter is replaced by the pipeline's splits (its own one
   downloads a model, which fails offline, and equal splits make the work equal), its
   beam is set to the pipeline's, and its CTranslate2 calls decode exactly N tokens.
B  `pipeline translate` in-process (TranslateJob): reading, segmentation, merge,
   glossary hints, protection, MT, PO + XLIFF writing, under the locale lock.
C  one bare `Translator.translate_batch` over the token lists B sent: the floor.

Models are loaded before timing on every path (argostranslate keeps its Translator,
the pipeline its per-process model cache), so no path pays a load the others skip.
Every CTranslate2 call goes through `Counting`, which asserts the decoding length
and records what was sent, so the token counts of the paths can be compared.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Settings
from pipeline.engines.base import EngineSettings
from pipeline.executors import ExecutorOptions
from pipeline.executors.local import LocalExecutor
from pipeline.translate import LanguageResult, TranslateJob, TranslateOptions

# The random model may emit byte pieces that decode to control characters, which no real
# model produces and which XML cannot hold (the XLIFF writer refuses them). Every path
# suppresses the same pieces, so the work stays equal.
CONTROL_PIECES = [[f"<0x{byte:02X}>"] for byte in (*range(0x20), 0x7F)]


class BenchError(Exception):
    """The paths did not do the same work: the figures would be meaningless."""


@dataclass
class Decoded:
    """Source token lists sent and target tokens produced through one translator."""

    sources: list[tuple[str, ...]] = field(default_factory=list)
    tokens: int = 0
    lengths: set[int] = field(default_factory=set)

    def add(self, result) -> None:
        length = len(result.hypotheses[0])
        self.tokens += length
        self.lengths.add(length)

    def reset(self) -> None:
        self.sources.clear()
        self.tokens = 0
        self.lengths.clear()


class Counting:
    """Stands in for a ctranslate2.Translator: fixes the decoding length, counts tokens."""

    def __init__(self, translator, length: int):
        self.inner = translator
        self.length = length
        self.decoded = Decoded()

    @property
    def compute_type(self) -> str:
        return self.inner.compute_type

    def translate_batch(self, source, **kwargs):
        kwargs.update(min_decoding_length=self.length, max_decoding_length=self.length,
                      suppress_sequences=CONTROL_PIECES)
        self.decoded.sources.extend(tuple(tokens) for tokens in source)
        results = self.inner.translate_batch(source, **kwargs)
        if kwargs.get("asynchronous"):
            return [_Pending(job, self.decoded) for job in results]
        for result in results:
            self.decoded.add(result)
        return results


class _Pending:
    def __init__(self, job, decoded: Decoded):
        self.job = job
        self.decoded = decoded

    def done(self) -> bool:
        return self.job.done()

    def result(self):
        result = self.job.result()
        self.decoded.add(result)
        return result


# -- A: argostranslate ---------------------------------------------------------------
class InjectedSplits:
    """argostranslate's sentence splitter interface, answering with the pipeline's splits."""

    def __init__(self, splits: dict[str, list[str]]):
        self.splits = splits

    def split_sentences(self, text: str) -> list[str]:
        key = text.strip()
        if not key:
            return []
        if key not in self.splits:
            raise BenchError(f"argostranslate was given a paragraph the pipeline did not "
                             f"segment: {key[:60]!r}")
        return list(self.splits[key])


@dataclass
class ArgosPath:
    """argostranslate.translate.translate() over every release, per language."""

    texts: list[str]  # the raw release files
    languages: tuple[str, ...]
    counters: dict[str, Counting] = field(default_factory=dict)
    _translations: dict = field(default_factory=dict)

    def setup(self, packages: Path, splits: dict[str, list[str]], beam: int, length: int):
        import ctranslate2
        from argostranslate import settings
        from argostranslate import translate as argos

        settings.package_data_dir = packages
        settings.package_dirs = [packages]
        settings.beam_size = beam  # equal beam; everything else stays argostranslate's default
        argos.get_installed_languages.cache_clear()
        argos.installed_translates.clear()
        for lang in self.languages:
            cached = argos.get_translation_from_codes("en", lang)
            inner = cached.underlying  # PackageTranslation: the sentencizer and translator
            inner.sentencizer = InjectedSplits(splits)
            # Built exactly as PackageTranslation.hypotheses() builds it on first use.
            translator = ctranslate2.Translator(
                str(inner.pkg.package_path / "model"), device=settings.device,
                inter_threads=settings.inter_threads, intra_threads=settings.intra_threads,
                compute_type=settings.compute_type)
            inner.translator = self.counters[lang] = Counting(translator, length)
            self._translations[lang] = cached

    def __call__(self) -> float:
        from argostranslate import translate as argos

        for translation in self._translations.values():
            translation.cache = {}  # argostranslate's paragraph cache starts cold each run
        started = time.perf_counter()
        for lang in self.languages:
            for text in self.texts:
                argos.translate(text, "en", lang)
        return time.perf_counter() - started


# -- B: the pipeline ----------------------------------------------------------------------
class CountingExecutor(LocalExecutor):
    """The local executor, with every decode forced to the bench length and counted, and
    the models kept loaded from one run to the next (as the other paths keep theirs)."""

    def __init__(self, length: int, counters: dict[str, Counting]):
        super().__init__(ExecutorOptions(keep_models=16))
        self.length = length
        self.counters = counters

    def engine(self, name: str, settings: EngineSettings):
        from pipeline.engines.argos import ArgosEngine

        executor = self

        class _Counted(ArgosEngine):
            def load(self) -> None:
                super().load()
                counting = executor.counters.get(self.settings.target)
                if counting is None or counting.inner is not self._translator:
                    counting = Counting(self._translator, executor.length)
                    executor.counters[self.settings.target] = counting
                self._translator = counting

        return _Counted(settings, self.cache)


@dataclass
class PipelinePath:
    settings: Settings
    options: TranslateOptions
    length: int
    counters: dict[str, Counting] = field(default_factory=dict)
    results: list[LanguageResult] = field(default_factory=list)
    executor: CountingExecutor | None = None

    def __post_init__(self) -> None:
        self.executor = CountingExecutor(self.length, self.counters)

    @property
    def locales(self) -> Path:
        return self.settings.path(self.settings.locales)

    def cold(self) -> float:
        """A first run: no catalogs yet, every segment goes to the engine."""
        shutil.rmtree(self.locales, ignore_errors=True)
        return self._run()

    def rerun(self) -> float:
        """The same run again with nothing changed: nothing may reach the engine."""
        seconds = self._run()
        sent = sum(result.sent_to_engine for result in self.results)
        if sent:
            raise BenchError(f"the re-run with nothing changed sent {sent} segments to MT")
        return seconds

    def rerun_cli(self) -> float:
        """The re-run as a user makes it: a new `pipeline translate` process (start-up,
        imports, model loads). Nothing may reach the engine here either."""
        command = [sys.executable, "-m", "pipeline", "translate", "--quiet", "--no-install",
                   "--beam-size", str(self.options.beam_size),
                   "--lang", ",".join(lang.tag for lang in self.options.languages)]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=self.settings.root, capture_output=True, text=True,
                              check=False)
        seconds = time.perf_counter() - started
        sent = re.findall(r"\((\d+) unique sent to the engine\)", done.stdout)
        if done.returncode != 0 or len(sent) != len(self.options.languages) or any(
                count != "0" for count in sent):
            raise BenchError(f"the CLI re-run with nothing changed did not skip MT "
                             f"(exit {done.returncode}): {done.stdout[-300:]}{done.stderr[-300:]}")
        return seconds

    def _run(self) -> float:
        job = TranslateJob(self.settings, self.options, echo=lambda _line: None,
                           executor=self.executor)
        started = time.perf_counter()
        self.results = job.run()
        return time.perf_counter() - started


# -- C: the floor ---------------------------------------------------------------------------
@dataclass
class FloorPath:
    """Bare translate_batch over exactly the token lists B sent, on B's translators."""

    pipeline: PipelinePath
    beam: int
    batch: int
    sources: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    decoded: Decoded = field(default_factory=Decoded)

    def capture(self) -> None:
        """Take the token lists B sent in its last cold run."""
        self.sources = {lang: list(c.decoded.sources) for lang, c in self.pipeline.counters.items()}

    def __call__(self) -> float:
        self.decoded.reset()
        total = 0.0
        for lang, sources in self.sources.items():
            translator = self.pipeline.counters[lang].inner
            batch = [list(tokens) for tokens in sources]
            started = time.perf_counter()
            results = translator.translate_batch(
                batch, max_batch_size=self.batch, beam_size=self.beam,
                min_decoding_length=self.pipeline.length,
                max_decoding_length=self.pipeline.length, replace_unknowns=True,
                return_scores=True, suppress_sequences=CONTROL_PIECES)
            total += time.perf_counter() - started
            self.decoded.sources.extend(sources)
            for result in results:
                self.decoded.add(result)
        return total

