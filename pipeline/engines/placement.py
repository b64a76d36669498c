"""Where and how a run translates: threads, device, batches, languages at once.

The rule (docs/scale.md; every part can be overridden on the command line):

On CPU, with C cores, L languages that have work and B batches of `max_batch_size`
segments in the largest of them:
- a language can keep at most min(C, B) CTranslate2 workers busy (`inter_threads`), each
  translating a whole batch on one core: on 2 cores, 2 workers of 1 thread translate the
  bench's Argos-sized model 1.4x faster than 1 worker of 2 threads (docs/scale.md);
- the cores a language cannot use go to other languages, translated at the same time:
  `at_once` = min(L, C // min(C, B)), so a small run into many languages fills the
  machine, and a large one takes its languages in turn, each with every core;
- `intra_threads` takes what is left per worker (C // at_once // inter_threads).

On CUDA, with G GPUs and F bytes free on the smallest:
- one translator spread over all G GPUs (`device_index` 0..G-1, one worker each),
  `int8_float16`, batches by tokens: 1,024 tokens per free GiB, 1,024 to 16,384
  (a budget, not measured here: `bench/gpu.sh` measures the batch that saturates a GPU);
- `at_once` = as many languages as fit in half the free memory at 3x the model file's
  size (weights plus the decoding buffers), at least one.

`--inter-threads`, `--threads` (intra), `--compute-type`, `--batch-size` override each
part; with both thread counts given, `at_once` is what the cores leave room for.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from dataclasses import dataclass

from pipeline.errors import InputError

GIB = 1 << 30
CPU_BATCH = 64  # segments: beyond it, 2 cores gained under 1 % (docs/bench.md)
GPU_TOKENS_PER_GIB = 1024
GPU_TOKENS = (1024, 16_384)
MODEL_FOOTPRINT = 3  # loaded model on a GPU / its model.bin, decoding buffers included


@dataclass(frozen=True)
class Hardware:
    """What the machine (or a cluster's worker) has."""

    cores: int
    gpus: int = 0
    gpu_free: int = 0  # bytes free on the smallest GPU; 0: unknown

    @classmethod
    def detect(cls, device: str = "cpu") -> Hardware:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
        if device == "cpu":
            return cls(cores)
        import ctranslate2

        gpus = ctranslate2.get_cuda_device_count()
        return cls(cores, gpus, _gpu_free() if gpus else 0)


@dataclass(frozen=True)
class Asked:
    """What the user asked for; 0 or None: the rule decides."""

    device: str = "cpu"
    compute_type: str | None = None
    inter_threads: int = 0
    intra_threads: int = 0
    max_batch_size: int | None = None


@dataclass(frozen=True)
class Placement:
    device: str  # "cpu" or "cuda", never "auto"
    device_index: tuple[int, ...]
    inter_threads: int
    intra_threads: int
    compute_type: str
    batch_type: str  # "examples" or "tokens"
    max_batch_size: int
    at_once: int  # languages translated, and their models held, at the same time

    def describe(self) -> str:
        where = (f"cuda:{','.join(map(str, self.device_index))}" if self.device == "cuda"
                 else "cpu")
        return (f"{where}, {self.compute_type}, {self.inter_threads} worker(s) x "
                f"{self.intra_threads} thread(s), batches of {self.max_batch_size} "
                f"{'tokens' if self.batch_type == 'tokens' else 'segments'}, "
                f"{self.at_once} language(s) at once")


def place(hardware: Hardware, asked: Asked, languages: int, segments: int,
          model_bytes: int = 0) -> Placement:
    """The placement for `languages` languages whose largest has `segments` to translate."""
    languages = max(1, languages)
    if asked.device == "cuda" and not hardware.gpus:
        raise InputError("--device cuda: CTranslate2 sees no CUDA device here (no GPU, no "
                         "driver, or a CPU-only ctranslate2 build); use --device cpu")
    if asked.device in ("cuda", "auto") and hardware.gpus:
        return _gpu(hardware, asked, languages, model_bytes)
    return _cpu(hardware, asked, languages, segments)


def _cpu(hardware: Hardware, asked: Asked, languages: int, segments: int) -> Placement:
    cores = max(1, hardware.cores)
    size = asked.max_batch_size or CPU_BATCH
    batches = max(1, math.ceil(segments / size))
    usable = min(cores, batches)
    if asked.inter_threads and asked.intra_threads:
        at_once = cores // (asked.inter_threads * asked.intra_threads)
    else:
        at_once = cores // (asked.inter_threads or usable)
    at_once = max(1, min(languages, at_once))
    share = max(1, cores // at_once)
    inter = asked.inter_threads or min(share, batches)
    intra = asked.intra_threads or max(1, share // inter)
    return Placement("cpu", (0,), inter, intra, asked.compute_type or "int8", "examples",
                     size, at_once)


def _gpu(hardware: Hardware, asked: Asked, languages: int, model_bytes: int) -> Placement:
    free = hardware.gpu_free
    tokens = asked.max_batch_size or min(max(free // GIB * GPU_TOKENS_PER_GIB, GPU_TOKENS[0]),
                                         GPU_TOKENS[1])
    fits = free // 2 // (model_bytes * MODEL_FOOTPRINT) if free and model_bytes else 1
    return Placement("cuda", tuple(range(hardware.gpus)), asked.inter_threads or 1,
                     asked.intra_threads or 1, asked.compute_type or "int8_float16", "tokens",
                     tokens, max(1, min(languages, fits)))


def _gpu_free() -> int:
    """Free bytes on the GPU with the least, from nvidia-smi; 0 when it cannot say."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return 0
    try:
        done = subprocess.run([smi, "--query-gpu=memory.free", "--format=csv,noheader,nounits"],
                              capture_output=True, text=True, timeout=10, check=True)
        return min(int(line) for line in done.stdout.split()) * (1 << 20)
    except (OSError, ValueError, subprocess.SubprocessError):
        return 0  # no figure: the smallest token budget and one language at once
