"""A line of a right-to-left paragraph that pdfium reads left to right.

pdfium takes some lines of a Persian or Pashto paragraph that hold Latin words for
left-to-right ones and gives their runs in the order they stand, left to right: the last line
of a paragraph, "(groundsmen) نشتوالی.", comes out as ".نشتوالی) groundsmen)" (XeTeX; in real
XeTeX, Word and Impress files a URL line "علی الرابط http://..." as "http://... الرابط علی",
a contents line "3.2 المقال article" as "article المقال 3.2"). On a page whose letters are
mostly Arabic script such a line is read right to left again (pdf._latin_led,
pdf._read_right_to_left), unless that would spell a word differently from pdfium's reading.

xetex-latin-led-line.pdf is a probe document (`python -m tools.corpus.probe_texts`: the
text ps-cricket-ground-helmand, XeTeX), ours.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pypdfium2 as pdfium

from newsmon.parse import pdf
from newsmon.parse.pdf import read_pdf

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "xetex-latin-led-line.pdf"


def test_the_document_still_shows_the_defect():
    raw = pdfium.PdfDocument(PDF)[0].get_textpage().get_text_range()
    assert ".نشتوالی) groundsmen)" in raw


def test_the_line_reads_right_to_left():
    lines = [line.text for line in read_pdf(PDF.read_bytes()).lines]
    assert "(groundsmen) نشتوالی." in lines
    assert not any(".نشتوالی" in line for line in lines)


def test_the_words_are_put_right_to_left_as_they_stand():
    """pdfium's left-to-right reading of a line "پج big word ابت" (each Persian word in
    logical order, the words as they stand): turned, the rightmost word first, the Latin
    phrase left to right inside it, each word's letters as they were."""
    text = "ابت big word پج"
    xs = [10, 8, 6, 0, 20, 21, 22, 0, 24, 25, 26, 27, 0, 40, 38]  # the letters' left edges
    boxes = [(x, 0.0, x + 1.0, 1.0) for x in xs]
    turned, chars = pdf._read_right_to_left(text, list(range(100, 100 + len(text))), lambda positions: boxes)
    assert turned == "پج big word ابت"
    assert sorted(chars) == list(range(100, 100 + len(text)))


def test_only_on_a_right_to_left_page(monkeypatch):
    """An English page's line with a Persian word is left to right, as pdfium read it; the
    same line on a Persian page is turned."""
    monkeypatch.setattr(pdf, "_char_boxes", lambda page, chars, positions: [(0, 0, 1, 1), (50, 0, 51, 1)])
    english = SimpleNamespace(right_to_left=None, text="An English page with one Persian word: کتاب, and more.")
    assert pdf._latin_led(english, "one Persian word: کتاب", []) is False
    assert english.right_to_left is False
    persian = SimpleNamespace(right_to_left=None, text="یک صفحهٔ فارسی با یک واژهٔ English در میان واژه‌ها")
    assert pdf._latin_led(persian, "واژهٔ English", []) is True
    assert pdf._latin_led(persian, "کتاب", []) is False  # no Latin letter: never turned
