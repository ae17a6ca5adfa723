"""A list item's hyphen that pdfium reads far from its number goes back against it.

"۱- د لاس" stands on the page as "-۱ د لاس" (the hyphen takes the line's direction), and in a
LibreOffice line justified with kashidas pdfium read the hyphen after a later word, between
spaces: "۱ د لاس د پېړوالي اندازه - (MUAC)" (the texts probe's v4752-lo_odt-ps, two items in
two documents). The boxes below are that line's, as pdfium gave them, shortened."""

from __future__ import annotations

from newsmon.parse.arabic import _Boxes, _seat_item_marks
from tests.pdfs import box_reader

CHARS = "۱ دا - وي"
BOXES = [(523.08, 756.89, 525.36, 764.84), (515.37, 756.89, 518.46, 756.9), (510.05, 756.89, 514.78, 762.46),
         (505.0, 756.89, 509.5, 766.28), (501.0, 756.89, 504.09, 756.9), (519.0, 758.51, 521.66, 759.3),
         (518.58, 756.89, 518.58, 756.89), (490.0, 754.0, 495.3, 762.0), (484.0, 750.8, 489.6, 758.2)]


def _seated(boxes: list) -> str:
    chars, _ = _seat_item_marks(CHARS, list(range(len(CHARS))), _Boxes(box_reader(boxes)), 14.0)
    return chars


def test_the_hyphen_goes_back_against_its_number():
    assert _seated(BOXES) == "-۱ دا وي"


def test_a_dash_that_stands_elsewhere_stays():
    """The same dash drawn between the two words (a separator): no number is beside it."""
    elsewhere = list(BOXES)
    elsewhere[5] = (496.5, 758.51, 499.2, 759.3)
    assert _seated(elsewhere) == CHARS
