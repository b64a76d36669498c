"""Machine output into catalog entries: a draft as msgstr (fuzzy, with its MT note), or an
offer beside a kept translation (an MT suggestion note)."""

from __future__ import annotations

import re

from pipeline.catalogs import notes
from pipeline.catalogs.model import Entry

# No language needs C0 controls in running text, and XLIFF 1.2 cannot carry them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def apply_draft(entry: Entry, outcome, engine) -> None:
    """Machine output goes in as fuzzy: nothing is used unreviewed."""
    entry.msgstr = _same_line_breaks(entry.msgid, _CONTROL.sub("", outcome.text))
    entry.set_fuzzy(True)
    lines = [notes.mt(_engine_label(engine), entry.msgstr, outcome.confidence, outcome.machine),
             *outcome.comments]
    if outcome.recovered and not outcome.comments:
        # Reviewers look at recovered segments first; the report finds them by this line.
        lines.append(f"recovery: placeholders needed the {outcome.strategy.value} strategy; "
                     "check that the protected terms read naturally")
    notes.add(entry, *lines, replace=(notes.Kind.MT, notes.Kind.RECOVERY))


def offer(entry: Entry, outcome, engine) -> None:
    if not outcome.machine or not outcome.text.strip():
        return
    text = _CONTROL.sub("", outcome.text)
    if text != entry.msgstr:
        notes.add(entry, notes.mt_suggestion(_engine_label(engine), text, outcome.confidence),
                  replace=(notes.Kind.MT_SUGGESTION,))


def _same_line_breaks(msgid: str, text: str) -> str:
    """MT output starts and ends with a line break exactly where the source does, as
    msgfmt -c requires."""
    text = text.strip("\n")
    return ("\n" if msgid.startswith("\n") else "") + text + (
        "\n" if msgid.endswith("\n") and text else "")


def _engine_label(engine) -> str:
    return f"{engine.name} {engine.settings.source}→{engine.settings.target}"
