"""Brackets that pdfium reads apart from their words in LibreOffice lines justified with kashidas.

A bracket that closes a Latin phrase goes back to the phrase's end: pdfium gives "(ALCS 2016-2017)" as
")2016-2017 ALCS و ... ( )SDES )": the closing bracket comes after the next words, where the
line draws its glyph against the left end of "ALCS". Set right to left, a phrase's left end is
its first word's start: the bracket there follows the phrase's last word. Where punctuation
stands inside the phrase or glued to its edge (XeTeX's "X, Y", items of the sentence), the
boxes tell no order: the bracket stays where pdfium has it.

tests/data/pdfs/libreoffice-kashida-phrase-bracket.pdf is the texts probe's document
v4724-lo_odt-fa (`python -m tools.corpus.probe_texts`; a dev text, Dari, seed 4724)."""

from __future__ import annotations

import pypdfium2 as pdfium

from newsmon.parse.arabic import _Boxes, _reseat_lone_brackets, _seat_letters_before_brackets
from newsmon.parse.article import parse_pdf_article
from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from newsmon.sources import load_profile
from tests.pdfs import COMMITTED, box_reader

NAME = "libreoffice-kashida-phrase-bracket"


def test_the_bracket_after_a_phrase_comes_back_to_it():
    data = (COMMITTED / f"{NAME}.pdf").read_bytes()
    document = pdfium.PdfDocument(data)
    raw = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert "ALCS و س/رویهای والی/تی ( )SDES" in raw
    text = " ".join(normalize_text(line.text) for line in read_pdf(data).lines)
    assert "خانوارها (ALCS 2016-2017) و سروی\u200cهای ولایتی (SDES) برگزار شده" in text


def test_a_bracket_against_punctuated_items_stays():
    """"( ,X Y" (XeTeX, a real guide's line as pdfium gave it, "( Y ,X", its words put in
    order): the bracket stands against Y's right end, but the comma glued before X leaves the
    phrase's start unknown."""
    chars = "( ,X Y"
    boxes = [(527.2, 590.2, 529.3, 599.1), (524.6, 592.4, 524.6, 592.4), (515.9, 590.7, 517.0, 593.4),
             (507.6, 592.4, 515.2, 598.5), (519.2, 592.4, 519.2, 592.4), (519.6, 592.4, 526.3, 598.5)]
    got, _ = _reseat_lone_brackets(chars, list(range(len(chars))), _Boxes(box_reader(boxes)), 9.0)
    assert got == chars


def test_a_last_letter_read_after_its_bracket_goes_back_to_its_word():
    """"نف/ (ر هستند" (the same document): the word's last letter stands right of the bracket
    that closes the word, against the word's kashida stroke; pdfium reads it after the bracket."""
    data = (COMMITTED / f"{NAME}.pdf").read_bytes()
    document = pdfium.PdfDocument(data)
    raw = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert "نف/ (ر هس/تند" in raw and "نف/ (ر ب/ه" in raw
    text = " ".join(normalize_text(line.text) for line in read_pdf(data).lines)
    assert "قندهار (۱٬۴۳۱٬۲۷۶ نفر) هستند." in text and "(۱٫۵ میلیون نفر) به شکل" in text


def test_a_bracket_a_little_further_from_its_number():
    """tests/data/pdfs/libreoffice-kashida-number-bracket.pdf (the probe's v4725-lo_odt-fa, the
    same text in another layout): "(1979)" closes 0.165 em from the number's glyphs, and pdfium
    reads the bracket at the line's end ("۱۳۵۸ )1979 انجام ... خانوارها ( ) ALCS")."""
    data = (COMMITTED / "libreoffice-kashida-number-bracket.pdf").read_bytes()
    document = pdfium.PdfDocument(data)
    raw = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert "۱۳۵۸ )1979 انجام" in raw and "خانوارها ( ) ALCS" in raw
    body = parse_pdf_article(data, url="https://www.afgazad.com/x.pdf", profile=load_profile("afgazad")).body_text
    assert "سال ۱۳۵۸ (1979) انجام شد" in body and "خانوارها (ALCS 2016-2017) و سروی" in body


def test_a_word_end_of_two_letters_after_its_bracket_goes_back():
    """"۳ م?( تر ن" (the layout probe's v4601-lo_odt-fa: "(۲ در ۳ متر) نزدیک"): the word's last two
    letters stand right of the bracket, against the kashida stroke "?" before it, a space of no
    width made up between bracket and letters. The boxes are pdfium's."""
    chars = "۳ م?( تر ن"
    boxes = [(247.11, 220.75, 253.14, 228.99), (243.5, 220.79, 246.62, 220.8), (237.2, 220.74, 242.78, 225.09),
             (234.0, 220.74, 237.84, 221.71), (221.13, 219.22, 223.82, 229.9), (233.94, 220.79, 233.94, 220.79),
             (229.46, 220.74, 234.54, 226.61), (224.38, 218.02, 230.02, 224.86), (216.98, 220.79, 220.1, 220.8),
             (210.0, 220.74, 215.5, 226.0)]
    got, order = _seat_letters_before_brackets(chars, list(range(len(chars))), _Boxes(box_reader(boxes)), 12.0)
    assert got == "۳ م?تر( ن" and order == [0, 1, 2, 3, 6, 7, 4, 8, 9]


def test_a_word_end_read_after_a_stop_drawn_apart_goes_back():
    """LibreOffice with Noto Kufi Arabic draws the stop in a fallback font, and pdfium reads the
    word's last letter after it: "ش77 .د در" for "شد. در" (kashida strokes mapped to "7"; the
    layout probe's v2706-lo_odt-fa). The boxes are pdfium's."""
    chars = "ش77 .د د"
    boxes = [(127.86, 640.29, 140.69, 653.49), (122.56, 640.29, 125.6, 641.54), (125.15, 640.29, 128.19, 641.54),
             (113.57, 640.29, 113.57, 640.29), (110.21, 640.29, 111.86, 642.27), (114.23, 640.29, 122.78, 649.03),
             (103.03, 640.29, 108.47, 640.3), (95.66, 640.29, 102.36, 649.03)]
    got, _ = _seat_letters_before_brackets(chars, list(range(len(chars))), _Boxes(box_reader(boxes)), 16.0, False)
    assert got == "ش77د. د"
    turned = list(boxes)
    turned[5] = (100.0, 640.29, 108.5, 649.03)  # the letter after the stop on the page: a word of its own
    assert _seat_letters_before_brackets(chars, list(range(len(chars))), _Boxes(box_reader(turned)), 16.0,
                                         False)[0] == chars


def test_letters_read_after_a_bracket_standing_far_off_stay():
    """"قباله ) های ش" (the texts probe's v4906-lo_odt-fa: "قباله\u200cهای شرعی (که"): the letters
    stand against the word before, but the bracket stands words away, not against them: it is
    no bracket that closes that word."""
    chars = "قباله ) های ش"
    boxes = [(322.0, 181.5, 330.0, 190.9), (315.0, 178.6, 322.5, 186.8), (312.0, 181.5, 315.5, 190.9),
             (303.0, 181.5, 312.3, 190.9), (291.2, 181.5, 303.4, 188.1), (290.9, 181.6, 290.9, 181.6),
             (228.0, 179.9, 231.0, 191.4), (290.9, 181.6, 290.9, 181.6), (283.97, 181.51, 290.85, 188.09),
             (281.13, 181.55, 284.62, 190.88), (270.78, 178.6, 280.06, 187.05), (267.0, 181.6, 270.38, 181.61),
             (256.8, 181.55, 266.35, 189.97)]
    got, _ = _seat_letters_before_brackets(chars, list(range(len(chars))), _Boxes(box_reader(boxes)), 13.0)
    assert got == chars


def test_the_spaces_made_up_around_a_bracket_read_inside_a_word_go_with_it():
    """"قباله ) های شرعی که" (LibreOffice, a kashida line: "قباله‌های شرعی (که", the bracket of
    the next words read at the ZWNJ inside a word, a space made up on each side; the texts
    probe's v4906-lo_odt-fa): the bracket goes back before "که" and takes both spaces, for
    the two letters it stood between are 0.09 em apart, no word space (the ZWNJ is then
    _restore_zwnj's matter). The boxes are pdfium's."""
    chars = "قباله ) های شرعی که"
    boxes = [(309.59, 181.55, 314.82, 190.74), (305.0, 179.13, 310.11, 185.28), (302.23, 181.55, 305.73, 190.88),
             (297.9, 181.55, 300.53, 190.88), (291.99, 181.55, 298.57, 188.31), (232.57, 181.6, 232.57, 181.6),
             (228.54, 179.9, 231.45, 191.47), (291.44, 181.6, 291.44, 181.6), (283.97, 181.51, 290.85, 188.09),
             (281.13, 181.55, 284.62, 190.88), (270.78, 178.6, 280.06, 187.05), (267.0, 181.6, 270.38, 181.61),
             (256.8, 181.55, 266.35, 189.97), (251.4, 178.6, 257.51, 186.01), (245.51, 181.55, 251.66, 187.31),
             (236.21, 178.6, 246.04, 183.89), (232.52, 181.6, 232.52, 181.6), (222.03, 181.55, 227.52, 190.79),
             (216.22, 181.55, 222.8, 188.31)]
    got, order = _reseat_lone_brackets(chars, list(range(len(chars))), _Boxes(box_reader(boxes)), 13.0)
    assert got == "قبالههای شرعی )که"
    assert [chars[k] for k in order] == list(got)
    # Two words a word space apart keep one space where the bracket was.
    apart = list(boxes)
    apart[:5] = [(x0 + 4.0, y0, x1 + 4.0, y1) for x0, y0, x1, y1 in boxes[:5]]
    got, _ = _reseat_lone_brackets(chars, list(range(len(chars))), _Boxes(box_reader(apart)), 13.0)
    assert got == "قباله های شرعی )که"
