"""A hamza or madda drawn as a mark of its own over a lam-alef ligature (found on real
Arabic PDFs nobody here made, benchmarks/bench_parse_real.py): the ligature's two letters
share one glyph box, so the mark sits on both; it is the alef's ("الإسلام", never the
lam's "الٕاسلام", which no reader or search takes for the same word)."""

from __future__ import annotations

import io

import pytest

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import _register_fonts, _shaped

LAM_ALEF = "\ufefb\ufefc"  # the isolated and final lam-alef ligature glyphs


def marked_line(word: str, mark: str, below: bool, share: float = 0.3, size: float = 14.0) -> bytes:
    """A Persian line holding `word` (with a lam-alef), drawn as older writers draw it
    (presentation forms, visual order), and `mark` drawn apart over (or under) the
    ligature, `share` of its width from the ligature's left edge (the alef's side)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _register_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595, 842), invariant=1)
    drawn, shaped = _shaped(f"این متن درباره {word} است و دیگر هیچ."), _shaped(word)
    at = drawn.index(shaped) + max(k for k, ch in enumerate(shaped) if ch in LAM_ALEF)
    x0, y = 100.0, 700.0
    pdf.setFont("DejaVuSans", size)
    pdf.drawString(x0, y, drawn)
    left = x0 + stringWidth(drawn[:at], "DejaVuSans", size)
    centre = left + share * stringWidth(drawn[at], "DejaVuSans", size)
    pdf.drawString(centre - stringWidth(mark, "DejaVuSans", size) / 2, y - 4 if below else y + 4, mark)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.mark.parametrize(("bare", "mark", "below", "written"), [
    ("الاسلام", "\u0655", True, "الإسلام"),
    ("الاثیر", "\u0654", False, "الأثیر"),
])
def test_a_hamza_over_a_lam_alef_goes_on_the_alef(bare, mark, below, written):
    lines = [normalize_text(line.text) for line in read_pdf(marked_line(bare, mark, below)).lines]
    assert lines == [f"این متن درباره {written} است و دیگر هیچ."]


def mark_set_aside(text: str, shift: float, size: float = 14.0) -> bytes:
    """A line with its one fatha drawn in its place in the text (right after its letter,
    as pdfium reads it) but `shift` points sideways, as a font may set a mark near its
    letter's joining side (XeTeX)."""
    import arabic_reshaper
    from bidi.algorithm import get_display
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _register_fonts()
    drawn = get_display(arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False}).reshape(text))
    at = drawn.index(FATHA)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595, 842), invariant=1)
    x0 = 100.0
    before, mark = (stringWidth(drawn[:at], "DejaVuSans", size), stringWidth(drawn[at], "DejaVuSans", size))
    for x, piece in ((x0, drawn[:at]), (x0 + before + shift, drawn[at]), (x0 + before + mark, drawn[at + 1:])):
        line = pdf.beginText(x, 700)
        line.setFont("DejaVuSans", size)
        line.textOut(piece)
        pdf.drawText(line)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


FATHA = "\u064e"


def test_a_mark_set_toward_the_next_letter_stays_on_the_letter_pdfium_read_it_after():
    import pypdfium2 as pdfium

    typed = "این نام عَدنان است"
    doc = pdfium.PdfDocument(mark_set_aside(typed, 0.0))
    try:
        page = doc[0].get_textpage()
        text = page.get_text_range()
        letter, mark = (page.get_charbox(text.index(FATHA) + k) for k in (-1, 0))
    finally:
        doc.close()
    # The fatha's centre at the ع's left edge, over the د's box: nearer the د's centre than
    # the ع's, yet on the ع, after which pdfium reads it (a real XeTeX book: 0.28 pt off it).
    shift = letter[0] - 0.25 - (mark[0] + mark[2]) / 2
    lines = [normalize_text(line.text) for line in read_pdf(mark_set_aside(typed, shift)).lines]
    assert lines == [typed]
