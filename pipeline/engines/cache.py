"""Loaded models, for exactly as long as their owner says.

A model costs seconds to load and hundreds of megabytes to hold, so it is loaded once per
language and shared by every engine asking for the same model with the same settings.
Who owns the cache decides how long a model lives:

- a `pipeline translate` run (pipeline.executors.local): each model goes as soon as its
  language is done (`keep=0`), and whatever is left when the run ends (`clear`);
- a long-lived caller (the bench, a Ray worker serving several languages): up to `keep`
  released models stay loaded for the next request, least recently used evicted first.

An engine made without a cache gets one of its own, freed with the engine.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any


@dataclass
class _Slot:
    model: Any
    users: int = 0


class ModelCache:
    def __init__(self, keep: int = 0):
        self.keep = keep  # released models kept loaded for a later request
        self._slots: OrderedDict[Hashable, _Slot] = OrderedDict()
        self._lock = threading.Lock()

    def acquire(self, key: Hashable, load: Callable[[], Any]) -> Any:
        """The model for `key`, loaded by `load()` if it is not held; held until released."""
        with self._lock:
            slot = self._slots.get(key)
            if slot is None:
                # Loaded under the lock: two languages' threads asking for one model load it
                # once, not twice.
                slot = self._slots[key] = _Slot(load())
            slot.users += 1
            self._slots.move_to_end(key)
            return slot.model

    def release(self, key: Hashable) -> None:
        """One user fewer; an unused model beyond the `keep` most recent ones is freed."""
        with self._lock:
            slot = self._slots.get(key)
            if slot is None:
                return
            slot.users = max(0, slot.users - 1)
            unused = [k for k, s in self._slots.items() if not s.users]
            for stale in unused[:max(0, len(unused) - self.keep)]:
                del self._slots[stale]

    def clear(self) -> None:
        """Every model goes, in use or not: the owner's lifetime is over."""
        with self._lock:
            self._slots.clear()

    def __len__(self) -> int:
        return len(self._slots)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._slots
