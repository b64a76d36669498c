"""The `none` engine: empty translations, for languages that people translate by hand.
Catalogs are still written, with every glossary hint, for translators to fill in."""

from __future__ import annotations

from pipeline.engines.base import Engine, Translation


class NoneEngine(Engine):
    name = "none"
    produces_text = False
    batches_internally = True

    def load(self) -> None:
        self._loaded = True

    def _translate_batch(self, texts: list[str]) -> list[Translation]:
        return [Translation("") for _ in texts]

    def _settings_signature(self) -> str:
        return "manual"
