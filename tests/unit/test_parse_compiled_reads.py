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
    rng = random.Random(12)
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


def test_a_box_a_repair_changed_decides_its_pairs_not_pdfium_s():
    # "ببب": pdfium's boxes leave a wide gap between the letters at 0 and 1 only (right to left).
    pdfium_boxes = {0: (20.0, 30.0), 1: (10.0, 15.0), 2: (5.0, 10.0)}
    found = [(0, (20.0, 0.0, 30.0, 10.0), (10.0, 0.0, 15.0, 10.0))]
    boxes = _boxes(pdfium_boxes)
    assert arabic._wide_pairs(BEH * 3, [0, 1, 2], boxes, 1.0, lambda *_: found) == [0]
    closed = _boxes(pdfium_boxes)  # a dropped kashida's strokes reached from 0 to 1: no gap
    closed[0] = (15.0, 0.0, 30.0, 10.0)
    closed.changed.add(0)
    assert arabic._wide_pairs(BEH * 3, [0, 1, 2], closed, 1.0, lambda *_: found) == []
    assert closed[0] == (15.0, 0.0, 30.0, 10.0)  # the changed box stays
    opened = _boxes(pdfium_boxes)  # and a box changed apart opens a gap pdfium's boxes do not show
    opened[2] = (0.0, 0.0, 4.0, 10.0)
    opened.changed.add(2)
    assert arabic._wide_pairs(BEH * 3, [0, 1, 2], opened, 1.0, lambda *_: found) == [0, 1]


def test_a_changed_letter_s_bare_edge_is_judged_by_its_changed_box():
    boxes = _boxes({5: (10.0, 20.0), 7: (30.0, 40.0)})
    origins = {5: 10.0, 7: 30.0}
    read_origins = lambda positions: [origins[p] for p in positions]  # noqa: E731
    compiled_found = [(1, 30.0, (30.5, 0.0, 40.0, 10.0))]  # pdfium: letter 7's ink starts 0.5 right of its origin
    assert arabic._bare_edges([0, 1], [5, 7], boxes, 0.1, read_origins, lambda *_: compiled_found) == [(1, 7, 30.0)]
    changed = _boxes({5: (10.0, 20.0), 7: (30.0, 40.0)})
    changed[5] = (10.5, 0.0, 20.0, 10.0)
    changed[7] = (29.0, 0.0, 40.0, 10.0)
    changed.changed.update({5, 7})
    assert arabic._bare_edges([0, 1], [5, 7], changed, 0.1, read_origins, lambda *_: compiled_found) == [(0, 5, 10.0)]


def test_positions_of_finds_every_place_of_each_value():
    assert sorted(arabic._positions_of([3, 1, 3, 2], {3, 2, 9})) == [0, 2, 3]
    assert arabic._positions_of([], {1}) == []
