"""Several brands in one project: each release belongs to one brand, whose glossaries alone
apply to it (segmentation, protection, checks, report, translation memory).

    [tool.pipeline.brands]
    smart = { releases = "releases/smart/**", glossaries = ["glossaries/smart.yaml"] }
    adidas = { releases = "releases/adidas/**", glossaries = ["glossaries/adidas.yaml"] }

A release is named by its path from the project root (`releases/smart/x.txt`); a
release no brand claims uses `[tool.pipeline] glossaries`. Without brands, every release
uses those. Each brand's glossaries are loaded (and checked for conflicts) on their own.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from pipeline.config import Settings
from pipeline.errors import InputError
from pipeline.glossary.model import Glossary

PROJECT = ""  # the name of the project-wide glossaries when no brand claims a release


@dataclass
class Brands:
    """The project's brands and their glossaries, loaded on first use."""

    settings: Settings
    _loaded: dict[str, Glossary] = field(default_factory=dict)

    def brand_of(self, release: str) -> str:
        """The brand whose `releases` patterns match `release` (project-relative path)."""
        path = PurePosixPath(release).as_posix()
        claims = [name for name, brand in self.settings.brands.items()
                  if any(_matches(path, pattern) for pattern in brand.releases)]
        if len(claims) > 1:
            raise InputError(f"claimed by the brands {', '.join(claims)} in "
                             "[tool.pipeline.brands]; a release belongs to one brand", release)
        return claims[0] if claims else PROJECT

    def glossary(self, release: str) -> Glossary:
        """The glossaries of the release's brand, loaded once per brand."""
        return self.glossary_of(self.brand_of(release))

    def glossary_of(self, brand: str) -> Glossary:
        if brand not in self._loaded:
            from pipeline.glossary.loader import load_glossaries

            names = (self.settings.brands[brand].glossaries if brand != PROJECT
                     else self.settings.glossaries)
            self._loaded[brand] = load_glossaries([self.settings.path(p) for p in names])
        return self._loaded[brand]

    @property
    def any(self) -> bool:
        return bool(self.settings.brands)


def _matches(path: str, pattern: str) -> bool:
    pattern = pattern.rstrip("/")
    if not any(ch in pattern for ch in "*?["):  # a folder: everything below it
        return path == pattern or path.startswith(pattern + "/")
    return fnmatch.fnmatchcase(path, pattern)
