"""A kashida stroke pdfium reports as an ASCII letter after a closing bracket or a word's last
letter, before a word space, goes (arabic._drop_end_strokes).

LibreOffice (from DOCX, SIL's Harmattan) maps its kashida glyph to a free code ("B") and draws it
after a closing bracket and after a word's last letter too, where _drop_kashidas (a stroke
between two letters that join) does not look: "(IEC)B هنوز", "(EU)B و", in a document of a probe
of fonts the corpora never use (tools/corpus/probe_fonts.py). The stroke is flat, on the
baseline, touching the character before it. The boxes below are pdfium's for that line (14 pt).
"""

from __future__ import annotations

from newsmon.parse.arabic import repair_line
from tests.pdfs import box_reader

EM = 14.0
BASELINE = 437.789
TEXT = "خابات )IEC)B هنوز "
BOXES = [
    (231.92, 437.73, 238.66, 444.2), (229.63, 437.73, 232.15, 445.24), (226.25, 435.46, 228.7, 441.16),
    (223.96, 437.73, 226.48, 445.24), (210.08, 437.64, 223.0, 443.63), (206.59, 437.79, 209.68, 437.8),
    (203.34, 435.7, 205.99, 446.2), (178.51, 437.79, 182.22, 447.27), (183.61, 437.79, 191.35, 447.27),
    (193.11, 437.62, 201.55, 447.43), (174.39, 435.7, 177.02, 446.2), (170.87, 437.73, 173.62, 438.64),
    (122.0, 437.79, 122.0, 437.79), (160.6, 437.03, 167.23, 442.45), (156.61, 437.73, 160.83, 443.35),
    (151.17, 433.25, 156.96, 441.37), (147.39, 433.25, 151.08, 442.8), (144.66, 437.79, 147.76, 437.8),
]


def test_the_stroke_after_the_bracket_goes():
    assert repair_line(TEXT, box_reader(BOXES), EM, baseline=BASELINE) == "خابات (IEC) هنوز "


def test_a_letter_drawn_there_stays():
    """A capital's glyph (as tall as the I before it) is no stroke."""
    boxes = [*BOXES[:11], (170.87, 437.79, 173.62, 447.27), *BOXES[12:]]
    assert repair_line(TEXT, box_reader(boxes), EM, baseline=BASELINE) == "خابات (IEC)B هنوز "


def test_a_stroke_above_the_baseline_stays():
    """A flat glyph standing above the baseline is a hyphen's or dash's, no kashida."""
    boxes = [*BOXES[:11], (170.87, 441.0, 173.62, 441.9), *BOXES[12:]]
    assert repair_line(TEXT, box_reader(boxes), EM, baseline=BASELINE) == "خابات (IEC)B هنوز "


def test_a_stroke_a_little_further_from_the_bracket_goes():
    """Word's .docx by LibreOffice sets the stroke 1.02 pt from the bracket's box, which stands
    inside the glyph's side bearing ("(UNAMA)C در": the layout probe's v2838-lo_docx-fa); a stroke
    as far from a letter stays (a letter's box reaches its ink)."""
    further = [*BOXES[:11], (170.62, 437.73, 173.37, 438.64), *BOXES[12:]]
    assert repair_line(TEXT, box_reader(further), EM, baseline=BASELINE) == "خابات (IEC) هنوز "
    assert repair_line("خاباتB هنوز ", box_reader([*BOXES[:5], (206.31, 437.73, 209.06, 438.64), *BOXES[12:]]), EM,
                       baseline=BASELINE) == "خاباتB هنوز "
