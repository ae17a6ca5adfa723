"""A PDF that Ghostscript re-wrote (`gs -sDEVICE=pdfwrite`, as archives and print shops do):
tests/data/pdfs/ghostscript-redistilled.pdf, made by xelatex from the .tex beside it and then
by Ghostscript (CI has neither: the PDF is committed).

- Ghostscript writes the character map of the ligatures "fi", "ff", "fl" (DejaVu Serif's) with
  each letter's two bytes swapped: pdfium reads "昀椀fth" for "fifth".
- Its Producer ("GPL Ghostscript") replaces xdvipdfmx's, so the words TeX broke at line ends
  were kept with their hyphens ("Stadt-bibliotheken"); the Creator still says XeTeX.
- It gives the regular face ("DejaVuSerif") a weight that says bold: every line was bold, and a
  header lost the bold that sets a section label or a title apart. The bold face is named only
  by the first word's text object, no line's middle.

tests/data/pdfs/ghostscript-libreoffice-{zwnj,spaces}.pdf: Dari lines typed in LibreOffice (the
.fodt beside each), then re-written by Ghostscript, which maps the glyph the font draws for both
space and ZWNJ to the one of the two it met first: a space (each ZWNJ reads as a space that
moves the pen by nothing), or a ZWNJ (each word space reads as a ZWNJ that moves the pen).
Rebuild: `soffice --headless --convert-to pdf NAME.fodt`, rename the PDF to lo.pdf,
`gs -q -sDEVICE=pdfwrite -o NAME.pdf lo.pdf`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from newsmon.parse.layout import hyphenates_words, paragraphs_and_captions
from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text

DATA = Path(__file__).resolve().parents[1] / "data" / "pdfs"
PAGE = DATA / "ghostscript-redistilled.pdf"
ZWNJ_PAGE = DATA / "ghostscript-libreoffice-zwnj.pdf"
SPACES_PAGE = DATA / "ghostscript-libreoffice-spaces.pdf"


def typed_lines(page: Path) -> list[str]:
    """The paragraphs of the .fodt beside `page` (each one line of the page)."""
    source = page.with_suffix(".fodt").read_text(encoding="utf-8")
    return re.findall(r'<text:p text:style-name="R">(.*?)</text:p>', source)


def typed_paragraphs() -> list[str]:
    """The paragraphs as typed in the .tex (after \\begin{document}, blank-line separated), the
    bold word's macro taken off."""
    body = (DATA / "ghostscript-redistilled.tex").read_text(encoding="utf-8")
    body = body.split("\\begin{document}")[1].split("\\end{document}")[0]
    body = re.sub(r"\\textbf\{([^}]*)\}", r"\1", body)
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", body.strip())]


def test_the_premise_pdfium_reads_ideographs_and_the_producer_is_ghostscript():
    doc = pdfium.PdfDocument(PAGE.read_bytes())
    raw = doc[0].get_textpage().get_text_range()
    assert "昀椀fth" in raw and "fifth" not in raw
    assert "Ghostscript" in doc.get_metadata_value("Producer") and "XeTeX" in doc.get_metadata_value("Creator")


def test_a_redistilled_tex_page_reads_as_typed():
    pdf = read_pdf(PAGE.read_bytes())
    paragraphs, captions = paragraphs_and_captions(pdf.lines, pdf)
    assert [normalize_text(p) for p in paragraphs] == typed_paragraphs() and captions == []


def test_no_line_is_bold_though_the_weights_say_so_and_one_begins_in_the_bold_face():
    doc = pdfium.PdfDocument(PAGE.read_bytes())
    textpage = doc[0].get_textpage()
    at = textpage.get_text_range().find("donors")
    assert pdfium_c.FPDFText_GetFontWeight(textpage, at) >= 600, "the premise: the regular face's weight says bold"
    lines = read_pdf(PAGE.read_bytes()).lines
    assert lines[0].text.startswith("Kabul: The donors")  # "Kabul:" in DejaVuSerif-Bold, the rest regular
    assert [line.text for line in lines if line.bold] == []


def test_swapped_ligature_letters_are_put_back_only_beside_latin_letters():
    assert normalize_text("senior o昀昀icials, Ge昀氀üchtete") == "senior officials, Geflüchtete"
    assert normalize_text("中文 昀椀 PDF") == "中文 昀椀 PDF"  # a CJK text keeps its ideographs
    assert normalize_text("iPhone一代") == "iPhone一代"


def test_a_tex_writer_is_told_by_its_name_as_a_word():
    for writer in ("pdfTeX-1.40.21", " XeTeX output 2021.04.29:0000", "LaTeX with hyperref",
                   "xdvipdfmx (20211117)", "LuaTeX-1.17.0", "ConTeXt 2021"):
        assert hyphenates_words(writer), writer
    for writer in ("GPL Ghostscript 10.00.0", "TextEdit", "Writer", "Skia/PDF m120", ""):
        assert not hyphenates_words(writer), writer


def test_the_premise_pdfium_reads_the_zwnjs_ghostscript_drew_as_spaces_as_spaces():
    doc = pdfium.PdfDocument(ZWNJ_PAGE.read_bytes())
    raw = doc[0].get_textpage().get_text_range()
    assert "نسخه های" in raw and "\u200c" not in raw
    assert "Ghostscript" in doc.get_metadata_value("Producer")


def test_zwnjs_drawn_as_spaces_that_move_the_pen_by_nothing_read_as_typed():
    assert [line.text for line in read_pdf(ZWNJ_PAGE.read_bytes()).lines] == typed_lines(ZWNJ_PAGE)  # spaces kept


def test_the_premise_pdfium_reads_the_word_spaces_ghostscript_drew_as_zwnjs_as_zwnjs():
    raw = pdfium.PdfDocument(SPACES_PAGE.read_bytes())[0].get_textpage().get_text_range()
    assert "کتابخانه\u200cهرات" in raw and " " not in raw


def test_word_spaces_drawn_as_zwnjs_that_move_the_pen_read_as_typed():
    assert [line.text for line in read_pdf(SPACES_PAGE.read_bytes()).lines] == typed_lines(SPACES_PAGE)  # ZWNJs kept
