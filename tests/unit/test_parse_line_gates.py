"""repair_line's cheap gates: a line that holds none of what a look needs skips its regex.

Most Arabic-script lines hold no Latin letter, digit, bullet or bracket, no printed ASCII
character but a stop, and no yeh after a space. repair_line tells each with one scan (or a
scan at memory speed) and skips the looks that need one; each gate must be a necessary
condition of its patterns' matches, so the output is the same (hypothesis, on texts drawn
from the characters at the edges of each class), and the looks are skipped (counted).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon.parse import arabic
from tests.counting import Counted

_EDGES = ("aAzZ09@[`{ÀÖ×÷ØßÞÿ\u0100\u024f\u0250 \t\n\x0b\x7f\xa0\u200c\u0600\u0620\u0628\u0644\u0643\u06a9"
          "\u064a\u06cc\u06d0\u0648\u062f\u0627\u0660\u0669\u06f0\u06f9\u06ff\u064b\u0670"
          "•◦▪▫●■‣()[]{}«»‹›،؛؟.:!/٫٬-")
TEXTS = st.text(alphabet=st.sampled_from(_EDGES), max_size=24)
# What the gated looks find: none may find anything where its gate finds nothing.
_GATED = ("_STROKE_BEFORE_SPACE", "_LTR_PAIR", "_SPLIT_NUMBER", "_LONE_BULLET", "_BRACKET_OR_PUNCT")


@settings(max_examples=1500, deadline=None)
@given(TEXTS, st.lists(st.sampled_from([" ", "\u200c"]), max_size=3), st.integers(0, 24))
def test_a_line_with_no_latin_digit_bullet_or_bracket_has_no_match_of_the_looks_it_gates(
        sample: str, put_in: list[str], at: int) -> None:
    if arabic.LATIN_DIGIT_BULLET_OR_BRACKET.search(sample):
        return
    # (_BRACKET_OR_PUNCT reads the text after _restore_zwnj, which puts in ZWNJs and spaces only)
    restored = sample[:at] + "".join(put_in) + sample[at:]
    for name in _GATED:
        pattern: re.Pattern[str] = getattr(arabic, name)
        assert pattern.search(sample) is None, name
        assert pattern.search(restored) is None, name


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_a_line_with_no_printed_ascii_character_has_no_kashida_stroke_run(sample: str) -> None:
    if not sample.encode("ascii", "ignore").strip():
        assert arabic._PRINTED_BETWEEN_LETTERS.search(sample) is None


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_a_line_with_no_yeh_after_a_space_has_no_space_after_an_unjoined_letter(sample: str) -> None:
    if not any(pair in sample for pair in arabic._SPACE_YEH):
        assert arabic._SPACE_AFTER_UNJOINED.search(sample) is None


def _boxes(positions: list[int]) -> list[tuple[float, float, float, float]]:
    """Glyph boxes right to left, each letter touching the next."""
    return [(100.0 - 10 * p, 0.0, 110.0 - 10 * p, 10.0) for p in positions]


@pytest.mark.parametrize("line", ["کتاب های خوب در کابل", "ما و شما، هر روز؛ پیام"])
def test_a_common_line_runs_none_of_the_gated_looks(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails where repair_line runs each look on every line (each a regex call, most finding
    nothing: a tenth of a millisecond a page)."""
    counted = {name: Counted(getattr(arabic, name))
               for name in (*_GATED, "_PRINTED_BETWEEN_LETTERS", "_SPACE_AFTER_UNJOINED_AT")}
    for name, pattern in counted.items():
        monkeypatch.setattr(arabic, name, pattern)
    assert arabic.repair_line(line, _boxes, em=10.0) == line
    assert {name: pattern.calls for name, pattern in counted.items() if pattern.calls} == {}


def test_a_lam_kaf_pair_is_looked_for_once_in_a_line_no_repair_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails where the pair is looked for before the kashidas and again before the spaces."""
    lam_kaf = Counted(arabic._LAM_KAF_AT)  # (the pattern, as the parser reads it: see char_classes)
    monkeypatch.setattr(arabic, "_LAM_KAF_AT", lam_kaf)
    assert arabic.repair_line("له کابل", _boxes, em=10.0) == "له کابل"
    assert lam_kaf.calls == 1
