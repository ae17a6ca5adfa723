"""A ZWNJ before a kaf or gaf in a justified LibreOffice line, which the page draws as an object of its own.

Amiri kerns a word space before a kaf or gaf, and where a page draws its spaces as glyphs, a
space whose glyph maps to no text is told by the pen moving on (fpdf2: see
arabic._kerned_spaces). LibreOffice draws a ZWNJ as an object of its own, marked /ActualText
U+200C, and in a justified line the gap and the pen before the kaf can be a kerned space's
("می گوید" for "می‌گوید"): the object drawn there says ZWNJ.

libreoffice-zwnj-before-kaf.pdf is written by LibreOffice (soffice --headless --convert-to pdf)
from libreoffice-zwnj-before-kaf.fodt: Amiri, 14 pt, justified; its first line's "می‌گوید"
stands 2.07 pt (0.148 em) apart.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"
NAME = "libreoffice-zwnj-before-kaf"


def test_a_drawn_zwnj_before_a_gaf_is_no_space():
    lines = [normalize_text(line.text) for line in read_pdf((PDFS / f"{NAME}.pdf").read_bytes()).lines]
    assert lines[0].startswith("او می\u200cگوید: زمستان")


def test_every_word_as_the_source_spells_it():
    fodt = (PDFS / f"{NAME}.fodt").read_text(encoding="utf-8")
    source = [normalize_text(p) for p in re.findall(r'<text:p text:style-name="J">(.*?)</text:p>', fodt)]
    lines = [normalize_text(line.text) for line in read_pdf((PDFS / f"{NAME}.pdf").read_bytes()).lines]
    assert " ".join(lines).split() == " ".join(source).split()
