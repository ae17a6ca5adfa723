"""A page number that pdfium reads into a line after a hyphen it took for a line end (found in
the dev-style probe sample: LibreOffice's "ډیجیټل-نسخې" read "ډیجیټل" then "-1نسخې", the "1" the
page number at the page's foot). LibreOffice draws the line's right part, the compound's hyphen,
the left part, then the footer's number; where the line has a mark drawn apart (an ezafe kasra),
pdfium breaks it at the hyphen (U+FFFE) and reads on in drawing order, so the number comes first
in the left part. The page here is drawn that way (reportlab, DejaVu Sans)."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

from newsmon.parse.layout import drop_page_furniture
from newsmon.parse.pdf import open_pdf
from tests.pdfs import _register_fonts

FONT, SIZE, RIGHT, BASELINE = "DejaVuSans", 14.0, 530.0, 700.0
ABOVE = "د پښتو ادب ځوان شاعران خپل شعرونه په انټرنټ کې خپروي او لوستونکي یې ډېر دي"


def _visual(text: str) -> str:
    """All-Arabic text shaped, in visual order (no Latin, no lam-alef: the reshaped text reversed)."""
    import arabic_reshaper

    return arabic_reshaper.reshape(text)[::-1]


def hyphen_line_and_page_number() -> bytes:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _register_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595, 842), invariant=1)
    pdf.setFont(FONT, SIZE)
    pdf.drawRightString(RIGHT, BASELINE + 24, _visual(ABOVE))
    right, left = _visual("کتابونه او د کلیات نوې ډیجیټل"), _visual("نسخې هم آنلاین شوې")
    x_right = RIGHT - stringWidth(right, FONT, SIZE)
    pdf.drawString(x_right, BASELINE, right)
    pdf.drawString(x_right + 60, BASELINE - 3.5, "\u0650")  # a kasra drawn apart, under its letter
    hyphen = stringWidth("-", FONT, SIZE)
    pdf.drawString(x_right - hyphen - 0.5, BASELINE, "-")
    x_left = x_right - hyphen - 1 - stringWidth(left, FONT, SIZE)
    pdf.drawString(x_left, BASELINE, left)
    pdf.drawString(x_left - stringWidth(".", FONT, SIZE), BASELINE, ".")
    pdf.setFont(FONT, 11)
    pdf.drawString(297, 28, "1")  # the page number, drawn last
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_a_page_number_pdfium_reads_after_a_hyphen_is_no_part_of_the_line():
    data = hyphen_line_and_page_number()
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "\ufffe1نسخې" in raw, "pdfium reads the line right now: the page no longer shows the case"
    with open_pdf(data) as pdf:
        texts = [line.text for line in drop_page_furniture(pdf)]
    assert texts[-1] == "نسخې هم آنلاین شوې."
    assert not any("1" in text for text in texts)
