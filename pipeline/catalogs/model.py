"""The catalog model, separate from its PO and XLIFF serialisations (as in Babel).

A Catalog is what translators work on: one per release and language. The PO
file is its source of truth; XLIFF is regenerated from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FUZZY = "fuzzy"


@dataclass
class Entry:
    """One PO entry, as gettext tools read and write it."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    flags: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # "releases/x.txt:12"
    extracted_comments: list[str] = field(default_factory=list)  # "#." role, hints
    translator_comments: list[str] = field(default_factory=list)  # "# " MT/TM notes
    previous_msgid: str | None = None  # "#| msgid", as msgmerge --previous writes
    previous_msgctxt: str | None = None
    obsolete: bool = False
    # Plural entries, as Poedit and msgmerge keep them: msgstr stays "" and the forms
    # are msgstr_plural[0..nplurals-1].
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    previous_msgid_plural: str | None = None
    line: int | None = None  # line of `msgstr` in the file this entry was read from
    msgid_line: int | None = None

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def id(self) -> str:
        """A stable unit id for XLIFF, derived from context and source text."""
        import hashlib  # OpenSSL's hashlib costs a check's start-up; loaded when a digest is made

        digest = hashlib.sha1(f"{self.msgctxt or ''}\x04{self.msgid}".encode()).hexdigest()
        return f"u{digest[:12]}"

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags

    @property
    def has_text(self) -> bool:
        """A translation exists: msgstr, or any plural form."""
        return bool(self.msgstr) or any(self.msgstr_plural.values())

    @property
    def translated(self) -> bool:
        return self.has_text and not self.fuzzy and not self.obsolete

    @property
    def reviewed(self) -> bool:
        """A translator approved it: translated and not fuzzy. Machine output never is."""
        return self.translated

    def set_fuzzy(self, fuzzy: bool) -> None:
        if fuzzy and FUZZY not in self.flags:
            self.flags.insert(0, FUZZY)
        elif not fuzzy and FUZZY in self.flags:
            self.flags.remove(FUZZY)

    def ignored_checks(self) -> set[str]:
        """Check ids switched off per entry with a Weblate-style `#, ignore-<id>` flag."""
        return {flag[len("ignore-"):] for flag in self.flags if flag.startswith("ignore-")}


@dataclass
class Catalog:
    """A PO file's header and entries, in file order."""

    entries: list[Entry] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    header_comment: str = ""
    path: str | None = None

    @property
    def language(self) -> str | None:
        return self.header.get("Language") or None

    def active(self) -> list[Entry]:
        return [entry for entry in self.entries if not entry.obsolete]

    def singular(self) -> list[Entry]:
        """Active entries without plural forms: what XLIFF carries. Plural entries (which a
        translator's tool may add) stay in the PO, edited there."""
        return [entry for entry in self.active() if entry.msgid_plural is None]

    def index(self) -> dict[tuple[str | None, str], Entry]:
        return {entry.key: entry for entry in self.active()}

    def find(self, msgid: str, msgctxt: str | None = None) -> Entry | None:
        for entry in self.active():
            if entry.msgid == msgid and entry.msgctxt == msgctxt:
                return entry
        return None
