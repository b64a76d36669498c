"""The main job behind `make translate`: releases -> protected MT -> PO + XLIFF per language.

For each language the model is loaded once, and every segment that needs machine
translation, across all releases, goes to the engine in one deduplicated batch.
Existing translator work is merged first (pipeline.memory.merge), so only new or
changed segments reach the engine and a reviewed entry is never touched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from pipeline import __version__, atomic
from pipeline.catalogs.extract import units_to_catalog
from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import read_po, write_po
from pipeline.catalogs.units import build_units
from pipeline.config import Settings
from pipeline.documents import read_documents
from pipeline.documents.model import Document
from pipeline.errors import InputError
from pipeline.glossary.loader import load_glossaries
from pipeline.glossary.model import Glossary
from pipeline.memory.merge import Merged, MergeStats, merge
from pipeline.memory.tm import TranslationMemory
from pipeline.names import refuse_parent_paths
from pipeline.protection import Counters, protect, translate_protected

GLOSSARY_PREFIX = "glossary: "


@dataclass(frozen=True)
class TranslateOptions:
    languages: tuple[str, ...]
    engine: str = "argos"
    releases: tuple[str, ...] = ()
    xliff: str = "1.2"
    beam_size: int = 2
    threads: int = 0
    device: str = "cpu"
    compute_type: str = "int8"
    max_batch_size: int = 32
    wait: float = 0
    progress: bool = True
    install_missing: bool = False  # the only network use; make translate asks for it


@dataclass
class LanguageResult:
    language: str
    engine_signature: str = ""
    releases: list[str] = field(default_factory=list)
    merge: MergeStats = field(default_factory=MergeStats)
    machine_translated: int = 0
    sent_to_engine: int = 0
    protection: Counters = field(default_factory=Counters)
    timings: dict[str, float] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        m = self.merge
        return (
            f"{self.language}: {len(self.releases)} release(s); reused {m.reused}, "
            f"TM {m.tm_exact}, machine-translated {self.machine_translated} "
            f"({self.sent_to_engine} unique sent to the engine), new {m.new}, changed {m.changed}, "
            f"obsolete {m.obsolete}; {self.protection}"
        )


def plural_forms(lang: str) -> str:
    try:
        return get_plural(lang.replace("-", "_")).plural_forms
    except (UnknownLocaleError, ValueError):
        return "nplurals=2; plural=(n != 1);"


class TranslateJob:
    def __init__(self, settings: Settings, options: TranslateOptions,
                 echo: Callable[[str], None] = print):
        self.settings = settings
        self.options = options
        self.echo = echo

    # -- the whole job ----------------------------------------------------
    def run(self) -> list[LanguageResult]:
        started = time.perf_counter()
        documents = read_documents(self._release_paths())
        _refuse_name_clashes(documents)
        glossary = load_glossaries([self.settings.path(p) for p in self.settings.glossaries])
        prepared = time.perf_counter() - started
        engines = self._load_engines()
        results = []
        for lang in list(engines):
            engine, loading = engines.pop(lang)  # a model is freed once its language is done
            result = self._language(lang, documents, glossary, engine)
            result.timings = {"read+segment": prepared, "load model": loading, **result.timings}
            results.append(result)
        return results

    def _load_engines(self) -> dict[str, tuple]:
        """Every language's engine is ready before anything is written: with `LANG=de,fr`
        and no fr model (or no Apertium pair), the run stops with nothing written, instead
        of leaving de done and fr missing."""
        engines = {}
        for lang in dict.fromkeys(self.options.languages):
            engine = self._engine(lang)
            start = time.perf_counter()
            engine.ensure_loaded()
            engines[lang] = (engine, time.perf_counter() - start)
        return engines

    def _release_paths(self) -> Sequence[str]:
        refuse_parent_paths(self.options.releases)
        return self.options.releases or (str(self.settings.path(self.settings.releases)),)

    # -- one language -------------------------------------------------------
    def _language(self, lang: str, documents: list[Document], glossary: Glossary,
                  engine) -> LanguageResult:
        result = LanguageResult(lang, releases=[d.name for d in documents])
        locale_dir = self.settings.path(self.settings.locales) / lang
        clock = _Clock(result.timings)
        result.engine_signature = engine.signature
        with atomic.locked(locale_dir, wait=self.options.wait):
            with clock("merge"):
                merged = self._merge_all(lang, documents, glossary, locale_dir, result)
            with clock("translate"):
                self._machine_translate(engine, lang, glossary, merged, result)
            with clock("write"):
                self._write_all(lang, documents, merged, locale_dir, glossary, engine, result)
        return result

    def _engine(self, lang: str):
        from pipeline.engines import create_engine
        from pipeline.engines.base import EngineSettings

        o = self.options
        return create_engine(o.engine, EngineSettings(
            source=self.settings.source_language, target=lang, beam_size=o.beam_size,
            threads=o.threads, device=o.device, compute_type=o.compute_type,
            max_batch_size=o.max_batch_size, extra={"install_missing": o.install_missing,
                                                     "progress": o.progress}))

    def _merge_all(self, lang, documents, glossary, locale_dir, result) -> dict[str, Merged]:
        merged = {}
        for document in documents:
            template = self._template(document, glossary, lang)
            po_path = locale_dir / f"{document.name}.po"
            previous = read_po(po_path) if po_path.exists() else None
            memory = TranslationMemory.from_locale(locale_dir, exclude=document.name)
            merged[document.name] = merge(template, previous, memory, self.settings.tm_similarity)
            _add_stats(result.merge, merged[document.name].stats)
        return merged

    def _template(self, document: Document, glossary: Glossary, lang: str) -> Catalog:
        def hints(msgid: str) -> list[str]:
            terms = dict.fromkeys(hit.term for hit in glossary.matcher.source_hits(msgid))
            return [f"{GLOSSARY_PREFIX}{term.hint(lang)}" for term in terms]

        return units_to_catalog(build_units([document]), project=document.name, hints=hints)

    def _machine_translate(self, engine, lang, glossary, merged, result) -> None:
        pending: dict[str, list[Entry]] = {}
        for one in merged.values():
            for entry in one.pending:
                pending.setdefault(entry.msgid, []).append(entry)
        if not pending or engine.name == "none":
            return
        sources = list(pending)
        protected = [protect(s, glossary.matcher.source_hits(s), lang) for s in sources]
        outcomes = translate_protected(engine, protected, lang)
        result.sent_to_engine = len(sources)
        for source, prot, outcome in zip(sources, protected, outcomes, strict=True):
            result.protection.add(prot, outcome)
            for entry in pending[source]:
                _apply(entry, outcome, engine)
                result.machine_translated += 1

    def _write_all(self, lang, documents, merged, locale_dir, glossary, engine, result) -> None:
        from pipeline.catalogs.xliff12 import write_xliff12
        from pipeline.catalogs.xliff21 import write_xliff21

        for document in documents:
            catalog = merged[document.name].catalog
            catalog.header.update(self._header(lang, document, glossary, engine, catalog))
            catalog.header_comment = catalog.header_comment if _is_po_comment(catalog) else (
                f"{Locale.parse(lang).english_name} translation of the release {document.name}.\n"
                "Machine translations are marked fuzzy; remove the flag once reviewed.")
            po_path = locale_dir / f"{document.name}.po"
            write_po(po_path, catalog)
            xlf_path = locale_dir / f"{document.name}.xlf"
            writer = write_xliff21 if self.options.xliff.startswith("2") else write_xliff12
            writer(catalog, xlf_path, source_lang=self.settings.source_language,
                   target_lang=lang, original=document.path)
            result.written += [po_path, xlf_path]

    def _header(self, lang, document, glossary, engine, catalog) -> dict[str, str]:
        import datetime as dt

        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000")
        translator = catalog.header.get("Last-Translator", "")
        if not translator or translator.startswith("FULL NAME"):
            translator = "press-pipeline machine translation <noreply@localhost>"
        return {
            "Project-Id-Version": document.name,
            "POT-Creation-Date": catalog.header.get("POT-Creation-Date") or now,
            "PO-Revision-Date": now,
            "Last-Translator": translator,
            "Language": lang,
            "Language-Team": catalog.header.get("Language-Team", "").replace(
                "LANGUAGE <LL@li.org>", "") or f"{lang} <translators>",
            "Plural-Forms": plural_forms(lang),
            "X-Generator": (f"press-pipeline {__version__}; engine {engine.signature}; "
                            f"glossary {glossary.signature}"),
        }


def _apply(entry: Entry, outcome, engine) -> None:
    """Machine output goes in as fuzzy: nothing is used unreviewed."""
    entry.msgstr = outcome.text
    entry.set_fuzzy(True)
    confidence = outcome.confidence
    note = f"MT: {engine.name} {engine.settings.source}→{engine.settings.target}"
    if not outcome.machine:
        note += ", glossary terms only, no engine output"
    elif confidence is not None:
        note += f", confidence {confidence:.2f}"
    entry.translator_comments = [c for c in entry.translator_comments if not c.startswith("MT:")]
    entry.translator_comments.append(note)
    entry.translator_comments.extend(outcome.comments)
    if outcome.recovered and not outcome.comments:
        # Reviewers look at recovered segments first; the report finds them by this line.
        entry.translator_comments.append(
            f"recovery: placeholders needed the {outcome.strategy.value} strategy; "
            "check that the protected terms read naturally")


def _refuse_name_clashes(documents: list[Document]) -> None:
    """releases/x.txt and news/x.md would both be locales/<lang>/x.po: the second write
    would silently replace the first's catalog."""
    seen: dict[str, str] = {}
    for document in documents:
        if document.name in seen:
            raise InputError(f"same release name as {seen[document.name]}; both would write "
                             f"locales/<lang>/{document.name}.po", document.path)
        seen[document.name] = document.path


def _is_po_comment(catalog: Catalog) -> bool:
    return bool(catalog.header_comment) and "PO template" not in catalog.header_comment


def _add_stats(total: MergeStats, one: MergeStats) -> None:
    for name in vars(total):
        setattr(total, name, getattr(total, name) + getattr(one, name))


class _Clock:
    def __init__(self, timings: dict[str, float]):
        self.timings = timings

    def __call__(self, name: str):
        import contextlib

        @contextlib.contextmanager
        def timed():
            start = time.perf_counter()
            try:
                yield
            finally:
                self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start

        return timed()
