"""`make bench` machinery at a tiny size: it runs, checks equal work, and reports every
figure with a target and a verdict. No timing is asserted: a benchmark is not a test."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("B/A speed at equal beam", "B/C wall time", "re-run unchanged / cold run",
         "segmentation per release / B per release", "glossary matching",
         "pipeline check / msgfmt -c", "segmentation of one")
# The scale section runs where Ray (the cluster extra) is installed.
SCALE = ("Ray executor / in-process, same cores", "Ray executor / in-process, languages",
         "driver CPU per segment")


def test_bench_runs_at_a_tiny_size_and_reports_every_ratio(tmp_path):
    output = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    results = json.loads(output.read_text(encoding="utf-8"))

    figures = {figure["name"]: figure for figure in results["figures"]}
    for prefix in NAMES + (SCALE if importlib.util.find_spec("ray") else ()):
        name = next((n for n in figures if n.startswith(prefix)), None)
        assert name is not None, f"{prefix!r} missing from {sorted(figures)}"
        assert figures[name]["result"] in ("PASS", "MISS", "-")
        assert figures[name]["value"] > 0
        assert name in done.stdout  # the printed table
    # Equal work: the same number of tokens decoded on every path, N per segment.
    tokens = results["tokens"]
    segments = results["workload"]["segments_per_language"]
    languages = len(results["config"]["languages"])
    assert tokens["A"] == tokens["B"] == tokens["C"] == segments * languages * 3
    assert len(set(results["compute_types"].values())) == 1
    for figure in figures.values():
        if figure["result"] == "MISS":
            assert figure["explanation"], figure["name"]
            assert f"MISS {figure['name']}" in done.stdout


def test_the_gpu_script_says_in_one_line_that_it_needs_cuda_and_checks_itself_on_cpu(tmp_path):
    import ctranslate2

    script = ROOT / "bench" / "gpu.sh"
    env = {**os.environ, "PYTHON": sys.executable}
    if ctranslate2.get_cuda_device_count() == 0:
        refused = subprocess.run([str(script)], cwd=ROOT, capture_output=True, text=True,
                                 env=env, timeout=120, check=False)
        assert refused.returncode == 2 and refused.stdout == ""
        assert refused.stderr.startswith("bench/gpu.sh: no CUDA device is visible")
        assert len(refused.stderr.splitlines()) == 1
    output = tmp_path / "gpu.json"
    done = subprocess.run([str(script), "--cpu-as-gpu", "--output", str(output)], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(output.read_text(encoding="utf-8"))
    assert results["fixture"]["identical"] and results["fixture"]["segments"] == 10
    assert results["argos_sized"]["saturating_budget_tokens"] in (512, 1024, 2048)
    assert "cpu-as-gpu / cpu:" in done.stdout
