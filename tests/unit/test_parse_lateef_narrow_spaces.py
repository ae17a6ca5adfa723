"""A space glyph between two parts of a line read apart is a word space, however narrow
(pdf._space_glyph_in).

pdfium reads a LibreOffice line in parts where a mark is drawn apart from its letter ("هٔ" in
SIL's Lateef), and pdf._positional_order puts the parts back right to left, with a word space
between two parts only where they stand more than drawn_order.SPACE_EMS (0.15 em) apart. Lateef's
space glyph is 0.14 em wide: the space before a number was lost ("از۴۲۰۰" for "از ۴۲۰۰"),
where pdfium's own text has it, in 2 of 32 documents of a probe of fonts the corpora never use
(tools/corpus/probe_fonts.py). A space glyph the page draws has a width (the spaces pdfium makes
up have none) and stands in the gap.

libreoffice-lateef-narrow-spaces.pdf is written by LibreOffice (soffice --headless --convert-to
pdf) from libreoffice-lateef-narrow-spaces.fodt (the corpus's LibreOffice styles, Lateef, Dari
sentences written for this test).
"""

from __future__ import annotations

from tests.pdfs import committed_raw_text, committed_source_and_lines

NAME = "libreoffice-lateef-narrow-spaces"


def test_pdfium_reads_the_space():
    """pdfium's raw text has the word space after "از" (the number read elsewhere on the line;
    newsmon's text must not be worse)."""
    raw = committed_raw_text(NAME)
    assert "بیش از \r\n" in raw


def test_the_text_reads_as_typed():
    source, lines = committed_source_and_lines(NAME)
    assert lines[-1] == "- 1 -"  # the page number: every other line is body text
    assert lines[:-1] == source
