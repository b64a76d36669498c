"""The whole benchmark: build the models, write the workload, time, compare, report.

Everything lives in one temporary folder (models, ARGOS_PACKAGES_DIR, argostranslate's
data and cache folders, the bench project); nothing outside it is read or written
except the results file.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import workload
from bench.figures import check_bench, glossary_bench, machine, mt_figures, segmentation_bench
from bench.report import interleave, table
from bench.scale import scale_bench

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Config:
    releases: int = 2
    sentences: int = 100  # per release, title and boilerplate included
    languages: tuple[str, ...] = ("de", "fr")
    tokens: int = 16  # every segment decodes exactly this many target tokens
    reps: int = 5
    beam: int = 2  # the pipeline's default; argostranslate's default is 4
    batch: int = 64  # the pipeline's max_batch_size
    small_glossary: int = 100
    large_glossary: int = 10_000
    glossary_passes: int = 20
    po_files: int = 50
    po_entries: int = 80
    long_paragraph_kb: int = 256
    layers: int = 6
    d_model: int = 512
    heads: int = 8
    ffn: int = 2048
    vocab: int = 32_000
    output: Path = ROOT / "bench" / "results.json"
    keep: bool = False  # keep the temporary folder (for inspection)


def run(config: Config, echo: Callable[[str], None] = print) -> dict:
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    try:
        _isolate(work)
        results = _measure(config, work, echo)
    finally:
        if not config.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["elapsed_seconds"] = time.perf_counter() - started
    config.output.parent.mkdir(parents=True, exist_ok=True)
    config.output.write_text(json.dumps(results, indent=2, default=str) + "\n", "utf-8")
    echo(f"\n{results['table']}\n\nwrote {config.output} "
         f"({results['elapsed_seconds']:.0f}s in all)")
    return results


def _isolate(work: Path) -> None:
    """argostranslate reads these at import: point all of them into the bench folder."""
    for name, sub in (("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"),
                      ("XDG_CONFIG_HOME", "config"), ("ARGOS_PACKAGES_DIR", "argos-packages")):
        os.environ[name] = str(work / sub)
        (work / sub).mkdir(parents=True, exist_ok=True)
    os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # never fetched; refused if it were


def _measure(config: Config, work: Path, echo: Callable[[str], None]) -> dict:
    echo(f"building {len(config.languages)} random {config.layers}+{config.layers}-layer "
         f"models (d{config.d_model}, {config.heads} heads, FFN {config.ffn}, "
         f"{config.vocab} vocabulary, int8)...")
    build_seconds = _install_models(config, work)
    project, load = _project(config, work)
    echo(f"workload: {config.releases} releases x {config.sentences} sentences, "
         f"{load.boilerplate} boilerplate sentences shared, languages "
         f"{','.join(config.languages)}; {config.tokens} target tokens per segment, "
         f"beam {config.beam}")
    mt = _MT(config, project, load)
    echo(f"translation paths, {config.reps} interleaved repetitions "
         f"(A, B, C, B re-run, B re-run by CLI, S: segmentation):")
    times = interleave(mt.paths, config.reps, after_each=mt.verify, echo=echo)
    echo("glossary matching, 100 and 10,000 terms:")
    glossary = glossary_bench(config, mt.segments, echo)
    echo(f"pipeline check against msgfmt -c, {config.po_files} PO files:")
    check = check_bench(config, work / "check", echo)
    echo(f"segmentation, one {config.long_paragraph_kb} KB paragraph against the same text "
         "as ordinary paragraphs:")
    paragraphs = segmentation_bench(config, echo)
    echo("scale: the Ray executor (L: in-process, R: Ray, R1: Ray, languages in turn):")
    scale = scale_bench(config, _copy_project(project, work / "scale"), echo)
    figures = mt_figures(config, times, mt) + [glossary["figure"], check["figure"],
                                               paragraphs["figure"], *scale["figures"]]
    return {
        "table": table(figures),
        "figures": [figure.as_json() for figure in figures],
        "config": {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(config).items()},
        "machine": machine(),
        "workload": {"releases": config.releases, "sentences_per_release": config.sentences,
                     "distinct_sentences": load.sentences, "boilerplate": load.boilerplate,
                     "segments_per_language": mt.segments_per_language},
        "tokens": mt.tokens,
        "compute_types": mt.compute_types,
        "model_build_seconds": build_seconds,
        "seconds": {**times, **glossary["seconds"], **check["seconds"],
                    **paragraphs["seconds"], **scale["seconds"]},
        "scale": {k: v for k, v in scale.items() if k not in ("figures", "seconds")},
        "pipeline_stage_seconds": mt.stages,
        "glossary": {k: v for k, v in glossary.items() if k not in ("seconds", "figure")},
    }


def _install_models(config: Config, work: Path) -> float:
    from bench.fixture import ModelShape, PackageSpec, build_package
    from pipeline.engines import packages

    shape = ModelShape(layers=config.layers, d_model=config.d_model, heads=config.heads,
                       ffn=config.ffn, vocab_size=config.vocab, random=True, fixed_length=True)
    started = time.perf_counter()
    for lang in config.languages:
        archive = build_package(work / "models" / lang, PackageSpec(target=lang, shape=shape))
        packages.install_file(archive)
    return time.perf_counter() - started


def _copy_project(project: Path, folder: Path) -> Path:
    shutil.copytree(project, folder, ignore=shutil.ignore_patterns("locales"))
    return folder


def _project(config: Config, work: Path) -> tuple[Path, workload.Workload]:
    project = work / "project"
    load = workload.write_releases(project / "releases", config.releases, config.sentences)
    # Invented names only: none occurs in the releases, so nothing gets a placeholder the
    # random model would drop (real models keep them; recovery is not what is timed here).
    terms = [t for t in workload.glossary_terms(400, []) if t[0][:1].isupper()][:100]
    (project / "glossary.yaml").write_text(workload.glossary_yaml(terms), "utf-8")
    languages = ", ".join(f'"{lang}"' for lang in config.languages)
    (project / "pyproject.toml").write_text(
        f'[tool.pipeline]\nlanguages = [{languages}]\nglossaries = ["glossary.yaml"]\n'
        'engine = "argos"\n', "utf-8")
    return project, load


class _MT:
    """Paths A, B, B re-run, C and S (segmentation), and the checks that tie them."""

    def __init__(self, config: Config, project: Path, load: workload.Workload):
        from bench.paths import ArgosPath, FloorPath, PipelinePath
        from pipeline.config import load_settings
        from pipeline.translate import TranslateOptions

        self.config = config
        self.releases = load.releases
        self.splits = _splits(load.releases)
        self.segments = list(dict.fromkeys(s for ss in self.splits.values() for s in ss))
        self.pipeline = PipelinePath(
            load_settings(project),
            TranslateOptions(languages=config.languages, engine="argos", beam_size=config.beam,
                             max_batch_size=config.batch, progress=False,
                             install_missing=False),
            config.tokens)
        self.pipeline.cold()  # warm-up: loads B's models, fills C's input
        self.floor = FloorPath(self.pipeline, config.beam, config.batch)
        self.floor.capture()
        self.argos = ArgosPath([p.read_text("utf-8") for p in load.releases], config.languages)
        self.argos.setup(Path(os.environ["ARGOS_PACKAGES_DIR"]), self.splits, config.beam,
                         config.tokens)
        self._warm_argos()
        self.stages: dict[str, list[float]] = {}
        self.rerun_stages: dict[str, list[float]] = {}
        self.tokens: dict[str, int] = {}
        # B next to A and to C, the re-runs next to B: the paired ratios compare neighbours.
        self.paths = {"A": self._a, "B": self._b, "C": self.floor, "B_rerun": self._b_rerun,
                      "B_rerun_cli": self.pipeline.rerun_cli, "S": self._segment}

    @property
    def segments_per_language(self) -> int:
        return len(self.floor.sources[self.config.languages[0]])

    @property
    def compute_types(self) -> dict[str, str]:
        lang = self.config.languages[0]
        return {"A": self.argos.counters[lang].compute_type,
                "B": self.pipeline.counters[lang].compute_type,
                "C": self.pipeline.counters[lang].compute_type}

    def _warm_argos(self) -> None:
        from argostranslate import translate as argos

        first = next(iter(self.splits))
        for lang in self.config.languages:
            argos.translate(first, "en", lang)

    def _a(self) -> float:
        for counting in self.argos.counters.values():
            counting.decoded.reset()
        return self.argos()

    def _b(self) -> float:
        for counting in self.pipeline.counters.values():
            counting.decoded.reset()
        seconds = self.pipeline.cold()
        _collect(self.stages, self.pipeline.results)
        return seconds

    def _b_rerun(self) -> float:
        seconds = self.pipeline.rerun()
        _collect(self.rerun_stages, self.pipeline.results)
        return seconds

    def _segment(self) -> float:
        from pipeline.documents import read_documents
        from pipeline.segmentation import segment_block

        started = time.perf_counter()
        for document in read_documents(self.releases):
            for block in document.blocks:
                segment_block(block)
        return time.perf_counter() - started

    def verify(self, _rep: int) -> None:
        """Equal work on every path: same source token lists, exactly N tokens each."""
        from bench.paths import BenchError

        decoded = {"A": _merged(self.argos.counters), "B": _merged(self.pipeline.counters),
                   "C": self.floor.decoded}
        expected = sorted(decoded["C"].sources)
        for name, one in decoded.items():
            if one.lengths != {self.config.tokens}:
                raise BenchError(f"path {name} decoded lengths {sorted(one.lengths)}, "
                                 f"not exactly {self.config.tokens} tokens per segment")
            if sorted(one.sources) != expected:
                raise BenchError(f"path {name} translated other segments than path C "
                                 f"({len(one.sources)} against {len(expected)})")
        if len(set(self.compute_types.values())) != 1:
            raise BenchError(f"the paths run different compute types: {self.compute_types}")
        self.tokens = {name: one.tokens for name, one in decoded.items()}
        if len(set(self.tokens.values())) != 1:
            raise BenchError(f"token counts differ between paths: {self.tokens}")


def _merged(counters: dict) -> object:
    from bench.paths import Decoded

    total = Decoded()
    for counting in counters.values():
        total.sources.extend(counting.decoded.sources)
        total.tokens += counting.decoded.tokens
        total.lengths |= counting.decoded.lengths
    return total


def _collect(stages: dict[str, list[float]], results) -> None:
    summed: dict[str, float] = {}
    for index, result in enumerate(results):
        for name, seconds in result.timings.items():
            if name == "read" and index:
                continue  # read once for all languages; each result repeats it
            summed[name] = summed.get(name, 0.0) + seconds
    for name, seconds in summed.items():
        stages.setdefault(name, []).append(seconds)


def _splits(releases) -> dict[str, list[str]]:
    """Block text -> the pipeline's sentences: what argostranslate is told to split into."""
    from bench.paths import BenchError
    from pipeline.catalogs.units import normalize
    from pipeline.documents import read_documents
    from pipeline.segmentation import segment_block

    splits: dict[str, list[str]] = {}
    for document in read_documents(releases):
        for block in document.blocks:
            sentences = [normalize(s.text) for s in segment_block(block)]
            if splits.setdefault(block.text.strip(), sentences) != sentences:
                raise BenchError(f"one paragraph, two segmentations: {block.text[:60]!r}")
    return splits
