"""The ZWNJ repair's compiled reads (arabic.CompiledReads): what they stand for, and the boxes a
repair changed before them (the compiled loop reads pdfium's boxes, not the repairs')."""

from __future__ import annotations

import random
import re

from newsmon.parse import arabic
from newsmon.parse.arabic import _Boxes

BEH, NOON, ALEF, DAL = "ب", "ن", "ا", "د"  # two letters that join the next one, two that do not


def test_the_runs_the_repair_looks_at_are_the_pairs_of_a_joining_letter_and_a_letter_with_forms():
    """A compiled ZwnjGapReader tests each pair of characters; the Python path finds runs with
    _ZWNJ_PLACES (_ZWNJ_PLACES_SHAPED on a shaped page): both must name the same places,
    whatever the text."""
    alphabet = [BEH, NOON, ALEF, DAL, "ء", "ً", " ", "x", "ـ", "\u200c", "ی", "ځ", "ږ"]
    rng = random.Random(12)  # noqa: S311 - test data
    for places, before, after in ((arabic._ZWNJ_PLACES, arabic._ZWNJ_BEFORE, arabic._ZWNJ_AFTER),
                                  (arabic._ZWNJ_PLACES_SHAPED, arabic._ZWNJ_BEFORE_SHAPED,
                                   arabic._ZWNJ_AFTER_SHAPED)):
        for _ in range(2000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
            runs = {p for m in places.finditer(text) for p in range(*m.span())}
            pairs = {p for p in range(len(text) - 1) if text[p] in before and text[p + 1] in after}
            assert runs == pairs, text


def _class(text: str, k: int, table: bytes = arabic.ZWNJ_GAP_CLASSES) -> int:
    """The classes of text[k] in `table`, 0 outside the text or the Arabic block (as glyph_boxes.c reads it)."""
    return table[ord(text[k]) - 0x600] if 0 <= k < len(text) and 0x600 <= ord(text[k]) < 0x700 else 0


def test_the_common_zwnj_places_are_the_class_rule_the_compiled_reader_tests():
    """glyph_boxes.c finds _COMMON_ZWNJ_PLACE's places by the classes' bits: a letter that joins
    the next one (bit 4) after a word character (8), before a letter with forms (32) and a word
    character, or before a yeh (16) that ends its word; the same on a shaped page's table."""
    alphabet = [BEH, NOON, ALEF, DAL, "ی", "ي", "ه", "م", "ء", "ً", " ", "x", "\u200c", "ـ", "۰", "ځ", "ږ"]
    rng = random.Random(13)  # noqa: S311 - test data
    for table in (arabic.ZWNJ_GAP_CLASSES, arabic.ZWNJ_GAP_CLASSES_SHAPED):
        for _ in range(3000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
            places = [m.start() for m in arabic._COMMON_ZWNJ_PLACE.finditer(text)]
            rule = [k for k in range(1, len(text)) if _class(text, k, table) & 4 and _class(text, k - 1, table) & 8
                    and ((_class(text, k + 1, table) & 32 and _class(text, k + 2, table) & 8)
                         or (_class(text, k + 1, table) & 16 and not _class(text, k + 2, table) & 8))]
            assert places == rule, text


def test_the_gap_classes_hold_the_sets():
    for table, before, after in ((arabic.ZWNJ_GAP_CLASSES, arabic._ZWNJ_BEFORE, arabic._ZWNJ_AFTER),
                                 (arabic.ZWNJ_GAP_CLASSES_SHAPED, arabic._ZWNJ_BEFORE_SHAPED,
                                  arabic._ZWNJ_AFTER_SHAPED)):
        for offset, classes in enumerate(table):
            letter = chr(0x600 + offset)
            assert classes == ((letter in before) | 2 * (letter in after) | 4 * (letter in arabic._ZWNJ_BEFORE)
                               | 8 * bool(re.fullmatch(f"[{arabic.WORD_CHARACTERS}]", letter))
                               | 16 * (letter in "یي") | 32 * (letter in arabic._ZWNJ_AFTER))
        assert all(0x600 <= ord(c) < 0x700 for c in after | before)
    assert arabic.ZWNJ_GAP_CLASSES != arabic.ZWNJ_GAP_CLASSES_SHAPED


def _boxes(lefts_rights: dict[int, tuple[float, float]]) -> _Boxes:
    return _Boxes(lambda positions: [(lefts_rights[p][0], 0.0, lefts_rights[p][1], 10.0) for p in positions])


def test_the_boxes_a_repair_changed_go_to_the_compiled_reads_and_stay():
    """The compiled loops read pdfium's boxes: a box a repair changed (a dropped kashida's
    letter reaches over its strokes) is handed to them, and the line keeps it."""
    asked = []
    pdfium = (20.0, 0.0, 30.0, 10.0)

    def read_gaps(*args):
        asked.append(args[4])
        return [(0, pdfium, pdfium)], [(1, 12.0, pdfium)]

    boxes = _boxes({0: (20.0, 30.0), 1: (10.0, 15.0)})
    assert arabic._zwnj_gaps(BEH * 2, [0, 1], boxes, 1.0, 0.1, read_gaps) == ([0], [(1, 1, 12.0)])
    assert asked == [{}]
    changed = _boxes({0: (20.0, 30.0), 1: (10.0, 15.0)})
    changed[0] = (15.0, 0.0, 30.0, 10.0)
    changed.changed.add(0)
    assert arabic._zwnj_gaps(BEH * 2, [1, 0], changed, 1.0, 0.1, read_gaps) == ([0], [(1, 0, 12.0)])
    assert asked[-1] == {0: (15.0, 0.0, 30.0, 10.0)}
    assert changed[0] == (15.0, 0.0, 30.0, 10.0) and changed[1] == pdfium  # kept; the other box read


def _ascii_runs(text: str, inside: str, before: frozenset[str], after: frozenset[str]) -> list[tuple[int, int]]:
    """The whole runs of ASCII characters and blanks that follow a letter of `before` and come
    before (marks aside) a letter of `after`, with a character of `inside` among them."""
    runs = []
    for match in re.finditer(r"[\t -~]+", text):
        start, end = match.span()
        letter = end
        while letter < len(text) and text[letter] in arabic.ARABIC_MARKS:
            letter += 1
        if start and text[start - 1] in before and letter < len(text) and text[letter] in after \
                and re.search(inside, text[start:end]):
            runs.append((start, end))
    return runs


def test_the_kashida_runs_are_found_whole_from_their_printed_character_or_between_joining_letters():
    """_drop_kashidas looks at the runs of ASCII between two letters that hold a printed
    character (_printed_runs, found from that character), and at runs of nothing but blanks
    only between two letters that join (_BLANKS_IN_A_JOIN)."""
    alphabet = [BEH, NOON, ALEF, DAL, "ّ", "ٔ", " ", "\t", "4", "-", ".", "x", "،", "\u200c", "\x1e", "ء"]
    rng = random.Random(14)  # noqa: S311 - test data
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert arabic._printed_runs(text) == _ascii_runs(text, "[!-~]", arabic.ARABIC_LETTERS, arabic.ARABIC_LETTERS)
        blank = [m.span() for m in arabic._BLANKS_IN_A_JOIN.finditer(text)]
        assert blank == _ascii_runs(text, "^[\t ]+$", arabic._JOINS_NEXT, arabic._JOINS_BACK), text


def test_a_page_with_no_blank_a_stroke_high_reads_no_box_of_a_word_space():
    """With the page's blank height under the line's stroke height, _drop_kashidas does not read
    the boxes of the spaces between two joining letters (which would find no stroke)."""
    asked = []

    def read(positions):
        asked.extend(positions)
        return [(10.0 * p, 0.0, 10.0 * p + 9.0, 0.01) for p in positions]

    text = BEH + " " + BEH
    for blanks in (True, False):
        asked.clear()
        assert arabic._drop_kashidas(text, [0, 1, 2], _Boxes(read), None, 0.3, blanks) == (text, [0, 1, 2])
        assert (1 in asked) == blanks
