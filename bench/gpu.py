"""`bench/gpu.sh`: the GPU path, checked where a GPU is.

1. The fixture model (tests/fixtures/argos_model.py), through the pipeline's own Argos
   engine, greedy (beam 1), on `cpu` (int8) and `cuda` (int8_float16, batches by tokens):
   the outputs must be identical.
2. The bench's random Argos-sized model (6+6 layers, d512, 32,000 pieces), every segment
   decoding exactly `--tokens` tokens at beam 2: target tokens per second on the CPU (every
   core, one CTranslate2 worker per core) and on the GPU, and their ratio.
3. The GPU's batch budget swept in tokens: the smallest that reaches 95 % of the best
   throughput is the one that saturates the GPU (compare pipeline.engines.placement's rule).

Without CUDA it stops at once with one line and exit status 2. `--cpu-as-gpu` runs the
same steps with `cpu` in place of `cuda` and a tiny workload, to check the script itself
on a machine without a GPU; its figures mean nothing.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import click

from bench.fixture import CORPUS, ModelShape, PackageSpec, build_package, build_package_dir
from bench.paths import CONTROL_PIECES

ROOT = Path(__file__).resolve().parent.parent
ARGOS_SIZED = ModelShape(layers=6, d_model=512, heads=8, ffn=2048, vocab_size=32_000,
                         random=True, fixed_length=True)
TINY = ModelShape(layers=1, d_model=64, heads=2, ffn=64, vocab_size=1000, random=True,
                  fixed_length=True)
BUDGETS = (512, 1024, 2048, 4096, 8192, 16_384, 32_768, 65_536)
SATURATED = 0.95


@dataclass(frozen=True)
class Device:
    name: str  # what the report calls it
    device: str  # what CTranslate2 is given
    compute_type: str


@click.command()
@click.option("--segments", type=click.IntRange(64, 100_000), default=4096, show_default=True,
              help="Segments of the Argos-sized model per measurement.")
@click.option("--tokens", type=click.IntRange(2, 256), default=16, show_default=True)
@click.option("--output", type=click.Path(path_type=Path), default=ROOT / "bench" / "gpu.json",
              show_default=True)
@click.option("--cpu-as-gpu", is_flag=True, help="Check the script without a GPU (no figures).")
def main(segments: int, tokens: int, output: Path, cpu_as_gpu: bool) -> None:
    """The fixture and the Argos-sized model on cuda against cpu."""
    import ctranslate2

    if cpu_as_gpu:
        gpu, shape, segments, budgets = Device("cpu-as-gpu", "cpu", "int8"), TINY, 256, BUDGETS[:3]
    elif ctranslate2.get_cuda_device_count() == 0:
        click.echo("bench/gpu.sh: no CUDA device is visible to CTranslate2 (no GPU, no driver, "
                   "or a CPU-only ctranslate2 build); nothing was measured", err=True)
        sys.exit(2)
    else:
        gpu, shape, budgets = Device("cuda", "cuda", "int8_float16"), ARGOS_SIZED, BUDGETS
    cpu = Device("cpu", "cpu", "int8")
    with tempfile.TemporaryDirectory(prefix="pipeline-gpu-") as work:
        results = {"fixture": fixture_outputs(Path(work), cpu, gpu),
                   **throughput(Path(work), shape, cpu, gpu, segments, tokens, budgets),
                   "device": gpu.name, "ctranslate2": ctranslate2.__version__,
                   "model": "tiny (the script's self-check)" if cpu_as_gpu else
                   "Argos-sized (6+6 layers, d512, 32,000 pieces), random"}
    output.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    click.echo(report(results))
    click.echo(f"wrote {output}")
    if not results["fixture"]["identical"]:
        sys.exit(1)


def fixture_outputs(work: Path, cpu: Device, gpu: Device) -> dict:
    """The fixture model through the pipeline's engine, greedy, on both devices."""
    from pipeline.engines import create_engine, packages
    from pipeline.engines.base import EngineSettings

    os.environ["ARGOS_PACKAGES_DIR"] = str(work / "packages")
    packages.install_file(build_package(work / "fixture", PackageSpec(target="de")))
    texts = [line for line in CORPUS.splitlines() if line.strip()]
    outputs = {}
    for one in (cpu, gpu):
        settings = EngineSettings(source="en", target="de", beam_size=1, device=one.device,
                                  compute_type=one.compute_type,
                                  batch_type="tokens" if one.device == "cuda" else "examples",
                                  max_batch_size=4096 if one.device == "cuda" else 64)
        engine = create_engine("argos", settings)
        outputs[one.name] = [t.text for t in engine.translate(texts, progress=False)]
        engine.close()
    first, second = outputs.values()
    return {"segments": len(texts), "identical": first == second,
            "differing": [i for i, (a, b) in enumerate(zip(first, second, strict=True))
                          if a != b]}


def throughput(work: Path, shape: ModelShape, cpu: Device, gpu: Device, segments: int,
               tokens: int, budgets: tuple[int, ...]) -> dict:
    """Target tokens per second, CPU against GPU, and the GPU's budget sweep."""
    import ctranslate2
    import sentencepiece

    from bench.workload import write_releases

    folder = build_package_dir(work / "sized", PackageSpec(target="fr", shape=shape))
    load = write_releases(work / "releases", max(2, segments // 100 + 1), 100)
    pieces = sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    lines = [s for path in load.releases for s in path.read_text("utf-8").split(". ") if s]
    batch = [pieces.encode(lines[i % len(lines)], out_type=str) for i in range(segments)]
    cores = len(os.sched_getaffinity(0))

    def rate(device: Device, budget: int | None) -> float:
        translator = ctranslate2.Translator(
            str(folder / "model"), device=device.device, compute_type=device.compute_type,
            inter_threads=cores if device.device == "cpu" else 1,
            intra_threads=1 if device.device == "cpu" else 0)
        options = dict(beam_size=2, min_decoding_length=tokens, max_decoding_length=tokens,
                       suppress_sequences=CONTROL_PIECES)
        if budget is None:
            options.update(max_batch_size=64)
        else:
            options.update(max_batch_size=budget, batch_type="tokens")
        translator.translate_batch(batch[:64], **options)  # warm-up: kernels, allocator
        started = time.perf_counter()
        results = translator.translate_batch(batch, **options)
        seconds = time.perf_counter() - started
        return sum(len(r.hypotheses[0]) for r in results) / seconds

    on_cpu = rate(cpu, None)
    sweep = {budget: rate(gpu, budget) for budget in budgets}
    best = max(sweep.values())
    saturating = min(b for b, r in sweep.items() if r >= SATURATED * best)
    return {"argos_sized": {"segments": segments, "tokens_per_segment": tokens, "beam": 2,
                            "cpu_cores": cores, "cpu_tokens_per_second": on_cpu,
                            "gpu_tokens_per_second": sweep,
                            "gpu_over_cpu": best / on_cpu,
                            "saturating_budget_tokens": saturating}}


def report(results: dict) -> str:
    fixture, sized = results["fixture"], results["argos_sized"]
    lines = [f"fixture model, greedy, {fixture['segments']} segments, cpu vs "
             f"{results['device']}: {'identical' if fixture['identical'] else 'DIFFERENT'}"
             + (f" (segments {fixture['differing']})" if fixture["differing"] else ""),
             f"{results['model']} model, beam 2, {sized['segments']} segments x "
             f"{sized['tokens_per_segment']} tokens:",
             f"  cpu ({sized['cpu_cores']} cores): {sized['cpu_tokens_per_second']:.0f} tokens/s"]
    for budget, value in sized["gpu_tokens_per_second"].items():
        lines.append(f"  {results['device']}, batches of {budget} tokens: {value:.0f} tokens/s")
    lines.append(f"  {results['device']} / cpu: {sized['gpu_over_cpu']:.2f}x; "
                 f"{SATURATED:.0%} of the best from {sized['saturating_budget_tokens']} tokens")
    return "\n".join(lines)


if __name__ == "__main__":
    main()

