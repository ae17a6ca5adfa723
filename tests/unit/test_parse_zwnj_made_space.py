"""pdfium makes up a space (no width) between a ZWNJ and the letter it touches where its reading
order jumps: LibreOffice (an .odt in Homa) draws the hamza above of a later word ("جادهٔ") apart,
pdfium reads it right before the ZWNJ of "بوجی‌های", then makes up a space: "بوجیٔ‌ های". The
ZWNJ then stood at a word's edge and went: the caption read "بوجی های زغال سنگ ...". A made-up
space between a ZWNJ and a letter touching it goes.

tests/data/pdfs/libreoffice-homa-zwnj-made-space.pdf is the layout probe's document
v3433-lo_odt-fa (`python -m tools.corpus.probe_layout --out DIR --first-seed 3400`; a dev text,
Dari, seed 3433)."""

from __future__ import annotations

import pypdfium2 as pdfium

from newsmon.parse.document import parse_document
from newsmon.sources import load_profile
from tests.pdfs import COMMITTED

NAME = "libreoffice-homa-zwnj-made-space"


def test_pdfium_makes_a_space_up_after_the_zwnj():
    document = pdfium.PdfDocument((COMMITTED / f"{NAME}.pdf").read_bytes())
    raw = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert "بوجیٔ\u200c های" in raw


def test_the_caption_keeps_its_zwnj():
    data = (COMMITTED / f"{NAME}.pdf").read_bytes()
    record = parse_document(data, url="https://www.afgazad.com/pdf/x.pdf", profile=load_profile("afgazad"))
    assert "بوجی\u200cهای زغال سنگ در کنار جادهٔ میدان هوایی" in record.captions
