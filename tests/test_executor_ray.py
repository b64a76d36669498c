"""`pipeline translate --executor ray` against a real Ray, on the fixture Argos model: the
catalogs are the local executor's bytes, a worker's missing model is the local one-line
error, and (slow) a real two-node cluster loses a worker mid-run and still writes the same
catalogs. Skipped only where Ray (the optional `cluster` extra) is not installed."""

from __future__ import annotations

import logging
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile.support import child_env, synthetic_releases

from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.translate import TranslateJob, TranslateOptions

ray = pytest.importorskip(
    "ray", reason="Ray is not installed (pip install 'press-pipeline[cluster]')")

pytest_plugins = ["fixtures.argos_plugin"]

# The header dates are the minute of the run, and the XLIFF's digest of its PO follows.
_DATES = re.compile(rb'^"(?:PO-Revision-Date|POT-Creation-Date): [^"]*"\n', re.MULTILINE)
_PO_DIGEST = re.compile(rb'build-num="press-pipeline:[0-9a-f]+"')
RAY = Path(sys.executable).with_name("ray")


@pytest.fixture(scope="module")
def local_ray():
    """One in-process Ray of 2 CPUs for the module's fast tests (it takes ~10 s to start)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             logging_level=logging.WARNING)
    yield ray
    ray.shutdown()


def _catalogs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): _PO_DIGEST.sub(b"", _DATES.sub(b"", p.read_bytes()))
            for p in sorted((root / "locales").rglob("*")) if p.suffix in (".po", ".xlf")}


def _translate(*args: str):
    return CliRunner().invoke(main, ["translate", "-q", "--no-install", *args])


def test_ray_executor_writes_the_local_executors_bytes(project, argos_packages_dir, local_ray):
    local = _translate("--lang", "de", "--batch-size", "8")
    assert local.exit_code == 0, local.output
    expected = _catalogs(project)
    shutil.rmtree(project / "locales")
    remote = _translate("--lang", "de", "--batch-size", "8", "--executor", "ray")
    assert remote.exit_code == 0, remote.output
    assert re.search(r"^ray: 2 workers, \d+ batches \(\d+ segments\), no worker restarts$",
                     remote.output, re.MULTILINE), remote.output
    assert len(expected) == 2 and _catalogs(project) == expected
    # A re-run with nothing new starts no worker at all, like a local one loads no model.
    again = _translate("--lang", "de", "--executor", "ray")
    assert again.exit_code == 0 and "ray:" not in again.output
    assert "(0 unique sent to the engine)" in again.output


def test_a_model_missing_on_the_workers_is_the_local_one_line_error(
        project, empty_argos_packages_dir, local_ray):
    local = _translate("--lang", "de")
    remote = _translate("--lang", "de", "--executor", "ray")
    assert remote.exit_code == local.exit_code == 2
    assert remote.output == local.output
    assert remote.output.startswith("pipeline: no Argos model for en→de is installed")
    assert not (project / "locales" / "de").exists()


def test_each_distinct_segment_goes_to_the_cluster_once(project, argos_packages_dir,
                                                        local_ray):
    from pipeline.executors.cluster import RayExecutor

    options = TranslateOptions(languages=("de",), max_batch_size=16, progress=False,
                               executor="ray")
    with RayExecutor() as executor:
        [result] = TranslateJob(load_settings(project), options, echo=lambda _: None,
                                executor=executor).run()
        stats = executor.stats
        # The fixture model passes placeholders through: one pass, no retries or pieces;
        # a segment that is all protected terms needs no engine.
        assert stats.segments == result.sent_to_engine - result.protection.no_mt > 50
        assert stats.batches == math.ceil(stats.segments / 16)
        assert (stats.workers, stats.restarts) == (2, 0)
        # `none` sends nothing anywhere: it starts no worker either.
    with RayExecutor() as idle:
        [empty] = TranslateJob(load_settings(project), TranslateOptions(
            languages=("fr",), engine="none", progress=False, executor="ray"),
            echo=lambda _: None, executor=idle).run()
        assert empty.written and idle.stats.workers == 0


# -- a real cluster ---------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Cluster:
    """`ray start --head` and one more node, each a process group of its own, stopped by
    their ids. Token authentication with a token of this test's own."""

    def __init__(self):
        self.port = _free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.env = {**child_env(), "RAY_AUTH_MODE": "token",
                    "RAY_AUTH_TOKEN": secrets.token_hex(16)}
        # Ray's socket paths live under it and must fit in 107 bytes: a short folder.
        self.temp = Path(tempfile.mkdtemp(prefix="ray-", dir="/tmp"))
        self.processes: list[subprocess.Popen] = []

    def start(self) -> None:
        common = ["--block", "--num-cpus=1", "--disable-usage-stats"]
        self._start(["--head", f"--port={self.port}", "--include-dashboard=false",
                     f"--temp-dir={self.temp}", *common])
        self._wait_for_nodes(1)
        self._start([f"--address={self.address}", *common])
        self._wait_for_nodes(2)

    def _start(self, args: list[str]) -> None:
        self.processes.append(subprocess.Popen(
            [str(RAY), "start", *args], env=self.env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True))

    def _wait_for_nodes(self, count: int) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            done = subprocess.run([str(RAY), "status", f"--address={self.address}"],
                                  env=self.env, capture_output=True, text=True, check=False)
            if done.stdout.count("node_") >= count:
                return
            time.sleep(1)
        raise AssertionError(f"the Ray cluster did not reach {count} nodes: {done.stdout}")

    def worker_pids(self, busy_with: str | None = None) -> list[int]:
        """The pipeline workers of this cluster (running `busy_with`, if given): processes
        titled so whose environment holds this cluster's token (another cluster's are left
        alone)."""
        token = f"RAY_AUTH_TOKEN={self.env['RAY_AUTH_TOKEN']}".encode()
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                title = (entry / "cmdline").read_bytes().split(b"\0")[0].strip()
                named = (title == f"ray::Worker.{busy_with}".encode() if busy_with
                         else title.split(b".")[0] == b"ray::Worker")
                if named and token in (
                        entry / "environ").read_bytes().split(b"\0"):
                    pids.append(int(entry.name))
            except OSError:
                continue
        return pids

    def stop(self) -> None:
        for process in reversed(self.processes):
            with_group(process, signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                with_group(process, signal.SIGKILL)
                process.wait()
        shutil.rmtree(self.temp, ignore_errors=True)


def with_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        return


@pytest.mark.slow
def test_a_worker_killed_mid_run_costs_only_its_batch(project, argos_packages_dir):
    """Interrupted at the driver, the run leaves no worker behind and nothing half written;
    run again, it resumes, loses one worker mid-batch, and writes the local catalogs."""
    synthetic_releases(project / "releases", 4, paragraphs=40)
    args = ["translate", "-q", "--no-install", "--lang", "de", "--batch-size", "2"]
    local = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=project,
                           env=child_env(), capture_output=True, text=True, check=False)
    assert local.returncode == 0, local.stderr
    expected = _catalogs(project)
    shutil.rmtree(project / "locales")
    cluster = _Cluster()
    try:
        cluster.start()
        command = [sys.executable, "-m", "pipeline", *args, "--executor", "ray",
                   "--ray-address", cluster.address]
        interrupted = _run_until(cluster, command, project, signal.SIGINT, "driver")
        assert interrupted.returncode == 130, interrupted.stderr
        assert _gone(cluster), "workers outlived their driver"
        assert not (project / "locales" / "de").exists() or not _catalogs(project)
        resumed = _run_until(cluster, command, project, signal.SIGKILL, "worker")
    finally:
        cluster.stop()
    assert resumed.returncode == 0, resumed.stderr
    assert "ray: 2 workers" in resumed.stdout, resumed.stdout
    assert "1 worker restart(s)" in resumed.stdout, resumed.stdout
    assert _catalogs(project) == expected


def _run_until(cluster: _Cluster, command: list[str], cwd: Path, signum: int,
               target: str) -> subprocess.CompletedProcess:
    """Run `command`; once a worker has been seen mid-batch a few times, send `signum` to
    that worker or to the driver. Fails if the run ended before."""
    run = subprocess.Popen(command, cwd=cwd, env=cluster.env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    sent: list[int] = []
    watcher = threading.Thread(target=_signal_mid_batch,
                               args=(cluster, run, signum, target, sent))
    watcher.start()
    out, err = run.communicate(timeout=300)
    watcher.join()
    assert sent, f"no worker was caught mid-batch: the run ended first ({err[-300:]})"
    return subprocess.CompletedProcess(command, run.returncode, out, err)


def _signal_mid_batch(cluster: _Cluster, run: subprocess.Popen, signum: int, target: str,
                      sent: list[int]) -> None:
    seen = 0
    while run.poll() is None:
        busy = cluster.worker_pids("translate")
        seen += bool(busy)
        if busy and seen > 3:  # past the first batches: the model was loaded and used
            pid = busy[0] if target == "worker" else run.pid
            os.kill(pid, signum)
            sent.append(pid)
            return
        time.sleep(0.005)


def _gone(cluster: _Cluster, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not cluster.worker_pids():
            return True
        time.sleep(0.5)
    return False
