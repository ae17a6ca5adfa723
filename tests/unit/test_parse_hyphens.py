"""A hyphen at a line end of a TeX document (found on real PDFs nobody here made,
benchmarks/bench_parse_real.py): TeX breaks words there by itself, so the hyphen before a
lower-case letter goes and one before a capital stays; but TeX breaks "TraceMonkey" as
"Trace-" "Monkey", and a compound at its own hyphen ("right-" "to-left"). Where the
document writes the word inside a line, that spelling decides."""

from __future__ import annotations

import io

from newsmon.parse.layout import join_lines, paragraphs_and_captions
from newsmon.parse.pdf import open_pdf

PAGE_W, PAGE_H, MARGIN = 595.0, 842.0, 60.0


def tex_page(lines: list[str], producer: str = "pdfTeX-1.40.21", size: float = 11.0) -> bytes:
    """One paragraph, line by line as given, every line but the last justified to the text
    width, its producer a TeX engine's."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
    pdf.setProducer(producer)
    width = PAGE_W - 2 * MARGIN
    for row, text in enumerate(lines):
        line = pdf.beginText()
        line.setFont("Times-Roman", size)
        if row < len(lines) - 1 and text.count(" "):
            line.setWordSpace((width - stringWidth(text, "Times-Roman", size)) / text.count(" "))
        line.setTextOrigin(MARGIN, PAGE_H - MARGIN - row * size * 1.2)
        line.textLine(text)
        pdf.drawText(line)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


LINES = [
    "The engine we call TraceMonkey records the hot loops of a program and the right-to-left",
    "scripts it runs alike; at every new loop header TraceMonkey starts a trace of its own, so",
    "the tracing of a loop by Trace-",
    "Monkey costs little, and a text set right-",
    "to-left runs the same paths as any other, for a word broken by the typesetter at the end",
    "of a line is still one word to the reader of the page.",
]


def body(lines: list[str], producer: str = "pdfTeX-1.40.21") -> str:
    with open_pdf(tex_page(lines, producer)) as pdf:
        paragraphs, _ = paragraphs_and_captions(pdf.lines, pdf)
    return "\n\n".join(paragraphs)


def test_the_documents_own_spelling_decides_a_tex_line_end_hyphen():
    text = body(LINES)
    assert "loop by TraceMonkey costs" in text
    assert "a text set right-to-left runs" in text


def test_without_the_word_elsewhere_the_letter_case_decides_as_before():
    lines = [LINES[2].replace("Trace-", "Loop-"), "Keeper costs little, and a text set left-", "wards runs the same."]
    text = body(lines)
    assert "Loop-Keeper costs" in text and "leftwards runs" in text


def test_a_word_processor_keeps_its_line_end_hyphens():
    text = body(LINES, producer="LibreOffice 7.4")
    assert "Trace-Monkey" in text and "right-to-left" in text


def test_join_lines_without_the_documents_spelling_is_unchanged():
    assert join_lines(["by Trace-", "Monkey"], breaks_words=True) == "by Trace-Monkey"
    assert join_lines(["set right-", "to-left"], breaks_words=True) == "set rightto-left"


def test_a_compound_broken_at_its_own_hyphen_keeps_it():
    # TeX breaks a word with a hyphen of its own only there: nowhere else is it written.
    lines = ["A collector that stops the program is called a stop-the-",
             "world collector, and the way from the interpreter-", "to-trace of a loop is short."]
    text = body(lines)
    assert "a stop-the-world collector" in text and "the interpreter-to-trace of" in text
