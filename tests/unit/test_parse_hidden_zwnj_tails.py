"""A ZWNJ that the next letter's ink hides, after a letter other than the few most ZWNJs follow.

libreoffice-hidden-zwnj-tails.pdf is written by LibreOffice (soffice --headless --convert-to pdf)
from libreoffice-hidden-zwnj-tails.fodt (the corpus's LibreOffice styles: Amiri 14 pt, Liberation
Serif beside it, where LibreOffice draws each ZWNJ as an object of its own that pdfium skips).
Before an alef madda, a final dad's or hah's tail reaches under it: no gap shows the ZWNJ of
"فیض‌آباد", "صلح‌آمیز", "فرح‌آور" (seen in fresh texts of the probe), but the letter's ink starts
inside its advance, where a letter that joins the next one draws its stroke out to its origin.
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "libreoffice-hidden-zwnj-tails.pdf"


def words() -> list[str]:
    return " ".join(normalize_text(line.text) for line in read_pdf(PDF.read_bytes()).lines).split()


def test_a_zwnj_hidden_under_an_alef_madda_after_a_tail():
    found = words()
    for word in ("فیض\u200cآباد", "صلح\u200cآمیز", "فرح\u200cآور"):
        assert word in found


def test_words_with_no_zwnj_stay_whole():
    found = words()
    for word in ("طنزآمیز", "کمیاب", "یدکی", "انتقاد", "نوشت."):
        assert word in found
