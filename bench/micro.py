"""The two small benchmarks: glossary matching by glossary size, and `pipeline check`
against `msgfmt -c`, each a pair of callables returning seconds."""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.glossary.model import Glossary, Term, TermKind

ROOT = Path(__file__).resolve().parent.parent


# -- glossary matching ----------------------------------------------------------------------
def make_glossary(terms: list[tuple[str, bool]]) -> Glossary:
    return Glossary(terms=tuple(
        Term(id=f"t{number}", source=source, kind=TermKind.DNT, case_sensitive=case_sensitive)
        for number, (source, case_sensitive) in enumerate(terms)))


@dataclass
class Matching:
    """`source_hits` over every segment, `passes` times, with one glossary."""

    glossary: Glossary
    segments: list[str]
    passes: int
    build_seconds: float = 0.0
    hits: int = 0

    def setup(self) -> None:
        started = time.perf_counter()
        matcher = self.glossary.matcher  # built once and cached, as in the pipeline
        self.build_seconds = time.perf_counter() - started
        self.hits = sum(len(matcher.source_hits(text)) for text in self.segments)

    def __call__(self) -> float:
        matcher = self.glossary.matcher
        started = time.perf_counter()
        for _ in range(self.passes):
            for text in self.segments:
                matcher.source_hits(text)
        return time.perf_counter() - started


# -- pipeline check against msgfmt -c -----------------------------------------------------
@dataclass
class CheckProject:
    """A project folder with `locales/de/*.po` and a pyproject naming the brand glossary."""

    root: Path
    files: list[Path] = field(default_factory=list)

    def write_config(self) -> None:
        """The brand glossary and every check on: those off by default are enabled too (a
        spelling check runs where Hunspell and the language's dictionary are installed)."""
        glossary = (ROOT / "glossaries" / "smart.yaml").as_posix()
        enable = ", ".join(f'"{check_id}"' for check_id in off_by_default())
        (self.root / "pyproject.toml").write_text(
            f'[tool.pipeline]\nglossaries = ["{glossary}"]\n\n'
            f'[tool.pipeline.check]\nenable = [{enable}]\n', encoding="utf-8")

    def compile(self) -> None:
        """The pipeline's bytecode, as pip leaves an installed package: an editable install
        run with PYTHONDONTWRITEBYTECODE has none and compiles every module at each start,
        which is not what a user's `pipeline check` pays."""
        compileall.compile_dir(ROOT / "pipeline", quiet=1)

    def pipeline_check(self) -> float:
        """One `pipeline check locales` process, as CI and the pre-commit hook run it."""
        command = [sys.executable, "-m", "pipeline", "check", "locales"]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True,
                              env=_child_env(), check=False)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"pipeline check failed ({done.returncode}): "
                               f"{done.stdout[-500:]}{done.stderr[-500:]}")
        return seconds

    def msgfmt(self) -> float:
        """`msgfmt -c` once per file, as a CI loop runs it (msgfmt merges several input
        files into one catalog, so one call over all files is not the same check)."""
        started = time.perf_counter()
        for path in self.files:
            done = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)],
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"msgfmt -c failed on {path}: {done.stderr[-500:]}")
        return time.perf_counter() - started

    def read(self) -> float:
        """Reading (and validating) the PO files alone, in-process: the parsing share."""
        from pipeline.catalogs.po import read_po

        started = time.perf_counter()
        for path in self.files:
            read_po(path)
        return time.perf_counter() - started

    def startup(self) -> float:
        """Start-up alone: the interpreter, `import pipeline.checks.runner`, nothing checked."""
        command = [sys.executable, "-c", "import pipeline.cli, pipeline.checks.runner"]
        started = time.perf_counter()
        subprocess.run(command, cwd=self.root, check=True, env=_child_env())
        return time.perf_counter() - started


def every_check() -> tuple[str, ...]:
    from pipeline.checks import CHECK_IDS

    return CHECK_IDS


def off_by_default() -> tuple[str, ...]:
    from pipeline.checks import ALL_CHECKS

    return tuple(check.id for check in ALL_CHECKS if not check.default_on)


def msgfmt_available() -> bool:
    return shutil.which("msgfmt") is not None


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


# -- segmentation of one very long paragraph ------------------------------------------------
@dataclass
class Paragraphs:
    """The seed release's prose, `size` characters of it, segmented either as its ordinary
    paragraphs (short) or joined into one paragraph (long): equal text, equal work, so a
    ratio near 1 means the cost is linear in paragraph length."""

    size: int
    short: list[str] = field(default_factory=list)
    long: str = ""

    def setup(self) -> None:
        seed = (ROOT / "releases" / "2024-01-19-global-deliveries-near-70000.txt").read_text(
            encoding="utf-8")
        paragraphs = [" ".join(p.split()) for p in seed.split("\n\n") if len(p) > 200]
        total = 0
        while total < self.size:
            for paragraph in paragraphs:
                self.short.append(paragraph)
                total += len(paragraph) + 1
        self.long = " ".join(self.short)

    def segment_short(self) -> float:
        from pipeline.segmentation import segment_spans

        started = time.perf_counter()
        for paragraph in self.short:
            segment_spans(paragraph)
        return time.perf_counter() - started

    def segment_long(self) -> float:
        from pipeline.segmentation import segment_spans

        started = time.perf_counter()
        segment_spans(self.long)
        return time.perf_counter() - started
