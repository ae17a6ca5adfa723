"""Repairs of Arabic-script lines from glyph boxes, on hand-made boxes.

The boxes imitate a right-to-left line: each character 5 pt wide, joined letters
overlapping by 0.5 pt. The reader records which positions were asked for, since
reading only where a repair looks is what keeps the parser fast.
"""

from __future__ import annotations

from newsmon.parse.arabic import ZWNJ, repair_line

Box = tuple[float, float, float, float]


def rtl_boxes(text: str, gaps_after: frozenset[int] = frozenset()) -> list[Box]:
    """Boxes of `text` drawn right to left; a 1.5 pt gap after each position in `gaps_after`."""
    boxes, right = [], 200.0
    for i, _ in enumerate(text):
        boxes.append((right - 5.0, 0.0, right, 8.0))
        right -= 6.5 if i in gaps_after else 4.5
    return boxes


class Reader:
    def __init__(self, boxes: list[Box]) -> None:
        self.boxes = boxes
        self.asked: set[int] = set()

    def __call__(self, positions: list[int]) -> list[Box]:
        self.asked.update(positions)
        return [self.boxes[p] for p in positions]


def test_zwnj_restored_where_joining_letters_stand_apart():
    text = "نگرانیها"
    reader = Reader(rtl_boxes(text, gaps_after=frozenset({5})))  # after ی
    assert repair_line(text, reader) == "نگرانی" + ZWNJ + "ها"
    assert 3 not in reader.asked  # the alef after ر: no ZWNJ can stand beside it


def test_no_zwnj_where_letters_touch():
    text = "نگرانیها"
    assert repair_line(text, Reader(rtl_boxes(text))) == text


def test_flat_kashida_stroke_dropped_real_character_kept():
    text = "ک1ه"
    flat = rtl_boxes(text)
    flat[1] = (flat[1][0], 0.0, flat[1][2], 0.4)  # a stroke on the baseline
    assert repair_line(text, Reader(flat)) == "که"
    assert repair_line(text, Reader(rtl_boxes(text))) == "ک1ه"  # a tall glyph is real


def test_reversed_ligature_sharing_one_box_turned_round():
    text = "کالم"  # pdfium's order for کلام drawn with the lam-alef ligature
    boxes = rtl_boxes(text)
    boxes[2] = boxes[1]
    assert repair_line(text, Reader(boxes)) == "کلام"
    assert repair_line(text, Reader(rtl_boxes(text))) == text  # separate glyphs: real "ال"


def test_latin_words_put_back_left_to_right():
    text = "سلام World Hello خوب"
    boxes = rtl_boxes(text)
    for i in range(5, 10):    # "World" drawn right of "Hello"
        boxes[i] = (60.0 + i, 0.0, 61.0 + i, 8.0)
    for i in range(11, 16):
        boxes[i] = (20.0 + i, 0.0, 21.0 + i, 8.0)
    assert repair_line(text, Reader(boxes)) == "سلام Hello World خوب"


def test_punctuation_before_a_number_put_after_it_only_where_it_stands_so():
    text = "سال .۱۳۹۹"
    assert repair_line(text, Reader(rtl_boxes(text))) == "سال ۱۳۹۹."
    text = "در سال ۱۳۹۹ گفت"  # no punctuation: unchanged
    assert repair_line(text, Reader(rtl_boxes(text))) == text


def test_single_latin_word_or_words_split_by_arabic_left_alone():
    text = "سلام Hello خوب World"  # no two Latin words side by side: no run to reorder
    assert repair_line(text, Reader(rtl_boxes(text))) == text


def test_a_pair_turned_round_across_two_lines_is_put_right_in_the_paragraph():
    """LibreOffice: "سیسټم (ASYCUDA) پلي" breaks after the opening bracket, and each line,
    repaired alone, keeps what pdfium gave: ") " at the end of one, "ASYCUDA)" or
    "ASYCUDA (" at the start of the next."""
    from newsmon.parse.layout import join_lines

    assert join_lines(["د ګمرک سیسټم )", "ASYCUDA) پلي شوی"]) == "د ګمرک سیسټم (ASYCUDA) پلي شوی"
    assert join_lines(["د ګمرک سیسټم )", "ASYCUDA (پلي شوی"]) == "د ګمرک سیسټم (ASYCUDA) پلي شوی"
    # A pair that was right stays so; a closer whose opener came before is no lone one.
    assert join_lines(["د ګمرک سیسټم", "(ASYCUDA) پلي شوی"]) == "د ګمرک سیسټم (ASYCUDA) پلي شوی"
    assert join_lines(["(الف ) ب", "ج) د"]) == "(الف ) ب ج) د"


def test_an_opening_guillemet_mirrored_past_its_space_opens_its_quotation_again():
    """Chromium with Noto Naskh: "کړ. «زموږ ... یو.»" comes out "کړ.» زموږ ... یو.»", the
    opening guillemet mirrored and on the other side of its space. It closes nothing before
    it, and its kind is closed again further on: it opens the quotation."""
    from newsmon.parse.arabic import brackets_across_lines

    assert (brackets_across_lines("ترلاسه کړ.» زموږ ځمکه تږې ده یو.» هغه وايي")
            == "ترلاسه کړ. «زموږ ځمکه تږې ده یو.» هغه وايي")
    # Quotations read right stay as they are.
    for text in ("«زموږ ځمکه تږې ده.» هغه وايي", "هغه وايي «زموږ ځمکه» او بیا", "(الف) ب (ج) د"):
        assert brackets_across_lines(text) == text


def test_a_lone_opener_at_a_line_end_after_a_pair_closed_before_it():
    """LibreOffice (Word's .docx) broke "د هند پریمیر لیګ (IPL) له" after the opening bracket
    (a fresh Pashto probe text): the paragraph reads "لیګ ) IPL) له", the opener mirrored and
    alone at the end of its line. A pair opened and closed earlier in the paragraph ("(PSL)")
    leaves no bracket open that the lone one could close: it opens "(IPL)"."""
    from newsmon.parse.arabic import brackets_across_lines

    assert (brackets_across_lines("سوپر لیګ (PSL) او د هند پریمیر لیګ ) IPL) له ټیمونو سره")
            == "سوپر لیګ (PSL) او د هند پریمیر لیګ (IPL) له ټیمونو سره")
    # a bracket still open before it: the lone one closes that pair, left as it is
    text = "سوپر لیګ (PSL او د هند پریمیر لیګ ) IPL) له"
    assert brackets_across_lines(text) == text


def _bracket_boxes(nearest_left: float) -> list[Box]:
    """Boxes of "اب) جد" (pdfium's order, right to left): the bracket against "جد" across its
    space, the "ب" glued to it in pdfium's text with its left edge at `nearest_left`."""
    return [(195.0, 0.0, 200.0, 8.0), (nearest_left, 0.0, nearest_left + 5.0, 8.0), (180.0, 0.0, 183.0, 8.0),
            (183.0, 0.0, 183.0, 8.0), (175.5, 0.0, 180.0, 8.0), (171.0, 0.0, 176.0, 8.0)]


def test_a_bracket_drawn_against_the_word_across_its_space_changes_places_with_the_space():
    """Every character on the side pdfium glued the bracket to stands a word space or more from
    it (7.5 pt at 12 pt type), the word across touches it: the bracket and the space change places."""
    from newsmon.parse.arabic import _Boxes, _seat_brackets

    reader = Reader(_bracket_boxes(190.5))
    chars, order = _seat_brackets("اب) جد", list(range(6)), _Boxes(reader), 12.0)
    assert (chars, order) == ("اب )جد", [0, 1, 3, 2, 4, 5])


def test_a_bracket_its_nearest_glued_letter_touches_stays_and_the_rest_is_not_read():
    """The "ب" touches the bracket: it stays where pdfium read it, told before the boxes of
    the rest of its side (the line's rest, up to the next bracket) are read."""
    from newsmon.parse.arabic import _Boxes, _seat_brackets

    reader = Reader(_bracket_boxes(183.0))
    assert _seat_brackets("اب) جد", list(range(6)), _Boxes(reader), 12.0) == ("اب) جد", list(range(6)))
    assert 0 not in reader.asked


class CountingReader(Reader):
    def __init__(self, boxes: list[Box]) -> None:
        super().__init__(boxes)
        self.calls = 0

    def __call__(self, positions: list[int]) -> list[Box]:
        self.calls += 1
        return super().__call__(positions)


def test_a_title_line_on_a_compiled_page_is_read_in_one_call():
    """A title's line (read_drawn) takes _restore_zwnj's path that reads boxes from Python, most of
    the line: where the compiled helper reads the page, all its boxes are read at once, and the
    repair is the same as where each repair reads its own."""
    from newsmon.parse.arabic import CompiledReads

    text = "نگرانیها"
    compiled = CompiledReads(zwnj_gaps=lambda *a: ([], []), bare_edges=lambda *a: [])
    for reads in (compiled, None):
        reader = CountingReader(rtl_boxes(text, gaps_after=frozenset({5})))
        repaired = repair_line(text, reader, read_drawn=lambda pairs: [None] * len(pairs),
                               read_origins=lambda positions: [0.0] * len(positions), compiled=reads)
        assert repaired == "نگرانی" + ZWNJ + "ها"
        if reads is not None:
            assert reader.calls == 1 and reader.asked == set(range(len(text)))
        else:
            assert 3 not in reader.asked  # no ZWNJ can stand beside the alef after ر: never read
