"""Right-to-left paragraphs as word processors set them (found in the dev corpus's LibreOffice
documents): a Persian paragraph may be set flush left, its lines ragged on the right, so a
paragraph's last line stops short on the right, not on the left as right-to-left text
usually does; and Word may set the Latin words of a Persian paragraph a size smaller than
its Arabic script, which is no new block."""

from __future__ import annotations

import io

import pytest

from newsmon.parse.layout import paragraphs_and_captions, split_blocks
from newsmon.parse.pdf import open_pdf, read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import _register_fonts, _shaped

PAGE_W, PAGE_H, MARGIN, WIDTH, PITCH = 595.0, 842.0, 60.0, 380.0, 20.0
WORDS = ("آب باران کابل شهر خانواده چاه زمین سال گزارش مردم کوچه بازار دولت کارشناس "
         "برنامه روستا دریا کوه مکتب باغ").split()


def persian(seed: int, words: int) -> str:
    return " ".join(WORDS[(seed * 7 + k * 3) % len(WORDS)] for k in range(words)) + "."


def wrap(text: str, size: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _register_fonts()
    lines, current = [], ""
    for word in text.split():
        probe = f"{current} {word}".strip()
        if current and stringWidth(_shaped(probe), "DejaVuSans", size) > WIDTH:
            lines.append(current)
            current = word
        else:
            current = probe
    return lines + [current]


def flush_left(paragraphs: list[str], per_page: int, size: float = 12.0) -> bytes:
    """Persian paragraphs set flush left and ragged right, one line pitch throughout (no
    paragraph spacing), `per_page` lines a page: where a page ends, only the room a line
    leaves tells whether its paragraph goes on."""
    from reportlab.pdfgen import canvas

    _register_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
    rows = [line for text in paragraphs for line in wrap(text, size)]
    for n, text in enumerate(rows):
        if n and n % per_page == 0:
            pdf.showPage()
        pdf.setFont("DejaVuSans", size)
        pdf.drawString(MARGIN, PAGE_H - 2 * MARGIN - (n % per_page) * PITCH, _shaped(text))
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_a_flush_left_persian_paragraph_ends_where_its_page_ends():
    # The first paragraph's short last line closes page 1; the second starts page 2.
    first, second = persian(1, 51), persian(2, 50)
    rows = wrap(first, 12.0)
    assert len(rows) >= 3 and len(rows[-1]) < 0.4 * len(rows[0])  # a short last line
    data = flush_left([first, second], per_page=len(rows))
    blocks = split_blocks([line for line in read_pdf(data).lines if line.text.strip()])
    assert [normalize_text(block.text) for block in blocks] == [first, second]


def test_a_flush_left_persian_paragraph_goes_on_over_a_page_break():
    # A page ends mid-paragraph, on a line that had no room for the next word: one paragraph.
    first, second = persian(3, 70), persian(4, 40)
    data = flush_left([first, second], per_page=3)
    with open_pdf(data) as pdf:
        paragraphs, captions = paragraphs_and_captions([line for line in pdf.lines if line.text.strip()], pdf)
    assert [normalize_text(p) for p in paragraphs] == [first, second] and captions == []


def mixed_sizes(rows: list[list[tuple[str, float]]], unmapped: str = "") -> bytes:
    """Right-to-left lines, each of pieces (text, type size) in reading order set from the
    right margin leftwards: Persian in DejaVu Sans, Latin in Times at its own size; then
    `unmapped` in a line of its own at the foot, in DejaVu Sans (which lacks CJK glyphs:
    reportlab draws them as code 0, which pdfium counts but leaves out of the text)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _register_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
    for n, pieces in enumerate(rows):
        x, y = PAGE_W - MARGIN, PAGE_H - 2 * MARGIN - n * PITCH
        for text, size in pieces:
            font = "Times-Roman" if text.isascii() else "DejaVuSans"
            drawn = _shaped(text) if not text.isascii() else text
            x -= stringWidth(drawn, font, size)
            pdf.setFont(font, size)
            pdf.drawString(x, y, drawn)
            x -= stringWidth(" ", font, size)
    if unmapped:
        pdf.setFont("DejaVuSans", 10.0)
        pdf.drawString(MARGIN, MARGIN, unmapped)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.mark.parametrize("unmapped", [
    "",
    # A glyph without Unicode elsewhere on the page: pdfium's character indices and the
    # text's positions part (LibreOffice's kashida glyphs do this too), so the middle
    # character is found through the character map.
    "کابل 中 شهر",
])
def test_a_persian_line_read_at_a_smaller_latin_word_keeps_the_paragraphs_size(unmapped):
    # The line's middle falls in its Latin words, set at 12 pt beside 14 pt Persian.
    rows = [[("کابل شهر خانواده چاه زمین سال گزارش مردم کوچه بازار", 14.0)],
            [("مردم کوچه بازار دولت", 14.0), ("Facebook YouTube", 12.0), ("خانواده کابل شهر باران", 14.0)],
            [("آب باران کابل شهر خانواده چاه زمین سال گزارش مردم", 14.0)]]
    lines = [line for line in read_pdf(mixed_sizes(rows, unmapped)).lines if line.text.strip()][:3]
    assert len(lines) == 3
    assert [line.size for line in lines] == [14.0, 14.0, 14.0]
    assert len(split_blocks(lines)) == 1


LATIN = ("river bank water field market family winter village school report road farmer "
         "price harvest bridge north valley").split()


def justified_pages(pages: list[list[tuple[str, float]]]) -> bytes:
    """Justified lines (text, how far short of the right edge it ends, in points), each
    inner list a page, one line pitch throughout: no paragraph spacing, no indent."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
    for rows in pages:
        for n, (text, short) in enumerate(rows):
            line = pdf.beginText()
            line.setFont("Times-Roman", 12.0)
            line.setWordSpace((WIDTH - short - stringWidth(text, "Times-Roman", 12.0)) / text.count(" "))
            line.setTextOrigin(MARGIN, PAGE_H - 2 * MARGIN - n * PITCH)
            line.textLine(text)
            pdf.drawText(line)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def latin(seed: int, words: int = 9, end: str = "") -> str:
    return " ".join(LATIN[(seed * 5 + k * 3) % len(LATIN)] for k in range(words)) + end


@pytest.mark.parametrize("end, short, paragraphs", [
    # A page's last line ends a sentence a few points short of the edge, where every other
    # line reaches it: the paragraph's last line, the next page begins another.
    (".", 4.5, 2),
    ("", 4.5, 1),  # no sentence end: a line measured a little short, the paragraph goes on
    (".", 0.0, 1),  # a sentence ends at the edge: stretched there, the paragraph goes on
])
def test_a_justified_paragraph_that_ends_a_page_a_little_short_of_the_edge(end, short, paragraphs):
    first = [(latin(k), 0.0) for k in range(5)] + [(latin(5, end=end), short)]
    second = [(latin(k), 0.0) for k in range(6, 10)] + [(latin(10, 4, "."), WIDTH / 2)]
    lines = [line for line in read_pdf(justified_pages([first, second])).lines if line.text.strip()]
    assert len(lines) == 11
    assert len(split_blocks(lines)) == paragraphs
