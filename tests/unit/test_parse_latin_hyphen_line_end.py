"""A Latin phrase in brackets broken at a hyphen at the end of a right-to-left line.

LibreOffice broke "(Computer-Based Test)" of a Dari line after "Computer-" (a fresh probe
text; Word's .docx, Chromium and XeTeX alike in other probes): pdfium reads the first line's
end as "(-Computer", the hyphen before the word, and the next line as "Based Test (در", its
closing bracket mirrored and past its space. The hyphen's box stands right of the word, as a
Latin word's own does: it follows the word. In the paragraph the bracket closes the pair the
line before opened.
"""

from __future__ import annotations

from newsmon.parse.arabic import brackets_across_lines, repair_line
from tests.pdfs import box_reader

# "الکترونیکی )-Computer" at a line's end, the boxes pdfium gives (LibreOffice, 12 pt)
TEXT = "الکترونیکی )-Computer"
BOXES = [(173.5, 488.2, 174.9, 496.9), (168.1, 488.3, 172.1, 496.9), (161.1, 488.2, 168.7, 498.1),
         (157.9, 488.3, 161.8, 495.2), (153.8, 485.8, 158.8, 491.3), (149.0, 485.6, 154.1, 491.8),
         (146.1, 488.2, 149.3, 493.9), (144.3, 485.9, 147.4, 490.2), (136.7, 487.7, 145.6, 497.8),
         (133.5, 484.4, 141.4, 489.5), (129.7, 488.3, 133.2, 488.3), (123.0, 483.7, 126.2, 496.9),
         (118.6, 490.8, 121.3, 491.7), (62.9, 488.1, 70.1, 496.5), (71.3, 488.1, 76.8, 494.2),
         (77.7, 488.3, 87.4, 494.2), (88.1, 486.0, 94.3, 494.2), (95.1, 488.1, 101.5, 494.0),
         (102.2, 488.1, 106.2, 495.8), (106.8, 488.1, 112.2, 494.2), (113.2, 488.3, 118.0, 494.2)]


def test_the_hyphen_follows_the_word_at_the_line_end():
    assert repair_line(TEXT, box_reader(BOXES), 12.0) == "الکترونیکی (Computer-"


def test_a_hyphen_left_of_the_word_stays_before_it():
    boxes = list(BOXES)
    boxes[12] = (58.0, 490.8, 60.7, 491.7)  # left of "Computer": the sentence's, before the word
    assert repair_line(TEXT, box_reader(boxes), 12.0).endswith("-Computer")


def test_the_closing_bracket_of_a_pair_opened_on_the_line_before():
    assert (brackets_across_lines("به شکل الکترونیکی (Computer-Based Test (در پنج شهر برگزار می‌شود.")
            == "به شکل الکترونیکی (Computer-Based Test) در پنج شهر برگزار می‌شود.")
    assert (brackets_across_lines("با برچسب «Made in Pakistan «به فروش می‌رسد.")
            == "با برچسب «Made in Pakistan» به فروش می‌رسد.")
    # a pair closed before, or one that closes later, or a formula: left as they are
    for text in ("الف (ب) ج (د) ه", "آن (ب ج (د) ه)", "المعادلة التالیة (2 +5 x(sin"):
        assert brackets_across_lines(text) == text
