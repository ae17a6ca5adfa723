"""A space glyph pdfium read on the wrong side of a bracket goes back where it is drawn
(pdf._seat_space_glyph).

pdfium reads a LibreOffice line in parts where a mark is drawn apart from its letter ("هٔ" in
SIL's Harmattan), and pdf._positional_order puts the parts back right to left. pdfium read the
word space after a bracketed Latin word before the closing bracket ("EU )و" for "(EU) و"), with
the bracket in the next part: the space fell between two parts that stand side by side, and was
left out ("(EU)و"), in 2 of 32 documents of a probe of fonts the corpora never use
(tools/corpus/probe_fonts.py). The space is a glyph the page draws, between the bracket and the
next word.

libreoffice-harmattan-bracket-spaces.pdf is written by LibreOffice (soffice --headless
--convert-to pdf) from libreoffice-harmattan-bracket-spaces.fodt (the corpus's LibreOffice
styles, Harmattan, DejaVu Serif for Latin letters, Dari sentences written for this test).
"""

from __future__ import annotations

from tests.pdfs import committed_raw_text, committed_source_and_lines

NAME = "libreoffice-harmattan-bracket-spaces"


def test_pdfium_reads_the_space_before_the_bracket():
    """The defect is pdfium's (so the test below can fail): its raw text has the space."""
    raw = committed_raw_text(NAME)
    assert "EU )و" in raw
    assert "NA )و" in raw


def test_the_space_stands_after_the_bracket():
    _, lines = committed_source_and_lines(NAME)
    text = " ".join(lines)
    assert "اروپا (EU) و نمایندگان" in text
    assert "پارلمان (NA) و سنا" in text
    assert ")و" not in text
