"""Latin phrases that are items of a right-to-left list, each phrase's words left to right.

xetex-latin-items.pdf is typeset by XeTeX/xepersian (xelatex xetex-latin-items.tex, Nazli, each
Latin phrase in \\lr{} as the corpus's XeTeX writer does). XeTeX sets the list's items right to
left and each phrase left to right; pdfium gives each phrase's words reversed, the Arabic comma
glued to the last ("Eagles Kabul، Sharks Amo": a fresh Pashto probe text). The words before
such a comma belong to its item; a single word or a number is an item of its own ("R، G و B").
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "xetex-latin-items.pdf"


def text() -> str:
    return " ".join(normalize_text(line.text) for line in read_pdf(PDF.read_bytes()).lines)


def test_each_item_of_several_words_left_to_right():
    found = text()
    assert "Kabul Eagles، Amo Sharks و Speen Ghar Tigers،" in found
    assert "Chain code، Fourier و Zernike moments" in found


def test_items_of_one_word_as_they_stand():
    assert "R، G و B" in text()
