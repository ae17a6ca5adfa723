"""Characters in order inside right-to-left lines: brackets beside the words they hold, a
hyphen kept, a mark on its letter and no space inside a word, where pdfium's text has them
elsewhere but the glyph boxes on the page tell.

The boxes and pen positions of the tests on repair_line were measured on the committed corpus
documents named; the PDFs are made in the tests or are those committed documents. The
expected text is always the one typed, never the parser's.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium

from newsmon.parse.arabic import MIRRORED, Spacing, repair_line
from newsmon.parse.pdf import read_pdf
from tests.pdfs import _register_fonts, _shaped, box_reader
from tests.unit.test_parse_producers import corpus_lines

Box = tuple[float, float, float, float]
EM = 12.0


def laid_out(text: str, em: float = EM) -> list[Box]:
    """Boxes of `text` set right to left: each letter 0.4 em wide and joined to the next
    (0.02 em overlap), a word space 0.3 em (a space pdfium made up: no width), a bracket
    against the word it holds (0.05 em apart)."""
    boxes, right = [], 500.0
    for ch in text:
        if ch == " ":
            boxes.append((right, 0.0, right, 0.0))
            right -= 0.3 * em
        elif ch in "«»()":
            boxes.append((right - 0.3 * em, 0.2 * em, right, 0.5 * em))
            right -= 0.35 * em
        else:
            boxes.append((right - 0.4 * em, 0.0, right, 0.7 * em))
            right -= 0.38 * em
    return boxes


def as_pdfium_reads(text: str, boxes: list[Box]) -> tuple[str, list[Box]]:
    """pdfium's text of a Chromium line with Noto Naskh Arabic: every guillemet mirrored and
    on the other side of its space ("د «دیوان" comes out "د» دیوان"), its box where it was."""
    chars, order = list(text), list(range(len(text)))
    for k, ch in enumerate(text):
        if ch == "«" and text[k - 1] == " ":  # " «X" -> "» X"
            chars[k - 1], chars[k] = ch.translate(MIRRORED), " "
            order[k - 1], order[k] = k, k - 1
        elif ch == "»" and text[k + 1:k + 2] == " ":  # "X» " -> "X« " stays glued to its word
            chars[k] = ch.translate(MIRRORED)
    return "".join(chars), [boxes[p] for p in order]


def test_a_guillemet_pdfium_put_across_its_space_goes_back_beside_its_word():
    """Chromium with Noto Naskh Arabic (v0015-chromium_naskh-ps): "د «دیوان حافظ» او «کلیات
    خوشال»" comes out "د» دیوان حافظ« او» کلیات خوشال«": each opening guillemet on the word
    before its space, mirrored. Its box stands against the word after: there it goes."""
    typed = "کال کې د «دیوان حافظ» او «کلیات خوشال» نوې نسخې"
    boxes = laid_out(typed)
    text, read = as_pdfium_reads(typed, boxes)
    assert text == "کال کې د» دیوان حافظ« او» کلیات خوشال« نوې نسخې"
    assert repair_line(text, box_reader(read), EM) == typed


def test_a_bracket_against_its_word_stays():
    """Controls: brackets pdfium has beside their words stay, a Latin word's too (XeTeX's
    "(UNAMA)": the glyph next to the opening bracket is the word's last letter in the text)."""
    typed = "کال کې د «دیوان حافظ» او نسخې"
    assert repair_line(typed, box_reader(laid_out(typed)), EM) == typed
    text = "ملل متحد (UNAMA) در گزارش"
    boxes = laid_out(text)
    latin = [k for k, ch in enumerate(text) if ch.isascii() and ch.isalpha()]
    left = boxes[latin[-1]][0]  # the Latin word runs left to right in the same span
    for n, k in enumerate(latin):
        boxes[k] = (left + 0.4 * EM * n, 0.0, left + 0.4 * EM * (n + 1), 0.7 * EM)
    assert repair_line(text, box_reader(boxes), EM) == text


def hyphenated_line(char_space: float) -> bytes:
    """One line of presentation forms in visual order (reportlab, DejaVu Sans 12 pt), its
    glyphs `char_space` points closer than the font sets them."""
    from reportlab.pdfgen import canvas

    _register_fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(400, 200))
    line = page.beginText()
    line.setFont("DejaVuSans", 12)
    line.setCharSpace(char_space)
    line.setTextOrigin(40, 100)
    line.textLine(_shaped("یک برنامه ضد-آلودگی و بدون نظارت"))
    page.drawText(line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_a_hyphen_set_against_its_letters_is_no_kashida():
    """reportlab (v0076-reportlab-fa): a font may set the hyphen of "ضد-آلودگی" against the
    letters, where a kashida stroke joins them too; the hyphen stands above the baseline, a
    kashida lies on it. The hyphen stays."""
    for char_space in (0.0, -0.6, -1.0):
        data = hyphenated_line(char_space)
        raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
        assert "ضد-آلودگی" in raw, "pdfium no longer reads the hyphen"
        assert [line.text for line in read_pdf(data).lines] == ["یک برنامه ضد-آلودگی و بدون نظارت"], char_space


# "قرآن مذ هّب دیده" as pdfium reads it from v0080-chromium_clean-fa (Chromium, Scheherazade):
# "هّ" is one glyph, and pdfium gives "ه" and the shadda a half of the shadda's box each, over
# the line, and makes a space up before them. (left, bottom, right, top) and (origin, end of advance).
SHADDA_TEXT = "قرآن مذ هّب دیده"
SHADDA_BOXES = [
    (214.05, 212.68, 217.14, 220.54), (209.17, 209.29, 214.60, 214.60), (205.79, 212.64, 211.26, 223.78),
    (201.43, 211.81, 206.85, 220.15), (197.67, 212.68, 197.67, 212.68), (191.09, 212.68, 195.39, 216.55),
    (186.24, 212.68, 191.75, 221.16), (179.63, 212.68, 179.63, 212.68), (181.98, 222.55, 183.58, 224.94),
    (180.39, 222.55, 181.98, 224.94), (170.40, 209.22, 180.69, 215.90), (166.98, 212.68, 166.98, 212.68),
    (160.51, 212.60, 164.38, 217.50), (156.49, 209.82, 159.35, 216.33), (152.46, 212.55, 158.62, 218.76),
    (148.18, 212.38, 151.35, 216.79)]
SHADDA_PENS = [
    (214.30, 217.84), (210.18, 214.60), (207.58, 211.26), (200.71, 207.58), (197.67, 197.67), (191.45, 196.12),
    (185.80, 191.75), (179.63, 179.63), (179.63, 183.58), (179.63, 181.98), (169.78, 180.69), (166.98, 166.98),
    (159.78, 165.18), (157.74, 159.78), (151.97, 158.62), (147.54, 151.97)]


def test_a_letter_holding_half_its_marks_box_keeps_the_mark_and_its_word():
    """The shadda goes on "ه", whose box it shares, not on "ب" under whose edge its own half
    ends; the space pdfium made up before "ه" (whose box says nothing of a gap) goes."""
    spacing = Spacing(box_reader(SHADDA_PENS), missed=True)
    assert repair_line(SHADDA_TEXT, box_reader(SHADDA_BOXES), EM, spacing) == "قرآن مذهّب دیده"


def test_a_letter_drawn_high_with_no_mark_keeps_its_space():
    """A control (tests/data/pdfs/chromium-scheherazade.pdf): Scheherazade gives "آ" the
    madda's box alone, over the line; no mark shares it, so the space pdfium missed before
    it is still put in ("قیمت آرد": the pen moved on by 0.21 em)."""
    text = "که قیمتآرد"
    boxes = [(431.72, 648.00, 437.88, 655.33), (428.78, 648.00, 432.63, 652.30), (425.86, 648.00, 425.86, 648.00),
             (421.51, 648.00, 424.50, 654.02), (419.00, 646.07, 422.43, 649.76), (413.74, 647.87, 419.91, 650.38),
             (405.32, 647.45, 414.65, 651.71), (398.56, 655.24, 401.82, 656.55), (394.90, 645.28, 398.72, 650.38),
             (392.79, 647.96, 396.04, 652.14)]
    pens = [(432.17, 437.88), (428.39, 432.63), (425.86, 425.86), (421.96, 424.88), (419.45, 422.43),
            (414.19, 419.91), (404.77, 414.65), (399.25, 401.82), (395.63, 399.24), (392.27, 396.51)]
    assert repair_line(text, box_reader(boxes), 14.0, Spacing(box_reader(pens), missed=True)) == "که قیمت آرد"


# "د نو یو ا" as pdfium reads it from v0005-xetex-ps (XeTeX): pdfium made up a space between
# "و" and "ی" of "نویو", whose ink touches (0.04 pt apart), the pen moved on by 0.08 em.
XETEX_TEXT = " د نو یو ا"
XETEX_BOXES = [
    (183.54, 419.26, 183.54, 419.26), (175.82, 419.17, 179.67, 424.05), (175.09, 419.26, 175.09, 419.26),
    (169.46, 419.26, 171.57, 425.33), (164.71, 415.88, 170.02, 422.12), (165.63, 419.26, 165.63, 419.26),
    (161.60, 416.11, 164.67, 422.78), (156.86, 415.88, 162.16, 422.12), (157.78, 419.26, 157.78, 419.26),
    (152.80, 419.21, 154.23, 427.98)]
XETEX_PENS = [
    (183.54, 183.54), (175.09, 180.47), (175.09, 175.09), (169.76, 172.03), (165.63, 170.02), (165.63, 165.63),
    (161.90, 164.67), (157.78, 162.16), (157.78, 157.78), (152.11, 154.70)]


def test_no_word_space_where_a_yeh_touches_the_letter_before():
    em = 11.9552
    assert repair_line(XETEX_TEXT, box_reader(XETEX_BOXES), em, Spacing(box_reader(XETEX_PENS))) == " د نویو ا"
    # A real word space there moves the pen on by a space's advance (0.26 em after "یو"): it stays.
    pens = list(XETEX_PENS)
    pens[4] = (pens[4][0] + 3.1, pens[4][1] + 3.1)
    assert repair_line(XETEX_TEXT, box_reader(XETEX_BOXES), em, Spacing(box_reader(pens))) == XETEX_TEXT


def test_a_line_pdfium_broke_inside_a_word_is_one_line_with_one_word():
    """Chromium with Noto Naskh Arabic draws "نِ" of "دیوانِ" with the kasra's box alone,
    under the line, and pdfium breaks the line there, its left part first ("نِ حافظ« او» ...",
    then "... د» دیوا"). The parts are one line again, "دیوانِ" one word, and the guillemets,
    read over the whole line, each beside its word. (Committed corpus documents.)"""
    lines, raw, truth = corpus_lines("v0015-chromium_naskh-ps")
    raw_lines = raw.split("\r\n")
    assert any(ln.endswith("د» دیوا") for ln in raw_lines) and any(ln.startswith("نِ ") for ln in raw_lines), \
        "the document no longer shows the defect"
    line = next(line for line in lines if "حافظ" in line)
    quoted = "کې د «دیوانِ حافظ» او «کلیاتِ خوشال» نوې"
    assert quoted in line and quoted in truth["body_text"]
    lines, raw, truth = corpus_lines("v0003-chromium_naskh-fa")
    assert "\r\nاکوزا" in raw, "the document no longer shows the defect"
    line = next(line for line in lines if "روشن،" in line)
    assert line.startswith("سازوکارِ روشن، به معنای") and "سازوکارِ روشن، به معنای" in truth["body_text"]


# "حفر بیرو هیٔ چاه" as pdfium reads v0002-chromium_clean-fa (Chromium): it gives "یه" of
# "رویهٔ" in visual order ("هی") and makes a space up before it, measuring the gap from "و"
# to "ه", the run's far end. Once the run is turned (pdf._logical_runs), "و" and "ی" stand
# side by side: their ink overlaps, and the pen moved on by 0.08 em, no space's advance.
TURNED_TEXT = "حفر بیرو یهٔ"
TURNED_BOXES = [
    (353.97, 109.17, 362.62, 113.61), (348.68, 109.06, 354.50, 118.38), (342.98, 105.21, 349.31, 111.41),
    (341.28, 109.17, 341.28, 109.17), (335.68, 104.17, 339.74, 116.08), (330.50, 106.11, 339.32, 112.42),
    (323.07, 105.92, 329.01, 113.23), (317.46, 106.05, 323.44, 113.30), (317.80, 109.17, 317.80, 109.17),
    (313.91, 105.49, 317.51, 113.30), (312.20, 109.13, 314.60, 115.66), (309.81, 109.13, 312.20, 115.66)]
TURNED_PENS = [
    (354.25, 363.42), (348.96, 354.50), (344.16, 349.31), (341.28, 341.28), (336.46, 340.07), (329.80, 339.32),
    (324.22, 329.81), (318.62, 324.22), (317.80, 317.80),
    (314.26, 317.51), (308.96, 314.60), (308.96, 312.20)]


def test_a_space_pdfium_guessed_beside_a_turned_run_goes_where_the_letters_touch():
    em = 14.0
    chromium = Spacing(box_reader(TURNED_PENS), missed=True)
    assert repair_line(TURNED_TEXT, box_reader(TURNED_BOXES), em, chromium) == "حفر بی\u200cرویهٔ"
    # The whole way, on the committed document: the space goes once pdf._logical_runs turned the run.
    lines, raw, truth = corpus_lines("v0002-chromium_clean-fa")
    assert "بیرو هیٔ" in raw, "the document no longer shows the defect"
    line = next(line for line in lines if "حفر" in line and "عمیق" in line)
    assert "حفر بی\u200cرویهٔ چاه\u200cهای عمیق" in line and "حفر بی\u200cرویهٔ چاه\u200cهای عمیق" in truth["body_text"]
