"""A letter and its mark that Chromium draws as one glyph (found in the probe samples: Amiri's
"اً", Harmattan's "هٔ"). pdfium gives the letter and the mark the two halves of the mark's box,
off the line, and Chromium's text puts the word space after them first: "معمول اًاز" for
"معمولاً از", "نسخ ٔه" at a line's end for "نسخهٔ". newsmon puts the space where it stands
and reads no gap (no space, no ZWNJ) before a letter that has only a mark's box. The pages
are printed by Debian's Chromium in the test (`make browser`; Amiri and Harmattan from
Debian's font packages); the words expected are the HTML's."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import chromium_print

CASES = {
    "Amiri": (["در کارگاه‌های شهر بافتن یک قالین شش‌متری دو ماه طول می‌کشد و بافندگان هر روز از صبح تا"
               " شام کار می‌کنند.", "کالاها معمولاً از راه زمینی به بازار می‌رسد."],
              ["معمولاً از"]),
    "Harmattan": (["سپردن یک نسخهٔ<br>دیجیتال به کتابخانه",
                   "پس از یک وقفهٔ سه‌هفته‌ای دوباره باز شد."],
                  ["یک نسخهٔ", "یک وقفهٔ سه‌هفته‌ای"]),
}


def chromium_pdf(font: str, paragraphs: list[str], tmp_path: Path) -> bytes:
    """The paragraphs as a right-to-left page in `font` 14 pt, printed to PDF by headless Chromium."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return chromium_print('<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>'
                          f"body{{font-family:'{font}';font-size:14pt;line-height:1.7;margin:2cm}}</style>"
                          f"</head><body>{body}</body></html>", tmp_path)


@pytest.mark.parametrize("font", sorted(CASES))
def test_glyph_pairs_read_with_their_word_and_space(font: str, tmp_path: Path) -> None:
    paragraphs, phrases = CASES[font]
    data = chromium_pdf(font, paragraphs, tmp_path)
    raw = normalize_text(pdfium.PdfDocument(data)[0].get_textpage().get_text_range())
    text = "\n".join(normalize_text(line.text) for line in read_pdf(data).lines)
    for phrase in phrases:
        assert phrase not in raw  # pdfium's own text has the fault
        assert phrase in text, (phrase, text)


def test_no_word_glued_or_split_around_the_glyph_pairs(tmp_path: Path) -> None:
    """Every word of the page read whole: the moved space glues or splits no other word."""
    for font, (paragraphs, _) in CASES.items():
        (tmp_path / font).mkdir()
        data = chromium_pdf(font, paragraphs, tmp_path / font)
        words = " ".join(normalize_text(line.text) for line in read_pdf(data).lines).split()
        typed = normalize_text(" ".join(p.replace("<br>", " ") for p in paragraphs)).split()
        assert words == typed, font
