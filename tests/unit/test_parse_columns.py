"""Pages set in columns (found on real PDFs nobody here made, benchmarks/bench_parse_real.py):
a line of the first column stops far short of the text's right edge, as a paragraph's last
line does, yet it is a full line of its column; each column's paragraphs must read whole."""

from __future__ import annotations

import io

from newsmon.parse.layout import paragraphs_and_captions, split_blocks
from newsmon.parse.pdf import open_pdf, read_pdf

PAGE_W, PAGE_H, MARGIN, GUTTER = 595.0, 842.0, 60.0, 20.0
WORDS = ("river valley winter market harvest village bridge council season weather road school "
         "water garden teacher doctor station farmer mountain family").split()


def paragraph(seed: int, words: int) -> str:
    return " ".join(WORDS[(seed * 7 + k * 3) % len(WORDS)] for k in range(words))


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current = [], ""
    for word in text.split():
        probe = f"{current} {word}".strip()
        if current and stringWidth(probe, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = probe
    return lines + [current]


def two_columns(paragraphs: list[str], size: float = 10.0, head: tuple[str, ...] = ()) -> bytes:
    """A page with a centred title (and the centred lines of `head` under it) over two
    justified columns, the paragraphs flowing from the first column into the second (as a
    two-column paper or newspaper page sets them)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
    pdf.setFont("Times-Bold", 16)
    pdf.drawCentredString(PAGE_W / 2, PAGE_H - MARGIN, "A Page in Two Columns")
    pdf.setFont("Times-Roman", 11)
    for row, text in enumerate(head):
        pdf.drawCentredString(PAGE_W / 2, PAGE_H - MARGIN - 22 - row * 14, text)
    top = PAGE_H - MARGIN - 40 - len(head) * 14
    width = (PAGE_W - 2 * MARGIN - GUTTER) / 2
    rows = []
    for text in paragraphs:
        lines = wrap(text, "Times-Roman", size, width)
        rows += [(line, k < len(lines) - 1) for k, line in enumerate(lines)]
    per_column = (len(rows) + 1) // 2
    for n, (text, justify) in enumerate(rows):
        column, row = divmod(n, per_column)
        x = MARGIN + column * (width + GUTTER)
        y = top - row * size * 1.2
        line = pdf.beginText()
        line.setFont("Times-Roman", size)
        if justify and text.count(" "):
            line.setWordSpace((width - stringWidth(text, "Times-Roman", size)) / text.count(" "))
        line.setTextOrigin(x, y)
        line.textLine(text)
        pdf.drawText(line)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_each_column_line_is_full_against_its_own_column():
    typed = [paragraph(1, 120), paragraph(2, 90), paragraph(3, 110)]
    data = two_columns(typed)
    lines = read_pdf(data).lines
    blocks = split_blocks(lines[1:])
    assert [block.text for block in blocks] == typed
    with open_pdf(data) as pdf:
        paragraphs, captions = paragraphs_and_captions(pdf.lines[1:], pdf)
    assert paragraphs == typed and captions == []


def test_a_short_page_in_one_narrow_block_is_not_a_column():
    # Fewer lines than a column shows its edges by: judged against the whole text as before.
    typed = [paragraph(4, 12)]
    data = two_columns(typed)
    blocks = split_blocks(read_pdf(data).lines[1:])
    assert " ".join(block.text for block in blocks) == typed[0]


HEAD = ("Ann Author, Ben Writer, Cleo Scribe, Dan Penman, Eve Typist and Fay Editor", "University of Nowhere",
        "ann, ben, cleo, dan, eve, fay at nowhere dot example", "Institute of Somewhere Else, Department of Letters",
        "gil, hal at somewhere dot example", "Third Affiliation of the Authors", "ivy at third dot example")


def test_a_columns_edge_is_its_lines_not_the_centred_head_over_it():
    # The head's centred lines overlap the first column as well; its justified lines,
    # most of the lines over it, share its right edge.
    typed = [paragraph(5, 150), paragraph(6, 140)]
    data = two_columns(typed, head=HEAD)
    with open_pdf(data) as pdf:
        paragraphs, _ = paragraphs_and_captions(pdf.lines, pdf)
    assert paragraphs[-2:] == typed
