"""A Dari/Pashto page number footer ("صفحه ۲") on a left-to-right page (found in the dev-style
probe sample: XeTeX's German and French documents with the site's Persian footer). XeTeX sets
it left to right, the word and then the number on its right, and pdfium gives it in that
visual order: "2 صفحه". It is a page number all the same, and no text of the article."""

from __future__ import annotations

import io

from newsmon.parse.layout import drop_page_furniture
from newsmon.parse.pdf import open_pdf
from tests.pdfs import _register_fonts, _shaped

BODY = "Die Bibliotheken der Stadt haben ihre Öffnungszeiten verlängert, auch am Sonntag."


def german_pages_with_a_persian_footer(pages: int = 2) -> bytes:
    """`pages` pages of German body lines, each with "صفحه N" at its foot, set left to
    right as XeTeX sets it: the word, then the page's number on its right."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _register_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595, 842), invariant=1)
    word = _shaped("صفحه")
    for number in range(1, pages + 1):
        pdf.setFont("Times-Roman", 12)
        for row in range(12):
            pdf.drawString(60, 700 - 18 * row, BODY)
        pdf.setFont("DejaVuSans", 10)
        pdf.drawString(280, 30, word)
        pdf.setFont("Times-Roman", 10)
        pdf.drawString(283 + stringWidth(word, "DejaVuSans", 10), 30, str(number))
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_a_persian_page_number_pdfium_gives_number_first_is_furniture():
    # One page: no repeat tells, only the line's own text (a page's footer may also read
    # otherwise elsewhere: pdfium glued page 1's to the last body line in the probe sample).
    with open_pdf(german_pages_with_a_persian_footer(1)) as pdf:
        assert [line.text for line in pdf.lines if "صفحه" in line.text] == ["1 صفحه"]  # as pdfium reads it
        assert [line.text for line in drop_page_furniture(pdf)] == [BODY] * 12
    with open_pdf(german_pages_with_a_persian_footer(2)) as pdf:
        assert [line.text for line in drop_page_furniture(pdf)] == [BODY] * 24
