"""A word space drawn where the script changes, as a text object with no text (LibreOffice
from a .docx, SIL's Lateef): pdfium leaves it out ("په2019کال" for "په 2019 کال"), though the
page's other word spaces are glyphs in its text. On such a page (page.spaces "drawn") a digit
or Latin letter glued to an Arabic-script letter gets its space back where an object drawn
next to either character's is a space standing in the gap between them. (Found by a probe of
fonts the corpora never use: "سال2030نزدیک", "پهPDF", "600نقطه" in 4 of 32 documents.)

tests/data/pdfs/libreoffice-docx-lateef-script-spaces.pdf is the font probe's document
v1532-lo_docx-ps (`python -m tools.corpus.probe_fonts --out DIR`; a dev text, Pashto, seed
1532)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "libreoffice-docx-lateef-script-spaces.pdf"


def test_the_space_where_the_script_changes_comes_back():
    data = PDF.read_bytes()
    document = pdfium.PdfDocument(data)
    raw = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert "په2019کال" in raw, "pdfium reads the space now"
    text = " ".join(normalize_text(line.text) for line in read_pdf(data).lines)
    assert "د دې پروګرام په 2019 کال کې له ۱۲۰ زرو" in text


def test_no_space_is_made_up_where_none_is_drawn():
    """The same page's "(UNICEF)" and "۳.۷" keep their characters together."""
    text = " ".join(normalize_text(line.text) for line in read_pdf(PDF.read_bytes()).lines)
    assert "(UNICEF)" in text and "۳.۷ میلیونه" in text
