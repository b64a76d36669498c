"""Exceptions that carry a location; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A place in a user's file: path and, where known, a 1-based line and column."""

    path: str
    line: int | None = None
    column: int | None = None  # where a parser knows it (YAML); shown as path:line:column

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")


class PipelineError(Exception):
    """Base class. `str(err)` is the one-line message the user sees (without the prefix)."""

    def __init__(self, message: str, location: Location | str | None = None):
        if isinstance(location, str):
            location = Location(location)
        self.message = message
        self.location = location
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class InputError(PipelineError):
    """Bad input from the user: a file, an option, a path. Exit code 2."""


class PoFileError(InputError):
    """A PO file could not be read; carries the offending line like Babel's PoFileError."""


class GlossaryError(InputError):
    """A glossary file is malformed or inconsistent."""


class XmlInputError(InputError):
    """An XML input (XLIFF, TBX, HTML) is malformed or hostile."""


class ModelError(InputError):
    """A translation model is missing, damaged or refused."""


class EngineError(PipelineError):
    """A translation engine failed while running."""


class LockedError(InputError):
    """Another pipeline run holds the lock on the same locale."""


def check_choice(kind: str, name: str, known, where=None) -> str:
    """`name` when it is one of `known`; else an InputError naming every choice and the
    closest one ("unknown engine 'argoss'; choose one of: ... (did you mean 'argos'?)")."""
    import difflib

    choices = list(known)
    if name in choices:
        return name
    close = difflib.get_close_matches(name, choices, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise InputError(f"unknown {kind} {name!r}; choose one of: {', '.join(choices)}{hint}",
                     where)
