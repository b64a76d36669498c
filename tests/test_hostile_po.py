"""Hostile PO files through `pipeline check` and `pipeline translate` (which reads the
existing catalogs): one `pipeline: file:line: reason` line, exit 2, no traceback, and
every file under locales/ byte-identical afterwards."""

from __future__ import annotations

import re
import shutil

import pytest
from hostile.support import HOSTILE, SEED, assert_refused, invoke, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import read_po, write_po
from pipeline.errors import PoFileError

pytest_plugins = ["hostile.plugin"]

# file, line the error must name (None: the whole file), what the reason must say
CASES = [
    ("unterminated-string.po", 7, r"end of line within a string"),
    ("bad-escape.po", 7, r"invalid escape sequence \\q"),
    ("duplicate-msgid.po", 9, r"duplicate message definition \(first defined at line 6\)"),
    ("missing-msgstr.po", 6, r"msgid without msgstr"),
    ("declares-utf8-has-latin1.po", 6, r"not valid UTF-8 \(declared charset\)"),
    ("declares-ascii-has-utf8.po", 5, r"not valid ASCII \(declared charset\)"),
    ("utf16.po", 1, r"UTF-16 encoded; PO files must be saved as UTF-8"),
    ("empty.po", None, r"empty file"),
    ("binary.po", None, r"binary file"),
]
IDS = [case[0] for case in CASES]


@pytest.mark.parametrize(("name", "line", "reason"), CASES, ids=IDS)
def test_check_refuses_the_file_with_its_line(populated, name, line, reason):
    before = snapshot(populated)
    hostile = HOSTILE / "po" / name
    result = invoke(["check", str(hostile)])
    assert_refused(result, f"po/{name}", line, reason)
    assert snapshot(populated) == before


@pytest.mark.parametrize(("name", "line", "reason"), CASES, ids=IDS)
def test_check_of_the_locales_tree_names_the_bad_file(populated, name, line, reason):
    """One bad file among good ones: refused, and the good ones are untouched too."""
    shutil.copy(HOSTILE / "po" / name, populated / "locales" / "es" / name)
    before = snapshot(populated)
    result = invoke(["check", "locales"])
    assert_refused(result, f"locales/es/{name}", line, reason)
    assert snapshot(populated) == before


@pytest.mark.parametrize(("name", "line", "reason"), CASES, ids=IDS)
def test_translate_refuses_an_existing_catalog_and_writes_nothing(populated, name, line,
                                                                  reason):
    po = populated / "locales" / "es" / f"{SEED.stem}.po"
    shutil.copy(HOSTILE / "po" / name, po)
    before = snapshot(populated)
    result = invoke(["translate", "--lang", "es", "--engine", "apertium", "-q"])
    assert_refused(result, f"locales/es/{SEED.stem}.po", line, reason)
    assert snapshot(populated) == before
    assert sorted(p.name for p in po.parent.glob(".*.tmp")) == []


def test_every_hostile_po_file_has_a_case():
    assert sorted(p.name for p in (HOSTILE / "po").iterdir()) == sorted(IDS)


def test_polib_no_longer_truncates_an_unterminated_string(tmp_path):
    """polib alone read `msgstr "Hola` as "Hol": a translation silently cut short."""
    import polib

    hostile = HOSTILE / "po" / "unterminated-string.po"
    assert polib.pofile(str(hostile)).find("Hello").msgstr == "Hol"
    with pytest.raises(Exception, match=r"unterminated-string.po:7:"):
        read_po(hostile)


_TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_TEXT.filter(bool), _TEXT, st.none() | _TEXT), min_size=1,
                max_size=4, unique_by=lambda item: (item[2], item[0])))
def test_what_write_po_writes_read_po_reads_back(tmp_path_factory, items):
    """The syntax checks refuse nothing the pipeline writes, and no character splits a
    string: U+2028, U+0085, \\v and \\f once cut a msgstr short on the next read."""
    catalog = Catalog(header={"Content-Type": "text/plain; charset=UTF-8"})
    catalog.entries = [Entry(msgid=msgid, msgstr=msgstr, msgctxt=context)
                       for msgid, msgstr, context in items]
    path = tmp_path_factory.mktemp("roundtrip") / "x.po"
    if any(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
           for msgid, msgstr, _ in items for text in (msgid, msgstr)):
        # A control character is refused on the way out as on the way in (issue 10).
        with pytest.raises(PoFileError, match="control character U\\+00"):
            write_po(path, catalog)
        assert not path.exists()
        return
    write_po(path, catalog)
    back = read_po(path)
    assert [(e.msgid, e.msgstr, e.msgctxt) for e in back.entries] == list(
        (msgid, msgstr, context) for msgid, msgstr, context in items)


def test_line_separator_in_a_translation_survives_a_rerun(populated):
    po = populated / "locales" / "es" / f"{SEED.stem}.po"
    catalog = read_po(po)
    entry = catalog.entries[3]
    entry.msgstr = "Primera parte\u2028segunda parte"
    entry.set_fuzzy(False)
    write_po(po, catalog)
    result = invoke(["translate", "--lang", "es", "--engine", "apertium", "-q"])
    assert result.exit_code == 0, result.output
    assert read_po(po).entries[3].msgstr == "Primera parte\u2028segunda parte"
