"""ZWNJs beside the Pashto letters that have no presentation forms, on a page shaped by its writer.

libreoffice-pashto-zwnj.pdf is written by LibreOffice (soffice --headless --convert-to pdf) from
libreoffice-pashto-zwnj.fodt (the corpus's LibreOffice styles, Amiri, Pashto). LibreOffice
shapes the text with HarfBuzz and its fonts map no presentation forms: ځ, ږ, ګ join as every
other letter does, and a ZWNJ before them leaves a gap ("بې‌ځایه", "سپین‌ږیری", "بې‌ګټې", seen in
fresh Pashto texts of the probe), where the same letters joined stand with no gap ("ځنګلونه",
"ګټلی", "ښځې").
"""

from __future__ import annotations

import re
from pathlib import Path

from newsmon.parse.arabic import repair_line
from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import box_reader, committed_source_and_lines

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"
NAME = "libreoffice-pashto-zwnj"


def test_every_word_as_the_source_spells_it():
    source, lines = committed_source_and_lines(NAME)
    assert lines[:3] == source


def test_a_gap_before_a_letter_with_no_forms_tells_a_zwnj_only_on_a_shaped_page():
    # "بېځایه" with ې and ځ 1.5 pt apart at 14 pt (as LibreOffice draws "بې‌ځایه"), the
    # others joined (overlapping)
    text = "بېځایه"
    boxes = [(124.3, 567.4, 127.6, 575.5), (115.9, 563.0, 124.8, 571.6), (105.8, 570.3, 114.3, 578.4),
             (103.5, 570.3, 106.2, 579.7), (97.5, 567.5, 103.9, 575.5), (92.0, 567.5, 97.9, 575.5)]
    assert repair_line(text, box_reader(boxes), 14.0, shaped=True) == "بې\u200cځایه"
    # a writer that shapes into presentation forms itself draws ځ unjoined: the gap tells nothing
    assert repair_line(text, box_reader(boxes), 14.0) == text


def test_a_page_whose_fonts_map_the_forms_but_join_the_letters_with_none():
    # chromium-pashto-zwnj.pdf: Chromium (--headless --print-to-pdf) from chromium-pashto-zwnj.html,
    # Noto Naskh Arabic. Its fonts keep the presentation forms in their maps, but HarfBuzz joined
    # ځ, ږ, ګ to their neighbours: their boxes overlap, and the gap before them is a ZWNJ's
    html = (PDFS / "chromium-pashto-zwnj.html").read_text(encoding="utf-8")
    source = [normalize_text(p) for p in re.findall(r"<p>(.*?)</p>", html)]
    lines = [normalize_text(line.text) for line in read_pdf((PDFS / "chromium-pashto-zwnj.pdf").read_bytes()).lines]
    assert " ".join(lines).split() == " ".join(source).split()
