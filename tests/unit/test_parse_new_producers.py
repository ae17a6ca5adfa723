"""Defects found in the new-producer probe (tools/corpus/probe_new.py): fpdf2 and WeasyPrint, which
shape Arabic script with HarfBuzz and write their own character maps. Each page is made in the test
with the producer itself, in the fonts the probe found the defect in (Amiri; Noto Naskh Arabic).

- fpdf2 draws the narrower space Amiri sets before a kaf as a glyph that maps to no text: pdfium
  reads "برنامهٔکار", or a ZWNJ where the gap looked like one; and Amiri's ZWNJ before a kaf the
  same way, which the drawn-separator look took for a space ("مذاکره کننده").
- Amiri draws the lam before a kaf as a stem with no letter of its own and a flat stroke mapped to
  the lam: fpdf2 gives the stem a code of its own ("ټو\\x04لګي"), WeasyPrint another lam ("ټوللګي").
- fpdf2 gives a ZWNJ a glyph box 0.2 em wide, over the letters beside it, and draws a line in
  parts, its left one first: the box made the parts seem to reach into each other, and the line
  stayed in pdfium's order ("‌افزاید: «ما کتابِ ... زندگینمایش در ... او می").
- fpdf2 sets a justified right-to-left paragraph's last line flush left: at a page's foot, it
  seemed to fill its line, and the paragraph ran on into the next page's first one.
- WeasyPrint draws "کتاب‌پلورنځیو" with no gap and no glyph for the ZWNJ after the beh.
- fpdf2 with a font of one face (Noto Naskh Arabic) sets an italic caption in the body's own
  type: centred under its picture, it was read as a body paragraph.
- fpdf2's page draws its word spaces, and pdfium makes up one of no width between a waw and a
  yeh whose ink reaches under it ("خپرندو یه"): on such a page that is no word space.
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.layout import paragraphs_and_captions
from newsmon.parse.pdf import read_pdf

AMIRI = Path("/usr/share/fonts/opentype/fonts-hosny-amiri")
NOTO_NASKH = Path("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf")
ZWNJ = "\u200c"
BODY = "د تورخم پوله چې د افغانستان او پاکستان تر منځ ده، د سوداګرو لپاره د ستونزو ځای ګرځي."


def fpdf2_pdf(items: list[tuple[str, float, str]], font: Path = AMIRI / "Amiri-Regular.ttf",
              align: str = "R", pages: list[int] | None = None) -> bytes:
    """A right-to-left page by fpdf2 (HarfBuzz shaping): each item (style "" or "B", size, text)
    a paragraph set `align`; a new page before the items whose index is in `pages`."""
    from fpdf import FPDF

    assert font.is_file(), f"{font} is missing (fonts-hosny-amiri, fonts-noto-core)"
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("ar", "", str(font))
    pdf.add_font("ar", "B", str(AMIRI / "Amiri-Bold.ttf"))
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl")
    pdf.add_page()
    for k, (style, size, text) in enumerate(items):
        if k in (pages or []):
            pdf.add_page()
        pdf.set_font("ar", style, size)
        pdf.multi_cell(0, size * 1.5, text, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(size / 2)
    return bytes(pdf.output())


def weasyprint_pdf(paragraph: str, tmp_path: Path) -> bytes:
    """A right-to-left page by WeasyPrint: `paragraph` three times in Amiri, 13 pt."""
    from weasyprint import HTML

    html = ('<!doctype html><html lang="ps" dir="rtl"><head><meta charset="utf-8"><style>'
            "@page { size: A4; margin: 2cm; } body { font-family: 'Amiri'; font-size: 13pt; }</style></head><body>"
            + f"<p>{paragraph}</p>" * 3 + "</body></html>")
    HTML(string=html, base_url=str(tmp_path)).write_pdf(str(tmp_path / "page.pdf"))
    return (tmp_path / "page.pdf").read_bytes()


def lines_of(data: bytes) -> list[str]:
    return [line.text for line in read_pdf(data).lines]


def test_a_space_fpdf2_draws_before_a_kaf_with_no_text_is_read():
    text = "زرګونه کسان لولي چې له کابل او برنامهٔ کار"
    data = fpdf2_pdf([("", 12, text)])
    # (pdfium reads the hamza over the heh elsewhere in the line)
    assert "برنامهکار" in read_raw(data).replace("\u0654", ""), "pdfium reads the space now: no defect shown"
    assert lines_of(data) == [text]


def test_a_zwnj_fpdf2_draws_before_a_kaf_with_no_text_stays_a_zwnj_in_a_title():
    title = "نشست هیئت‌های مذاکره‌کننده در دوحه"
    assert lines_of(fpdf2_pdf([("B", 16, title), ("", 12, BODY), ("", 12, BODY)]))[0] == title


def test_the_stem_of_a_lam_before_a_kaf_is_no_letter_in_fpdf2():
    text = "ټولګي لګولو خلکو لکه"
    data = fpdf2_pdf([("", 12, text)])
    assert "ټولګي" not in read_raw(data), "fpdf2 maps the stem now: the page no longer shows the defect"
    assert lines_of(data) == [text]


def test_the_stem_of_a_lam_before_a_kaf_is_no_letter_in_weasyprint(tmp_path):
    text = "تر شپږم ټولګي پورې، د اوبو لګولو او خلکو لپاره."
    data = weasyprint_pdf(text, tmp_path)
    assert "ټولګي" not in read_raw(data), "WeasyPrint maps the stem now: the page no longer shows the defect"
    assert lines_of(data) == [text] * 3


def test_a_line_fpdf2_draws_left_part_first_reads_in_order_past_a_zwnj_box():
    text = ("نمایش در وب‌سایت کتابخانه آماده می‌شود. او می‌افزاید: «ما کتابِ تازه نمی‌نویسیم، اما به کتاب‌های "
            "کهنه زندگی تازه می‌دهیم.» هر برگی که اسکن")
    data = fpdf2_pdf([("", 12, text)], font=NOTO_NASKH)
    assert read_raw(data).startswith(ZWNJ + "افزاید"), "fpdf2 draws the line in order now: no defect shown"
    first, second = lines_of(data)
    assert first + " " + second == text
    assert first.endswith("می‌دهیم.»")


def test_a_page_whose_last_line_fpdf2_set_flush_left_ends_its_paragraph():
    first = ("در زیرزمین کتابخانهٔ عامهٔ هرات، چند جوان با دستکش‌های سفید بر سر میزهای چوبی نشسته‌اند و برگ‌های "
             "زردشدهٔ نسخه‌های خطی را یکی‌یکی زیر دستگاه اسکن می‌گذارند. این کار بخشی از طرحی است که هدفش "
             "دیجیتالی ساختن بیش از سه هزار نسخهٔ خطی و سنگی است.")
    second = "دشواری‌ها کم نیستند. برق شهر گاه‌وبیگاه قطع می‌شود و دستگاه‌ها به قطعات یدکی نیاز دارند."
    pdf = read_pdf(fpdf2_pdf([("", 14, first)] * 4 + [("", 14, second)], align="J", pages=[4]))
    assert pdf.lines[-2].x1 < 400 and pdf.lines[-2].x0 < 40, "fpdf2 sets the last line flush right now"
    paragraphs, _ = paragraphs_and_captions(pdf.lines, pdf)
    assert paragraphs == [first] * 4 + [second]


def test_a_zwnj_weasyprint_hides_after_a_beh_is_put_back(tmp_path):
    text = "د ښوونځیو ګواښونه، د کتاب‌پلورنځیو تړل او د ضد-زده کړې ډلو تهدیدونه، د نجونو لپاره د ښوونځي تګ ستونزمن کړی."
    data = weasyprint_pdf(text, tmp_path)
    assert "کتابپلورنځیو" in read_raw(data), "pdfium reads the ZWNJ now: the page no longer shows the defect"
    lines = lines_of(data)
    assert " ".join(lines[:2]) == text


def read_raw(data: bytes) -> str:
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data)[0].get_textpage().get_text_range()


def fpdf2_picture_page(tmp_path: Path, caption_align: str) -> bytes:
    """A right-to-left page by fpdf2 in Noto Naskh Arabic (one face: no italic for a caption):
    a paragraph, a picture centred in the text's width, a line in the body's type right under
    it set `caption_align` ("C": centred, "R": flush with the text's start), another paragraph."""
    from fpdf import FPDF
    from PIL import Image

    Image.new("RGB", (300, 180), (90, 120, 150)).save(tmp_path / "picture.png")
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("ar", "", str(NOTO_NASKH))
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl")
    pdf.add_page()
    pdf.set_font("ar", "", 12)
    pdf.multi_cell(0, 18, BODY + " " + BODY, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.image(str(tmp_path / "picture.png"), x=(pdf.w - 300) / 2, w=300, h=180)
    pdf.ln(4)
    pdf.multi_cell(0, 18, CAPTION, align=caption_align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(0, 18, BODY, align="J", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


CAPTION = "بازار تورخم د ژمي په سهار کې"


def test_a_caption_centred_under_a_picture_in_the_body_type_is_a_caption(tmp_path):
    pdf = read_pdf(fpdf2_picture_page(tmp_path, "C"))
    line = next(line for line in pdf.lines if line.text == CAPTION)
    body = next(line for line in pdf.lines if line.text.startswith("د تورخم"))
    assert (line.size, line.bold, line.italic) == (body.size, body.bold, body.italic), "the caption is set apart now"
    paragraphs, captions = paragraphs_and_captions(pdf.lines, pdf)
    assert captions == [CAPTION]
    assert paragraphs == [BODY + " " + BODY, BODY]


def test_a_line_under_a_picture_flush_with_the_text_stays_in_the_body(tmp_path):
    pdf = read_pdf(fpdf2_picture_page(tmp_path, "R"))
    paragraphs, captions = paragraphs_and_captions(pdf.lines, pdf)
    assert captions == []
    assert paragraphs == [BODY + " " + BODY, CAPTION, BODY]



def test_a_space_pdfium_makes_up_where_a_yeh_reaches_under_a_waw_is_none():
    """The boxes of "خپرندو یه ټولنې" as pdfium gives them from the probe's fpdf2 page
    (v27024-fpdf2-ps, Amiri 11 pt; its word spaces drawn, so repair_line has no Spacing): the
    made-up space (no width) goes, the drawn one stays."""
    from newsmon.parse.arabic import repair_line
    from tests.pdfs import box_reader

    text = "خپرندو یه ټولنې"
    boxes = [(518.87, 447.11, 524.91, 452.85), (515.73, 443.51, 519.25, 450.6), (511.94, 444.83, 516.51, 449.95),
             (510.32, 447.13, 512.55, 453.41), (506.14, 447.01, 511.78, 452.7), (500.38, 444.68, 505.07, 450.38),
             (499.95, 447.13, 499.95, 447.13), (497.58, 444.24, 500.41, 450.38), (494.36, 447.1, 498.12, 452.23),
             (490.35, 447.13, 493.56, 447.14), (484.0, 447.1, 489.5, 453.0), (479.0, 447.1, 484.2, 452.0),
             (474.0, 447.1, 479.2, 453.0), (470.0, 444.0, 474.2, 451.0), (465.0, 444.0, 470.2, 450.0)]
    assert len(boxes) == len(text)
    assert repair_line(text, box_reader(boxes), 11.0) == "خپرندویه ټولنې"
    drawn = [*boxes[:6], (497.9, 447.13, 500.3, 447.14), *boxes[7:]]  # a drawn space there stays
    assert repair_line(text, box_reader(drawn), 11.0) == text
