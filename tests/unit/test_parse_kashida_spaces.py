"""Kashidas whose glyph the PDF maps to a space, a tab or a digit, inside a justified line.

LibreOffice stretches a justified Persian line with kashidas (tatweel strokes) where two letters
join, and its font subset maps the stroke glyph to whatever code it has free: a space, a tab, a
"4". pdfium reads that code, so the word falls apart ("چه ار م اه" for "چهار ماه"). The
stroke's box tells it from a word space: a thin line of ink on the baseline that touches both
letters, where a word space's box has no ink.

libreoffice-kashida-spaces.pdf is written by LibreOffice (soffice --headless --convert-to pdf)
from libreoffice-kashida-spaces.fodt: Noto Naskh Arabic, 15 pt, justified. (LibreOffice 7.4
justifies with kashidas there once a paragraph before the justified ones holds digits.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.arabic import repair_line
from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import box_reader

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"
NAME = "libreoffice-kashida-spaces"


def source_paragraphs() -> list[str]:
    fodt = (PDFS / f"{NAME}.fodt").read_text(encoding="utf-8")
    return [normalize_text(p) for p in re.findall(r'<text:p text:style-name="J">(.*?)</text:p>', fodt)][1:]


def test_the_pdf_draws_kashidas_that_pdfium_reads_as_blanks():
    doc = pdfium.PdfDocument(PDFS / f"{NAME}.pdf")
    try:
        raw = doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
    assert "چه\tار" in raw or "چه ار" in raw  # the case this file is for


def test_kashida_blanks_are_dropped_and_words_stay_whole():
    lines = [normalize_text(line.text) for line in read_pdf((PDFS / f"{NAME}.pdf").read_bytes()).lines]
    assert " ".join(lines[1:]).split() == " ".join(source_paragraphs()).split()


def test_strokes_before_a_space_pdfium_made_up_beside_a_drifted_mark():
    # "اتحادیهٔ" as pdfium gives it from a LibreOffice PDF (boxes as read there): the kashida
    # glyph mapped to "4", three strokes, then a space of no width pdfium made up before the
    # hamza that drifted off its heh
    text = "اتحادی444 ٔه اروپا"
    boxes = [(340.0, 188.8, 345.0, 198.8), (334.0, 188.8, 340.3, 196.0), (328.0, 188.8, 334.3, 196.0),
             (322.0, 188.8, 328.3, 198.8), (316.51, 188.79, 321.58, 194.76), (310.79, 185.85, 315.52, 194.4),
             (304.39, 188.79, 307.79, 189.93), (306.09, 188.79, 309.48, 189.93), (307.79, 188.79, 311.17, 189.93),
             (302.2, 187.79, 302.2, 187.79), (300.21, 195.32, 302.11, 198.02), (298.72, 188.79, 304.74, 195.19),
             (294.38, 188.79, 297.7, 188.8), (291.89, 188.79, 293.46, 198.85), (285.0, 188.79, 291.0, 195.0),
             (279.0, 188.79, 284.5, 195.0), (273.0, 186.0, 278.5, 195.0), (268.0, 188.79, 273.3, 198.85)]
    assert len(boxes) == len(text)
    assert repair_line(text, box_reader(boxes), 15.0, baseline=188.79) == "اتحادیهٔ اروپا"


def test_a_space_with_no_ink_between_joining_letters_stays():
    # a word space between two letters that join (ی, ا): its box has no height
    text = "کمی اب"
    boxes = [(60.0, 100.0, 66.0, 108.0), (54.5, 100.0, 60.2, 106.0), (50.0, 97.0, 54.7, 106.0),
             (46.0, 100.0, 50.1, 100.01), (43.0, 100.0, 46.1, 110.0), (37.0, 98.0, 42.8, 106.0)]
    assert repair_line(text, box_reader(boxes), 15.0, baseline=100.0) == text


def test_an_inked_blank_a_hair_off_the_letter_before_is_a_stroke():
    # "شود" as pdfium gives it from a LibreOffice .odt (Noto Naskh Arabic, 15 pt; layout probe
    # v4224-lo_odt-fa): the kashida mapped to a space, its ink 1.1 pt high, against the waw but
    # 1.7 pt (0.11 em) short of the shin
    text = "تعیین ش ود،"
    boxes = [(124.0, 499.0, 130.2, 505.0), (118.0, 502.7, 124.2, 508.0),
             (112.0, 499.0, 118.2, 505.0), (106.2, 498.79, 112.1, 508.3), (98.11, 498.79, 106.13, 508.3),
             (93.79, 502.7, 97.1, 502.72), (83.79, 502.7, 93.01, 510.38), (78.69, 502.7, 82.09, 503.84),
             (72.29, 499.67, 79.06, 507.92), (66.1, 502.7, 71.17, 508.67), (62.0, 502.7, 65.0, 506.0)]
    assert len(boxes) == len(text)
    assert repair_line(text, box_reader(boxes), 15.0, baseline=502.7) == "تعیین شود،"
    # 0.3 em off the shin, as far as a word space: no stroke of the join, it stays
    wide = [(box[0] + 3.0, box[1], box[2] + 3.0, box[3]) if k < 7 else box for k, box in enumerate(boxes)]
    assert repair_line(text, box_reader(wide), 15.0, baseline=502.7) == "تعیین ش ود،"
