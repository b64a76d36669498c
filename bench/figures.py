"""The figures: ratios from the timed repetitions, and what dominates where one misses."""

from __future__ import annotations

import os
import platform
import shutil
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from bench import workload
from bench.micro import (
    CheckProject,
    Matching,
    Paragraphs,
    every_check,
    make_glossary,
    msgfmt_available,
    off_by_default,
)
from bench.report import Figure, interleave, median, ratio, share

if TYPE_CHECKING:
    from bench.run import _MT, Config


def mt_figures(config: Config, times: dict[str, list[float]], mt: _MT) -> list[Figure]:
    b = median(times["B"])
    speed = ratio("B/A speed at equal beam", times["A"], times["B"], at_least=3.5, goal=4,
                  note=f"beam {config.beam} on both; product goal 4")
    floor = ratio("B/C wall time", times["B"], times["C"], at_most=1.10,
                  note="C: bare translate_batch over the token lists B sent")
    rerun = ratio("re-run unchanged / cold run", times["B_rerun"], times["B"], at_most=0.02,
                  note="in-process, as B; 0 segments sent to MT (asserted)")
    cli = ratio("re-run by CLI / cold run (in-process)", times["B_rerun_cli"], times["B"],
                note="a new process: start-up, imports, model loads; 0 sent to MT (asserted)")
    segmentation = Figure(
        "segmentation per release / B per release", median(times["S"]) / b, unit="%",
        note=f"{median(times['S']) / config.releases * 1000:.1f} ms to read and segment "
             f"a release of {config.sentences} sentences")
    upper = median(times["A"]) / median(times["C"])
    bound = ("so no pipeline could reach 4 here" if upper < 4 else
             "so the rest of the gap is B's overhead over the floor")
    speed.explanation = (
        f"the bare CTranslate2 floor C is {upper:.2f}x faster than A on this machine, {bound}: "
        f"A sends about one sentence per translate_batch (argostranslate batches by 32 "
        f"tokens) and batching {config.batch} sentences buys {upper:.2f}x on "
        f"{os.cpu_count()} cores; B's own stages: {_stages(mt.stages, b)}")
    floor.explanation = (f"B spends {share(b - median(times['C']), b)} of its time outside "
                         f"the bare decode: {_stages(mt.stages, b)}")
    again = median(times["B_rerun"])
    rerun.explanation = (
        "a re-run reads every catalog, checks each release's digest (unchanged releases "
        "are not segmented again, unchanged files not rewritten) and merges: "
        f"{_stages(mt.rerun_stages, again)}")
    return [speed, floor, rerun, cli, segmentation]


def _stages(stages: dict[str, list[float]], whole: float) -> str:
    ranked = sorted(((median(v), name) for name, v in stages.items()), reverse=True)
    return ", ".join(f"{name} {share(seconds, whole)}" for seconds, name in ranked)


def glossary_bench(config: Config, segments: list[str], echo: Callable[[str], None]) -> dict:
    terms = workload.glossary_terms(config.large_glossary, segments)
    small = Matching(make_glossary(terms[:config.small_glossary]), segments,
                     config.glossary_passes)
    large = Matching(make_glossary(terms), segments, config.glossary_passes)
    small.setup()
    large.setup()
    times = interleave({"G_small": small, "G_large": large}, config.reps, echo=echo)
    figure = ratio(f"glossary matching {config.large_glossary:,} / "
                   f"{config.small_glossary} terms", times["G_large"], times["G_small"],
                   at_most=3, note=f"source_hits over {len(segments)} segments; hits "
                                   f"{small.hits} vs {large.hits}")
    figure.explanation = (f"the larger glossary finds {large.hits} hits against "
                          f"{small.hits}; each hit is checked for whole words and exceptions")
    return {"figure": figure, "seconds": times, "hits": {"small": small.hits,
                                                        "large": large.hits},
            "matcher_build_seconds": {"small": small.build_seconds,
                                      "large": large.build_seconds}}


def check_bench(config: Config, folder: Path, echo: Callable[[str], None]) -> dict:
    name = f"pipeline check / msgfmt -c, {config.po_files} PO files"
    if not msgfmt_available():
        return {"figure": Figure(name, float("nan"), note="msgfmt is not installed: skipped"),
                "seconds": {}}
    project = CheckProject(folder)
    folder.mkdir(parents=True, exist_ok=True)
    project.write_config()
    project.compile()
    project.files = workload.write_po_files(folder / "locales" / "de", config.po_files,
                                            config.po_entries)
    times = interleave({"check": project.pipeline_check, "msgfmt": project.msgfmt,
                        "check_startup": project.startup, "check_read": project.read},
                       config.reps, echo=echo)
    enabled = off_by_default()
    spelling = ("qa.spelling on" if "qa.spelling" in every_check() and shutil.which("hunspell")
                else "qa.spelling not included (not registered or no Hunspell)")
    figure = ratio(name, times["check"], times["msgfmt"], at_most=2,
                   note=f"one pipeline process vs one msgfmt per file; "
                        f"{config.po_entries} entries per file; all {len(every_check())} "
                        f"checks on ({len(enabled)} enabled beyond the defaults; {spelling})")
    startup, check = median(times["check_startup"]), median(times["check"])
    read = median(times["check_read"])
    figure.explanation = (
        f"of pipeline check's time, Python start-up and imports take {share(startup, check)} "
        f"(alone {startup / median(times['msgfmt']):.2f}x all {config.po_files} msgfmt runs), "
        f"reading the PO files {share(read, check)} and the checks themselves the rest, "
        f"{share(check - startup - read, check)}")
    return {"figure": figure, "seconds": times}


def segmentation_bench(config: Config, echo: Callable[[str], None]) -> dict:
    text = Paragraphs(config.long_paragraph_kb * 1024)
    text.setup()
    times = interleave({"P_long": text.segment_long, "P_short": text.segment_short},
                       config.reps, echo=echo)
    average = sum(map(len, text.short)) / len(text.short)
    figure = ratio(f"segmentation of one {config.long_paragraph_kb} KB paragraph / the same "
                   f"text as paragraphs", times["P_long"], times["P_short"], at_most=2,
                   note=f"{len(text.short)} paragraphs of {average:,.0f} characters on "
                        "average; quadratic before (about 30x at 256 KB)")
    figure.explanation = ("a paragraph longer than pipeline.segmentation.chunks.LONG is cut "
                          "into pieces of about CHUNK characters; a miss means the pieces "
                          "cost more per character than ordinary paragraphs")
    return {"figure": figure, "seconds": times}


def machine() -> dict:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        model = next((line.split(":", 1)[1].strip() for line in
                      cpuinfo.read_text().splitlines() if line.startswith("model name")), "")
    versions = {}
    for package in ("ctranslate2", "argostranslate", "sentencepiece", "pyahocorasick"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"cpus": os.cpu_count(), "cpu": model, "platform": platform.platform(),
            "python": platform.python_version(), **versions}
