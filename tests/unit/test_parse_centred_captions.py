"""Captions set centred that the layout cut or left in the body (found in the dev-style probe
samples, XeTeX): a caption of two centred lines under its picture ("... the Afghanistan conference
in" over "Geneva") read as two blocks, the second one in the body, for in justified text a line
that stops short ends its paragraph; and a caption TeX set on the page after its picture, wider
than the picture (TeX sets a caption in the text's width), left in the body. The pages are drawn
with reportlab in the test: justified body lines and centred bold captions in DejaVu Sans."""

from __future__ import annotations

import io

from newsmon.parse.layout import paragraphs_and_captions
from newsmon.parse.pdf import open_pdf
from tests.pdfs import MARGIN, PAGE_H, PAGE_W, _image_reader, _register_fonts

BODY = ["International donors meeting this week pledged about twelve billion",
        "dollars in civilian aid for the next four years, roughly a fifth less than",
        "at the previous conference in the same city."]
OTHER = ["Aid agencies warned that the cut comes at a bad time. More than half",
         "of the population lives below the national poverty line, and returning",
         "refugees have strained services in the provinces."]
PITCH = 16.0


def page_of(canvas, items: list[tuple[str, object]]) -> None:
    """Draw the items top down: ("body", lines: justified but the last), ("caption", line:
    centred, bold), ("picture", height: centred, 200 wide), ("gap", points)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    y = PAGE_H - MARGIN
    for kind, value in items:
        if kind == "picture":
            canvas.drawImage(_image_reader(), PAGE_W / 2 - 100, y - value, 200, value)
            y -= value + 6
        elif kind == "gap":
            y -= value
        else:
            rows = value if kind == "body" else [value]
            font = "DejaVuSans" if kind == "body" else "DejaVuSans-Bold"
            for k, row in enumerate(rows):
                y -= PITCH
                width = stringWidth(row, font, 12)
                text = canvas.beginText()
                text.setFont(font, 12)
                justified = kind == "body" and k < len(rows) - 1
                # (the word space is graphics state: it stays set for the next text objects)
                text.setWordSpace((PAGE_W - 2 * MARGIN - width) / row.count(" ") if justified else 0)
                text.setTextOrigin(MARGIN if kind == "body" else (PAGE_W - width) / 2, y)
                text.textLine(row)
                canvas.drawText(text)
            y -= 8 if kind == "body" else 0
    canvas.showPage()


def pdf(*pages: list[tuple[str, object]]) -> bytes:
    from reportlab.pdfgen import canvas

    _register_fonts()
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
    for items in pages:
        page_of(drawing, items)
    drawing.save()
    return out.getvalue()


def read(data: bytes) -> tuple[list[str], list[str]]:
    with open_pdf(data) as document:
        return paragraphs_and_captions([line for line in document.lines if line.text.strip()], document)


def test_a_caption_of_two_centred_lines_under_its_picture_is_one_caption():
    first, second = "Delegates at the opening session of the talks in", "Geneva"
    data = pdf([("body", BODY), ("picture", 140), ("caption", first), ("caption", second), ("gap", 8),
                ("body", OTHER)])
    paragraphs, captions = read(data)
    assert captions == [f"{first} {second}"]
    assert paragraphs == [" ".join(BODY), " ".join(OTHER)]


def test_a_caption_wider_than_its_picture_on_the_next_page_is_a_caption():
    caption = "Activists in Kabul call for women to take part in the talks"
    data = pdf([("body", BODY), ("body", OTHER), ("picture", 520)],
               [("caption", caption), ("gap", 8), ("body", OTHER), ("body", BODY)])
    paragraphs, captions = read(data)
    assert captions == [caption]
    assert paragraphs == [" ".join(BODY), " ".join(OTHER), " ".join(OTHER), " ".join(BODY)]
