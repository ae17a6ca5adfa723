"""Documents printed again through cairo, as Evince, Okular or Firefox on Linux print to a PDF
(made by `tools/corpus/probe_fixture.py --reprint cairo`, which runs `pdftocairo -pdf` over a probe
document: a LibreOffice .odt with farsiweb's Homa, seed 2974; XeTeX with Noto Sans Arabic, seed
3155; a LibreOffice .docx with Noto Kufi Arabic, seed 4321; Chromium with SIL's Lateef, seed 4335;
a LibreOffice .docx with Homa, seed 2957; XeTeX with Noto Sans Arabic, seed 3224; a LibreOffice
.odt with Homa, seed 2956; a LibreOffice .odt with DejaVu Sans, seed 4613; a LibreOffice .docx with
Homa, seed 2969; a LibreOffice .docx with Noto Kufi Arabic, seed 4307).

cairo sets every glyph at size 1 and scales it with the text matrix ("/f-0-0 1 Tf 21 0 0 21 x y
Tm"), so pdfium's FPDFText_GetFontSize reads 1 for every character, which is also what it reads
for a space it made up: every line looked like every other, the title and the captions were lost,
the header derailed. pdf._sized_by_matrix tells such a page by its first character and reads each
size as pdfium's times the character's matrix scale.

cairo maps a glyph whose character it was not told to U+FFFD: LibreOffice's kashida strokes in
justified lines (which the first PDF mapped to free codes) and XeTeX's mirrored brackets in Noto
Sans Arabic (which it mapped to none). pdf._replacement_glyphs drops the flat ones and reads a
pair of tall narrow ones around a phrase as its brackets.

cairo's reprint of Chromium's words sets a word's first glyph a little apart from the rest, and the
ZWNJ repair read a ZWNJ there ("م\u200cیلیارد"): no word has a ZWNJ after its first letter (none of
the corpus's truths, none of the real PDFs' texts), so arabic._restore_zwnj puts none there.

cairo draws a line's runs in an order of its own: pdfium reads a number's digits before the words
they stand after ("۱۳۸۸تجربه انتخاباتهای و ۱۳۹۳"). On such a page every Arabic-script line goes
through pdf._positional_order, which puts its parts in the order they stand, parts read one right
after the other included, and a round bracket read before the word before its own (")600 نقطه در
اینچ dpi )و").

XeTeX draws a ZWNJ as its font's space glyph with no advance; cairo prints it again as an object of
its own, which pdfium leaves out of its text, and pdf._drawn_separators took it for a word space's
object (Chromium's) between two letters that touch: nothing was put in ("پرسشهای بیپاسخ" in a
title). An inkless object that stands where the letter before it starts (pdf._moves_no_pen, within
0.05 em: cairo rounds; LibreOffice's ZWNJ objects lose their /ActualText U+200C mark too) is a
ZWNJ's.

pdfium reads a title's two lines as one, the lower first ("نسخه های خطی در برابر زمان ٔ کتابخانه
دیجیتال هرات؛"): on such a page each of pdfium's lines is cut where its characters move a line's
height off their baseline, the pieces top to bottom (pdf._baseline_runs).

farsiweb's Homa draws the space and the ZWNJ with one glyph, and cairo's character map gives that
glyph's one character, U+200C, for both ("جدی\u200cترین\u200cبحران\u200cهای"): on such a page a ZWNJ
that moves the pen as a space does is one (pdf._zwnjs_as_spaces), and it changes places with a
comma it stands beyond ("شهر\u200c،بسیاری").
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium

from newsmon.parse import pdf
from newsmon.parse.pdf import read_pdf
from tests.pdfs import COMMITTED, committed_probe, committed_probe_reads, committed_raw_text

NAME = "cairo-lo-odt-homa-sized-by-matrix"


def test_pdfium_reads_every_character_at_size_one():
    document = pdfium.PdfDocument(str(COMMITTED / f"{NAME}.pdf"))
    try:
        textpage = document[0].get_textpage()
        sizes = {round(pdfium.raw.FPDFText_GetFontSize(textpage, k), 3) for k in range(textpage.count_chars())}
    finally:
        document.close()
    assert sizes == {1.0}


def test_lines_have_the_sizes_they_are_drawn_at():
    lines = read_pdf((COMMITTED / f"{NAME}.pdf").read_bytes()).lines
    truth, _ = committed_probe(NAME)
    title = next(line for line in lines if truth["title"].split()[0] in line.text and line.page == 0)
    body = [line.size for line in lines if len(line.text) > 60]
    assert min(body) > 10 and title.size > 1.2 * max(body)


def test_the_header_is_read():
    truth, record = committed_probe(NAME)
    assert record.title == truth["title"]
    assert record.section == truth["section"] and record.author == truth["author"]
    assert str(record.published_date) == truth["published_date"]
    assert "no_title" not in record.parse_warnings


BRACKETS = "cairo-xetex-noto-sans-replacement-brackets"
KASHIDAS = "cairo-lo-docx-replacement-kashidas"


def test_pdfium_reads_brackets_and_kashidas_as_replacement_characters():
    assert "خونې \ufffdACCI \ufffdپه وینا" in committed_raw_text(BRACKETS, all_pages=True)
    raw = committed_raw_text(KASHIDAS, all_pages=True)
    assert "چن\ufffdد ج\ufffdوان ب\ufffdا" in raw and raw.count("\ufffd") > 40


def test_replacement_brackets_read_as_brackets():
    record = committed_probe_reads(BRACKETS, "صنایعو خونې (ACCI) په وینا", "(ASYCUDA)")
    assert "\ufffd" not in record.body_text


def test_replacement_kashidas_dropped():
    record = committed_probe_reads(KASHIDAS, "چند جوان با دستکش")
    assert "\ufffd" not in record.body_text and "garbled_text" not in record.parse_warnings


def test_a_madda_stands_over_its_alef():
    alef = (323.7, 757.3, 325.7, 769.0)  # as pdfium boxes Chromium's alef and madda, reprinted
    assert pdf._madda_over((322.0, 769.4, 327.0, 771.9), alef)
    assert not pdf._madda_over((316.0, 769.4, 321.0, 771.9), alef)  # beside it: the next letter's
    assert not pdf._madda_over((322.0, 757.3, 327.0, 759.0), alef)  # on the baseline: a kashida


def test_brackets_stand_around_a_phrase_of_a_right_to_left_line():
    text = "سیسټم\r\n\ufffdASYCUDA\ufffd\r\nپلي شوی"
    first, second = text.index("\ufffd"), text.rindex("\ufffd")
    assert pdf._around_a_phrase(text, first, second)  # (its line opens with it: the line before has letters)
    assert not pdf._around_a_phrase("ASYCUDA \ufffdOK \ufffd", 8, 12)  # no Arabic letter before it
    assert not pdf._around_a_phrase("متن \ufffd ABC\ufffd", 4, 9)  # the first opens no word


FIRST_GLYPH = "cairo-chromium-lateef-first-glyph-apart"


def test_no_zwnj_after_a_words_first_letter():
    truth, record = committed_probe(FIRST_GLYPH)
    for phrase in ("تر ۱.۵ میلیارد ډالرو ښکته", "یو سوداګر چې", "د ګمرک کارکوونکو شمېر هم", "او منځنۍ اسیا ته"):
        assert phrase in truth["body_text"] and phrase in record.body_text, phrase
    assert re.search("(?:^|\\s)\\w\u200c", record.body_text) is None


NUMBERS = "cairo-lo-docx-homa-numbers-read-first"


def test_numbers_read_where_they_stand():
    raw = committed_raw_text(NUMBERS, all_pages=True)
    assert "\u0654 ۱۳۸۸تجربه انتخاباتهای و ۱۳۹۳" in raw and "۸بازش" in raw
    committed_probe_reads(NUMBERS, "تجربهٔ انتخابات\u200cهای ۱۳۸۸ و ۱۳۹۳ نشان داده", "بازشماری آرای بیش از ۸ هزار محل")


ZWNJ_OBJECTS = "cairo-xetex-noto-sans-zwnj-objects"


def test_zwnj_objects_with_no_advance_read_as_zwnjs():
    assert "پرسشهای بی" in committed_raw_text(ZWNJ_OBJECTS)
    truth, record = committed_probe(ZWNJ_OBJECTS)
    assert "پرسش\u200cهای بی\u200cپاسخ" in truth["title"]
    assert record.title == truth["title"]


BRACKET = "cairo-lo-odt-homa-bracket-read-first"


def test_a_bracket_read_first_put_where_it_stands():
    assert "با وضوح )600 نقط>ه در اینچ dpi )و" in committed_raw_text(BRACKET, all_pages=True)
    committed_probe_reads(BRACKET, "با وضوح 600 نقطه در اینچ (dpi) و در سه")


TITLE_LINES = "cairo-lo-odt-dejavu-title-lines-read-as-one"


def test_title_lines_read_as_one_cut_and_ordered():
    assert "نسخه های خطی در برابر زمان \u0654 کتابخانه دیجیتال هرات؛\r\n" in committed_raw_text(TITLE_LINES)
    truth, record = committed_probe(TITLE_LINES)
    assert record.title == truth["title"] == "کتابخانهٔ دیجیتال هرات؛ نسخه\u200cهای خطی در برابر زمان"


ONE_GLYPH = "cairo-lo-docx-homa-one-glyph-for-space-and-zwnj"


def test_a_zwnj_that_moves_the_pen_as_a_space_is_one():
    raw = committed_raw_text(ONE_GLYPH, all_pages=True)
    assert "با\u200cیکی\u200cاز\u200cجدی\u200cترین\u200cبحران\u200cهای" in raw and "شهر\u200c،بسیاری" in raw
    truth, record = committed_probe(ONE_GLYPH)
    for phrase in ("با یکی از جدی\u200cترین بحران\u200cهای", "غربی شهر، بسیاری از", "آبِ همسایه را هم"):
        assert phrase in truth["body_text"] and phrase in record.body_text, phrase


TITLE_ZWNJ = "cairo-lo-docx-noto-kufi-zwnj-object-in-a-title"


def test_a_zwnj_object_a_rounded_step_off_read_as_a_zwnj():
    truth, record = committed_probe(TITLE_ZWNJ)
    assert "خشک می\u200cشوند" in truth["title"]
    assert record.title == truth["title"]
