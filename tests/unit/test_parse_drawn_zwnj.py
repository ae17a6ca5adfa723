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


def libreoffice_pdf(title: str, tmp_path: Path, paragraphs: int = 4) -> bytes:
    """A page with `title` (Noto Naskh Arabic Bold 18 pt, italic) over body paragraphs in 13 pt, as
    LibreOffice Writer prints it to PDF; a label in the bold font above it, whose word spaces
    the bold font's character map gives the zero-width glyph to (see the module's doc)."""
    assert SOFFICE, "LibreOffice is not installed (soffice: libreoffice-writer-nogui)"
    body = "".join(f'<text:p text:style-name="Body">{escape(BODY)}</text:p>' for _ in range(paragraphs))
    source = tmp_path / "page.fodt"
    source.write_text(FODT.format(title=escape(title), body=body), encoding="utf-8")
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


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PARAGRAPH = "د تورخم پوله چې د افغانستان او پاکستان تر منځ ده، د سوداګرو لپاره د ستونزو ځای ګرځي."


def chromium_pdf(title: str, caption: str, tmp_path: Path) -> bytes:
    """A right-to-left page printed to PDF by headless Chromium: `title` as a heading in
    Amiri Bold, then a caption in bold in the body's type, then body paragraphs in Amiri."""
    assert CHROMIUM, "Debian's chromium is not installed (make browser)"
    page = tmp_path / "page.html"
    page.write_text('<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>'
                    "body{font-family:'Amiri';font-size:14pt;margin:2cm}h1{font-size:20pt}p.c{font-weight:bold}"
                    f"</style></head><body><h1>{escape(title)}</h1><p class=\"c\">{escape(caption)}</p>"
                    + f"<p>{escape(PARAGRAPH)}</p>" * 4 + "</body></html>", encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                    page.as_uri()], check=True, capture_output=True, timeout=120)
    return pdf.read_bytes()


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
