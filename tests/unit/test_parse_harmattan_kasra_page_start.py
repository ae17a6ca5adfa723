"""The copy of a cluster that pdfium reads first on the page goes (pdf._without_mark_copies,
_LONE_CLUSTERS_AT_START).

LibreOffice draws a letter with a kasra (or a hamza above) in SIL's Harmattan as two glyphs under
one /ActualText; pdfium gives the cluster's text at each glyph, the copy at the raised mark as a
word of its own, which _without_mark_copies drops where a space or bracket stands before it.
Where the page's text opens with that copy, nothing stands before it, and the copy stayed: the
line was then put together around two words "نِ" and read in pieces ("نِ په 2019 نِ رحمان «او»
تایلکِ حمید» ... د «دیوا" for "په 2019 کال کې د ښار کتابتون د «دیوانِ رحمان» او «کلیاتِ حمید»").

libreoffice-harmattan-kasra-page-start.pdf is written by LibreOffice (soffice --headless
--convert-to pdf) from libreoffice-harmattan-kasra-page-start.fodt (the corpus's LibreOffice
styles, Harmattan, DejaVu Serif for Latin letters, a Pashto sentence written for this test).
"""

from __future__ import annotations

from tests.pdfs import committed_raw_text, committed_source_and_lines

NAME = "libreoffice-harmattan-kasra-page-start"


def test_pdfium_opens_the_page_with_the_copy():
    """The defect is pdfium's (so the test below can fail)."""
    raw = committed_raw_text(NAME)
    assert raw.startswith("نِ په 2019 نِ ")


def test_the_line_reads_in_order():
    _, lines = committed_source_and_lines(NAME)
    assert lines[0].startswith("په 2019 کال کې د ښار کتابتون د «دیوانِ رحمان» او «کلیاتِ حمید»")
    assert lines[1:] == ["یې ډېر هرکلی وکړ.", "- 1 -"]


def test_the_text_reads_as_typed():
    """The kasra of the word pdfium turned ("تایلکِ"), read between two parts, stays on its word:
    a mark read right after a part's last letter, before a space, ends that part's word
    (pdf._positional_order)."""
    source, lines = committed_source_and_lines(NAME)
    assert " ".join(lines[:-1]) == " ".join(source)
