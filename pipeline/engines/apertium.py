"""Apertium, the rule-based engine from Debian (`apertium` plus pair packages such as
`apertium-eng-spa`). One apertium process per batch: segments go in as paragraphs
separated by blank lines, which apertium's text format keeps, and the count is
checked on the way out. `-u` drops the `*` marks on unknown words.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from pipeline.engines.base import Engine, Translation
from pipeline.errors import EngineError, ModelError

# ISO 639-1 codes to the three-letter codes Apertium names its modes with.
ISO3 = {"en": "eng", "es": "spa", "fr": "fra", "de": "deu", "ca": "cat", "pt": "por",
        "it": "ita", "gl": "glg", "eu": "eus", "oc": "oci", "ro": "ron", "nl": "nld",
        "sv": "swe", "da": "dan", "nb": "nob", "nn": "nno", "pl": "pol", "ru": "rus"}
# The Debian packages with an English-source direction: target language -> package.
DEBIAN_PAIRS = {"es": "apertium-eng-spa", "ca": "apertium-eng-cat", "gl": "apertium-en-gl",
                "eo": "apertium-eo-en"}
_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")
TIMEOUT = 600


def data_dir() -> Path:
    return Path(os.environ.get("APERTIUM_DATADIR", "/usr/share/apertium"))


def available_modes() -> list[str]:
    """Translation directions installed, as `apertium -l` lists them."""
    modes = data_dir() / "modes"
    return sorted(p.stem for p in modes.glob("*.mode")) if modes.is_dir() else []


def mode_for(source: str, target: str) -> str | None:
    modes = available_modes()
    for src in (source, ISO3.get(source, source)):
        for tgt in (target, ISO3.get(target, target)):
            if f"{src}-{tgt}" in modes:
                return f"{src}-{tgt}"
    return None


class ApertiumEngine(Engine):
    name = "apertium"
    # Each batch costs one apertium pipeline start-up; large batches amortise it.
    batch_limit = 2000

    def __init__(self, settings):
        super().__init__(settings)
        self.mode: str | None = None
        self._binary: str | None = None

    @property
    def model_version(self) -> str:
        return self.mode or "-"

    def _settings_signature(self) -> str:
        return "txt|-u"

    def _chunks(self, texts):
        for start in range(0, len(texts), self.batch_limit):
            yield texts[start:start + self.batch_limit]

    def load(self) -> None:
        if self.mode is not None:
            return
        s = self.settings
        self._binary = shutil.which("apertium")
        package = DEBIAN_PAIRS.get(s.target) if s.source == "en" else None
        self.mode = mode_for(s.source, s.target) if self._binary else None
        if self.mode is None and package is None:
            known = ", ".join(f"en→{code}" for code in sorted(DEBIAN_PAIRS))
            raise ModelError(f"no Apertium pair for {s.source}→{s.target} (Debian has {known}); "
                             "use --engine argos or none for this language")
        if self._binary is None:
            raise ModelError("apertium is not installed; install it with "
                             f'"apt-get install apertium {package}"')
        if self.mode is None:
            have = ", ".join(available_modes()) or "none"
            raise ModelError(f"the Apertium pair for {s.source}→{s.target} is not installed "
                             f'(installed: {have}); install it with "apt-get install {package}"')
        self._loaded = True

    def _translate_batch(self, texts: list[str]) -> list[Translation]:
        lines = [" ".join(text.split()) for text in texts]  # one paragraph per segment
        try:
            done = subprocess.run([self._binary, "-u", "-f", "txt", self.mode],
                                  input="\n\n".join(lines) + "\n", capture_output=True,
                                  text=True, encoding="utf-8", timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(f"apertium {self.mode} failed: {exc}") from None
        if done.returncode != 0:
            message = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise EngineError(f"apertium {self.mode} exited {done.returncode}: {message}")
        out = [part.strip() for part in _PARAGRAPHS.split(done.stdout.strip("\n"))]
        if len(out) != len(texts):
            raise EngineError(f"apertium {self.mode} returned {len(out)} paragraphs "
                              f"for {len(texts)} segments")
        return [Translation(_restore_edges(text, result)) for text, result in zip(texts, out,
                                                                                    strict=True)]


def _restore_edges(original: str, translated: str) -> str:
    """Keep the segment's leading and trailing whitespace, which apertium drops."""
    lead = original[: len(original) - len(original.lstrip())]
    trail = original[len(original.rstrip()):]
    return f"{lead}{translated}{trail}"
