"""The main job behind `make translate`: releases -> protected MT -> PO + XLIFF per language.

For each language the model is loaded once, and every segment that needs machine
translation, across all releases, goes to the engine in one deduplicated batch.
Existing translator work is merged first (pipeline.memory.merge), so only new or
changed segments reach the engine and a reviewed entry is never touched.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import atomic
from pipeline.brands import Brands
from pipeline.catalogs import notes
from pipeline.catalogs.drafts import apply_draft, offer
from pipeline.catalogs.extract import units_to_catalog
from pipeline.catalogs.headers import update_header
from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import encode_po, read_po
from pipeline.catalogs.provenance import DIGEST_HEADER, source_digest
from pipeline.catalogs.sync import XliffState, absorb
from pipeline.catalogs.units import build_units
from pipeline.config import Settings
from pipeline.documents import read_documents
from pipeline.documents.model import Document
from pipeline.engines.base import Engine, EngineSettings
from pipeline.executors import Executor
from pipeline.files import display_path
from pipeline.glossary.model import Glossary
from pipeline.language import Language
from pipeline.memory.merge import Merged, MergeStats, has_new, merge, same_entries, template_from
from pipeline.memory.tm import TranslationMemory
from pipeline.names import locale_dir, refuse_name_clashes, refuse_parent_paths
from pipeline.protection import protect, translate_protected
from pipeline.translate_engines import RunEngines, Work
from pipeline.translate_options import LanguageResult, TranslateOptions
from pipeline.variants.derive import Variant

__all__ = ["LanguageResult", "TranslateJob", "TranslateOptions"]


@dataclass
class _Plan:
    """One language, merged and ready: what to send to the engine and what to write."""

    lang: Language
    locale_dir: Path
    merged: dict[str, Merged]
    previous: dict[str, Catalog]
    result: LanguageResult
    engine: Engine | None = None
    current: set[str] = field(default_factory=set)  # releases whose PO matches the source
    xliff: dict[str, XliffState] = field(default_factory=dict)  # the XLIFF beside each PO

    @property
    def pending(self) -> bool:
        return any(one.pending or one.suggest for one in self.merged.values())

    @property
    def segments(self) -> int:
        """Distinct sources to translate (the placement rule's batch count)."""
        return len({e.msgid for one in self.merged.values() for e in (*one.pending,
                                                                      *one.suggest)})


@dataclass(frozen=True)
class _Output:
    path: Path
    data: bytes


class TranslateJob:
    # The engine settings as sent, for a caller that decodes differently (the bench).
    adjust_engine_settings: Callable[[EngineSettings], EngineSettings] | None = None

    def __init__(self, settings: Settings, options: TranslateOptions,
                 echo: Callable[[str], None] = print, executor: Executor | None = None):
        self.settings = settings
        self.options = options
        self.echo = echo
        self.executor = executor  # a caller's outlives the job; None: one for the run
        self._memory_gate = None  # built once, when a memory is first needed

    # -- the whole job ----------------------------------------------------
    def run(self) -> list[LanguageResult]:
        started = time.perf_counter()
        documents = read_documents(self._release_paths(), self.settings.root)
        refuse_name_clashes(documents)
        # Each release with its brand's glossaries (pipeline.brands), loaded once per brand.
        self._brands = Brands(self.settings)
        glossary = {d.name: self._brands.glossary(d.path) for d in documents}
        self._units: dict[str, list] = {}
        self._source_notes: dict[str, list[str]] = {}
        self._warn_bare(documents, glossary)
        prepared = time.perf_counter() - started
        languages = tuple(dict.fromkeys(self.options.languages))
        variants = {lang: self._variant(lang) for lang in languages
                    if lang.tag in self.settings.variants}
        # A variant's base is translated in the same run, once, whether asked for or not.
        direct = [lang for lang in languages if lang not in variants]
        direct += [v.base for v in variants.values() if v.base not in direct]
        with contextlib.ExitStack() as locks:
            def lock(lang: Language) -> None:
                locks.enter_context(atomic.locked(locale_dir(self.settings, lang),
                                                  wait=self.options.wait))

            # Every locale, new ones too, is locked before its catalogs are read: a slow
            # run must not overwrite what a fast one wrote meanwhile. A folder made only
            # for the lock goes again when nothing was written (atomic.locked). The engines
            # (and the executor's workers) go before the locks do.
            for lang in (*direct, *variants):
                lock(lang)
            engines = locks.enter_context(RunEngines(
                self.options, self.settings.source_language, self.executor,
                self.adjust_engine_settings, self.echo))
            plans = [self._plan(lang, documents, glossary) for lang in direct]
            self._load_engines(engines, plans)
            for plan in plans:
                plan.result.timings = {"read": prepared, **plan.result.timings}
            engines.each(plans, lambda plan: self._finish(plan, documents, glossary))
            bases = {plan.lang: plan for plan in plans}
            for variant in variants.values():
                plan = self._variant_plan(variant, bases[variant.base], documents, glossary)
                self._finish(plan, documents, glossary)
                plans.append(plan)
        return [plan.result for plan in plans]

    def _warn_bare(self, documents, glossaries) -> None:
        bare = [d.path for d in documents if not glossaries[d.name].terms]
        if bare:
            self.echo(f"pipeline: warning: no glossary for {', '.join(bare)} ([tool.pipeline] "
                      "glossaries or brands): no term is protected or checked there")

    def _source_qa(self, document: Document, glossary: Glossary, units) -> None:
        """Brand slips in the English itself, on the units just segmented (a release that
        did not change is neither segmented nor checked again; its PO keeps the notes):
        warned about here, noted in their entries."""
        from pipeline.checks import select_checks
        from pipeline.checks.source import notes_by_msgid, source_checks, unit_findings

        checks = source_checks(select_checks(self.settings.check.disable,
                                             enable=self.settings.check.enable))
        if not checks or not glossary.terms:
            return
        findings = unit_findings(units, document.path, self.settings, glossary, checks)
        for finding in findings:
            self.echo(f"pipeline: warning: {finding.path}:{finding.line}: {finding.check}: "
                      f"{finding.message} (the English itself; protected as the term)")
        self._source_notes.update(notes_by_msgid(findings))

    def _memory(self, previous: dict[str, Catalog], document: Document) -> TranslationMemory:
        """Approved entries of the language's other releases of the same brand: a TM
        suggestion from one brand is never offered to another."""
        from pipeline.checks.runner import release_path

        brand = self._brands.brand_of(document.path)
        gate = self._gate()
        return TranslationMemory.from_catalogs(
            ((name, catalog) for name, catalog in previous.items() if name != document.name
             and (not self._brands.any
                  or self._brands.brand_of(release_path(catalog, self.settings)) == brand)),
            admits=gate.admits)

    def _gate(self):
        from pipeline.checks.gate import MemoryGate

        if self._memory_gate is None:
            self._memory_gate = MemoryGate(self.settings)
        return self._memory_gate

    def _variant(self, lang: Language) -> Variant:
        from pipeline.variants import Variant, rule_for
        from pipeline.variants.rules import Replacements

        declared = self.settings.variants[lang.tag]
        rules = [rule_for(name) for name in declared.rules]
        if declared.replacements:
            rules.append(Replacements(declared.replacements))
        return Variant(lang, Language.parse(declared.base), tuple(rules))

    def _release_paths(self) -> Sequence[str]:
        refuse_parent_paths(self.options.releases)
        return self.options.releases or (str(self.settings.path(self.settings.releases)),)

    def _load_engines(self, engines: RunEngines, plans: list[_Plan]) -> None:
        """Every engine that has work is loaded before anything is written: with `LANG=de,fr`
        and no fr model (or no Apertium pair), the run stops with nothing written. A language
        with nothing to translate loads no model (and starts no executor) at all."""
        work = {plan.lang: plan for plan in plans if plan.pending}
        loaded = engines.load([Work(lang, plan.segments) for lang, plan in work.items()],
                              lambda lang: _timed(work[lang].result.timings, "load model"))
        for lang, engine in loaded.items():
            work[lang].engine = engine
            work[lang].result.engine_signature = engine.signature

    # -- one language -------------------------------------------------------
    def _read_locale(self, lang: Language, documents) -> _Plan:
        """The locale's catalogs, with a person's edits in each XLIFF taken in first."""
        folder = locale_dir(self.settings, lang)
        result = LanguageResult(lang, releases=[d.name for d in documents])
        with _timed(result.timings, "merge"):
            previous = {path.stem: read_po(path) for path in sorted(folder.glob("*.po"))}
            plan = _Plan(lang, folder, {}, previous, result)
            for document in documents:
                old = previous.get(document.name)
                po_path = folder / f"{document.name}.po"
                plan.xliff[document.name] = absorb(
                    old if old is not None else Catalog(path=str(po_path)),
                    po_path.with_suffix(".xlf"), _bytes(po_path) if old is not None else None)
        return plan

    def _variant_plan(self, variant: Variant, base: _Plan, documents, glossary) -> _Plan:
        """A variant's catalogs derived from its base's, with no machine translation."""
        from pipeline.variants import derive_catalog

        plan = self._read_locale(variant.language, documents)
        plan.result.derived_from = variant.base
        plan.result.engine_signature = (f"derived from {variant.base} "
                                        f"({', '.join(variant.names) or 'CLDR formats'})")
        with _timed(plan.result.timings, "derive"):
            for document in documents:
                old = plan.previous.get(document.name)
                source = base.merged[document.name].catalog
                if old is not None and old.header.get(DIGEST_HEADER) == source.header.get(
                        DIGEST_HEADER):
                    plan.current.add(document.name)
                derived = derive_catalog(source, old, variant, glossary[document.name])
                plan.merged[document.name] = Merged(derived.catalog)
                _add_stats(plan.result.derive, derived.stats)
        return plan

    def _plan(self, lang, documents, glossary) -> _Plan:
        plan = self._read_locale(lang, documents)
        previous, result = plan.previous, plan.result
        for document in documents:
            old = previous.get(document.name)
            mine = glossary[document.name]
            digest = source_digest(document, mine)
            if old is not None and old.header.get(DIGEST_HEADER) == digest:
                # The release and glossary are as when this PO was made: its entries are
                # the template, and the release need not be segmented again.
                template = template_from(old)
                plan.current.add(document.name)
            else:
                with _timed(result.timings, "segment"):
                    template = self._template(document, mine, lang)
                template.header[DIGEST_HEADER] = digest
            with _timed(result.timings, "merge"):
                memory = (self._memory(previous, document) if has_new(template, old)
                          else None)
                plan.merged[document.name] = merge(template, old, memory,
                                                   self.settings.tm_similarity)
            _add_stats(result.merge, plan.merged[document.name].stats)
        return plan

    def _finish(self, plan: _Plan, documents, glossary) -> None:
        if plan.engine is not None:
            with _timed(plan.result.timings, "translate"):
                self._machine_translate(plan.engine, plan.lang, glossary, plan.merged,
                                        plan.result)
            plan.result.engine_signature = plan.engine.signature  # loaded at its turn
            plan.engine.close()  # its model is freed (or kept, as the executor's cache says)
        with _timed(plan.result.timings, "write"):
            # Everything is rendered before the first write: a catalog that cannot be
            # serialised stops the run with the language's files untouched.
            outputs = [out for document in documents
                       for out in self._render(plan, document, glossary[document.name])]
            for output in outputs:
                atomic.write_bytes(output.path, output.data)
                plan.result.written.append(output.path)

    def _template(self, document: Document, glossary: Glossary, lang: Language) -> Catalog:
        def hints(msgid: str) -> list[str]:
            terms = dict.fromkeys(hit.term for hit in glossary.matcher.source_hits(msgid))
            return [*(notes.glossary(term.hint(lang)) for term in terms),
                    *self._source_notes.get(msgid, ())]

        if document.name not in self._units:  # segmented once for all languages
            self._units[document.name] = build_units(
                [document], sentence_starts=glossary.sentence_starts)
            self._source_qa(document, glossary, self._units[document.name])
        return units_to_catalog(self._units[document.name], project=document.name, hints=hints,
                                links=self.settings.links.rewrite(lang))

    def _machine_translate(self, engine, lang, glossary, merged, result) -> None:
        """One deduplicated batch: `pending` entries get the draft as msgstr, `suggest`
        entries (a kept human translation or a near TM match) get it as a note."""
        # A sentence is protected with its own release's glossaries: the same words are
        # another brand's term, or none, in another brand's release.
        wanted: dict[tuple[int, str], list[tuple[Entry, bool]]] = {}
        used: dict[int, Glossary] = {}
        for name, one in merged.items():
            mine = glossary[name]
            used[id(mine)] = mine
            for entry in one.pending:
                wanted.setdefault((id(mine), entry.msgid), []).append((entry, True))
            for entry in one.suggest:
                wanted.setdefault((id(mine), entry.msgid), []).append((entry, False))
        if not wanted or not engine.produces_text:
            return
        sources = list(wanted)
        protected = [protect(s, used[key].matcher.source_hits(s), lang) for key, s in sources]
        outcomes = translate_protected(engine, protected, lang)
        result.sent_to_engine = len(sources)
        for source, prot, outcome in zip(sources, protected, outcomes, strict=True):
            result.protection.add(prot, outcome)
            for entry, fill in wanted[source]:
                if fill:
                    apply_draft(entry, outcome, engine)
                    result.machine_translated += 1
                else:
                    offer(entry, outcome, engine)

    def _render(self, plan: _Plan, document: Document, glossary: Glossary) -> list[_Output]:
        """The release's PO and XLIFF bytes; a file whose content would not change is left
        alone, so a re-run with nothing new rewrites nothing (and keeps its revision date)."""
        from pipeline.catalogs.xliff import po_digest
        from pipeline.catalogs.xliff12 import format_xliff12
        from pipeline.catalogs.xliff21 import format_xliff21

        catalog = plan.merged[document.name].catalog
        previous = plan.previous.get(document.name)
        po_path = plan.locale_dir / f"{document.name}.po"
        xlf_path = plan.locale_dir / f"{document.name}.xlf"
        state = plan.xliff[document.name]
        version = state.wanted_version(self.options.xliff)
        if self._untouched(plan, document, catalog, previous, state, version):
            return []
        self._update_header(catalog, plan, document, glossary, previous)
        catalog.path = display_path(po_path)  # where a writer's error points
        po_bytes = encode_po(catalog)
        if version.startswith("2"):
            xliff = format_xliff21(catalog, source_lang=self.settings.source_language,
                                   target_lang=plan.lang, original=document.path,
                                   version=version, po_digest=po_digest(po_bytes))
        else:
            xliff = format_xliff12(catalog, source_lang=self.settings.source_language,
                                   target_lang=plan.lang, original=document.path,
                                   po_digest=po_digest(po_bytes))
        outputs = [_Output(po_path, po_bytes), _Output(xlf_path, xliff)]
        return [out for out in outputs if not _same_bytes(out)]

    def _untouched(self, plan, document, catalog, previous, state: XliffState,
                   version: str) -> bool:
        """Same source, same glossary, same entries, nothing taken from the XLIFF, and an
        XLIFF of the asked version written from this very PO: nothing to render at all."""
        return (document.name in plan.current and previous is not None
                and same_entries(catalog, previous) and state.in_step
                and state.version == version)

    def _update_header(self, catalog, plan, document, glossary, previous) -> None:
        engine = plan.result.engine_signature or f"{self.options.engine} (nothing to translate)"
        update_header(catalog, plan.lang, document.name, engine, glossary.signature,
                      previous if previous is not None and same_entries(catalog, previous)
                      else None)


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _same_bytes(output: _Output) -> bool:
    try:
        return output.path.read_bytes() == output.data
    except OSError:
        return False


def _add_stats(total: MergeStats, one: MergeStats) -> None:
    for name in vars(total):
        setattr(total, name, getattr(total, name) + getattr(one, name))


@contextlib.contextmanager
def _timed(timings: dict[str, float], name: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
