"""The closing bracket of a Latin phrase that a line break cut, at the start of the next line.

libreoffice-phrase-brackets.pdf is written by LibreOffice (soffice --headless --convert-to pdf)
from libreoffice-phrase-brackets.fodt (the corpus's LibreOffice styles, Noto Naskh Arabic,
justified): "(Computer-Based" ends a line and "Test) در پنج شهر" starts the next one. pdfium
glues the bracket to the Persian word across the space ("Test )در"), where its glyph stands
against "Test" and a word space from "در" (seen in fresh texts of the probe: LibreOffice,
reportlab, XeTeX). The bracket goes back beside the Latin word it closes.
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "libreoffice-phrase-brackets.pdf"


def lines() -> list[str]:
    return [normalize_text(line.text) for line in read_pdf(PDF.read_bytes()).lines]


def test_a_closing_bracket_after_a_latin_word_at_a_line_start():
    found = lines()
    assert found[0].endswith("الکترونیکی (Computer-Based")
    assert found[1].startswith("Test) در پنج شهر")


def test_a_phrase_on_one_line_is_as_it_was():
    assert lines()[3].endswith("بین\u200cالمللی (World Bank)")
