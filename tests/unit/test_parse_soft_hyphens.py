"""Hyphens whose ToUnicode says SOFT HYPHEN (found in the new-producer probe, LuaLaTeX with
luaotfload's HarfBuzz renderer: every hyphen of the page, "a 65\\xadmetre tower", "hin\\xad und
hergerissen", the byline joiner "\\xad Von Miriam Hoffmann" read as part of the author). pdfium
reads such a hyphen as U+FFFE where it ends a line and as U+00AD inside one; a soft hyphen is
only drawn where it shows, so a drawn one is a hyphen. The page is drawn with reportlab in the
test: DejaVu Sans's hyphen glyph, mapped from U+00AD."""

from __future__ import annotations

import io

from newsmon.parse.layout import join_lines
from newsmon.parse.pdf import read_pdf
from tests.pdfs import PAGE_H, PAGE_W, _register_fonts

LINES = ["The Minaret of Jam: a 65\xadmetre tower", "Dasht\xade\xadBarchi lies west of the city and the new bus",
         "line will run to the centre every ten min\xad", "utes from dawn."]


def soft_hyphen_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    _register_fonts()
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
    drawing.setFont("DejaVuSans", 12)
    for k, line in enumerate(LINES):
        drawing.drawString(60, 700 - 15 * k, line)
    drawing.showPage()
    drawing.save()
    return out.getvalue()


def test_soft_hyphens_drawn_inside_a_line_read_as_hyphens():
    lines = [line.text for line in read_pdf(soft_hyphen_pdf()).lines]
    assert lines[:2] == ["The Minaret of Jam: a 65-metre tower", "Dasht-e-Barchi lies west of the city and the new bus"]


def test_a_soft_hyphen_that_ends_a_line_still_breaks_its_word():
    lines = [line.text for line in read_pdf(soft_hyphen_pdf()).lines]
    assert join_lines(lines[2:], breaks_words=True) == "line will run to the centre every ten minutes from dawn."
