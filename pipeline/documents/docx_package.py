"""Opening a Word release (.docx) safely, and finding the XML parts that hold its text.

A .docx is a zip archive of XML parts. Before python-docx sees one, the archive itself
is checked, because a release comes from outside: a file that is no zip (an old .doc, a
password-protected document), member names that point outside the archive, an archive
that unpacks to far more than it weighs (a zip bomb: sizes are measured while reading,
not taken from its headers), and XML parts with a DOCTYPE (OOXML forbids DTDs, so any is
refused, which rules out entity expansion and external entities). python-docx's own
parser resolves no entities either.

python-docx has no footnote or endnote objects; their parts are registered below as
plain XML parts so that the reader can walk them and the writer save them changed.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import docx
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.exceptions import OpcError
from docx.opc.part import PartFactory, XmlPart
from lxml import etree

from pipeline.errors import InputError, XmlInputError
from pipeline.files import read_regular
from pipeline.safexml import has_doctype

MAX_MB = 50  # photos make Word releases far larger than text ones
MAX_UNPACKED = 256 * 1024 * 1024
MAX_MEMBERS = 5000
# A large member unpacking to more than this many times its stored size is a zip bomb;
# Word's XML compresses about 10 times, photos not at all.
MAX_RATIO = 200
_LARGE = 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Word 97-2003 .doc, and every password-protected .docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

PartFactory.part_type_for[CONTENT_TYPE.WML_FOOTNOTES] = XmlPart
PartFactory.part_type_for[CONTENT_TYPE.WML_ENDNOTES] = XmlPart


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute: w("p") -> {ns}p."""
    return f"{{{W}}}{name}"


def local(element: etree._Element) -> str:
    """An element's name without namespace; "" for comments and processing instructions."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


@dataclass(frozen=True)
class Story:
    """One XML tree of the document that holds paragraphs: the body, a header, a footer,
    the footnotes, the endnotes. `context` is what translators are told ("" for the body);
    `targets` the URL of each hyperlink relationship id of its part."""

    root: etree._Element
    context: str
    targets: Mapping[str, str] = field(default_factory=dict)


def load_package(path: Path, shown: str) -> bytes:
    """The bytes of a .docx release, after the archive passed every check."""
    data = read_regular(path, MAX_MB * 1024 * 1024, "release", shown)
    check_archive(data, shown)
    return data


def check_archive(data: bytes, shown: str) -> None:
    if data.startswith(_OLE_MAGIC):
        raise InputError("not a .docx: a Word 97-2003 (.doc) or password-protected file; "
                         "save it from Word as an unprotected .docx", shown)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError("not a .docx: a Word document is a zip archive and this file is not "
                         "one (truncated, or renamed from another format)", shown)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_names(infos, shown)
            budget = MAX_UNPACKED
            for info in infos:
                budget -= _check_member(archive, info, budget, shown)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise InputError(f"damaged .docx archive ({exc})", shown) from None
    except RuntimeError as exc:  # zipfile's "File ... is encrypted"
        raise InputError(f"unreadable .docx archive ({exc})", shown) from None


def _check_names(infos: list[zipfile.ZipInfo], shown: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"refused: the archive has {len(infos):,} members (limit "
                         f"{MAX_MEMBERS:,})", shown)
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name).parts
        if ("\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":")
                or ".." in parts):
            raise InputError(f"refused: archive member {name!r} points outside the document",
                             shown)
        if name.lower() in seen:
            raise InputError(f"refused: archive member {name!r} appears twice", shown)
        seen.add(name.lower())
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise InputError(f"refused: the archive unpacks to more than "
                         f"{MAX_UNPACKED // 1024 // 1024} MB (a zip bomb?)", shown)


def _check_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int,
                  shown: str) -> int:
    """Read one member within `budget` bytes (its header's size may lie); its real size."""
    head, total = b"", 0
    ratio_limit = MAX_RATIO * max(info.compress_size, 1)
    with archive.open(info) as handle:
        while chunk := handle.read(min(1 << 20, budget + 1 - total)):
            total += len(chunk)
            if total > budget or (total > _LARGE and total > ratio_limit):
                raise InputError(f"refused: archive member {info.filename!r} unpacks to far "
                                 "more than it stores (a zip bomb?)", shown)
            head = head or chunk  # the first megabyte is enough to find a DOCTYPE
    if head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").startswith((b"<", b"\x00<", b"<\x00")) \
            and has_doctype(head):
        raise XmlInputError(f"refused: part {info.filename} declares a DOCTYPE (OOXML forbids "
                            "DTDs, so no entities are expanded)", shown)
    return total


def open_package(data: bytes, shown: str) -> docx.document.Document:
    """python-docx's document for checked bytes; an archive that is no Word document (a
    renamed workbook, a missing main part, malformed XML) is one InputError."""
    try:
        document = docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        reason = re.sub(r",\s*line \d+, column \d+$", "", exc.msg or str(exc)).strip()
        raise XmlInputError(f"malformed XML in the .docx: {reason}", shown) from None
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        reason = str(exc).strip("'\"") or type(exc).__name__
        raise InputError(f"not a readable Word document: {reason}", shown) from None
    return document


def stories(document: docx.document.Document) -> Iterator[Story]:
    """The body first, then each header and footer once (in section order, even when
    several sections share one), then footnotes and endnotes."""
    yield Story(document.element.body, "", _targets(document.part))
    related = document.part.related_parts
    seen: set[int] = set()
    for section in document.element.body.iter(w("sectPr")):
        for reference in section:
            name = local(reference)
            if name not in ("headerReference", "footerReference"):
                continue
            part = related.get(reference.get(f"{{{_R}}}id"))
            if part is not None and id(part) not in seen and hasattr(part, "element"):
                seen.add(id(part))
                yield Story(part.element, name.removesuffix("Reference"), _targets(part))
    for reltype, context in ((RELATIONSHIP_TYPE.FOOTNOTES, "footnote"),
                             (RELATIONSHIP_TYPE.ENDNOTES, "endnote")):
        for rel in document.part.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                part = rel.target_part
                if isinstance(part, XmlPart):
                    yield Story(part.element, context, _targets(part))


def _targets(part) -> dict[str, str]:
    return {rid: rel.target_ref for rid, rel in part.rels.items()
            if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK}
