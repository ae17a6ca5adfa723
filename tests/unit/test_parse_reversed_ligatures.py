"""A ligature that begins with a letter that joins no next one came out reversed (arabic.REH_LIKE).

KACST's KacstOne sets "شر", "سر", "بر" (a letter and a reh) as one glyph, and LibreOffice and
XeTeX give that glyph's letters reversed: pdfium reads "پیرشفت" for "پیشرفت", "برش" for "بشر"
(so did newsmon, on every KacstOne page of a probe of fonts the corpora never use). A reh joins
no next letter, so no ligature begins with one: a pair that shares one glyph box and begins with
a reh is turned round. Looked for only on a page where at least two such pairs stand.

libreoffice-kacstone-ligatures.pdf is written by LibreOffice (soffice --headless --convert-to pdf)
from libreoffice-kacstone-ligatures.fodt (the corpus's LibreOffice styles, KacstOne, Dari
sentences written for this test).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.arabic import repair_line
from tests.pdfs import box_reader, committed_source_and_lines

NAME = "libreoffice-kacstone-ligatures"
PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / f"{NAME}.pdf"


def test_the_document_still_shows_the_defect():
    raw = pdfium.PdfDocument(PDF)[0].get_textpage().get_text_range()
    assert "پیرشفت" in raw and "برش" in raw


def test_every_word_as_the_source_spells_it():
    """The third line's reh pairs ("کارگران", "شهرداری") are two glyphs each: left as they are."""
    source, lines = committed_source_and_lines(NAME)
    assert lines[:3] == source


# "برش" as pdfium gives KacstOne's "بشر": the sheen and the reh in one box.
BOXES = [(119.0, 10.0, 128.0, 20.0), (104.0, 10.0, 119.5, 21.0), (104.0, 10.0, 119.5, 21.0)]


def test_a_pair_that_begins_with_a_reh_is_turned_on_such_a_page():
    assert repair_line("برش", box_reader(BOXES), 14.0, reversed_pairs=True) == "بشر"


def test_only_on_such_a_page():
    assert repair_line("برش", box_reader(BOXES), 14.0) == "برش"


def test_a_pair_in_an_order_a_ligature_may_have_stays():
    """"تر" sharing a box (XeTeX gives Amiri's ligatures in order) is no reversed pair."""
    assert repair_line("بتر", box_reader(BOXES), 14.0, reversed_pairs=True) == "بتر"


def test_two_glyphs_are_no_pair():
    apart = [BOXES[0], (112.0, 10.0, 119.5, 21.0), (104.0, 10.0, 112.5, 18.0)]
    assert repair_line("برش", box_reader(apart), 14.0, reversed_pairs=True) == "برش"
