"""A number that starts a right-to-left sentence's Latin run ("14 June 2023", "$2.5 million")
is a left-to-right run of its own by the Unicode bidi rules (a digit after Arabic letters is an
Arabic number), set right to left of the Latin run after it; a Latin run that ends in a number
("Windows 10") is one run. pdfium gives "14 2023 June" and "10 Windows": newsmon put the first
left to right as one phrase ("June 2023 14", "million 2.5$"), wrongly. LibreOffice draws each run
as a text object of its own, and the sentence's space between them not at all (see
test_parse_number_unit_runs): that tells them apart when the Latin run starts with a number too
("2023" of "2023 June") or the number has a currency sign beside it ("2.5$"). (Found by a texts
probe: dates and sums of money in 6 of 14 LibreOffice documents.)

tests/data/pdfs/libreoffice-number-date-runs.pdf is the .fodt beside it, converted by
LibreOffice (`soffice --convert-to pdf:writer_pdf_Export`)."""

from __future__ import annotations

from tests.pdfs import committed_raw_text, committed_source_and_lines

NAME = "libreoffice-number-date-runs"


def test_pdfium_gives_the_runs_as_it_gives_one_phrase():
    raw = committed_raw_text(NAME)
    assert "14 2023 June" in raw and "10 Windows" in raw and "2.5$ million" in raw


def test_each_run_in_its_place():
    source, lines = committed_source_and_lines(NAME)
    assert len(source) == 5
    for typed in source[:4]:
        assert typed in lines
    # pdfium glues the dollar sign after the digits; the words keep the runs' order
    assert "هزینهٔ طرح 2.5$ million برآورد شده است." in lines
