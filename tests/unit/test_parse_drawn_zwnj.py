"""A ZWNJ or a space the page draws where pdfium's text has none and neither a gap nor the
glyph origins tell which (see arabic._drawn_separators).

LibreOffice and Chromium draw a ZWNJ as a glyph object of its own (the font's zero-width space
glyph, marked with /ActualText U+200C where the font's character map gives that glyph to the
space: pdfium's text skips it); Chromium draws each word space as an object too. Where the final
form's ink runs on past its origin (Noto Naskh Arabic Bold slanted by LibreOffice for an italic
title, the font having no italic: "می‌شوند", "کم‌آبی"; Amiri Bold's final yeh: "بی‌پاسخ"), and
where Amiri kerns a space against a kaf to a ZWNJ's gap ("اوږده کتار"), only those objects tell.
The pages are made in the test by LibreOffice (soffice, as the corpus is: `make corpus`) and
Debian's Chromium (fonts-hosny-amiri: `make browser`); the words expected are the document's."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pypdfium2 as pdfium

from newsmon.parse.arabic import ZWNJ
from newsmon.parse.pdf import read_pdf
from tests.pdfs import chromium_print

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
BODY = ("این گزارش از کابل است و مردم شهر از کمبود آب سخن می‌گویند. چاه‌های شهر خشک شده است و مردم "
        "آب را از جای دور با خود به خانه می‌آورند و بسیاری از خانواده‌ها نگران تابستان آینده‌اند.")
FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="Noto Naskh Arabic" svg:font-family="'Noto Naskh Arabic'"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:text-properties style:font-name-complex="Noto Naskh Arabic" style:font-size-complex="13pt"
     style:language-complex="fa" style:country-complex="AF"/>
  </style:default-style>
  <style:style style:name="Title" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center" style:writing-mode="rl-tb"/>
   <style:text-properties style:font-size-complex="18pt" style:font-weight-complex="bold" style:font-style-complex="italic"/>
  </style:style>
  <style:style style:name="Label" style:family="paragraph">
   <style:paragraph-properties fo:text-align="start" style:writing-mode="rl-tb"/>
   <style:text-properties style:font-size-complex="12pt" style:font-weight-complex="bold"/>
  </style:style>
  <style:style style:name="Body" style:family="paragraph">
   <style:paragraph-properties fo:text-align="start" style:writing-mode="rl-tb" fo:margin-bottom="0.25cm"/>
  </style:style>
 </office:styles>
 <office:body><office:text>
  <text:p text:style-name="Label">گزارش ویژه از کابل</text:p>
  <text:p text:style-name="Title">{title}</text:p>
  {body}
 </office:text></office:body>
</office:document>
"""


def libreoffice_pdf(title: str, tmp_path: Path, paragraphs: int = 4, text: str = BODY,
                    font: str = "Noto Naskh Arabic", justified: bool = False) -> bytes:
    """A page with `title` (`font`, Noto Naskh Arabic unless told, Bold 18 pt, italic) over body
    paragraphs (`text`) in 13 pt (12 pt, `justified`), as
    LibreOffice Writer prints it to PDF; a label in the bold font above it, whose word spaces
    the bold font's character map gives the zero-width glyph to (see the module's doc)."""
    assert SOFFICE, "LibreOffice is not installed (soffice: libreoffice-writer-nogui)"
    body = "".join(f'<text:p text:style-name="Body">{escape(text)}</text:p>' for _ in range(paragraphs))
    source = tmp_path / "page.fodt"
    page = FODT.replace("Noto Naskh Arabic", font)
    if justified:
        page = page.replace('"13pt"', '"12pt"').replace('"start" style:writing-mode="rl-tb" fo:margin-bottom',
                                                        '"justify" style:writing-mode="rl-tb" fo:margin-bottom')
    source.write_text(page.format(title=escape(title), body=body), encoding="utf-8")
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
                    "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    return (tmp_path / "page.pdf").read_bytes()


def test_a_zwnj_where_libreoffice_breaks_its_text_object_is_put_back(tmp_path):
    title = "کم‌آبی در کابل؛ چاه‌ها خشک می‌شوند و شهر تشنه‌تر می‌شود"
    data = libreoffice_pdf(title, tmp_path)
    assert b"NotoNaskhArabic-Bold" in data, "LibreOffice set the title in another font (fonts-noto-core)"
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert title.replace(ZWNJ, "") in raw, "pdfium reads the ZWNJs now: the page no longer shows the defect"
    lines = [line.text for line in read_pdf(data).lines][1:]  # the label first
    assert lines[0] == title
    # the body's words keep theirs, and gain none
    assert all(line.replace(ZWNJ, "") in BODY.replace(ZWNJ, "") for line in lines[1:])
    assert all(line.strip() in BODY for line in lines[1:])


def test_a_title_of_joined_letters_gets_no_zwnj_from_libreoffice_objects(tmp_path):
    title = "گفتگوهای صلح در دوحه پس از یک وقفه دوباره آغاز شد"
    data = libreoffice_pdf(title, tmp_path, paragraphs=2)
    assert read_pdf(data).lines[1].text == title


HIDDEN = ("مردم روستاهای کوهستانی بدخشان هیچ‌گاه به شبکهٔ سراسری برق وصل نشده بودند و شبها در تاریکی "
          "زندگی می‌کردند؛ اکنون صفحه‌های خورشیدی بر بام خانه‌ها نصب شده است.")


def test_a_zwnj_no_gap_shows_in_a_libreoffice_body_line_is_put_back(tmp_path):
    # Noto Sans Arabic's final cheh stops its tail 0.01 em inside its advance, and the gaf's
    # ink reaches 0.011 em past the cheh's origin (less than REACHES_PAST_EM): no gap, a bare
    # edge that only a page whose joined letters start their ink at their origin tells
    data = libreoffice_pdf("گزارش از بدخشان", tmp_path, paragraphs=3, text=HIDDEN, font="Noto Sans Arabic",
                           justified=True)
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "هیچ" in raw and "هیچ" + ZWNJ not in raw, "pdfium reads the ZWNJ now: the page no longer shows the defect"
    words = " ".join(line.text for line in read_pdf(data).lines[2:]).split()
    assert words.count("هیچ" + ZWNJ + "گاه") == 3
    assert {word for word in words if ZWNJ in word} <= set(HIDDEN.split())  # none invented


PARAGRAPH = "د تورخم پوله چې د افغانستان او پاکستان تر منځ ده، د سوداګرو لپاره د ستونزو ځای ګرځي."


def chromium_pdf(title: str, caption: str, tmp_path: Path) -> bytes:
    """A right-to-left page printed to PDF by headless Chromium: `title` as a heading in
    Amiri Bold, then a caption in bold in the body's type, then body paragraphs in Amiri."""
    return chromium_print('<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>'
                          "body{font-family:'Amiri';font-size:14pt;margin:2cm}h1{font-size:20pt}p.c{font-weight:bold}"
                          f"</style></head><body><h1>{escape(title)}</h1><p class=\"c\">{escape(caption)}</p>"
                          + f"<p>{escape(PARAGRAPH)}</p>" * 4 + "</body></html>", tmp_path)


def test_a_zwnj_chromium_draws_as_an_object_of_its_own_is_put_back(tmp_path):
    # Amiri Bold's final yeh before "پ": its tail reaches past its origin, the peh's ink back
    # under it; Chromium draws the ZWNJ as a glyph object marked /ActualText U+200C
    title = "گفتگوهای دوحه و پرسش‌های بی‌پاسخ دربارهٔ آیندهٔ صلح"
    data = chromium_pdf(title, "فعالان مدنی در کابل", tmp_path)
    assert b"Amiri-Bold" in data, "Chromium printed the title in another font: fonts-hosny-amiri is missing"
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "بیپاسخ" in raw, "pdfium reads the ZWNJ now: the page no longer shows the defect"
    lines = [line.text for line in read_pdf(data).lines]
    assert lines[0] == title
    assert lines[1] == "فعالان مدنی در کابل"


def test_a_space_chromium_draws_where_the_gap_is_a_zwnjs_is_a_space(tmp_path):
    # Amiri kerns the space before a kaf: "اوږده کتار" stands a ZWNJ's gap apart, pdfium makes
    # no space up there; Chromium drew the space's glyph as an object of its own
    caption = "په تورخم کې د لارۍ موټرو اوږده کتار"
    data = chromium_pdf("د تورخم دروازه او د سوداګرو اوږده انتظار", caption, tmp_path)
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "اوږدهکتار" in raw, "pdfium makes the space up now: the page no longer shows the defect"
    assert [line.text for line in read_pdf(data).lines][1] == caption


def reportlab_pdf(title: str) -> bytes:
    """A page as reportlab draws Dari (the writer shapes the text into presentation forms
    itself, arabic-reshaper, and draws it in visual order; the ZWNJ leaves its mark in the
    forms only): `title` in Noto Sans Arabic Bold 17 pt, one string skewed 12 degrees for an
    italic title (the font has no italic: the corpus's reportlab writer does so), over body
    lines in the regular weight at 12 pt."""
    import io

    import arabic_reshaper
    from bidi.algorithm import get_display
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    noto = Path("/usr/share/fonts/truetype/noto")
    for name in ("NotoSansArabic-Regular", "NotoSansArabic-Bold"):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(noto / f"{name}.ttf")))

    def shaped(text: str) -> str:
        return get_display(arabic_reshaper.reshape(text).replace(ZWNJ, ""))

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, 842))
    page.saveState()
    page.translate(535 - pdfmetrics.stringWidth(shaped(title), "NotoSansArabic-Bold", 17), 760)
    page.skew(0, 12)
    page.setFont("NotoSansArabic-Bold", 17)
    page.drawString(0, 0, shaped(title))
    page.restoreState()
    page.setFont("NotoSansArabic-Regular", 12)
    for n in range(8):
        page.drawRightString(535, 720 - 18 * n, shaped(BODY))
    page.save()
    return out.getvalue()


def test_a_zwnj_after_a_final_form_reportlab_draws_is_put_back():
    # Noto Sans Arabic Bold's final shin (1.44 em) and yeh, skewed, reach past their origins,
    # the next letter's ink back under them: the pen moved on by the final form's width
    title = "گفتگوهای دوحه و پرسش‌های بی‌پاسخ"
    data = reportlab_pdf(title)
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "پرسشهای بیپاسخ" in raw, "pdfium reads the ZWNJs now: the page no longer shows the defect"
    lines = [line.text for line in read_pdf(data).lines]
    assert lines[0] == title
    # the body's words: no ZWNJ where the document has none
    assert {word for line in lines[1:] for word in line.split() if ZWNJ in word} <= set(BODY.split())


def test_reportlab_letters_drawn_joined_get_no_zwnj_from_their_forms():
    title = "گفتگوهای صلح در دوحه و پرسشهای بیپاسخ کمیسیون"
    assert read_pdf(reportlab_pdf(title)).lines[0].text == title


def drawn_reader(drawn: dict[int, str]):
    """What a page draws between letters: {position of the letter before: separator}; the
    pairs asked about are kept in `asked`."""
    asked: list[tuple[int, int]] = []

    def read(pairs: list[tuple[int, int]]) -> list[str | None]:
        asked.extend(pairs)
        return [drawn.get(a) for a, _ in pairs]
    return read, asked


def test_what_the_page_draws_between_two_letters_decides_zwnj_or_space():
    from newsmon.parse.arabic import repair_line
    from tests.unit.test_parse_zwnj import reader, rtl_boxes

    em = 12.0
    text = "بیپاسخ"
    boxes = rtl_boxes(text, em)  # joined look: no gap, no origins to tell
    read, asked = drawn_reader({1: ZWNJ})
    assert repair_line(text, reader(boxes), em, read_drawn=read) == "بی" + ZWNJ + "پاسخ"
    assert (1, 2) in asked and (0, 1) not in asked  # a ZWNJ after the first letter would leave a lone letter
    # a gap that reads as a ZWNJ where the page draws a space
    text = "اوږدهکتار"
    boxes = rtl_boxes(text, em, {4: 0.1})
    assert repair_line(text, reader(boxes), em) == "اوږده" + ZWNJ + "کتار"
    assert repair_line(text, reader(boxes), em, read_drawn=drawn_reader({4: " "})[0]) == "اوږده کتار"
    # nothing drawn between them: the gap's ZWNJ stays
    assert repair_line(text, reader(boxes), em, read_drawn=drawn_reader({})[0]) == "اوږده" + ZWNJ + "کتار"


def test_letters_stacked_or_of_one_ligature_are_not_asked_about():
    from newsmon.parse.arabic import repair_line
    from tests.unit.test_parse_zwnj import reader, rtl_boxes

    em = 12.0
    text = "کمحلها"
    boxes = rtl_boxes(text, em, {1: -0.58})  # the meem raised over the hah (XeTeX's Amiri, LibreOffice)
    read, asked = drawn_reader({1: ZWNJ, 3: ZWNJ})
    assert repair_line(text, reader(boxes), em, read_drawn=read) == "کمحل" + ZWNJ + "ها"
    assert (3, 4) in asked and (1, 2) not in asked
    # lam-alef: one glyph (its two letters share its box)
    text = "کلاها"
    boxes = rtl_boxes(text, em)
    boxes[2] = boxes[1]
    read, asked = drawn_reader({1: ZWNJ})
    assert repair_line(text, reader(boxes), em, read_drawn=read) == text
    assert (1, 2) not in asked
