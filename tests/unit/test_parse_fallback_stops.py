"""Stops that LibreOffice draws in a fallback font (Noto Kufi Arabic has none of its own), which
pdfium reads apart from their words: "است : کم\u200cآبی ." and "ش77 .د" for "است: کم\u200cآبی." and
"شد." (kashida strokes mapped to "7"). A stop ends the word before it: no space goes before a
part of the line that opens with one, and the letters of the word read after it go back before
it. (The layout probe's v2706-lo_odt-fa, committed as
tests/data/pdfs/libreoffice-kufi-fallback-stops.pdf; `python -m tools.corpus.probe_layout`.)"""

from __future__ import annotations

import pypdfium2 as pdfium

from newsmon.parse.article import parse_pdf_article
from newsmon.sources import load_profile
from tests.pdfs import COMMITTED

DATA = (COMMITTED / "libreoffice-kufi-fallback-stops.pdf").read_bytes()


def test_stops_drawn_apart_end_their_words():
    document = pdfium.PdfDocument(DATA)
    raw = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert "اس77ت کم : . آبی" in raw and "ش77 .د" in raw
    body = parse_pdf_article(DATA, url="https://www.afgazad.com/x.pdf", profile=load_profile("afgazad")).body_text
    for sentence in ("روبه\u200cرو شده است: کم\u200cآبی. به گفتهٔ", "خشک خواهند شد. در این",
                     "بدتر کرده است. هر خانواده\u200cای", "می\u200cگوید: «سه سال"):
        assert sentence in body
