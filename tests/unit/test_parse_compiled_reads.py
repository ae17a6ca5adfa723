"""The ZWNJ repair's compiled reads (arabic.CompiledReads): what they stand for, and the boxes a
repair changed before them (the compiled loop reads pdfium's boxes, not the repairs')."""

from __future__ import annotations

import random

from newsmon.parse import arabic
from newsmon.parse.arabic import _Boxes

BEH, NOON, ALEF, DAL = "ب", "ن", "ا", "د"  # two letters that join the next one, two that do not


def test_the_runs_the_repair_looks_at_are_the_pairs_of_a_joining_letter_and_a_letter_with_forms():
    """A compiled WidePairReader tests each pair of characters; the Python path finds runs with
    _ZWNJ_PLACES: both must name the same places, whatever the text."""
    alphabet = [BEH, NOON, ALEF, DAL, "ء", "ً", " ", "x", "ـ", "\u200c", "ی"]
    rng = random.Random(12)  # noqa: S311 - test data
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        runs = {p for m in arabic._ZWNJ_PLACES.finditer(text) for p in range(*m.span())}
        pairs = {p for p in range(len(text) - 1)
                 if text[p] in arabic._ZWNJ_BEFORE and text[p + 1] in arabic._ZWNJ_AFTER}
        assert runs == pairs, text


def test_the_pair_classes_hold_both_sets():
    for offset, classes in enumerate(arabic.ZWNJ_PAIR_CLASSES):
        letter = chr(0x600 + offset)
        assert classes == (letter in arabic._ZWNJ_BEFORE) | 2 * (letter in arabic._ZWNJ_AFTER)
    assert all(0x600 <= ord(c) < 0x700 for c in arabic._ZWNJ_AFTER | arabic._ZWNJ_BEFORE)


def _boxes(lefts_rights: dict[int, tuple[float, float]]) -> _Boxes:
    return _Boxes(lambda positions: [(lefts_rights[p][0], 0.0, lefts_rights[p][1], 10.0) for p in positions])


def test_the_boxes_a_repair_changed_go_to_the_compiled_reads_and_stay():
    """The compiled loops read pdfium's boxes: a box a repair changed (a dropped kashida's
    letter reaches over its strokes) is handed to them, and the line keeps it."""
    asked = []
    pdfium = (20.0, 0.0, 30.0, 10.0)

    def read_wide(*args):
        asked.append(args[3])
        return [(0, pdfium, pdfium)]

    boxes = _boxes({0: (20.0, 30.0), 1: (10.0, 15.0)})
    assert arabic._wide_pairs(BEH * 2, [0, 1], boxes, 1.0, read_wide) == [0]
    assert asked == [{}]
    changed = _boxes({0: (20.0, 30.0), 1: (10.0, 15.0)})
    changed[0] = (15.0, 0.0, 30.0, 10.0)
    changed.changed.add(0)
    assert arabic._wide_pairs(BEH * 2, [0, 1], changed, 1.0, read_wide) == [0]
    assert asked[-1] == {0: (15.0, 0.0, 30.0, 10.0)}
    assert changed[0] == (15.0, 0.0, 30.0, 10.0) and changed[1] == pdfium  # kept; the other box read
