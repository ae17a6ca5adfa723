"""A line's baseline, type size and style are read at a letter, never at a mark or a space
(pdf._in_main_script, _main_script_char).

LibreOffice draws the hamza of "هٔ" a point below the line's baseline, and pdfium puts a space
of its own after it. A line read at that space or mark stood a point too low, and each kashida
stroke of the justified line (LibreOffice's subset of the font maps the kashida glyph to "," or
"E") then stood a point above it: taken for a hyphen, the strokes stayed in the words ("کنن,د.
ب,ه" for "کنند. به"). The layout probe's v2600-lo_odt-fa (tools/corpus/probe_layout.py), committed
as tests/data/pdfs/libreoffice-kashidas-hamza-baseline.pdf.
"""

from __future__ import annotations

import re

from newsmon.parse.article import parse_pdf_article
from newsmon.parse.pdf import _in_main_script
from newsmon.sources import load_profile
from tests.pdfs import COMMITTED, committed_raw_text

NAME = "libreoffice-kashidas-hamza-baseline"
# A comma between two Arabic letters: a kashida stroke left in a word.
STROKE_IN_A_WORD = re.compile("[\u0621-\u064a\u067e-\u06cc],[\u0621-\u064a\u067e-\u06cc]")


def test_the_strokes_go_from_the_words():
    raw = committed_raw_text(NAME, all_pages=True)
    assert "دارن,د و" in raw  # the strokes are pdfium's (so the test can fail)
    body = parse_pdf_article((COMMITTED / f"{NAME}.pdf").read_bytes(), url="https://www.afgazad.com/x.pdf",
                             profile=load_profile("afgazad")).body_text
    assert STROKE_IN_A_WORD.search(body) is None, STROKE_IN_A_WORD.findall(body)
    assert "نیاز دارند و" in body and "آنلاین کنند. به باور آنان،" in body


def test_a_mark_or_space_is_read_at_the_nearest_letter():
    text = "با بودجهٔ ۱۸۵ هزار"
    mark = text.index("\u0654")
    assert text[_in_main_script(text, mark)] == "ه"
    assert text[_in_main_script(text, text.index(" "))] in "اب"
    assert _in_main_script(text, 1) == 1  # a letter stays
