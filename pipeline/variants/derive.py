"""A variant's catalog, derived from its base language's catalog with no machine translation.

Per base entry, the derived text is the base msgstr with, in this order: the glossary's
own renderings for the variant (a term with a `de-CH` target), the variant's rules
(rules.py), numbers in the variant's CLDR format ("70.000" -> "70’000" for de-CH,
"5,5" -> "5.5"), and month names as CLDR writes them for the variant (de-AT "Jänner").

Each variant entry records the base text it was derived from, in a `#.` note
(`variant of de (base 1a2b3c4d, output 5e6f7a8b): <base text>`; the digests of the base
text and of what it derived to still tell the story when a tool rewraps the line). On a
re-run:

* an entry no person edited (its msgstr is still what the recorded base text derives
  to) follows the base: new derived text, and the base's fuzzy state (an unreviewed base
  stays unreviewed in the variant);
* a person's edit is kept; when the base changed since, it becomes fuzzy, with the new
  derived text offered in a note (`variant suggestion (from de): …`);
* entries gone from the base become obsolete, as in a merge.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field

from pipeline.catalogs import notes
from pipeline.catalogs.model import Catalog, Entry
from pipeline.glossary.model import Glossary
from pipeline.language import Language
from pipeline.variants.rules import Rule

VARIANT_PREFIX = "variant of "
SUGGESTION_PREFIX = "variant suggestion (from "


@dataclass(frozen=True)
class Variant:
    language: Language  # de-CH
    base: Language  # de
    rules: tuple[Rule, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(rule.name for rule in self.rules)


@dataclass
class DeriveStats:
    followed: int = 0  # entries that follow the base (no person edited them)
    kept: int = 0  # a person's edits in the variant, kept
    refuzzied: int = 0  # kept edits whose base changed: fuzzy, new derived text offered
    obsolete: int = 0


@dataclass
class Derived:
    catalog: Catalog
    stats: DeriveStats = field(default_factory=DeriveStats)


def derive_text(text: str, variant: Variant, glossary: Glossary | None = None) -> str:
    if not text:
        return text
    out = _glossary_renderings(text, variant, glossary)
    for rule in variant.rules:
        out = rule.apply(out)
    return _months(_numbers(out, variant), variant)


def derive_catalog(base: Catalog, previous: Catalog | None, variant: Variant,
                   glossary: Glossary | None = None) -> Derived:
    previous = previous or Catalog()
    old = previous.index()
    header = dict(base.header)
    header.update({k: v for k, v in previous.header.items()
                   if k in ("Last-Translator", "Language-Team")})
    derived = Derived(Catalog(header=header, header_comment=previous.header_comment))
    seen: set[tuple[str | None, str]] = set()
    for entry in base.active():
        seen.add(entry.key)
        fresh = _fresh(entry, variant, glossary)
        mine = old.get(entry.key)
        if mine is None or _untouched(mine, variant):
            derived.catalog.entries.append(fresh)
            derived.stats.followed += 1
        else:
            derived.catalog.entries.append(_kept(mine, entry, fresh, variant, derived.stats))
    for gone in previous.entries:
        if gone.key not in seen:
            seen.add(gone.key)
            copied = copy.deepcopy(gone)
            derived.stats.obsolete += not copied.obsolete
            copied.obsolete, copied.line, copied.msgid_line = True, None, None
            derived.catalog.entries.append(copied)
    return derived


@dataclass(frozen=True)
class Record:
    """What a variant entry was derived from, as its note says."""

    base: str  # digest of the base text
    output: str  # digest of the derived text as written
    text: str  # the base text (may be cut short if a tool rewrapped the note)


_RECORD = re.compile(r"^variant of (\S+) \(base ([0-9a-f]{8}), output ([0-9a-f]{8})\): ?(.*)$")


def record_of(entry: Entry, variant: Variant) -> Record | None:
    for line in entry.extracted_comments:
        found = _RECORD.match(line)
        if found and found.group(1) == variant.base.tag:
            return Record(found.group(2), found.group(3), found.group(4))
    return None


def _record(variant: Variant, base_text: str, derived: str) -> str:
    return (f"{VARIANT_PREFIX}{variant.base.tag} (base {_digest(base_text)}, output "
            f"{_digest(derived)}): {base_text}")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _fresh(entry: Entry, variant: Variant, glossary: Glossary | None) -> Entry:
    fresh = copy.deepcopy(entry)
    fresh.msgstr = derive_text(entry.msgstr, variant, glossary)
    fresh.line = fresh.msgid_line = None
    record = [_record(variant, entry.msgstr, fresh.msgstr)] if entry.msgstr else []
    notes.place(fresh, _developer(entry, variant, glossary), [*_own_notes(entry), *record])
    return fresh


def _developer(entry: Entry, variant: Variant, glossary: Glossary | None) -> list[str]:
    """The base entry's extraction lines, with glossary hints written for the variant
    (its own renderings and notes, then its base's)."""
    lines = notes.developer_lines(entry.extracted_comments)
    if glossary is None or not glossary.terms:
        return lines
    kept = [line for line in lines if not line.startswith(notes.Kind.GLOSSARY.value)]
    terms = dict.fromkeys(hit.term for hit in glossary.matcher.source_hits(entry.msgid))
    return [*kept, *(notes.glossary(term.hint(variant.language)) for term in terms)]


def _own_notes(entry: Entry) -> list[str]:
    """The entry's pipeline notes without variant bookkeeping (the base's MT note, say)."""
    return [line for line in notes.pipeline_lines(entry)
            if not line.startswith((VARIANT_PREFIX, SUGGESTION_PREFIX))]


def _untouched(mine: Entry, variant: Variant) -> bool:
    """No person edited the variant entry: its text is still what was derived."""
    recorded = record_of(mine, variant)
    if recorded is None:
        return not mine.msgstr  # nothing here yet: follow the base
    return _digest(mine.msgstr) == recorded.output


def _kept(mine: Entry, base: Entry, fresh: Entry, variant: Variant,
          stats: DeriveStats) -> Entry:
    kept = copy.deepcopy(mine)
    kept.obsolete, kept.line, kept.msgid_line = False, None, None
    kept.references = list(base.references)
    stats.kept += 1
    recorded = record_of(mine, variant)
    moved = recorded is None or recorded.base != _digest(base.msgstr)
    if moved and fresh.msgstr != mine.msgstr:
        # The base moved on under a person's edit: keep it, ask for a look, offer the new.
        kept.set_fuzzy(True)
        stats.refuzzied += 1
        notes.place(kept, base.extracted_comments, [
            # What the new base derives to: the person's text stays "edited" next time.
            *_own_notes(mine), _record(variant, base.msgstr, fresh.msgstr),
            f"{SUGGESTION_PREFIX}{variant.base.tag}): {fresh.msgstr}"])
    else:
        lines = notes.pipeline_lines(mine)
        if mine.reviewed:  # approved since: the offer has been seen
            lines = [line for line in lines if not line.startswith(SUGGESTION_PREFIX)]
        notes.place(kept, base.extracted_comments, lines)
    return kept


def _glossary_renderings(text: str, variant: Variant, glossary: Glossary | None) -> str:
    """Where the glossary has the variant's own rendering of a term, it replaces the
    base's ("Goldenes Lenkrad" -> a de-CH target, if the brand set one)."""
    if glossary is None or not glossary.terms:
        return text
    own = (variant.language.tag, variant.language.gettext)
    out = text
    for hit in sorted(glossary.matcher.target_hits(text, variant.base), key=lambda h: -h.start):
        if not any(key in hit.term.targets for key in own):
            continue
        wanted = hit.term.preferred(variant.language)
        if wanted != hit.text:
            out = out[:hit.start] + wanted + out[hit.end:]
    return out


def _numbers(text: str, variant: Variant) -> str:
    """Numbers in the variant's CLDR format, where it differs from the base's (a base
    written "70 000" with a plain space stays as the translator typed it in fr-CH)."""
    from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

    from pipeline.checks.numbers import formatted_numbers

    base, mine = variant.base.locale, variant.language.locale
    if (get_group_symbol(base), get_decimal_symbol(base)) == (get_group_symbol(mine),
                                                              get_decimal_symbol(mine)):
        return text
    out = text
    for start, end, value in reversed(formatted_numbers(text, variant.base)):
        out = out[:start] + format_decimal(value, locale=variant.language.locale) + out[end:]
    return out


def _months(text: str, variant: Variant) -> str:
    """Month names where CLDR writes them differently for the variant (de-AT Jänner)."""
    from babel.dates import get_month_names

    base = get_month_names("wide", locale=variant.base.locale)
    mine = get_month_names("wide", locale=variant.language.locale)
    for number, name in base.items():
        if mine[number] != name:
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", mine[number], text)
    return text
