"""Re-running translate without losing human work, the way msgmerge users expect.

`merge(template, previous, memory)` returns the new catalog and the entries that
still need machine translation:

* unchanged msgid: msgstr, flags and translator comments are kept as they are;
  a reviewed entry is never touched;
* changed sentence: a new entry carrying `#| msgid` of the closest old entry,
  whose old target is offered in a translator comment; it goes to MT (fuzzy);
* gone segment: the old entry becomes obsolete (`#~`), never deleted;
* exact translation-memory match: reused instead of MT, with its origin named;
* near TM match: offered as a suggestion with its similarity.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from pipeline.catalogs.model import Catalog, Entry
from pipeline.memory.tm import TranslationMemory

TRANSLATOR_FIELDS = ("Last-Translator", "Language-Team", "Plural-Forms")
PREVIOUS_SIMILARITY = 0.6  # closest old source offered as `#| msgid` at or above this
OLD_TARGET_PREFIX = "previous translation: "
TM_EXACT_PREFIX = "TM: exact match from release "
TM_NEAR_PREFIX = "TM suggestion"  # not "TM:": the msgstr itself is still MT


@dataclass
class MergeStats:
    reused: int = 0
    tm_exact: int = 0
    tm_near: int = 0
    changed: int = 0
    new: int = 0
    obsolete: int = 0


@dataclass
class Merged:
    catalog: Catalog
    pending: list[Entry] = field(default_factory=list)  # need machine translation
    stats: MergeStats = field(default_factory=MergeStats)


def merge(
    template: Catalog,
    previous: Catalog | None,
    memory: TranslationMemory | None = None,
    similarity: float = 0.75,
) -> Merged:
    previous = previous or Catalog()
    old_active = previous.index()
    old_obsolete = {e.key: e for e in previous.entries if e.obsolete}
    header = dict(template.header)
    # Translator-owned header fields survive a re-run, as with msgmerge.
    header.update({k: v for k, v in previous.header.items() if k in TRANSLATOR_FIELDS})
    comment = previous.header_comment or template.header_comment
    merged = Merged(Catalog(header=header, header_comment=comment))
    used: set[tuple[str | None, str]] = set()
    for fresh in template.active():
        old = old_active.get(fresh.key) or old_obsolete.get(fresh.key)
        if old is not None:
            used.add(old.key)
            merged.catalog.entries.append(_keep(old, fresh, merged))
        else:
            merged.catalog.entries.append(_new(fresh, memory, similarity, merged))
    _offer_previous(merged, previous, used)
    _obsolete_rest(merged, previous, used)
    return merged


def _keep(old: Entry, fresh: Entry, merged: Merged) -> Entry:
    """Same msgid: keep the translator's work; refresh references and extracted comments."""
    entry = copy.deepcopy(old)
    entry.obsolete = False
    entry.references = list(fresh.references)
    entry.extracted_comments = list(fresh.extracted_comments)
    entry.line = entry.msgid_line = None
    if not entry.msgstr:
        merged.pending.append(entry)  # resumes an interrupted or hand-only run
    else:
        merged.stats.reused += 1
    return entry


def _new(fresh: Entry, memory: TranslationMemory | None, similarity: float,
         merged: Merged) -> Entry:
    entry = copy.deepcopy(fresh)
    entry.msgstr = ""
    exact = memory.exact(entry.msgid) if memory else None
    if exact:
        entry.msgstr = exact.entry.target
        entry.translator_comments.append(f"{TM_EXACT_PREFIX}{exact.entry.origin}")
        merged.stats.tm_exact += 1
        return entry
    near = memory.near(entry.msgid, similarity) if memory else None
    if near:
        entry.translator_comments.append(
            f"{TM_NEAR_PREFIX} ({near.percent}% from release {near.entry.origin}): "
            f"{near.entry.target}"
        )
        merged.stats.tm_near += 1
    merged.stats.new += 1
    merged.pending.append(entry)
    return entry


def _offer_previous(merged: Merged, previous: Catalog, used: set) -> None:
    """For each new entry, name the closest vanished old source as `#| msgid`."""
    candidates = {e.msgid: e for e in previous.active() if e.key not in used}
    if not candidates:
        return
    choices = list(candidates)
    for entry in merged.pending:
        if entry.previous_msgid is not None or entry.msgstr:
            continue
        found = process.extractOne(
            entry.msgid, choices, scorer=fuzz.ratio, score_cutoff=PREVIOUS_SIMILARITY * 100
        )
        if found is None:
            continue
        old = candidates[found[0]]
        entry.previous_msgid = old.msgid
        entry.previous_msgctxt = old.msgctxt
        if old.msgstr:
            entry.translator_comments.append(f"{OLD_TARGET_PREFIX}{old.msgstr}")
        merged.stats.changed += 1
        merged.stats.new -= 1


def _obsolete_rest(merged: Merged, previous: Catalog, used: set) -> None:
    # One `#~` entry per key: a catalog that already holds the same obsolete entry twice
    # (hand-merged files; read_po lists polib's obsolete entries twice) must not grow on
    # every re-run. The active entry wins over an obsolete duplicate.
    seen = set(used)
    for old in sorted(previous.entries, key=lambda entry: entry.obsolete):
        if old.key in seen:
            continue
        seen.add(old.key)
        gone = copy.deepcopy(old)
        if not gone.obsolete:
            merged.stats.obsolete += 1
        gone.obsolete = True
        gone.line = gone.msgid_line = None
        merged.catalog.entries.append(gone)


def template_from(catalog: Catalog) -> Catalog:
    """A catalog's active entries as a template (no translations): what a re-run merges
    against when the release has not changed since the catalog was made."""
    entries = [Entry(msgid=e.msgid, msgctxt=e.msgctxt, references=list(e.references),
                     extracted_comments=list(e.extracted_comments)) for e in catalog.active()]
    return Catalog(entries=entries, header=dict(catalog.header),
                   header_comment=catalog.header_comment)


def has_new(template: Catalog, previous: Catalog | None) -> bool:
    """Whether any template entry is unknown to `previous` (only then is a TM needed)."""
    if previous is None:
        return True
    known = {entry.key for entry in previous.entries}
    return any(entry.key not in known for entry in template.entries)


def same_entries(catalog: Catalog, previous: Catalog) -> bool:
    def comparable(entries):
        return [(e.msgid, e.msgctxt, e.msgstr, e.flags, e.references, e.extracted_comments,
                 e.translator_comments, e.previous_msgid, e.obsolete) for e in entries]

    return comparable(catalog.entries) == comparable(previous.entries)
