"""A right-to-left line pdfium broke in two at a hamza drawn apart ("سالانهٔ"), whose right part
holds a Latin parenthetical: "ٔ در گزارش ... که در" + "سازمان ملل متحد )UNAMA )" for
"سازمان ملل متحد (UNAMA) در گزارش ... که در" (LibreOffice from a .docx, DejaVu Sans). Putting
the parts in order by where they stand, the Latin word counts as one, left to right inside the
line: read letter by letter it looked like a part of its own read right after the bracket,
and the line was left as read ("که درسازمان ملل متحد (UNAMA)").

tests/data/pdfs/libreoffice-mark-split-latin.pdf is the layout probe's document v2040-lo_docx-fa
(`python -m tools.corpus.probe_layout --out DIR --only v2040-lo_docx-fa`; a dev text, Dari,
seed 2040)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "libreoffice-mark-split-latin.pdf"


def test_a_line_broken_at_a_mark_keeps_its_latin_parenthetical_in_place():
    data = PDF.read_bytes()
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "که در\r\nسازمان ملل متحد )UNAMA )" in raw, "pdfium reads the line whole now: no longer the defect"
    lines = [normalize_text(line.text) for line in read_pdf(data).lines]
    assert any(line.startswith("سازمان ملل متحد (UNAMA) در گزارش") and line.endswith("اعلام کرد که در")
               for line in lines)
