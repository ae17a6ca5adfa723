"""A quotation that an earlier line opened, closed after its last sentence, and the next one
opened on the same line ("...دي.» هغه وپوښتل: «که...").

pdfium gives that line's guillemets mirrored ("دي.« هغه وپوښتل: »که"); turned back, they look
like a pair of brackets pdfium read turned round with their spaces ("متحد) UNAMA (که" for
"متحد (UNAMA) که"), and _swap_mirrored_spacing made "دي. «هغه وپوښتل:» که" of them. A closing
guillemet right after a sentence's end is a quotation's end: left as it is. (A second texts
probe: 8 of 42 documents, LibreOffice, Chromium, reportlab and XeTeX.)
tests/data/pdfs/libreoffice-pashto-quote-after-quote.pdf is that probe's v4939-lo_docx-ps.
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.arabic import brackets_across_lines
from newsmon.parse.article import parse_pdf_article
from newsmon.sources import load_profile

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"


def test_a_quotation_closed_and_the_next_opened_on_one_line():
    record = parse_pdf_article((PDFS / "libreoffice-pashto-quote-after-quote.pdf").read_bytes(),
                               url="https://www.afgazad.com/x.pdf", profile=load_profile("afgazad"))
    assert "لوبې دي.» هغه وپوښتل: «که موږ" in record.body_text.replace("\n", " ")


def test_a_pair_turned_round_with_its_spaces_is_still_put_right():
    assert brackets_across_lines("ملګرو ملتونو) UNAMA (که") == "ملګرو ملتونو (UNAMA) که"
    assert brackets_across_lines("رفت.» او پرسید: «اگر") == "رفت.» او پرسید: «اگر"
