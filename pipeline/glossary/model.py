"""The glossary model: terms a brand controls, and typed hits of them in text.

Interface used by the rest of the pipeline (implemented in glossary/matcher.py
and glossary/loader.py):

    glossary = load_glossaries([Path("glossaries/smart.yaml")])   # -> Glossary
    matcher = glossary.matcher                                    # built once, cached
    matcher.source_hits(text)            -> list[Hit]  terms in an English segment
    matcher.target_hits(text, lang)      -> list[Hit]  approved renderings in a translation
    matcher.forbidden_hits(text, lang)   -> list[Hit]  forbidden variants in a translation
    term.renderings(lang)                -> approved target forms, preferred first
    term.hint(lang)                      -> "smart: brand, do not translate, always lowercase"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Union

from pipeline.errors import Location

if TYPE_CHECKING:
    from pipeline.glossary.matcher import Matcher
    from pipeline.language import Language


class TermKind(str, Enum):
    DNT = "dnt"  # do not translate: the target form is the canonical source form
    FORCED = "forced"  # one approved rendering per language


class HitKind(str, Enum):
    SOURCE = "source"
    TARGET = "target"
    FORBIDDEN = "forbidden"


LanguageKey = Union["Language", str]


@lru_cache(maxsize=256)
def _keys_of(text: str) -> tuple[str, ...]:
    from pipeline.errors import InputError
    from pipeline.language import Language

    try:
        return lookup_keys(Language.parse(text))
    except InputError:
        return (text,)


def lookup_keys(lang: LanguageKey | None) -> tuple[str, ...]:
    """The glossary keys to try for `lang`, most specific first: de-CH, de_CH, de. Files
    may spell a key either way; protection and checks look terms up through this alone."""
    if isinstance(lang, str):
        return _keys_of(lang) if lang else ()
    # `lang == ""` on a Language would go through its generated __eq__: asked per entry.
    return () if lang is None else _language_keys(lang)


@lru_cache(maxsize=256)  # asked several times per entry by every check and lookup
def _language_keys(lang: Language) -> tuple[str, ...]:
    return tuple(dict.fromkeys(key for one in lang.chain for key in (one.tag, one.gettext)))


@dataclass(frozen=True)
class Term:
    """One glossary term: its source forms, approved renderings and forbidden forms."""

    id: str
    source: str  # canonical source form, e.g. "smart #1"
    kind: TermKind
    category: str = ""  # brand, model, programme, award, person, partner, slogan, ...
    variants: tuple[str, ...] = ()  # other source spellings meaning the same term
    # Approved target forms per language, preferred first. DNT terms always accept
    # `source`; entries here add inflections/compounds ("smart-modellen").
    targets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    forbidden: tuple[str, ...] = ()  # reported wherever they appear, e.g. "Smart", "smart 1"
    case_sensitive: bool = True
    keep_lowercase: bool = False  # stays lowercase at sentence start, in headlines, in quotes
    exceptions: tuple[str, ...] = ()  # phrases where the source words are not this term
    note: str = ""  # for translators
    location: Location | None = None  # where the term is defined, for lint messages
    # Per-language overrides: forbidden forms, exception phrases and notes that apply
    # in one target language only, on top of the global ones above.
    lang_forbidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    lang_exceptions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    lang_notes: Mapping[str, str] = field(default_factory=dict)
    # A family of names (pipeline/glossary/patterns.py): `source` is then the pattern.
    pattern: str | None = None
    forbidden_patterns: tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash((self.id, self.source, self.kind))

    def renderings(self, lang: LanguageKey) -> tuple[str, ...]:
        """Approved target forms in `lang`, the preferred one first: the variant's own
        (de-CH), else its base language's (de)."""
        forms = next((tuple(self.targets[key]) for key in lookup_keys(lang)
                      if key in self.targets), ())
        if self.kind is TermKind.DNT:
            return (self.source, *(form for form in forms if form != self.source))
        return forms or (self.source,)  # an unknown FORCED language keeps the English form

    def preferred(self, lang: LanguageKey) -> str:
        return self.renderings(lang)[0]

    def forbidden_forms(self, lang: LanguageKey | None = None) -> tuple[str, ...]:
        """Forbidden spellings in `lang`: the global ones, then the variant's and its base
        language's own."""
        extra = [form for key in lookup_keys(lang) for form in self.lang_forbidden.get(key, ())]
        return tuple(dict.fromkeys((*self.forbidden, *extra)))

    def exceptions_for(self, lang: LanguageKey | None = None) -> tuple[str, ...]:
        extra = [form for key in lookup_keys(lang) for form in self.lang_exceptions.get(key, ())]
        return tuple(dict.fromkeys((*self.exceptions, *extra)))

    def note_for(self, lang: LanguageKey | None = None) -> str:
        """The translator note, then the variant's own note and its base language's."""
        extra = [self.lang_notes[key] for key in lookup_keys(lang) if key in self.lang_notes]
        return " ".join(dict.fromkeys(part for part in (self.note, *extra) if part))

    def hint(self, lang: LanguageKey | None = None) -> str:
        parts = [self.category] if self.category else []
        if self.kind is TermKind.DNT:
            parts.append("do not translate")
        elif lang:
            parts.append(f"translate as “{self.preferred(lang)}”")
        else:
            parts.append("approved translation per language")
        if self.keep_lowercase:
            parts.append("always lowercase")
        note = self.note_for(lang)
        if note:
            parts.append(note)
        return f"{self.source}: {', '.join(parts)}"


@dataclass(frozen=True)
class Hit:
    """A term found in a text, at its span."""

    term: Term
    start: int
    end: int
    text: str  # the matched text as it appears (not normalised)
    kind: HitKind = HitKind.SOURCE


@dataclass(frozen=True)
class Glossary:
    """The terms of one or more glossary files, in file order."""

    terms: tuple[Term, ...] = ()
    paths: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # target languages the files declare they cover

    @cached_property
    def matcher(self) -> Matcher:
        from pipeline.glossary.matcher import Matcher

        return Matcher(self.terms)

    @cached_property
    def signature(self) -> str:
        """Short content hash, written into catalog headers for reproducibility."""
        import hashlib  # OpenSSL's hashlib costs a check's start-up; loaded when a digest is made

        digest = hashlib.sha1()
        for term in self.terms:
            digest.update(repr((term.id, term.source, term.kind.value, term.variants,
                                sorted(term.targets.items()), term.forbidden,
                                sorted(term.lang_forbidden.items()))).encode())
        return digest.hexdigest()[:10]

    def __hash__(self) -> int:
        return hash(self.paths)

    @cached_property
    def sentence_starts(self) -> tuple[str, ...]:
        """Names that may start a sentence in lowercase ("… in 2023. smart continues",
        "… appeal. eBay said"): terms kept lowercase, and any term (or source variant) whose
        canonical form starts with a lowercase letter. The segmenter splits before them;
        no brand is written in code."""
        names: dict[str, None] = {}
        for term in self.terms:
            if term.pattern:
                continue
            for form in (term.source, *term.variants):
                if form[:1].islower() or (term.keep_lowercase and form == term.source):
                    names.setdefault(form.split()[0].rstrip(",.;:"), None)
        return tuple(name for name in names if name)
