"""A Dari "page 1 of 1" footer on a left-to-right page, its numbers LibreOffice's page-number and
page-count fields: LibreOffice draws the page's number apart, and pdfium gives the line as
"1 صفحه 1 از" (for "صفحه ۱ از ۱"), which no page-number pattern took: a German one-page article
ended "... noch überlegen. 1 صفحه 1 از" (layout probe, python -m tools.corpus.probe_layout
--first-seed 3200: v3226-lo_odt-de). A footer line of a number, "صفحه", a number and "از" is
the page's number too.

tests/data/pdfs/libreoffice-dari-page-of-pages-footer.pdf is the .fodt beside it, converted by
LibreOffice (`soffice --convert-to pdf:writer_pdf_Export`)."""

from __future__ import annotations

from newsmon.parse.layout import drop_page_furniture
from newsmon.parse.pdf import read_pdf
from tests.pdfs import COMMITTED, committed_raw_text

NAME = "libreoffice-dari-page-of-pages-footer"


def test_pdfium_gives_the_footer_with_the_page_number_first():
    assert committed_raw_text(NAME).endswith("überlegen.\r\n1 صفحه 1 از")


def test_the_footer_is_page_furniture():
    lines = [line.text for line in drop_page_furniture(read_pdf((COMMITTED / f"{NAME}.pdf").read_bytes()))]
    assert lines[-1].endswith("noch überlegen.")
    assert not any("صفحه" in line for line in lines)
