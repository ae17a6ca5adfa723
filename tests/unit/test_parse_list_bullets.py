"""A list item's bullet that pdfium reads inside its line goes back to the line's start.

In a LibreOffice line justified with kashidas pdfium read " یک سیر • )۷" for "• یک سیر (۷ ...":
the line from the space after the bullet, the bullet after the first words (the texts probe's
v4739-lo_odt-fa, Dari). The boxes are that line's, as pdfium gave them."""

from __future__ import annotations

from newsmon.parse.arabic import _Boxes, _bullet_first
from tests.pdfs import box_reader

CHARS = " یک سیر • )۷"
BOXES = [(522.44, 87.49, 525.31, 87.5), (517.86, 84.94, 521.96, 92.35), (508.74, 87.49, 518.05, 95.99),
         (504.98, 87.49, 507.85, 87.5), (496.39, 87.49, 504.37, 91.91), (491.7, 84.94, 496.69, 90.45),
         (486.25, 84.85, 491.97, 91.92), (483.7, 87.49, 486.57, 87.5), (527.23, 90.44, 531.0, 94.2),
         (525.28, 87.49, 525.28, 87.49), (479.64, 85.79, 482.55, 97.36), (473.45, 87.49, 477.9, 94.74)]


def _first(boxes: list) -> str:
    chars, order = _bullet_first(CHARS, list(range(len(CHARS))), _Boxes(box_reader(boxes)))
    assert sorted(order) == sorted(set(order)) and len(order) == len(chars)
    return chars


def test_the_bullet_goes_first():
    assert _first(BOXES) == "• یک سیر )۷"


def test_a_bullet_drawn_inside_the_line_stays():
    """A bullet that stands between the words (a separator, not an item's mark) stays."""
    inside = list(BOXES)
    inside[8] = (499.0, 90.44, 502.7, 94.2)
    assert _first(inside) == CHARS
