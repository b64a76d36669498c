"""Protection: placeholders for what MT must not touch, restored and verified afterwards.

    protected = protect(segment_text, matcher.source_hits(segment_text), "es")
    outcomes = translate_protected(engine, [protected, ...], "es", counters=counters)
    restore(engine_output, protected, "es")   # -> Restored(text, ok, problems)
"""

from pipeline.protection.forms import BRACKET, FORMS, XML_TAG, PlaceholderForm
from pipeline.protection.model import (
    Counters,
    Glue,
    Outcome,
    Problem,
    ProblemKind,
    Protected,
    Restored,
    Slot,
    SlotKind,
    Strategy,
)
from pipeline.protection.protect import find_links, protect
from pipeline.protection.recovery import translate_protected
from pipeline.protection.restore import restore

__all__ = [
    "BRACKET", "FORMS", "XML_TAG", "Counters", "Glue", "Outcome", "PlaceholderForm",
    "Problem", "ProblemKind", "Protected", "Restored", "Slot", "SlotKind", "Strategy",
    "find_links", "protect", "restore", "translate_protected",
]
