"""A letter the font lacks, drawn by LibreOffice in a fallback font as an object of its own
(DejaVu Sans has no Pashto "ۍ"), that pdfium read first on its line though it stands further
on: "ۍ سوداګرو لپاره ... ګرځي. د لار موټرو" for "سوداګرو لپاره ... ګرځي. د لارۍ موټرو". It goes
back after the letter it stands beside; a one-letter word that opens its line stays. The same
goes for such a letter pdfium read after the word before it, inside a line ("۴۰۰ ۍ زره افغان
زیان" for "۴۰۰ زره افغانۍ زیان").

tests/data/pdfs/libreoffice-fallback-letter.pdf is the layout probe's document v2046-lo_odt-ps
(`python -m tools.corpus.probe_layout --out DIR --only v2046-lo_odt-ps`; a dev text, Pashto,
seed 2046)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "libreoffice-fallback-letter.pdf"


def test_a_fallback_letter_read_first_on_its_line_goes_back_beside_its_word():
    data = PDF.read_bytes()
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "\r\nۍ سوداګرو" in raw, "pdfium reads the letter in its place now: the page no longer shows the defect"
    lines = [normalize_text(line.text) for line in read_pdf(data).lines]
    text = " ".join(lines)
    assert "د لارۍ موټرو چلوونکي" in text and "د سوداګرو لپاره" in text
    assert "د سوداګرۍ او صنایعو" in text and "په تورخم کې د لارۍ موټرو اوږده کتار" in lines
    assert not any(line.startswith("ۍ ") for line in lines)
    assert any(line.startswith("د ") for line in lines)  # one-letter words that open their lines stay


def test_a_fallback_letter_read_inside_its_line_goes_back_beside_its_word():
    data = PDF.read_bytes()
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "۴۰۰ ۍ زره" in raw, "pdfium reads the letter in its place now: the page no longer shows the defect"
    text = " ".join(normalize_text(line.text) for line in read_pdf(data).lines)
    assert "شاوخوا ۴۰۰ زره افغانۍ زیان کړی" in text
    assert " ۍ " not in text
    assert text.count(" د ") >= 10  # the one-letter words inside lines stay
