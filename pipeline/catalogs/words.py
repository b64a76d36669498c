"""Source words as Translate Toolkit's `pocount` counts them, the figure translators and
vendors quote: markup dropped, then Unicode words (UAX #29) that hold a letter or digit.

pocount first turns `<br>` into a line break, removes XML-like tags and replaces every
`x.y` between two non-digits (with both neighbours) by a space; then
`unicode_segmentation_rs.unicode_words` splits the rest. The word rules below are
UAX #29's for the scripts of English sources: letters and digits run together, with `_`;
an apostrophe, a full stop or a colon (and their typographic forms) joins two letters,
an apostrophe, a full stop, a comma or a semicolon joins two digits ("70,000", "U.S",
"don't", "2.5bn"); each ideograph, each hiragana and each number that is no digit
("10¹²", "3½") is a word of its own; combining marks and format characters (a soft
hyphen) belong to the letter before them. Scripts an English source does not use (Indic,
Khmer, Thai) are not segmented as UAX #29 does.
"""

from __future__ import annotations

import re

from pipeline.catalogs.model import Entry

# pocount's own preprocessing (translate/tools/pocount.py), copied as it is.
_BR = re.compile(r"<br\s*?/?>")
_XML_TAG = re.compile(
    r"""
        <                         # start of opening tag
        ([\w.:]+)                 # tag name, possibly namespaced
        (\s([\w.:]+=              # space and attribute name followed by =
            ((".*?")|('.*?'))     # attribute value, single or double quoted
        )?)*/?>                   # end of opening tag, possibly self closing
        |</([\w.]+)>              # or a closing tag
        """,
    re.VERBOSE,
)
_NUMBER = re.compile(r"\D\.\D")

# UAX #29 (WB4): Extend, Format and ZWJ attach to what precedes them; dropped first.
_IGNORED = re.compile("[\u00ad\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2"
                      "\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc"
                      "\u0900-\u0903\u093a-\u094f\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f"
                      "\u202a-\u202e\u2060-\u2064\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
                      "\ufeff]")
# A word each: ideographs, hiragana, and the numbers that are no digits (¹ ½ ①).
_SINGLE = ("\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
           "\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u2079\u2080-\u2089\u2150-\u2189"
           "\u2460-\u24ff\u2776-\u2793")
_LETTER = rf"[^\W\d_{_SINGLE}]"
_CHUNK = rf"(?:[^\W{_SINGLE}])+"  # letters, digits and `_` running together
_MID_LETTER = "[:\u00b7\u0387\u055f\u05f4\u2027\ufe13\ufe55\uff1a]"
_MID_NUM_LETTER = "['.\u2018\u2019\u2024\ufe52\uff07\uff0e]"
_MID_NUM = "[,;\u037e\u0589\u060c\u060d\u066c\u07f8\u2044\ufe10\ufe14\ufe50\ufe54\uff0c\uff1b]"
_WORD = re.compile(
    rf"[{_SINGLE}]"
    rf"|{_CHUNK}(?:(?<={_LETTER})(?:{_MID_LETTER}|{_MID_NUM_LETTER})(?={_LETTER}){_CHUNK}"
    rf"|(?<=\d)(?:{_MID_NUM}|{_MID_NUM_LETTER})(?=\d){_CHUNK})*")


def count_words(text: str) -> int:
    """The words pocount counts in `text`."""
    text = _NUMBER.sub(" ", _XML_TAG.sub("", _BR.sub("\n", text)))
    # A run of `_` alone holds no letter or digit: no word.
    return sum(1 for word in _WORD.findall(_IGNORED.sub("", text)) if word.strip("_"))


def source_words(entry: Entry) -> int:
    """Words in the entry's msgid, and in its msgid_plural where it has one."""
    return count_words(entry.msgid) + (count_words(entry.msgid_plural)
                                       if entry.msgid_plural is not None else 0)
