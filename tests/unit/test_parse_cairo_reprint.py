"""Documents printed again through cairo, as Evince, Okular or Firefox on Linux print to a PDF
(a LibreOffice .odt with farsiweb's Homa, made by `tools/corpus/probe_fixture.py --reprint`, which
runs `pdftocairo -pdf` over the probe document of seed 2974).

cairo sets every glyph at size 1 and scales it with the text matrix ("/f-0-0 1 Tf 21 0 0 21 x y
Tm"), so pdfium's FPDFText_GetFontSize reads 1 for every character, which is also what it reads
for a space it made up: every line looked like every other, the title and the captions were lost,
the header derailed. pdf._sized_by_matrix tells such a page by its first character and reads each
size as pdfium's times the character's matrix scale.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf
from tests.pdfs import COMMITTED, committed_probe

NAME = "cairo-lo-odt-homa-sized-by-matrix"


def test_pdfium_reads_every_character_at_size_one():
    document = pdfium.PdfDocument(str(COMMITTED / f"{NAME}.pdf"))
    try:
        textpage = document[0].get_textpage()
        sizes = {round(pdfium.raw.FPDFText_GetFontSize(textpage, k), 3) for k in range(textpage.count_chars())}
    finally:
        document.close()
    assert sizes == {1.0}


def test_lines_have_the_sizes_they_are_drawn_at():
    lines = read_pdf((COMMITTED / f"{NAME}.pdf").read_bytes()).lines
    truth, _ = committed_probe(NAME)
    title = next(line for line in lines if truth["title"].split()[0] in line.text and line.page == 0)
    body = [line.size for line in lines if len(line.text) > 60]
    assert min(body) > 10 and title.size > 1.2 * max(body)


def test_the_header_is_read():
    truth, record = committed_probe(NAME)
    assert record.title == truth["title"]
    assert record.section == truth["section"] and record.author == truth["author"]
    assert str(record.published_date) == truth["published_date"]
    assert "no_title" not in record.parse_warnings
