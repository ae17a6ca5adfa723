"""A ZWNJ the next letter's ink hides: no gap between the two letters, but the first one
is drawn in its final form, whose ink starts inside its advance (no joining stroke out to
its origin), and the next letter's ink reaches past that origin (Amiri's "آ" after "کم",
"پ" after "بی"). The origins tell it where the boxes cannot (see arabic.BARE_EDGE_EM).

Shown on hand-made boxes that pin the rule down, and on PDFs drawn in the test with
reportlab (DejaVu Sans, presentation forms in visual order, the ZWNJ not drawn, as older
writers drew Dari): the part after the ZWNJ is set a little into the final letter's
advance, as a font that kerns the pair or whose madda reaches farther sets it.
"""

from __future__ import annotations

import io

from newsmon.parse.arabic import ZWNJ, repair_line
from newsmon.parse.pdf import read_pdf
from tests.unit.test_parse_zwnj import reader, rtl_boxes

EM = 12.0
BODY = "این گزارش از کابل است و مردم شهر از کمبود آب سخن می‌گویند"


def origins_of(boxes: list, bare: dict[int, float] | None = None) -> list[float]:
    """Each glyph's origin: where its ink starts (a joining stroke reaches it), or `bare`
    ({position: ems}) that far right of it, for letters drawn in their final form."""
    return [left - (bare or {}).get(k, 0.0) * EM for k, (left, _, _, _) in enumerate(boxes)]


def test_a_final_form_under_the_next_letters_ink_is_a_zwnj():
    text = "کمآبی"
    boxes = rtl_boxes(text, EM)  # joined look: the boxes overlap by 0.02 em
    origins = origins_of(boxes, {1: 0.04})  # "م" starts 0.04 em inside its advance; "آ" reaches 0.06 em past
    assert repair_line(text, reader(boxes), EM, read_origins=reader(origins)) == "کم" + ZWNJ + "آبی"
    assert repair_line(text, reader(boxes), EM) == text  # no origins: the boxes alone tell nothing


def test_joined_letters_reach_their_origin_and_get_no_zwnj():
    text = "کمکها"
    boxes = rtl_boxes(text, EM)
    assert repair_line(text, reader(boxes), EM, read_origins=reader(origins_of(boxes))) == text
    # a hairline inside the advance where the next letter's stroke ends at the pen (Arial)
    hairline = rtl_boxes(text, EM, {1: 0.009})
    assert repair_line(text, reader(hairline), EM, read_origins=reader(origins_of(hairline, {1: 0.009}))) == text


def test_a_letter_stacked_over_the_next_one_is_no_zwnj():
    # XeTeX's Amiri raises "ن" over "ج": the jeem's ink reaches 0.6 em past the noon's origin
    text = "نجونو"
    boxes = rtl_boxes(text, EM, {0: -0.58})
    assert repair_line(text, reader(boxes), EM, read_origins=reader(origins_of(boxes, {0: 0.016}))) == text


def test_the_letters_of_a_ligature_glyph_get_no_zwnj():
    # "الله": the lams and the heh share one glyph's box, its origin that of the first lam
    text = "عبدالله"
    boxes = rtl_boxes(text, EM)
    boxes[4] = boxes[5] = boxes[6] = (boxes[6][0], 0.0, boxes[4][2], 0.7 * EM)
    origins = origins_of(boxes)
    origins[4] = origins[5] = origins[6] = boxes[6][0] - 0.07 * EM
    assert repair_line(text, reader(boxes), EM, read_origins=reader(origins)) == text


def kerned_pdf(word: str, kern: float, size: float = 20.0) -> bytes:
    """A page with `word` alone on a title line (`size` pt) over a body in 12 pt: drawn as
    its two parts either side of the ZWNJ (not drawn), the part after it set `kern` em
    into the advance of the letter before it."""
    import arabic_reshaper
    from bidi.algorithm import get_display
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from tests.pdfs import DEJAVU

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU / "DejaVuSans.ttf")))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, 842))
    # each part shaped alone: the letter before the ZWNJ in its final form, the one after it
    # in its initial form; in visual order, the part after the ZWNJ on the left
    before, after = (get_display(arabic_reshaper.reshape(part)) for part in word.split(ZWNJ))
    right = 535.0
    x_before = right - pdfmetrics.stringWidth(before, "DejaVuSans", size)
    page.setFont("DejaVuSans", size)
    page.drawString(x_before, 760, before)
    page.drawString(x_before - pdfmetrics.stringWidth(after, "DejaVuSans", size) + kern * size, 760, after)
    page.setFont("DejaVuSans", 12)
    body = get_display(arabic_reshaper.reshape(BODY.replace(ZWNJ, "")))
    for n in range(8):
        page.drawString(right - pdfmetrics.stringWidth(body, "DejaVuSans", 12), 700 - 18 * n, body)
    page.save()
    return out.getvalue()


def title_of(data: bytes) -> str:
    return read_pdf(data).lines[0].text


def test_a_title_word_whose_zwnj_the_next_letter_hides_keeps_it():
    # DejaVu Sans leaves "کم‌آبی" 0.03 em apart (a gap that shows the ZWNJ); set 0.03 em
    # closer, the madda reaches 0.07 em past the meem's origin and no gap is left
    for word in ("کم‌آبی", "می‌آورند"):
        assert title_of(kerned_pdf(word, 0.0)) == word  # the gap shows it
        assert title_of(kerned_pdf(word, 0.03)) == word  # the origins show it


def test_a_title_of_joined_letters_gets_no_zwnj():
    for word in ("کمک", "سلام", "مذاکره"):
        data = kerned_pdf(word + ZWNJ + "ها", 0.0)
        assert title_of(data) == word + ZWNJ + "ها"
        assert ZWNJ not in title_of(data).replace(ZWNJ + "ها", "")
