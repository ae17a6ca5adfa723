"""A sentence's end read as a piece of its own, left to right, put on its right-to-left line
right to left (pdf._stops_read_left_to_right).

Word's .docx by LibreOffice: pdfium reads "... باطل نمی‌شود" and then ".»" as a separate piece
of the same line, its characters left to right; the quote stands right of the stop, so the
sentence ends "نمی‌شود»." (the text as written). tests/data/pdfs/libreoffice-docx-quote-stop-piece.pdf
is the layout probe's document v2214-lo_docx-fa (TUNE sample, seed 2214)."""

from __future__ import annotations

from newsmon.parse.article import parse_pdf_article
from newsmon.sources import load_profile
from tests.pdfs import COMMITTED, committed_raw_text

NAME = "libreoffice-docx-quote-stop-piece"
URL = "https://www.afgazad.com/2024/01/15/example.pdf"


def test_a_quote_and_stop_read_apart_end_the_sentence_in_their_order_on_the_page():
    data = (COMMITTED / f"{NAME}.pdf").read_bytes()
    raw = committed_raw_text(NAME, all_pages=True)
    assert "نمیشود\r\n.»\r\n" in raw  # pdfium's reading: a piece of its own, stop first
    body = parse_pdf_article(data, url=URL, profile=load_profile("afgazad")).body_text
    assert "باطل نمی\u200cشود»." in body and "باطل نمی\u200cشود.»" not in body

