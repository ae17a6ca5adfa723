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


def test_a_zwnj_leaves_parts_of_two_letters_or_more():
    # "ب" alone before the hidden place: a ZWNJ there would leave a part of one letter
    text = "بآبی"
    boxes = rtl_boxes(text, EM)
    origins = origins_of(boxes, {0: 0.04})
    assert repair_line(text, reader(boxes), EM, read_origins=reader(origins)) == text
    # the same letters with one more before them: the place is one
    text = "کبآبی"
    boxes = rtl_boxes(text, EM)
    origins = origins_of(boxes, {1: 0.04})
    assert repair_line(text, reader(boxes), EM, read_origins=reader(origins)) == "کب" + ZWNJ + "آبی"


def test_a_body_line_is_looked_at_after_every_letter_that_joins_the_next():
    # yeh, heh, noon, meem, beh, and the others ("فیض‌آباد": a dad's tail under the madda): the
    # origins are read there on a body line, and the ZWNJ put back
    for text, at in (("میآورند", 1), ("خانهها", 3), ("آنها", 1), ("کمآبی", 1), ("کتابپلور", 3), ("فیضآباد", 2),
                     ("دستپاک", 2)):
        boxes = rtl_boxes(text, EM)
        origins = origins_of(boxes, {at: 0.04})
        assert repair_line(text, reader(boxes), EM, read_origins=reader(origins), body=True) \
            == text[:at + 1] + ZWNJ + text[at + 1:]
    # where _zwnj_candidates would place it, on a body line and a title's or caption's alike
    text = "دستپاک"
    boxes = rtl_boxes(text, EM)
    origins = origins_of(boxes, {2: 0.04})
    asked: list[int] = []

    def origins_asked(positions: list[int]) -> list[float]:
        asked.extend(positions)
        return [origins[p] for p in positions]

    assert repair_line(text, reader(boxes), EM, read_origins=origins_asked, body=True) == "دست" + ZWNJ + "پاک"
    assert 2 in asked and 0 not in asked  # a word's first letter leaves a part of one letter: not asked
    asked.clear()
    assert repair_line(text, reader(boxes), EM, read_origins=origins_asked) == "دست" + ZWNJ + "پاک"
    assert 2 in asked and 0 not in asked


def body_pdf(before: str, after: str, kern: float) -> bytes:
    """A page of 12 pt body lines (DejaVu Sans, reportlab) whose fourth ends in a word drawn
    as its two parts either side of a ZWNJ (not drawn): `before` (the line's words up to the
    ZWNJ, its last letter in its final form) and `after`, set `kern` em into the advance of
    the letter before it, as kerning or a madda reaching farther sets it."""
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
    page.setFont("DejaVuSans", 12)
    right = 535.0
    body = get_display(arabic_reshaper.reshape(BODY.replace(ZWNJ, "")))
    for n in range(8):
        y = 760 - 18 * n
        if n != 3:
            page.drawString(right - pdfmetrics.stringWidth(body, "DejaVuSans", 12), y, body)
            continue
        first, second = (get_display(arabic_reshaper.reshape(part)) for part in (before, after))
        x_first = right - pdfmetrics.stringWidth(first, "DejaVuSans", 12)
        page.drawString(x_first, y, first)
        page.drawString(x_first - pdfmetrics.stringWidth(second, "DejaVuSans", 12) + kern * 12, y, second)
    page.save()
    return out.getvalue()


def test_a_body_word_whose_zwnj_the_next_letter_hides_keeps_it():
    # "می‌آورند" in a body line: 0.03 em closer, the madda reaches past the yeh's origin
    lines = [line.text for line in read_pdf(body_pdf("مردم کابل به کاغذ روی می", "آورند", 0.03)).lines]
    assert lines[3].endswith("می" + ZWNJ + "آورند")
    assert all(ZWNJ not in line for k, line in enumerate(lines) if k != 3)
    # drawn joined (one string, no ZWNJ): no ZWNJ read into it
    lines = [line.text for line in read_pdf(body_pdf("مردم کابل به کاغذ روی میآورند", "", 0.0)).lines]
    assert lines[3].endswith("میآورند")


def test_a_final_yeh_whose_ink_starts_just_inside_its_advance_is_a_zwnj():
    # Noto Naskh's final yeh starts 0.003 em inside its advance; "ش" reaches 0.08 em past
    text = "میشوند"
    boxes = rtl_boxes(text, EM)
    for body in (False, True):
        origins = origins_of(boxes, {1: 0.003})
        assert repair_line(text, reader(boxes), EM, read_origins=reader(origins), body=body) \
            == "می" + ZWNJ + "شوند"
        # a joined letter's ink starts at its origin, or within a ten-thousandth of an em of it
        origins = origins_of(boxes, {1: 0.0001})
        assert repair_line(text, reader(boxes), EM, read_origins=reader(origins), body=body) == text
