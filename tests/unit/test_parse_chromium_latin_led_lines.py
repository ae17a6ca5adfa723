"""A line of a right-to-left paragraph that opens with a Latin word, on a page whose writer
marks its right-to-left runs (Chromium, /ReversedChars): pdfium reads it left to right, words
in the order they stand (".کېږي ورکول( mg/kg ۲۵( لمرد amoxicillin"). It is read right to left
as its paragraph reads, and a number in Arabic-Indic digits beside a Latin unit stays a run of
its own, as the Unicode bidi rules set it ("(۲۵ mg/kg)"). (Found by the texts probe:
v4756-chromium_clean-ps.) Chromium prints the page in the test (`make browser`)."""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.drawn_order import logical_order
from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import chromium_print

LINES = [("د انتان پر وړاندې ماشومانو ته د", "amoxicillin درمل (۲۵ mg/kg) ورکول کېږي."),
         ("روغتیايي کارکوونکو وویل چې د", "vitamin A کپسولونه (۵۰ ml) ورکول کېږي.")]


def test_a_line_led_by_a_latin_word_reads_right_to_left(tmp_path: Path) -> None:
    body = "".join(f"<p>{first}<br>{second}</p>" for first, second in LINES)
    data = chromium_print('<!doctype html><html lang="ps" dir="rtl"><head><meta charset="utf-8"><style>'
                          "body{font-family:'Noto Sans Arabic','Noto Sans';font-size:14pt;line-height:1.7;"
                          f"margin:2cm}}</style></head><body>{body}</body></html>", tmp_path)
    lines = [normalize_text(line.text) for line in read_pdf(data).lines]
    for first, second in LINES:
        assert first in lines and second in lines


def test_arabic_digits_and_a_latin_word_are_two_runs():
    """The line as drawn, left to right ("ب mg ۲۵ ا" stands for "ا ۲۵ mg ب")."""
    text = "ب mg ۲۵ ا"
    order = logical_order(text, list(range(len(text))), rtl=True, numbers_apart=True)
    assert "".join(text[k] for k in order) == "ا ۲۵ mg ب"
    order = logical_order(text, list(range(len(text))), rtl=True)  # a TeX engine's: as it stands
    assert "".join(text[k] for k in order) == "ا mg ۲۵ ب"
