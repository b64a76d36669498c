"""Project settings from `[tool.pipeline]` in pyproject.toml, with defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError, Location


@dataclass(frozen=True)
class CheckSettings:
    disable: tuple[str, ...] = ()
    fail_on: str = "error"
    # Percentage of untranslated+fuzzy entries above which `qa.completeness` fires.
    untranslated_threshold: float = 100.0


@dataclass(frozen=True)
class Settings:
    root: Path = field(default_factory=Path.cwd)
    languages: tuple[str, ...] = ()
    source_language: str = "en"
    glossaries: tuple[str, ...] = ("glossaries/smart.yaml",)
    engine: str = "argos"
    releases: str = "releases"
    locales: str = "locales"
    build: str = "build"
    tm_similarity: float = 0.75
    check: CheckSettings = field(default_factory=CheckSettings)

    def path(self, relative: str) -> Path:
        return self.root / relative


def find_root(start: Path | None = None) -> Path:
    """The nearest directory at or above `start` holding a pyproject.toml, else `start`."""
    start = (start or Path.cwd()).resolve()
    for candidate in (start, *start.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return start


def load_settings(root: Path | None = None) -> Settings:
    root = find_root(root)
    pyproject = root / "pyproject.toml"
    data: dict = {}
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"invalid TOML: {exc}", Location(str(pyproject))) from None
    table = data.get("tool", {}).get("pipeline", {})
    check = table.get("check", {})
    return Settings(
        root=root,
        languages=tuple(table.get("languages", ())),
        source_language=table.get("source_language", "en"),
        glossaries=tuple(table.get("glossaries", Settings.glossaries)),
        engine=table.get("engine", "argos"),
        releases=table.get("releases", "releases"),
        locales=table.get("locales", "locales"),
        build=table.get("build", "build"),
        tm_similarity=float(table.get("tm_similarity", 0.75)),
        check=CheckSettings(
            disable=tuple(check.get("disable", ())),
            fail_on=check.get("fail_on", "error"),
            untranslated_threshold=float(check.get("untranslated_threshold", 100.0)),
        ),
    )
