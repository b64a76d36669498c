"""How a run uses the machine: the placement rule (threads, device, batches, languages at
once), the model cache's lifetime, and one progress bar for languages side by side."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.engines.cache import ModelCache
from pipeline.engines.placement import GIB, Asked, Hardware, place
from pipeline.engines.progress import Lines, Shared
from pipeline.errors import InputError
from pipeline.executors import ExecutorOptions, create_executor
from pipeline.translate import TranslateJob, TranslateOptions

pytest_plugins = ["fixtures.argos_plugin"]

CPU_CASES = [
    # cores, languages, segments of the largest, asked -> inter, intra, at once
    (2, 1, 190, Asked(), (2, 1, 1)),  # the bench: 3 batches, both cores on batches
    (2, 5, 190, Asked(), (2, 1, 1)),  # many languages, each big enough: in turn
    (16, 1, 40, Asked(), (1, 16, 1)),  # one small batch: every thread on it
    (16, 5, 200, Asked(), (4, 1, 4)),  # 4 batches each: 4 languages side by side
    (2, 2, 30, Asked(), (1, 1, 2)),  # one batch each: a core per language
    (8, 3, 10_000, Asked(inter_threads=2), (2, 1, 3)),  # asked inter: cores left to others
    (8, 3, 10_000, Asked(inter_threads=2, intra_threads=4), (2, 4, 1)),
    (4, 1, 1000, Asked(max_batch_size=500), (2, 2, 1)),  # bigger batches: fewer of them
]


@pytest.mark.parametrize(("cores", "languages", "segments", "asked", "expected"), CPU_CASES)
def test_the_cpu_rule(cores, languages, segments, asked, expected):
    placement = place(Hardware(cores), asked, languages, segments)
    assert (placement.inter_threads, placement.intra_threads, placement.at_once) == expected
    assert placement.inter_threads * placement.intra_threads * placement.at_once <= max(
        cores, asked.inter_threads * asked.intra_threads)
    assert (placement.device, placement.compute_type, placement.batch_type) == (
        "cpu", "int8", "examples")


def test_the_gpu_rule_batches_by_tokens_and_keeps_what_memory_allows():
    model = 100 << 20  # an Argos model.bin of 100 MiB
    roomy = place(Hardware(16, gpus=2, gpu_free=24 * GIB), Asked(device="cuda"), 20, 10**6,
                  model_bytes=model)
    assert (roomy.device, roomy.device_index, roomy.compute_type) == (
        "cuda", (0, 1), "int8_float16")
    assert (roomy.batch_type, roomy.max_batch_size, roomy.inter_threads) == ("tokens", 16_384, 1)
    assert roomy.at_once == 20  # 20 x 300 MiB fits in half of 24 GiB
    small = place(Hardware(4, gpus=1, gpu_free=2 * GIB), Asked(device="auto"), 20, 10**6,
                  model_bytes=model)
    assert (small.max_batch_size, small.at_once) == (2048, 3)
    asked = place(Hardware(4, gpus=1), Asked(device="cuda", compute_type="float16",
                                             max_batch_size=4096), 2, 10)
    assert (asked.compute_type, asked.max_batch_size, asked.at_once) == ("float16", 4096, 1)


def test_auto_without_a_gpu_is_the_cpu_and_cuda_without_one_is_one_line():
    assert place(Hardware(2), Asked(device="auto"), 1, 100).device == "cpu"
    with pytest.raises(InputError, match="--device cuda: CTranslate2 sees no CUDA device"):
        place(Hardware(2), Asked(device="cuda"), 1, 100)


def test_device_cuda_on_a_machine_without_one_is_refused_before_anything_is_written(
        project, argos_packages_dir):
    result = CliRunner().invoke(main, ["translate", "-q", "--no-install", "--lang", "de",
                                       "--device", "cuda"])
    assert result.exit_code == 2
    assert result.output.startswith("pipeline: --device cuda: CTranslate2 sees no CUDA device"
                                    ), result.output
    assert not (project / "locales" / "de").exists()


def test_a_runs_models_are_freed_when_each_language_is_done(project, argos_packages_dir):
    options = TranslateOptions(languages=("de",), progress=False)
    with create_executor("local") as executor:
        [result] = TranslateJob(load_settings(project), options, echo=lambda _: None,
                                executor=executor).run()
        assert result.machine_translated > 50
        assert len(executor.cache) == 0  # nothing kept past its language
    shutil.rmtree(project / "locales")
    with create_executor("local", ExecutorOptions(keep_models=1)) as keeper:
        TranslateJob(load_settings(project), options, echo=lambda _: None,
                     executor=keeper).run()
        assert len(keeper.cache) == 1  # a long-lived caller keeps it for the next run
    assert len(keeper.cache) == 0  # and not a moment past its own lifetime


def test_the_cache_keeps_the_most_recent_released_models():
    loads: list[str] = []
    cache = ModelCache(keep=1)
    for key in ("de", "fr", "de"):
        cache.acquire(key, lambda key=key: loads.append(key) or key)
        cache.release(key)
    assert loads == ["de", "fr", "de"] and "de" in cache and "fr" not in cache
    held = cache.acquire("es", lambda: "es")
    assert held == "es" and "es" in cache and "de" in cache  # in use: never evicted
    cache.clear()
    assert len(cache) == 0


def test_languages_side_by_side_share_one_count():
    log = io.StringIO()
    shared = Shared(Lines(log, interval=0))
    shared.start(10, "argos en→de")
    shared.start(30, "argos en→fr")  # a second language joins: the total grows
    shared.advance(20)
    shared.finish()  # one pass ends; the count goes on
    shared.advance(10)
    shared.close()
    assert log.getvalue().splitlines()[:2] == [
        "argos en→de: 20/40 segments (50%), 00:00 left",
        "argos en→de: 30/40 segments (75%), 00:00 left"]


@pytest.fixture
def de_fr_packages(tmp_path, monkeypatch, argos_package) -> Path:
    from fixtures.argos_model import PackageSpec, build_package

    from pipeline.engines import packages

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos-de-fr"))
    packages.install_file(argos_package)
    packages.install_file(build_package(tmp_path / "fr", PackageSpec(target="fr")))
    return tmp_path / "argos-de-fr"


def test_languages_side_by_side_write_what_languages_in_turn_write(project, de_fr_packages):
    def run(*args: str) -> dict[str, bytes]:
        shutil.rmtree(project / "locales", ignore_errors=True)
        result = CliRunner().invoke(main, ["translate", "-q", "--no-install", "--lang",
                                           "de,fr", "--batch-size", "128", *args])
        assert result.exit_code == 0, result.output
        return {str(p.relative_to(project)): _undated(p.read_bytes())
                for p in sorted((project / "locales").rglob("*.po"))}

    # One batch per language: on 2 cores or more the rule puts the two side by side; with
    # 2 workers asked per language, the cores hold one language at a time.
    side_by_side, in_turn = run(), run("--inter-threads", "2")
    assert len(side_by_side) == 2 and side_by_side == in_turn


def _undated(data: bytes) -> bytes:
    return re.sub(rb'^"(?:PO-Revision-Date|POT-Creation-Date): [^"]*"\n', b"", data,
                  flags=re.MULTILINE)
