"""The list of commands of the `pipeline` group: adding a command is one line here."""

from __future__ import annotations

ALL: list = []
