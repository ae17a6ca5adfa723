"""A short left-to-right line that pdfium reads one glyph per line (found in the dev-style probe
samples: a Chromium article whose last page holds only the running head and the italic date of
the original, read "5" "m" "a" "rs" "2" "0" "1" "9"). pdfium takes a page whose text covers more
of its height than of its width for one set in vertical lines; Chromium draws each glyph as an
object of its own, and pdfium then ends a line after every glyph that does not overlap the line so
far, and makes up no word space. The page is printed by Debian's Chromium in the test (`make
browser`); the lines expected are the HTML's."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf
from tests.pdfs import chromium_print

HEAD = "Afghanistan Azad – Azad Afghanistan"


def chromium_pdf(lines: list[tuple[str, str]], tmp_path: Path) -> bytes:
    """A page with the running head `HEAD` and the lines (text, CSS style) right under it, in
    Liberation Sans 13 pt, printed to PDF by headless Chromium."""
    body = "".join(f'<p style="margin:0;{style}">{text}</p>' for text, style in lines)
    return chromium_print('<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>'
                          "@page { size: A4; margin: 2.3cm 2cm 2cm 2cm; @top-center { content: "
                          f"\"{HEAD}\"; font-family: 'Liberation Sans'; font-size: 9pt; border-bottom: 0.5pt solid #777;"
                          " vertical-align: bottom; padding-bottom: 3pt; } }"
                          "body{font-family:'Liberation Sans';font-size:13pt;line-height:1.5;margin:0}</style></head>"
                          f"<body>{body}</body></html>", tmp_path)


def test_a_line_pdfium_reads_glyph_by_glyph_on_a_page_it_takes_for_vertical_is_one_line(tmp_path):
    data = chromium_pdf([("5 mars 2019", "font-style:italic")], tmp_path)
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "5\r\nm\r\n" in raw, "pdfium reads the line whole now: the page no longer shows the defect"
    lines = read_pdf(data).lines
    assert [line.text for line in lines] == [HEAD, "5 mars 2019"]
    assert lines[1].italic


def test_two_lines_pdfium_reads_as_one_column_are_two_lines_again(tmp_path):
    data = chromium_pdf([("Fin.", "line-height:1.1"), ("12 mai 2020", "font-style:italic;line-height:1.1")], tmp_path)
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    # pdfium runs on from the first line into the second where their boxes overlap across.
    assert "Fin. 12 m\r\na\r\n" in raw, "pdfium reads the lines as set now: the page no longer shows the defect"
    lines = read_pdf(data).lines
    assert [line.text for line in lines] == [HEAD, "Fin.", "12 mai 2020"]
    assert [line.italic for line in lines[1:]] == [False, True]
