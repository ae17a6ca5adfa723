"""A compound's hyphen next to a kashida in a LibreOffice line (found in the dev-style probe
sample: "ض9 -د فساد" for "ضد-فساد"). LibreOffice draws the line's runs left to right, a run
with a gap where the hyphen goes, the kashida stroke as a glyph of its own (pdfium reads it as
an ASCII character), and the hyphen last, in a font of its own. pdfium then reads the hyphen in
with the letter after the stroke, a space on each side of the two. The PDFs here are drawn the
same way: reportlab, DejaVu Sans, a flat ASCII glyph ("_", stretched to touch both letters as
the kashida does) for the stroke, the hyphen in Times after the rest."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import _register_fonts, _shaped

FONT, SIZE, RIGHT, BASELINE = "DejaVuSans", 12.0, 540.0, 700.0
STROKE = "_"


def _visual(text: str) -> str:
    """All-Arabic text shaped, in visual order (no Latin, no lam-alef: the reshaped text reversed)."""
    import arabic_reshaper

    return arabic_reshaper.reshape(text)[::-1]


def lo_line(before: str, letter: str, after: str, hyphen_gap: float = 1.0, stroke: bool = True) -> bytes:
    """`before` + kashida stroke + `letter` + "-" + `after`, right to left from the right margin,
    drawn as LibreOffice draws it: the run of `after` and `letter` (a gap for the hyphen between
    them) first, then the stroke, then `before`, then the hyphen (Times) in its gap."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _register_fonts()
    right, mid, left = _visual(before), _visual(letter), _visual(after)
    gap = stringWidth("-", "Times-Roman", SIZE) + hyphen_gap
    stroke_w = stringWidth(STROKE, FONT, SIZE) if stroke else 0.0
    x_right = RIGHT - stringWidth(right, FONT, SIZE)
    x_stroke = x_right - stroke_w
    x_mid = x_stroke - stringWidth(mid, FONT, SIZE)
    x_left = x_mid - gap - stringWidth(left, FONT, SIZE)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595, 842), invariant=1)
    text = pdf.beginText()
    text.setFont(FONT, SIZE)

    def glyphs(s: str) -> str:
        code = text._formatText(s)
        return code[code.index("("):code.rindex(")") + 1]

    font_op = text._formatText(left).split("(")[0]
    text._code.append(f"1 0 0 1 {x_left:.2f} {BASELINE} Tm {font_op}[{glyphs(left)} {-gap / SIZE * 1000:.0f} "
                      f"{glyphs(mid)}] TJ")
    if stroke:  # stretched 0.9 pt past its advance on both sides: the stroke's ink meets both letters
        text._code.append(f"1 0 0 1 {x_stroke - 0.9:.2f} {BASELINE} Tm {(stroke_w + 1.8) / stroke_w * 100:.1f} Tz "
                          f"{text._formatText(STROKE)} 100 Tz")
    text._code.append(f"1 0 0 1 {x_right:.2f} {BASELINE} Tm {text._formatText(right)}")
    pdf.drawText(text)
    pdf.setFont("Times-Roman", SIZE)
    pdf.drawString(x_mid - gap + hyphen_gap / 2, BASELINE, "-")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def raw_text(data: bytes) -> str:
    return pdfium.PdfDocument(data)[0].get_textpage().get_text_range().strip()


def read_lines(data: bytes) -> list[str]:
    return [normalize_text(line.text) for line in read_pdf(data).lines if line.text.strip()]


def test_a_hyphen_pdfium_reads_before_the_letter_after_a_kashida_joins_the_compound():
    data = lo_line("نهادها یک کمیسیون ض", "د", "فساد مستقل میخواهند")
    assert raw_text(data) == "نهادها یک کمیسیون ض_ -د فساد مستقل میخواهند"  # as pdfium reads it
    assert read_lines(data) == ["نهادها یک کمیسیون ضد-فساد مستقل میخواهند"]


def test_a_hyphen_read_after_a_space_where_the_page_has_it_stays():
    # "کابل -هرات" as typed: the hyphen stands a word space from the word before it, and pdfium
    # reads the line in that order; the words keep it.
    from reportlab.pdfgen import canvas

    _register_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595, 842), invariant=1)
    pdf.setFont(FONT, SIZE)
    pdf.drawRightString(RIGHT, BASELINE, _shaped("راه کابل -هرات باز شد"))
    pdf.showPage()
    pdf.save()
    assert raw_text(out.getvalue()) == "راه کابل -هرات باز شد"
    assert read_lines(out.getvalue()) == ["راه کابل -هرات باز شد"]
