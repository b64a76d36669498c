"""Reading and writing gettext PO files with polib, mapped onto the catalog model."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import polib

from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po_syntax import check_syntax
from pipeline.errors import Location, PoFileError

WRAP_WIDTH = 78
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_CHARSET = re.compile(r"charset=([-\w.]+)", re.IGNORECASE)


def read_po(path: str | Path) -> Catalog:
    """Parse a PO/POT file; any defect raises PoFileError with the file and line."""
    path = Path(path)
    data = _read_bytes(path)
    text = _decode(path, data)
    check_syntax(text, str(path))
    try:
        pofile = polib.pofile(_NewlineOnly(text), wrapwidth=WRAP_WIDTH)
    except (OSError, ValueError, UnicodeError) as exc:
        raise _syntax_error(path, exc) from None
    catalog = _to_catalog(pofile, str(path))
    _locate_lines(catalog, text)
    _obsolete_previous(catalog, text)
    _reject_duplicates(catalog, str(path))
    if _CONTROL.search(text) or _CONTROL_ESCAPE.search(text):  # else no string has one
        _reject_controls(catalog, str(path))
    return catalog


class _NewlineOnly(str):
    """PO text that polib splits at "\n" only. Its default str.splitlines also breaks at
    U+2028, U+0085, \v, \f..., which polib itself writes raw inside strings, so a msgstr
    holding one lost everything before it on the next read."""

    def splitlines(self, keepends: bool = False) -> list[str]:
        return self.split("\n")


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PoFileError("no such file", str(path)) from None
    except IsADirectoryError:
        raise PoFileError("is a directory, not a PO file", str(path)) from None
    except OSError as exc:
        raise PoFileError(f"cannot read: {exc.strerror}", str(path)) from None
    if not data.strip():
        raise PoFileError("empty file, not a PO catalog", str(path))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PoFileError("UTF-16 encoded; PO files must be saved as UTF-8", Location(str(path), 1))
    if b"\x00" in data[:8192]:
        raise PoFileError("binary file, not a PO catalog", str(path))
    return data


def _decode(path: Path, data: bytes) -> str:
    declared = _CHARSET.search(data[:4096].decode("ascii", "replace"))
    charset = declared.group(1) if declared else "utf-8"
    if charset.upper() == "CHARSET":  # an untouched POT template header
        charset = "utf-8"
    try:
        return data.decode(charset)
    except LookupError:
        raise PoFileError(f"unknown charset {charset!r} in the header",
                          Location(str(path), 1)) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PoFileError(
            f"not valid {charset} (declared charset) at byte {exc.start}", Location(str(path), line)
        ) from None


def _syntax_error(path: Path, exc: Exception) -> PoFileError:
    message = str(exc)
    match = _POLIB_LINE.search(message)
    line = int(match.group(1)) if match else None
    reason = message.split("):", 1)[-1].strip() if "):" in message else "syntax error"
    return PoFileError(f"malformed PO: {reason or 'syntax error'}", Location(str(path), line))


def _to_catalog(pofile: polib.POFile, path: str) -> Catalog:
    catalog = Catalog(header=dict(pofile.metadata), header_comment=pofile.header, path=path)
    for po_entry in pofile:  # obsolete entries included, in file order
        if po_entry.msgid == "" and not po_entry.obsolete:
            continue
        catalog.entries.append(
            Entry(
                msgid=po_entry.msgid,
                msgstr=po_entry.msgstr,
                msgctxt=po_entry.msgctxt,
                flags=list(po_entry.flags),
                references=[_ref(f, ln) for f, ln in po_entry.occurrences],
                extracted_comments=_lines(po_entry.comment),
                translator_comments=_lines(po_entry.tcomment),
                previous_msgid=po_entry.previous_msgid,
                previous_msgctxt=po_entry.previous_msgctxt,
                obsolete=bool(po_entry.obsolete),
                msgid_line=po_entry.linenum,
                msgid_plural=po_entry.msgid_plural or None,
                msgstr_plural={int(k): v for k, v in po_entry.msgstr_plural.items()},
                previous_msgid_plural=po_entry.previous_msgid_plural,
            )
        )
    return catalog


def _ref(path: str, line: str) -> str:
    return f"{path}:{line}" if line else path


def _lines(comment: str | None) -> list[str]:
    return comment.split("\n") if comment else []


def _locate_lines(catalog: Catalog, text: str) -> None:
    """Find the line of each entry's `msgstr` so findings point where the fix goes."""
    lines = text.split("\n")
    for entry in catalog.entries:
        start = max((entry.msgid_line or 1) - 1, 0)
        for number in range(start, len(lines)):
            stripped = lines[number].lstrip("#~ ").lstrip()
            if stripped.startswith("msgstr"):
                entry.line = number + 1
                break


_OBSOLETE_PREVIOUS = re.compile(r'^#~\|\s*(msgctxt|msgid|msgid_plural)?\s*"(.*)"\s*$')


def _obsolete_previous(catalog: Catalog, text: str) -> None:
    """`#~| msgid` of obsolete entries, which polib drops: msgmerge writes them when an entry
    that was fuzzy with a previous msgid becomes obsolete."""
    lines = text.split("\n")
    for entry in catalog.entries:
        if not entry.obsolete or not entry.msgid_line:
            continue
        found: dict[str, str] = {}
        field_name = None
        block: list[str] = []
        for line in lines[entry.msgid_line - 1:]:  # the entry's comment lines, up to msgid
            if not line.startswith("#") or line.startswith(("#~ msgid", "#~ msgctxt")):
                break
            block.append(line)
        for line in block:
            match = _OBSOLETE_PREVIOUS.match(line)
            if match:
                field_name = match.group(1) or field_name
                if field_name:
                    found[field_name] = found.get(field_name, "") + polib.unescape(match.group(2))
        entry.previous_msgctxt = found.get("msgctxt", entry.previous_msgctxt)
        entry.previous_msgid = found.get("msgid", entry.previous_msgid)
        entry.previous_msgid_plural = found.get("msgid_plural", entry.previous_msgid_plural)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The escapes that unescape to one: \a \b \f \v, and octal or hex escapes.
_CONTROL_ESCAPE = re.compile(r"\\[abfv0-7x]")


def _reject_controls(catalog: Catalog, path: str) -> None:
    """A control character (a BEL pasted from a terminal, say) in a msgid or msgstr: no
    release needs one, XLIFF 1.2 cannot carry it, and a build would ship it."""
    for entry in catalog.active():
        for name, text in (("msgid", entry.msgid), ("msgstr", entry.msgstr),
                           *((f"msgstr[{n}]", t) for n, t in entry.msgstr_plural.items())):
            found = _CONTROL.search(text)
            if found:
                line = entry.line if name.startswith("msgstr") else entry.msgid_line
                raise PoFileError(f"control character U+{ord(found.group()):04X} in {name}; "
                                  "remove it", Location(path, line))


def _reject_duplicates(catalog: Catalog, path: str) -> None:
    seen: dict[tuple[str | None, str], int | None] = {}
    for entry in catalog.active():
        if entry.key in seen:
            raise PoFileError(
                f"duplicate message definition (first defined at line {seen[entry.key]})",
                Location(path, entry.msgid_line),
            )
        seen[entry.key] = entry.msgid_line


class _POEntry(polib.POEntry):
    """Writes each comment line as one line, unwrapped (gettext's msgcat does not wrap them
    either): a line is one convention ("glossary: ...", "MT: ...", docs/xliff.md) and must
    read back exactly as it was written. msgid/msgstr still wrap at WRAP_WIDTH."""

    def __unicode__(self, wrapwidth: int = WRAP_WIDTH) -> str:
        fields = [("tcomment", "# ")] if self.obsolete else [("tcomment", "# "), ("comment", "#. ")]
        head = [f"{prefix}{line}" for name, prefix in fields if getattr(self, name)
                for line in getattr(self, name).split("\n")]
        bare = copy.copy(self)
        bare.comment = bare.tcomment = ""
        body = polib.POEntry.__unicode__(bare, wrapwidth)
        return "\n".join([*head, body])


def to_polib(catalog: Catalog) -> polib.POFile:
    pofile = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    pofile.header = catalog.header_comment
    pofile.metadata = dict(catalog.header)
    for entry in catalog.entries:
        pofile.append(
            _POEntry(
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                msgctxt=entry.msgctxt,
                flags=list(entry.flags),
                occurrences=[_split_ref(ref) for ref in entry.references],
                comment="\n".join(entry.extracted_comments),
                tcomment="\n".join(entry.translator_comments),
                previous_msgid=entry.previous_msgid,
                previous_msgctxt=entry.previous_msgctxt,
                obsolete=entry.obsolete,
                msgid_plural=entry.msgid_plural or "",
                msgstr_plural=dict(entry.msgstr_plural),
                previous_msgid_plural=entry.previous_msgid_plural,
            )
        )
    return pofile


def _split_ref(ref: str) -> tuple[str, str]:
    path, sep, line = ref.rpartition(":")
    if sep and line.isdigit():
        return (path, line)
    return (ref, "")


def format_po(catalog: Catalog) -> str:
    text = str(to_polib(catalog))
    return text if text.endswith("\n") else text + "\n"


def newline_problem(msgid: str, msgstr: str) -> str | None:
    """What `msgfmt -c` rejects: msgid and msgstr must both begin, and both end, with a
    line break or neither."""
    if msgstr and msgid.startswith("\n") != msgstr.startswith("\n"):
        return "the translation and the source must both start with a line break, or neither"
    if msgstr and msgid.endswith("\n") != msgstr.endswith("\n"):
        return "the translation and the source must both end with a line break, or neither"
    return None


def encode_po(catalog: Catalog) -> bytes:
    """The PO's bytes in the charset its header declares, so header and bytes always agree
    (a PO in ISO-8859-1 stays ISO-8859-1). A text the charset cannot carry switches the
    header to UTF-8 rather than writing bytes that would read back as mojibake. A control
    character is refused here as read_po refuses it: nothing written is unreadable."""
    _reject_controls(catalog, catalog.path or "catalog")
    declared = _CHARSET.search(catalog.header.get("Content-Type", ""))
    charset = declared.group(1) if declared else "UTF-8"
    if charset.upper() not in ("UTF-8", "UTF8", "CHARSET"):
        try:
            return format_po(catalog).encode(charset)
        except (LookupError, UnicodeEncodeError):
            pass
    catalog.header["Content-Type"] = "text/plain; charset=UTF-8"
    return format_po(catalog).encode("utf-8")


def write_po(path: str | Path, catalog: Catalog) -> None:
    """Serialise atomically: a reader or a killed run never sees half a file."""
    from pipeline import atomic  # filelock, which it imports, is not needed for reading

    atomic.write_bytes(path, encode_po(catalog))
