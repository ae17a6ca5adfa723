"""The parts of a hyphenated Latin word inside a right-to-left line, in the order they stand.

libreoffice-latin-hyphens.pdf is written by LibreOffice (soffice --headless --convert-to pdf)
from libreoffice-latin-hyphens.fodt (the corpus's LibreOffice styles, Amiri). pdfium reverses
the parts of a hyphenated Latin word in a Persian line as it reverses the words of a Latin
phrase: "(Based-Computer Test)" for "(Computer-Based Test)" (seen in fresh texts of the probe,
in every producer), "means-K" for "K-means" (real XeTeX reports). Left to right as they stand.
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.arabic import _HYPHENATED_LATIN
from tests.pdfs import committed_source_and_lines

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"
NAME = "libreoffice-latin-hyphens"


def test_every_line_as_the_source_has_it():
    source, lines = committed_source_and_lines(NAME)
    for line in source:
        assert line in lines


def test_only_words_with_a_hyphen_between_latin_parts():
    found = [m.group() for text in ("(Based-Computer Test)", "e-mail", "COVID-19", "a-b-c")
             for m in _HYPHENATED_LATIN.finditer(text)]
    assert found == ["Based-Computer", "e-mail", "COVID-19", "a-b-c"]
    # a hyphen at a word's end may stand with the right-to-left text ("dcpo-" before a Persian
    # word), Arabic-Indic or ASCII numbers alone, Persian compounds: left as they are
    # ("2004dal-bib", pdfium's "bib-dal2004", is looked at since its letters and digits are:
    # test_parse_latin_digits)
    for text in ("dcpo-ترتیب", "-Computer", "2019-2020", "۱۳۹۸-۱۳۹۹", "ضد-فساد"):
        assert _HYPHENATED_LATIN.search(text) is None
