"""A justified line's stretched joins are no word spaces (pdf._stretch_gaps).

LibreOffice justifies a Dari line in SIL's Harmattan partly by opening a gap inside a word, in
the join after a letter that joins the next one, with no kashida drawn in it. pdfium makes up
a space in each such gap (no width, at the origin of the glyph before it), and newsmon read
"انگش ت مقایس ه می‌ش ود" for "انگشت مقایسه می‌شود": 2 of 32 documents of a probe of fonts
the corpora never use (tools/corpus/probe_fonts.py). The line's own word spaces are glyphs
LibreOffice draws, wider than the gaps.

libreoffice-harmattan-stretched-joins.pdf is written by LibreOffice (soffice --headless
--convert-to pdf) from libreoffice-harmattan-stretched-joins.fodt (the corpus's LibreOffice
styles, Harmattan, DejaVu Serif for Latin letters, Dari sentences written for this test).
"""

from __future__ import annotations

import pytest

from newsmon.parse import pdf
from tests.pdfs import committed_raw_text, committed_source_and_lines

NAME = "libreoffice-harmattan-stretched-joins"


def test_pdfium_makes_up_a_space_in_a_stretched_join():
    """The defect is pdfium's (so the tests below can fail): its raw text splits "امضای"."""
    raw = committed_raw_text(NAME)
    assert "امض ای" in raw


def test_the_text_reads_as_typed():
    source, lines = committed_source_and_lines(NAME)
    assert lines[-1] == "- 1 -"  # the page number: every other line is body text
    assert " ".join(lines[:-1]) == " ".join(source)


def test_python_reads_find_the_same_gaps(monkeypatch: pytest.MonkeyPatch):
    """Without the compiled helper (glyph_boxes.c's newsmon_stretch_gaps) the same reads from
    Python find the same stretched joins."""
    compiled = committed_source_and_lines(NAME)[1]
    monkeypatch.setattr(pdf, "_NATIVE", None)
    assert committed_source_and_lines(NAME)[1] == compiled
