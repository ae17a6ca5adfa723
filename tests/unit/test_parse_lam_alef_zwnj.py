"""A ZWNJ between a lam and an alef that no gap shows: the two glyphs stand side by side.

Every font joins a lam and the alef after it in a ligature, one glyph or two whose ink
crosses; across a ZWNJ they are two glyphs side by side, a final or isolated lam and an
alef, which may touch ("کابل-جلال‌آباد" in a fresh Pashto probe text: LibreOffice, reportlab
and Chromium left no gap as wide as a ZWNJ's). libreoffice-hidden-zwnj-tails.pdf (see
test_parse_hidden_zwnj_tails) has "ملال‌آور" so. A page of the test's own (presentation forms,
DejaVu Sans: a gap shows that ZWNJ) keeps its ligatures whole beside it.
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import ArticlePdf

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"
TEXT = ("ټیمونه به د کابل-جلال‌آباد لویې لارې له لارې سفر کوي او د لوبې ټکټونه به په بازار کې "
        "پلورل کېږي، خو د لاسلیک لپاره به یوه بله لاره هم وي.")


def words(pdf: bytes) -> list[str]:
    return " ".join(normalize_text(line.text) for line in read_pdf(pdf).lines).split()


def test_ligatures_stay_whole_beside_a_lam_and_alef_apart():
    found = words(ArticlePdf().paragraph(TEXT).build())
    assert "کابل-جلال\u200cآباد" in found
    assert {"لارې", "لاسلیک", "لاره"} <= set(found)  # ligatures: no ZWNJ


def test_a_zwnj_before_an_alef_madda_where_libreoffice_leaves_no_gap():
    found = words((PDFS / "libreoffice-hidden-zwnj-tails.pdf").read_bytes())
    assert "ملال\u200cآور" in found
