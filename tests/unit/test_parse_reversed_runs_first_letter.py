"""A Chromium page (Noto Naskh Arabic: Skia marks the Arabic runs it drew turned round
/ReversedChars) whose first Arabic letter is a word of one letter (found in the dev-style probe
samples: a Pashto page whose running head, the title, opens "د تورخم دروازه", read "د مخروت دروازه"
and its body "هب" for "به"). Skia left the letters alone of the page-margin box unmarked, and the page's first letter was taken to tell that
the page has no turned runs. The page is printed by Debian's Chromium in the test (`make browser`);
the words expected are the HTML's."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import chromium_print

LINES = ["د تورخم دروازه او د سوداګرو اوږده انتظار",
         "د تورخم پوله چې د افغانستان او پاکستان ترمنځ تر ټولو مهمه سوداګریزه لار ده"]


def naskh_pdf(head: str, paragraphs: list[str], tmp_path: Path) -> bytes:
    """The paragraphs as a right-to-left page in Noto Naskh Arabic 12 pt under the running head
    `head` (a CSS page-margin box), printed to PDF by headless Chromium."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return chromium_print('<!doctype html><html lang="ps" dir="rtl"><head><meta charset="utf-8"><style>'
                          f'@page {{ size: A4; margin: 2.3cm 2cm; @top-center {{ content: "{head}"; font-size: 9pt; }} }}'
                          "body{font-family:'Noto Naskh Arabic';font-size:12pt;line-height:1.5;margin:0}</style></head>"
                          f"<body>{body}</body></html>", tmp_path)


def test_a_page_whose_first_letter_stands_alone_still_has_its_turned_runs_put_right(tmp_path):
    data = naskh_pdf(LINES[0], LINES, tmp_path)
    assert b"NotoNaskhArabic" in data, "Chromium printed the page in another font: fonts-noto-core is missing"
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "مخروت" in raw, "pdfium reads the runs in order now: the page no longer shows the defect"
    assert [normalize_text(line.text) for line in read_pdf(data).lines] == [LINES[0], *LINES]
