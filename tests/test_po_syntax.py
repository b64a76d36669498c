"""check_syntax's whole-file fast path never accepts what the line-by-line reader refuses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalogs import po_syntax
from pipeline.catalogs.po_syntax import check_syntax
from pipeline.errors import PoFileError

HEAD = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'

# (PO body, line the error names, reason), each a defect in an otherwise clean file
DEFECTS = [
    ('msgid "a"\nmsgstr "Hol\n', 6, "end of line within a string"),
    ('msgid "a"\nmsgstr "b\\q"\n', 6, r"invalid escape sequence \\q"),
    ('#~ msgid "a"\n#~ msgstr "b\\q"\n', 6, r"invalid escape sequence \\q"),
    ('#| msgid "a\\q"\nmsgid "a"\nmsgstr "b"\n', 5, r"invalid escape sequence \\q"),
    ('msgid "a"\n', 5, "msgid without msgstr"),
    ('msgid "a"\nmsgid "b"\nmsgstr "c"\n', 5, "msgid without msgstr"),
    ('#~ msgid "a"\n#~ msgctxt "x"\n#~ msgstr "c"\n', 5, "msgid without msgstr"),
    ('msgid "a"\nmsgstr "b" x\n', 6, "text after the closing quote"),
    ('msgid "a"\nmsgstr b\n', 6, "expected a quoted string"),
    ('msgid "a"\nmsgstr[x] "b"\n', 6, "expected a quoted string"),
    ('msgid "a"\nmsgstr ""\n"b\\\n', 7, "end of line within a string"),
]
CLEAN = [
    'msgid "a"\nmsgstr "b\\n\\t\\"\\\\\\x41\\101"\n',
    '#. note\n#: r.txt:1\n#, fuzzy\n#| msgid "old"\nmsgctxt "c"\nmsgid "a"\nmsgstr "b"\n',
    'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n',
    '#~ msgid "a"\n#~ msgstr ""\n#~ "b"\n',
    'msgid  "a"\r\nmsgstr\t"b"  \r\n',  # stray spaces and CRLF: read line by line, accepted
]


@pytest.mark.parametrize(("body", "line", "reason"), DEFECTS)
def test_a_defect_is_refused_at_its_line(body, line, reason):
    with pytest.raises(PoFileError, match=reason) as caught:
        check_syntax(HEAD + body, "x.po")
    assert caught.value.location.line == line


@pytest.mark.parametrize("body", CLEAN)
def test_clean_files_pass(body):
    check_syntax(HEAD + body, "x.po")


_PIECES = st.sampled_from([
    "msgid ", "msgstr ", "msgctxt ", "msgid_plural ", "msgstr[0] ", "msgstr[x] ", "#~ ", "#| ",
    "#", "#, fuzzy", '"', '""', '"a"', "\\", "\\n", "\\q", '\\"', "a", "ü", " ", "\t", "\r",
    "\x0b", "\u2028", "\n",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_fast_path_accepts_only_what_the_line_reader_accepts(pieces):
    text = "".join(pieces)
    fast = bool(po_syntax._CLEAN_FILE.fullmatch(text)) and po_syntax._well_ordered(
        po_syntax._STRUCTURAL.findall(text))
    if fast:
        po_syntax._check_lines(text, "x.po")  # must not raise
