"""Chromium with Noto Naskh Arabic draws a letter with a kasra ("نِ", "رِ") as two glyphs and
gives the cluster's text to the kasra's glyph alone; the letter's glyph carries no text. Where
such a word ends a line, pdfium gives the cluster as a line of its own, before the line, with
the kasra's small box under it ("نِ" then "... د» دیوا"). newsmon puts it back at the end of its
word: measured from the kasra's box, the gap to the letter before looked like a word space
("دیوا نِ"); the letter's textless glyph, drawn right beside the kasra's, shows there is none
(layout probe v2241-chromium_naskh-ps). The page is printed by Debian's Chromium in the test
(`make browser`)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import chromium_print

# Each paragraph breaks its line (<br>) right after a word that ends in a letter with a kasra.
PARAGRAPHS = [
    ("په تېرو کلونو کې ډېرو ځوانانو د پښتو ادب لوستلو ته مخه کړې ده او په 2015 کال کې د «دیوانِ<br>"
     "حافظ» او «کلیاتِ خوشال» نوې نسخې چاپ شوې."),
    "د کابل په بازار کې د کتابونو پلورونکي وايي چې د «دیوانِ<br>رحمان» غوښتونکي زیات شوي دي.",
    ("دا کتاب په دې کال کې د ښار په کتابتون کې د زرګونو لوستونکو لخوا ولوستل شو او د نوي نسل لپاره"
     " د یوه سازوکارِ<br>روښانه برخه شوه."),
]
LINE_ENDS = ["کال کې د «دیوانِ", "وايي چې د «دیوانِ", "د یوه سازوکارِ"]


def naskh_pdf(tmp_path: Path) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return chromium_print('<!doctype html><html lang="ps" dir="rtl"><head><meta charset="utf-8"><style>'
                          "body{font-family:'Noto Naskh Arabic';font-size:16pt;line-height:1.8;margin:2cm}"
                          f"</style></head><body>{body}</body></html>", tmp_path)


def test_a_kasra_cluster_that_ends_a_line_ends_its_word(tmp_path: Path) -> None:
    data = naskh_pdf(tmp_path)
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range().split("\r\n")
    assert raw.count("نِ") == 2 and raw.count("رِ") == 1, "the page no longer shows the defect"
    lines = [normalize_text(line.text) for line in read_pdf(data).lines]
    for end in LINE_ENDS:
        assert any(line.endswith(end) for line in lines), (end, lines)
    typed = normalize_text(" ".join(PARAGRAPHS).replace("<br>", " "))
    assert " ".join(lines).split() == typed.split()
