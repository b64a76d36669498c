"""What `pipeline translate` is asked to do (TranslateOptions) and what it did per language
(LanguageResult, whose summary is the line `make translate` prints)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.language import Language, parse_list
from pipeline.memory.merge import MergeStats
from pipeline.protection import Counters
from pipeline.variants.derive import DeriveStats


@dataclass(frozen=True)
class TranslateOptions:
    languages: tuple[Language, ...]
    engine: str = "argos"
    releases: tuple[str, ...] = ()
    xliff: str | None = None  # None: each XLIFF keeps its version; new ones are 1.2
    beam_size: int = 2
    # 0 or None: the placement rule decides (pipeline.engines.placement, docs/scale.md).
    inter_threads: int = 0
    intra_threads: int = 0
    device: str = "cpu"  # "cpu", "cuda" or "auto"
    compute_type: str | None = None  # int8 on CPU, int8_float16 on CUDA
    max_batch_size: int | None = None  # 64 segments on CPU, a GPU's token budget on CUDA
    wait: float = 0
    progress: bool = True
    install_missing: bool = False  # the only network use; make translate asks for it
    executor: str = "local"  # pipeline.executors: "local" or "ray"
    ray_address: str | None = None  # "auto" or HOST:PORT; None: a local Ray for the run
    workers: int = 0  # Ray workers; 0: one per GPU, or per --threads CPU cores

    def __post_init__(self) -> None:
        # The Python API may name languages as strings ("de", "pt_BR"); all become tags.
        object.__setattr__(self, "languages", parse_list(self.languages, source=None))


@dataclass
class LanguageResult:
    language: Language
    engine_signature: str = ""
    releases: list[str] = field(default_factory=list)
    merge: MergeStats = field(default_factory=MergeStats)
    machine_translated: int = 0
    sent_to_engine: int = 0
    protection: Counters = field(default_factory=Counters)
    timings: dict[str, float] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    derived_from: Language | None = None  # a market variant: derived, no MT
    derive: DeriveStats = field(default_factory=DeriveStats)

    def summary(self) -> str:
        m, d = self.merge, self.derive
        if self.derived_from is not None:
            return (f"{self.language}: {len(self.releases)} release(s) derived from "
                    f"{self.derived_from}, 0 sent to the engine; following the base "
                    f"{d.followed}, a person's edits kept {d.kept} ({d.refuzzied} fuzzy again: "
                    f"the base changed), obsolete {d.obsolete}")
        return (
            f"{self.language}: {len(self.releases)} release(s); reused {m.reused}, "
            f"TM {m.tm_exact}, machine-translated {self.machine_translated} "
            f"({self.sent_to_engine} unique sent to the engine), new {m.new}, changed {m.changed} "
            f"(previous translation kept), near TM {m.tm_near}, machine draft replaced "
            f"{m.replaced}, obsolete {m.obsolete}; {self.protection}"
        )


def plural_forms(lang: Language | str) -> str:
    return Language.coerce(lang).plural_forms
