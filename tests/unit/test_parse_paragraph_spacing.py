"""Paragraph ends told from the spacing and the room of lines (layout._line_pitch, _spaced_apart, _Room).

Found in the texts probe (Chromium and XeTeX Pashto pages): in an article of short
paragraphs, most gaps between lines are paragraph spacing, and their median, once taken for
the pitch, hid every paragraph end whose last line fills the column (the gap above the next
paragraph, 1.3 pitches, was "usual"). The pitch is now the gap below a full line, whose
paragraph goes on. And TeX sets two lines whose ink would come too close further apart than
its pitch (its lineskip): such a gap, as wide as a paragraph's spacing over the pitch, is no
paragraph end; the white between the two lines' ink tells.

The documents are justified Latin text drawn at set baselines (reportlab), so the gaps and
the ink are known; the truth is the list of paragraphs drawn.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from newsmon.parse.article import parse_pdf_article
from newsmon.parse.layout import paragraphs_and_captions
from newsmon.parse.pdf import read_pdf
from newsmon.sources import load_profile
from tests.pdfs import DEJAVU

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"
URL = "https://www.afgazad.com/2024/01/15/example.pdf"

PAGE_W, PAGE_H, LEFT, SIZE, FULL = 595.0, 842.0, 70.0, 12.0, 60  # FULL: characters of a full line
FONT = "DejaVuSansMono"  # (every character as wide: a full line of FULL characters fills the column)
WORDS = ("river valley water spring harvest market village winter wheat farmer canal orchard "
         "bridge road school clinic season rainfall mountain pasture").split()


def line_of(seed: int, full: bool, tail: str = "") -> str:
    """Words to exactly FULL characters (with `tail`) where `full`, else a third as many."""
    room = (FULL if full else FULL // 3) - len(tail)
    words: list[str] = []
    k = 0
    while len(" ".join(words)) < room:
        words.append(WORDS[(seed * 7 + k * 3) % len(WORDS)])
        k += 1
    text = " ".join(words)[:room].rstrip()
    return (text + "x" * (room - len(text)) + tail) if full else text + tail


def page(rows: list[tuple[str, float]]) -> bytes:
    """A page of (text, gap above) lines, the first line's baseline 700."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(DEJAVU / f"{FONT}.ttf")))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
    y = 700.0
    for text, gap in rows:
        y -= gap
        pdf.setFont(FONT, SIZE)
        pdf.drawString(LEFT, y, text)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def paragraphs_of(data: bytes) -> list[str]:
    pdf = read_pdf(data)
    return paragraphs_and_captions(pdf.lines, pdf)[0]


def test_a_paragraph_whose_last_line_is_full_ends_at_its_spacing_among_short_paragraphs():
    pitch, spacing = 18.0, 23.25
    # Two-line paragraphs whose lines both fill the column, between one-line items: most gaps
    # are paragraph spacing.
    shapes = [(False,), (True, True), (False,), (False,), (True, True), (False,), (True, False), (False,),
              (True, True), (False,)]
    paragraphs, rows = [], []
    for n, shape in enumerate(shapes):
        lines = [line_of(n * 5 + k, full) for k, full in enumerate(shape)]
        paragraphs.append(" ".join(lines))
        rows += [(text, (spacing if k == 0 else pitch) if rows else 0.0) for k, text in enumerate(lines)]
    assert paragraphs_of(page(rows)) == paragraphs


def test_lines_set_apart_for_their_ink_alone_stay_one_paragraph():
    """TeX's lineskip: where a line's marks would come within \\lineskip of the line above's
    descenders (Pashto's stacked marks), TeX sets the two that far apart ink to ink, further
    than the pitch (18.8 pt over 15.8 pt here), and a paragraph's spacing comes on top of the
    pitch (21.2 pt). A committed XeTeX page of the texts probe, every paragraph as written."""
    truth = json.loads((PDFS / "xetex-pashto-lineskip.json").read_text(encoding="utf-8"))["paragraphs"]
    pdf = read_pdf((PDFS / "xetex-pashto-lineskip.pdf").read_bytes())
    gaps = [a.baseline - b.baseline for a, b in zip(pdf.lines, pdf.lines[1:]) if a.page == b.page]
    assert sum(17.5 < gap < 20.0 for gap in gaps) >= 3  # lines set apart for their ink
    record = parse_pdf_article((PDFS / "xetex-pashto-lineskip.pdf").read_bytes(), url=URL,
                               profile=load_profile("afgazad"))
    assert record.body_text.split("\n\n") == truth


def test_a_line_s_first_word_split_by_pdfium_is_measured_whole_for_the_room_test():
    """Ragged text ends a paragraph on a line that had room for the next line's first word
    (layout._Room). pdfium reads a space inside a XeTeX word after a letter that does not join
    the next ("ز یاتوي"); measured to "یاتوي", that word was one letter wide, and a full line
    before it seemed to end its paragraph. A committed XeTeX page of the layout probe."""
    name = "xetex-pashto-split-first-word"
    truth = json.loads((PDFS / f"{name}.json").read_text(encoding="utf-8"))["paragraphs"]
    data = (PDFS / f"{name}.pdf").read_bytes()
    line = next(line for line in read_pdf(data).lines if line.text.startswith("زیاتوي "))
    assert line.lead > 20  # the whole word and its space, not "ز"
    assert parse_pdf_article(data, url=URL, profile=load_profile("afgazad")).body_text.split("\n\n") == truth
