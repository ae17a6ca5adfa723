"""A stop pdfium read inside a line goes back where it stands (pdf._stop_elsewhere).

pdfium reads a LibreOffice line in parts where a mark is drawn apart from its letter ("هٔ" in
SIL's Lateef), and pdf._positional_order puts the parts back right to left by where they stand;
but where the words were read in order already, it left the line as read, for repair_line to put
back a hyphen or bracket pdfium read elsewhere. A stop it does not put back: the stop that ends
the line was read after its first word ("حافظهٔ . فرهنگی کشور سهم بگیرند" for "حافظهٔ فرهنگی
کشور سهم بگیرند."), in 2 of 32 documents of a probe of fonts the corpora never use
(tools/corpus/probe_fonts.py, LibreOffice from DOCX). The boxes below are pdfium's for that
line (14 pt).
"""

from __future__ import annotations

from newsmon.parse.arabic import repair_line
from newsmon.parse.pdf import _positional_order
from tests.pdfs import box_reader

EM = 14.0
TEXT = "ٔ حافظه . فرهنگی کشور سهم بگیرند"
BOXES = [
    (512.74, 216.11, 515.09, 218.56), (533.0, 210.39, 533.0, 210.39), (527.53, 210.39, 532.74, 214.02),
    (525.57, 210.39, 528.19, 217.87), (521.12, 210.39, 524.59, 217.38), (515.7, 210.39, 521.75, 218.47),
    (511.78, 210.39, 516.27, 215.36), (417.73, 210.39, 417.73, 210.39), (415.59, 210.29, 417.17, 211.83),
    (509.34, 210.39, 511.46, 210.4), (505.49, 210.39, 508.97, 217.38), (501.39, 207.8, 506.29, 212.42),
    (497.96, 210.39, 501.92, 214.94), (494.87, 210.39, 498.49, 215.04), (488.36, 210.39, 495.58, 218.89),
    (481.69, 207.25, 489.03, 211.62), (479.38, 210.39, 481.5, 210.4), (474.76, 210.39, 479.8, 217.78),
    (467.74, 210.39, 475.44, 216.61), (462.68, 207.74, 468.34, 213.57), (458.36, 208.15, 462.6, 213.02),
    (457.12, 210.39, 459.24, 210.4), (450.92, 210.39, 456.77, 213.25), (446.16, 208.15, 451.66, 214.48),
    (442.54, 206.29, 446.93, 212.67), (440.16, 210.39, 442.27, 210.4), (437.44, 207.98, 439.9, 213.68),
    (430.94, 210.39, 438.17, 218.89), (427.96, 207.98, 431.59, 212.8), (423.72, 207.8, 428.62, 212.42),
    (421.77, 210.39, 424.24, 215.95), (417.98, 210.31, 422.47, 215.65),
]


def test_the_stop_goes_to_the_end_of_the_line():
    text, chars = _positional_order(TEXT, range(len(TEXT)), box_reader(BOXES), EM, set())
    assert text.endswith("بگیرند.")
    assert " . " not in text
    read = box_reader(BOXES)
    assert repair_line(text, lambda positions: read([chars[p] for p in positions]), EM) \
        == "حافظهٔ فرهنگی کشور سهم بگیرند."


def test_a_line_whose_stop_stands_where_it_was_read_is_left_as_read():
    """Words and stop in order: the line as pdfium read it (no part moves)."""
    text = "ٔ حافظه فرهنگی کشور سهم بگیرند ."
    boxes = [*BOXES[:7], *BOXES[9:], BOXES[7], BOXES[8]]
    assert _positional_order(text, range(len(text)), box_reader(boxes), EM, set()) == (text, list(range(len(text))))
