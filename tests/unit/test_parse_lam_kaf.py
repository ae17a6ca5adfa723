"""The gap before Amiri's lam-kaf ligature: inside a word, or a word space.

Chromium with Amiri draws "لک" and "لګ" as one glyph whose lam is a flat stroke under the
kaf, with a gap before it that pdfium reads as a space: inside a word ("خ لک" for "خلک",
0.13-0.16 em) that space goes; at a word's start after a word space ("یې لګولی", ~0.5 em, a
fresh Pashto probe text where pdfium's own text had the space right) it stays.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf
from tests.pdfs import chromium_print

WORDS = "د کلي خلک له ملګرو سره وايي چې پیسې یې پرې لګېدې او سیسټم یې لګولی دی"
PAGE = ("<!doctype html><html lang='ps' dir='rtl'><head><meta charset='utf-8'><style>"
        "body{font-family:'Amiri';font-size:14pt;line-height:1.7;margin:2cm}</style></head>"
        f"<body><p>{WORDS}.</p><p>{WORDS}.</p></body></html>")


def test_a_space_before_a_word_initial_lam_kaf_stays_and_the_gap_inside_a_word_goes(tmp_path):
    data = chromium_print(PAGE, tmp_path)
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "خ لک" in raw and "یې لګولی" in raw, "pdfium's text no longer shows both gaps"
    text = " ".join(line.text for line in read_pdf(data).lines)
    assert text.split() == (WORDS + ".").split() * 2


AFTER_WAW = "د دولسم ټولګي زده کوونکي او لګښتونه یې د ښوونځي ټولګي ته وړي"
PAGE_AFTER_WAW = PAGE.replace(f"<p>{WORDS}.</p><p>{WORDS}.</p>", f"<p>{AFTER_WAW}.</p><p>{AFTER_WAW}.</p>")


def test_the_gap_after_a_waw_before_a_lam_kaf_inside_a_word_goes(tmp_path):
    """"ټولګي": the lam-kaf after a waw, which joins no letter after it, so the gap before the
    ligature was never looked at ("ټو لګي", a probe text's title); "او لګښتونه" keeps its space."""
    data = chromium_print(PAGE_AFTER_WAW, tmp_path)
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "ټو لګي" in raw, "pdfium's text no longer shows the gap"
    text = " ".join(line.text for line in read_pdf(data).lines)
    assert text.split() == (AFTER_WAW + ".").split() * 2
