"""A right-to-left line that pdfium gives as three lines, left part first, broken inside words.

Chromium draws the line "کارشناسان ... نه سرشماری. آخرین سرشماری کامل کشور در سال ۱۳۵۸" so
that pdfium reads it as "شماری کامل کشور در سال ۱۳۵۸", "شماری. آخرین سر" and "کارشناسان ...
نه سر": each part ends with "سر" and the next one, left of it, opens with the rest of the word,
their boxes touching. The parts are one line again, right to left, and where letters meet at a
touching break they join with no space. (The texts probe's v4729-chromium_clean-fa, Dari,
committed as tests/data/pdfs/chromium-line-split-in-a-word.pdf; `python -m tools.corpus.probe_texts`.)
"""

from __future__ import annotations

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import COMMITTED

DATA = (COMMITTED / "chromium-line-split-in-a-word.pdf").read_bytes()


def test_pdfium_gives_the_line_in_three_parts_left_first():
    document = pdfium.PdfDocument(DATA)
    raw = document[0].get_textpage().get_text_range()
    document.close()
    assert "شماری کامل کشور در سال ۱۳۵۸\r\nشماری. آخرین سر\r\nکارشناسان" in raw


def test_the_parts_read_as_one_line():
    lines = [normalize_text(line.text) for line in read_pdf(DATA).lines]
    assert any(line.endswith("نه سرشماری. آخرین سرشماری کامل کشور در سال ۱۳۵۸") and line.startswith("کارشناسان")
               for line in lines)
