"""A number before a Latin word in a right-to-left sentence ("(200,000 IU)") is two
left-to-right runs by the Unicode bidi rules, set right to left; the phrase "IU 200,000" is one
run. On the page the two look the same, and pdfium gives both as ")200,000 IU)". LibreOffice
draws each run as a text object of its own and leaves the sentence's space between them undrawn
(pdfium makes it up), where it draws a phrase as one object with its spaces: newsmon reads each as
typed. (Found by the texts probe: "(IU 200,000)" for "(200,000 IU)" in 4 LibreOffice documents.)

tests/data/pdfs/libreoffice-number-unit-runs.pdf is the .fodt beside it, converted by
LibreOffice (`soffice --convert-to pdf:writer_pdf_Export`)."""

from __future__ import annotations

from tests.pdfs import committed_raw_text, committed_source_and_lines

NAME = "libreoffice-number-unit-runs"


def test_pdfium_gives_a_number_then_a_unit_as_it_gives_the_phrase():
    raw = committed_raw_text(NAME)
    assert raw.count(")200,000 IU )") == 2 and "25 kg/mg" in raw and "Roman New Times" in raw


def test_each_line_reads_as_typed():
    source, lines = committed_source_and_lines(NAME)
    assert len(source) == 6
    for typed in source:
        assert typed in lines
