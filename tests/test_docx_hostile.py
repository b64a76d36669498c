"""Hostile .docx releases: each is refused with one line naming the file, exit code 2, and
nothing written, before python-docx or libxml2 spend memory on it."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hostile.support import assert_refused

from pipeline.cli import main

DOCUMENT = "word/document.xml"


def good() -> bytes:
    document = docx.Document()
    document.add_paragraph("smart #1 wins.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezipped(change: Callable[[zipfile.ZipFile, zipfile.ZipFile], None]) -> bytes:
    """The good document's members copied into a new zip, with `change` adding or replacing."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        change(source, target)
    return out.getvalue()


def with_member(name: str, data: bytes, *, keep_original: bool = True) -> bytes:
    def change(source, target):
        for info in source.infolist():
            if keep_original or info.filename != name:
                target.writestr(info.filename, source.read(info))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of a duplicate name: the point
            target.writestr(name, data)
    return rezipped(change)


def with_declared_size(name: str, size: int) -> bytes:
    """The good document with `name`'s size in the central directory set to `size`."""
    data = bytearray(good())
    start = data.index(b"PK\x01\x02")
    while start != -1:
        length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + length].decode() == name:
            struct.pack_into("<I", data, start + 24, size)
            return bytes(data)
        start = data.find(b"PK\x01\x02", start + 4)
    raise AssertionError(name)


def ms_word_97() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)


def no_word_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")
    return out.getvalue()


ENTITIES = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="http://'
            b'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            b'&b;</w:t></w:r></w:p></w:body></w:document>')
BROKEN = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
          b'wordprocessingml/2006/main"><w:body><w:p>')

CASES = {
    "plain text renamed": (lambda: b"smart #1 wins.\n", r"not a \.docx: .*zip archive"),
    "Word 97-2003 or protected": (ms_word_97, r"Word 97-2003 \(\.doc\) or password-protected"),
    "truncated": (lambda: good()[: len(good()) // 2], r"not a \.docx"),
    "member escaping upwards": (lambda: with_member("../../evil.xml", b"<x/>"),
                                r"'\.\./\.\./evil\.xml' points outside the document"),
    "absolute member": (lambda: with_member("/etc/cron.d/x", b"<x/>"), r"points outside"),
    "windows member": (lambda: with_member("word\\..\\..\\x.xml", b"<x/>"),
                       r"points outside"),
    "member twice": (lambda: with_member(DOCUMENT, b"<x/>"), r"appears twice"),
    "zip bomb": (lambda: with_member("word/media/image1.png", bytes(8 * 1024 * 1024)),
                 r"unpacks to far more than it stores \(a zip bomb\?\)"),
    "4 GB claimed": (lambda: with_declared_size(DOCUMENT, 0xF0000000),
                     r"unpacks to more than 256 MB"),
    "size understated": (lambda: with_declared_size(DOCUMENT, 10), r"damaged \.docx archive"),
    "entity expansion": (lambda: with_member(DOCUMENT, ENTITIES, keep_original=False),
                         r"part word/document\.xml declares a DOCTYPE"),
    "malformed XML": (lambda: with_member(DOCUMENT, BROKEN, keep_original=False),
                      r"malformed XML in the \.docx"),
    "no Word document inside": (no_word_document, r"not a readable Word document"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["extract", "translate"])
def test_a_hostile_docx_is_one_line_and_exit_2(project: Path, case: str, command: str):
    make, reason = CASES[case]
    (project / "releases" / "hostile.docx").write_bytes(make())
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    args = {"extract": ["extract"],
            "translate": ["translate", "--lang", "es", "--engine", "none", "-q"]}[command]
    result = CliRunner().invoke(main, [*args, "releases/hostile.docx"])
    assert_refused(result, "releases/hostile.docx", reason=reason)
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_the_good_document_these_are_made_from_is_read(project: Path):
    (project / "releases" / "good.docx").write_bytes(good())
    result = CliRunner().invoke(main, ["extract", "releases/good.docx"])
    assert result.exit_code == 0, result.output
    assert 'msgid "smart #1 wins."' in (project / "locales" / "templates" / "good.pot"
                                       ).read_text(encoding="utf-8")
