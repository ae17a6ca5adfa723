"""Glyphs the page's clip hides: Chromium draws the first line of the next page under the text
area too, clipped away but for the tops of its tall letters, and pdfium reads those as a line
("آ ک گ" under the page's last line; the line itself opens the next page). A short line whose
every glyph stands mostly outside its text object's clip box is no text of the page.

tests/data/pdfs/chromium-clipped-next-line.pdf is page 1 of the layout probe's document
v2221-chromium_clean-fa (`python -m tools.corpus.probe_layout --out DIR --first-seed 2200 --only
v2221-chromium_clean-fa`; a dev text, Dari, seed 2221), the page taken by pdfium's import_pages."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "chromium-clipped-next-line.pdf"


def test_a_line_the_clip_hides_is_not_read():
    data = PDF.read_bytes()
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert raw.rstrip().endswith("آ ک گ"), "pdfium no longer reads the clipped glyphs"
    lines = [line.text for line in read_pdf(data).lines]
    assert "آ ک گ" not in lines
    assert lines[-1].endswith("مانند WFP،")  # the page's real last line stays
    assert len(lines) > 20
