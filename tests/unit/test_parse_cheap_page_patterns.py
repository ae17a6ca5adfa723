"""Patterns run over each page's whole text, rewritten to open with a character the regex engine
scans for (a pattern that opens with ^ in MULTILINE mode, or with a look-behind, is tried at
every position of a page's text), each checked against the pattern it stands for: hypothesis
texts drawn from the characters at the edges of each class, and crafted texts."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon.parse import pdf

# Letters (the edges of _CLUSTER_LETTERS' ranges, "و" and "د"), marks, digits, spaces, line ends.
_EDGES = "\u0620\u0621\u0627\u0623\u0648\u062f\u064a\u064b\u0650\u0654\u066e\u06d3\u06d4\u06f009 \n\r\xa0\u200cax"
TEXTS = st.text(alphabet=st.sampled_from(_EDGES), max_size=40)

# The pattern as it was written first (MULTILINE).
_LONE_LETTER_OPENING_FIRST = re.compile(f"^(?![\u0648\u062f])[{pdf._CLUSTER_LETTERS}](?= )", re.M)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_the_lone_letters_opening_a_line_are_those_the_multiline_pattern_finds(text: str) -> None:
    first = [m.span() for m in _LONE_LETTER_OPENING_FIRST.finditer(text)]
    assert pdf._lone_letters_opening(text) == first
    assert bool(pdf._LONE_LETTER_OPENING.match(text) or pdf._LONE_LETTER_AFTER_FEED.search(text)) == bool(first)


def test_the_lone_letters_opening_a_line_on_crafted_texts() -> None:
    for text, spans in (("", []), ("ل ۱۴", [(0, 1)]), ("و ۱۴", []), ("د ۱۴", []), ("لی ۱۴", []),
                        ("ا\r\nل ۱۴\nب x", [(3, 4), (8, 9)]), ("x\nل", []), ("\nل ", [(1, 2)]), ("ل\n ", [])):
        assert pdf._lone_letters_opening(text) == spans == [m.span() for m in _LONE_LETTER_OPENING_FIRST.finditer(text)]
