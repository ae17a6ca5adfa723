"""A compound's hyphen at a line end that pdfium read after another line (LibreOffice from a
.docx, Noto Sans Arabic: "ډیجیټل-نسخې" broken at its hyphen). LibreOffice draws that hyphen
as an object of its own after the next paragraph's first line, and pdfium read "... نوې ډیجیټل",
"د ادب ... پخوا به" + the hyphen + "نسخې هم آنلاین شوې.": the hyphen's box, a line above,
made one line of the three ("ډیجیټلد ادب ... به-نسخې"). The hyphen goes back on its line and
the broken word's rest right after it.

tests/data/pdfs/libreoffice-docx-stray-hyphen.pdf is the layout probe's document
v2027-lo_docx-ps (`python -m tools.corpus.probe_layout --out DIR --only v2027-lo_docx-ps`;
a dev text, Pashto, seed 2027)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "libreoffice-docx-stray-hyphen.pdf"


def test_a_line_end_hyphen_read_after_another_line_goes_back_on_its_own():
    data = PDF.read_bytes()
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "ډیجیټل\r\nد ادب" in raw and "\ufffeنسخې" in raw, "pdfium reads the hyphen in its place now"
    text = " ".join(normalize_text(line.text) for line in read_pdf(data).lines)
    assert "نوې ډیجیټل-نسخې هم آنلاین شوې. د ادب یو استاد وايي" in text
    assert "چې پخوا به یې هېڅکله" in text
