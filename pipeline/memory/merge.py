"""Re-running translate without losing or demoting human work: msgmerge's rules.

`merge(template, previous, memory)` returns the new catalog, the entries whose msgstr
must come from machine translation (`pending`), and the entries that keep a better
msgstr but are offered MT as a note (`suggest`). gettext's `msgmerge --previous` is the
oracle (tests/test_msgmerge_oracle.py):

* same msgid (and msgctxt), also of an obsolete entry: msgstr, flags and the person's
  comments are kept; a reviewed entry is never touched;
* a new msgid: the closest translated old entry, active or obsolete, by msgmerge's
  measure (similarity of the UTF-8 bytes above 0.6, same context preferred) gives its
  msgstr as a fuzzy draft with `#| msgid` (the old msgid, or the old `#|` when the old
  entry was fuzzy: the source its msgstr was made for); comments and flags carry over,
  and that old entry is not made obsolete. The one exception: an old msgstr that is a
  machine draft no person touched (notes.untouched_mt) is replaced by new MT;
* otherwise the msgstr is chosen by one rule, best first: exact TM match (reused as
  approved, as before), near TM match at or above `similarity` (fuzzy), MT; the
  candidates not chosen are offered as notes with their scores;
* an old entry matched by nothing becomes obsolete (`#~`), never deleted.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from pipeline.catalogs import notes
from pipeline.catalogs.model import FUZZY, Catalog, Entry
from pipeline.memory.tm import TranslationMemory

TRANSLATOR_FIELDS = ("Last-Translator", "Language-Team", "Plural-Forms")
FUZZY_THRESHOLD = 60.0  # msgmerge's FUZZY_THRESHOLD (0.6), on rapidfuzz's 0..100 scale
_SAME_CONTEXT_BONUS = 0.001  # msgmerge's small advantage for a matching msgctxt
# Flags gettext derives from the template (msgmerge recomputes them), not the person's.
_TEMPLATE_FLAGS = ("-format", "no-wrap", "wrap")


@dataclass
class MergeStats:
    reused: int = 0
    tm_exact: int = 0
    tm_near: int = 0
    changed: int = 0  # source changed, previous translation kept as fuzzy
    replaced: int = 0  # source changed, untouched machine draft replaced by MT
    new: int = 0
    obsolete: int = 0


@dataclass
class Merged:
    catalog: Catalog
    pending: list[Entry] = field(default_factory=list)  # msgstr from machine translation
    suggest: list[Entry] = field(default_factory=list)  # msgstr chosen; MT offered as a note
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
    # The old header survives a re-run (translator-owned fields, X-Poedit-* and any other
    # tool's fields, as with msgmerge); the template refreshes what extraction owns.
    header = dict(previous.header)
    header.update({k: v for k, v in template.header.items()
                   if not (k in TRANSLATOR_FIELDS and k in previous.header)})
    comment = previous.header_comment or template.header_comment
    merged = Merged(Catalog(header=header, header_comment=comment))
    used: set[tuple[str | None, str]] = set()
    unmatched: list[tuple[int, Entry]] = []
    for fresh in template.active():
        old = old_active.get(fresh.key) or old_obsolete.get(fresh.key)
        if old is not None:
            used.add(old.key)
            merged.catalog.entries.append(_keep(old, fresh, merged))
        else:
            unmatched.append((len(merged.catalog.entries), fresh))
            merged.catalog.entries.append(fresh)  # replaced below
    index = _FuzzyIndex(previous)
    chooser = _Chooser(memory, similarity)
    for position, fresh in unmatched:
        old = index.best(fresh)
        if old is not None:
            used.add(old.key)
            entry = _changed(old, fresh, chooser, merged)
        else:
            entry = _new(fresh, chooser, merged)
        merged.catalog.entries[position] = entry
    _obsolete_rest(merged, previous, used)
    return merged


def _keep(old: Entry, fresh: Entry, merged: Merged) -> Entry:
    """Same msgid: keep the translator's work; refresh references and extraction notes."""
    entry = copy.deepcopy(old)
    entry.obsolete = False
    entry.references = list(fresh.references)
    entry.line = entry.msgid_line = None
    notes.place(entry, fresh.extracted_comments, notes.refreshed(old))
    if not entry.fuzzy:
        entry.previous_msgid = entry.previous_msgctxt = None  # as msgmerge: fuzzy only
    if not entry.msgstr:
        merged.pending.append(entry)  # resumes an interrupted or hand-only run
    else:
        merged.stats.reused += 1
    return entry


def _changed(old: Entry, fresh: Entry, chooser: _Chooser, merged: Merged) -> Entry:
    """A new msgid close to a translated old one: msgmerge's fuzzy match."""
    entry = copy.deepcopy(fresh)
    # `#|` is the source the kept msgstr was made for (msgmerge's rule): a reviewed old
    # entry's own msgid, or, when the old entry was itself fuzzy, its own `#|` (if any).
    made_for = (old.previous_msgctxt, old.previous_msgid) if old.fuzzy else (old.msgctxt,
                                                                            old.msgid)
    entry.previous_msgctxt, entry.previous_msgid = made_for
    entry.translator_comments = notes.person_lines(old)
    entry.flags = _person_flags(old, fresh)
    if notes.untouched_mt(old):
        chooser.choose(entry, merged, [notes.SOURCE_REPLACED], new=False)
        merged.stats.replaced += 1
        return entry
    entry.msgstr = old.msgstr
    entry.set_fuzzy(True)
    notes.place(entry, fresh.extracted_comments,
                [notes.SOURCE_KEPT, *chooser.offers(entry.msgid)])
    merged.suggest.append(entry)
    merged.stats.changed += 1
    return entry


def _new(fresh: Entry, chooser: _Chooser, merged: Merged) -> Entry:
    entry = copy.deepcopy(fresh)
    entry.msgstr = ""
    chooser.choose(entry, merged, [])
    return entry


@dataclass
class _Chooser:
    """Candidates for an msgstr, best first: exact TM, near TM >= similarity, MT."""

    memory: TranslationMemory | None
    similarity: float

    def choose(self, entry: Entry, merged: Merged, lines: list[str], new: bool = True) -> None:
        exact = self.memory.exact(entry.msgid) if self.memory else None
        near = self.memory.near(entry.msgid, self.similarity) if self.memory else None
        if exact is not None:
            entry.msgstr = exact.entry.target
            entry.set_fuzzy(False)
            notes.place(entry, entry.extracted_comments,
                        [*lines, notes.tm_exact(exact.entry.origin)])
            merged.stats.tm_exact += 1
        elif near is not None:
            entry.msgstr = near.entry.target
            entry.set_fuzzy(True)
            notes.place(entry, entry.extracted_comments,
                        [*lines, notes.tm_near(near.percent, near.entry.origin)])
            merged.suggest.append(entry)
            merged.stats.tm_near += 1
        else:
            notes.place(entry, entry.extracted_comments, lines)
            merged.pending.append(entry)
            merged.stats.new += new

    def offers(self, msgid: str) -> list[str]:
        """TM candidates offered beside a kept human translation."""
        if self.memory is None:
            return []
        found = self.memory.exact(msgid) or self.memory.near(msgid, self.similarity)
        if found is None:
            return []
        return [notes.tm_suggestion(found.percent, found.entry.origin, found.entry.target)]


class _FuzzyIndex:
    """msgmerge's fuzzy search: translated old entries, active and obsolete, scored on the
    UTF-8 bytes (gettext's fstrcmp); the first best wins, a same context breaks ties."""

    def __init__(self, previous: Catalog):
        by_key: dict[tuple[str | None, str], Entry] = {}
        for entry in sorted(previous.entries, key=lambda e: e.obsolete):
            if entry.msgstr:
                by_key.setdefault(entry.key, entry)
        self._entries = list(by_key.values())
        self._choices = [entry.msgid.encode("utf-8") for entry in self._entries]

    def best(self, fresh: Entry) -> Entry | None:
        if not self._choices:
            return None
        found = process.extract(fresh.msgid.encode("utf-8"), self._choices, scorer=fuzz.ratio,
                                score_cutoff=FUZZY_THRESHOLD, limit=None)
        best: tuple[float, int] | None = None
        for _choice, score, position in found:
            old = self._entries[position]
            if score <= FUZZY_THRESHOLD:
                continue
            if old.msgctxt is None or old.msgctxt == fresh.msgctxt:
                score += _SAME_CONTEXT_BONUS
            if best is None or score > best[0] or (score == best[0] and position < best[1]):
                best = (score, position)
        return None if best is None else self._entries[best[1]]


def _person_flags(old: Entry, fresh: Entry) -> list[str]:
    kept = [flag for flag in old.flags if flag != FUZZY and not flag.endswith(_TEMPLATE_FLAGS)]
    template = [flag for flag in fresh.flags if flag.endswith(_TEMPLATE_FLAGS)]
    return list(dict.fromkeys([*template, *kept]))


def _obsolete_rest(merged: Merged, previous: Catalog, used: set) -> None:
    # One `#~` entry per key: a catalog that already holds the same obsolete entry twice
    # (hand-merged files) must not grow on every re-run. The active entry wins over an
    # obsolete duplicate.
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
                     extracted_comments=notes.developer_lines(e.extracted_comments))
               for e in catalog.active()]
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
                 e.translator_comments, e.previous_msgid, e.previous_msgctxt, e.obsolete)
                for e in entries]

    return comparable(catalog.entries) == comparable(previous.entries)
