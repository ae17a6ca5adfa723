"""Page furniture (found on real PDFs nobody here made, benchmarks/bench_parse_real.py):
a running head that names the page's section repeats the section's heading when the
section starts on that page, set right under it in the page's top margin (LyX, LaTeX's
book classes). Furniture is a line repeated on two pages or more, not twice on one page."""

from __future__ import annotations

import io

from newsmon.parse.layout import drop_page_furniture
from newsmon.parse.pdf import open_pdf

PAGE_W, PAGE_H, MARGIN = 595.0, 842.0, 60.0
SECTIONS = ["1 Introduction", "2 Method", "3 Results"]
BODY = ("The body of the section runs here in plain type, line after line, "
        "as a report sets it under its heading.")


def sectioned_report() -> bytes:
    """A page per section: the section's own running head at the top, the section's
    heading just under it (still in the top margin), body lines, the journal's name at the foot."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
    for section in SECTIONS:
        pdf.setFont("Times-Italic", 9)
        pdf.drawRightString(PAGE_W - MARGIN, PAGE_H - 30, section)
        pdf.drawString(MARGIN, 30, "Journal of Small Tests")
        pdf.setFont("Times-Bold", 16)
        pdf.drawString(MARGIN, PAGE_H - 70, section)
        pdf.setFont("Times-Roman", 11)
        for row in range(12):
            pdf.drawString(MARGIN, PAGE_H - 110 - row * 14, BODY)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_a_heading_under_a_running_head_of_the_same_words_is_kept():
    with open_pdf(sectioned_report()) as pdf:
        texts = [line.text for line in drop_page_furniture(pdf)]
    for section in SECTIONS:
        assert texts.count(section) >= 1, (section, texts[:6])
    assert "Journal of Small Tests" not in texts  # on every page: furniture still
