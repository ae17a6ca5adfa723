"""A ZWNJ that LibreOffice draws as a space glyph at the far end of a title's line (DejaVu Sans
Bold, from an .odt): pdfium gives a space between the two letters, "خشک می شوند" for "خشک
می‌شوند", with that glyph's box 110 pt left of both, which stand a ZWNJ's gap apart (0.15 em).
Such a space, between a letter that joins the next and another letter, is the ZWNJ.

tests/data/pdfs/libreoffice-dejavu-title-zwnj.pdf is the layout probe's document
v2207-lo_odt-fa (`python -m tools.corpus.probe_layout --out DIR --first-seed 2200 --only v2207-lo_odt-fa`; a dev text,
Dari, seed 2207)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.arabic import _Boxes, _displaced_spaces_as_zwnjs
from newsmon.parse.document import parse_document
from newsmon.sources import load_profile

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "libreoffice-dejavu-title-zwnj.pdf"
TITLE = "کم‌آبی در کابل؛ چاه‌ها خشک می‌شوند و شهر تشنه‌تر می‌شود"


def test_a_zwnj_drawn_as_a_space_far_off_is_read_as_the_zwnj():
    data = PDF.read_bytes()
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "خشک می شوند" in raw, "pdfium reads the ZWNJ now: the page no longer shows the defect"
    record = parse_document(data, url="https://www.afgazad.com/pdf/x.pdf", profile=load_profile("afgazad"))
    assert record.title == TITLE


def _read(chars: str, boxes: dict[int, tuple[float, float, float, float]]) -> str:
    return _displaced_spaces_as_zwnjs(chars, list(range(len(chars))), _Boxes(lambda ps: [boxes[p] for p in ps]), 18.0)


def test_word_spaces_stay():
    """A space drawn in its gap, one of no width (pdfium's), or one whose letters stand a word
    space apart, stays a space."""
    letters = {0: (247.6, 612.4, 264.9, 619.9), 2: (228.5, 614.5, 244.9, 625.2)}  # "ی", "ش" 2.7 pt apart
    far_glyph = {**letters, 1: (129.5, 614.7, 135.8, 614.7)}
    assert _read("ی ش", far_glyph) == "ی\u200cش"
    assert _read("ی ش", {**letters, 1: (245.0, 614.7, 247.5, 614.7)}) == "ی ش"  # in the gap
    assert _read("ی ش", {**letters, 1: (129.5, 614.7, 129.5, 614.7)}) == "ی ش"  # no width
    wide = {0: (252.6, 612.4, 269.9, 619.9), 1: far_glyph[1], 2: letters[2]}  # 7.7 pt: a word space
    assert _read("ی ش", wide) == "ی ش"
    assert _read("ر ش", {**far_glyph}) == "ر ش"  # "ر" joins no next letter


def test_a_zwnj_drawn_as_a_space_in_the_next_word_gap_is_the_zwnj():
    """DejaVu Sans (regular) from an .odt draws the ZWNJ of "تشنه‌تر" as a space glyph in the next
    word's gap, 0.54 em left of both letters (layout probe v3008-lo_odt-fa, seed 3008: title
    "... شهر تشنه تر می‌شود"): not between its letters, it is no word space. One that reaches
    into their gap, or stands less than 0.3 em off, stays a space."""
    letters = {0: (152.38, 642.69, 160.93, 649.28), 2: (146.02, 642.69, 150.58, 651.47)}  # "ه", "ت" 1.8 pt apart
    assert _read("ه ت", {**letters, 1: (130.5, 642.69, 136.21, 642.71)}) == "ه\u200cت"
    assert _read("ه ت", {**letters, 1: (142.0, 642.69, 145.5, 642.71)}) == "ه ت"  # 0.03 em off
