"""A line's type size is read at an Arabic letter, not at a digit of a Latin-font number.

Word (and LibreOffice from a .docx) set the digits and Latin words of a right-to-left paragraph
in the Latin font, a size smaller than the complex-script size. A line read at the digit in its
middle ("F-100") seemed a line of smaller type, and started a paragraph of its own: its opening
bracket, left at the end of the line before, was never paired with its closer ("کالوري )" and
"kcal) انرژي": the texts probe's v4754-lo_docx-ps)."""

from __future__ import annotations

from newsmon.parse.pdf import _in_main_script

LINE = "kcal) انرژي لري. د شدیدو پېښو لپاره F-75 او F-100 شیدې کارول"


def test_a_digit_in_the_middle_is_passed_for_the_nearest_arabic_letter():
    at = LINE.index("100") + 1
    found = _in_main_script(LINE, at)
    assert "\u0600" <= LINE[found] <= "\u06ff" and abs(found - at) < 8


def test_a_digit_of_a_mostly_latin_line_is_kept():
    line = "Figure 12 of the report، شکل"
    at = line.index("12")
    assert _in_main_script(line, at) == at


def test_a_line_that_opens_with_a_phrase_s_end_is_read_at_its_arabic():
    """"groundsmen) نشتوالی." (a phrase broken over two lines of a Pashto paragraph, Word's
    smaller Latin size: the texts probe's v4518-lo_docx-ps) has more Latin letters than Arabic
    ones, but not twice as many: its type is the paragraph's."""
    line = "groundsmen) نشتوالی."
    found = _in_main_script(line, len(line) // 2 - 1)
    assert "\u0600" <= line[found] <= "\u06ff"


def test_a_hyphen_against_a_latin_number_is_passed_for_the_nearest_arabic_letter():
    """The same line from an .odt (the texts probe's v4752-lo_odt-ps), as pdfium gives it: "F-75"
    read "-75F", the hyphen in the line's middle with a space before it and a digit after."""
    line = "لپاره -75F او -100F شیدې کارول کېږي او د انتان پر"
    at = line.index("-75F")
    found = _in_main_script(line, at)
    assert "\u0600" <= line[found] <= "\u06ff" and abs(found - at) < 8


def test_punctuation_apart_from_latin_is_kept():
    """A bracket against an Arabic word, or a hyphen between spaces, is the line's own."""
    for line, mark in (("د اوبو (کم) ستونزه F د ښار", "("), ("د اوبو - کم ستونزه F د ښار", "-")):
        at = line.index(mark)
        assert _in_main_script(line, at) == at
