"""The parts of a hyphenated Latin word inside a right-to-left line, in the order they stand.

libreoffice-latin-hyphens.pdf is written by LibreOffice (soffice --headless --convert-to pdf)
from libreoffice-latin-hyphens.fodt (the corpus's LibreOffice styles, Amiri). pdfium reverses
the parts of a hyphenated Latin word in a Persian line as it reverses the words of a Latin
phrase: "(Based-Computer Test)" for "(Computer-Based Test)" (seen in fresh texts of the probe,
in every producer), "means-K" for "K-means" (real XeTeX reports), and it gives "T-20" as "-20T",
"fig1-2.eps" as "eps1-2.fig", "DE/current-to-rand/1" as "/1rand-to-current/DE" (a fresh Pashto
text; real XeTeX and PDFMaker files). Left to right as they stand.
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.arabic import _HYPHENATED_LATIN, _order_hyphenated_latin
from tests.pdfs import committed_source_and_lines

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"
NAME = "libreoffice-latin-hyphens"


def test_every_line_as_the_source_has_it():
    source, lines = committed_source_and_lines(NAME)
    for line in source:
        assert line in lines


def test_the_words_whose_parts_are_put_in_order():
    """Candidates: ASCII words with a hyphen (and slashes, inner stops), a letter among them,
    whatever order pdfium gave the parts in; the trailing stop is the sentence's."""
    found = [m.group() for text in ("(Based-Computer Test)", "e-mail", "COVID-19", "a-b-c", "د -20T.",
                                    "eps1-2.fig", "“/1rand-to-current/DE“", "2004dal-bib", "bin/1/best/DE")
             for m in _HYPHENATED_LATIN.finditer(text)]
    assert found == ["Based-Computer", "e-mail", "COVID-19", "a-b-c", "-20T", "eps1-2.fig",
                     "/1rand-to-current/DE", "2004dal-bib", "bin/1/best/DE"]
    # a hyphen glued to a Persian word, numbers alone (Arabic-Indic or ASCII), Persian
    # compounds, a word with neither hyphen nor slash: never candidates
    for text in ("dcpo-ترتیب", "2019-2020", "۱۳۹۸-۱۳۹۹", "ضد-فساد", "fig.eps", "1398/10/18"):
        assert _HYPHENATED_LATIN.search(text) is None


def test_an_order_with_a_sign_at_the_edge_is_not_taken():
    """"-Computer" at a line's start, "2004dal-bib-" with the hyphen of the Persian text
    glued to it: however their boxes stand, a hyphen, slash or stop at an edge is no word's,
    and the word stays as pdfium gave it."""
    class Boxes(dict):
        def need(self, positions):
            pass

    for text, xs in (("-Computer", [0, 10, 11, 12, 13, 14, 15, 16, 17]),
                     ("2004dal-bib-", [34, 35, 36, 37, 24, 25, 26, 20, 5, 6, 7, 0])):
        boxes = Boxes({i: (x, 0.0, x + 1.0, 1.0) for i, x in enumerate(xs)})
        assert _order_hyphenated_latin(text, list(range(len(text))), boxes) == (text, list(range(len(text))))
    boxes = Boxes({i: (x, 0.0, x + 1.0, 1.0) for i, x in enumerate([8, 9, 10, 0])})
    assert _order_hyphenated_latin("-20T", [0, 1, 2, 3], boxes) == ("T-20", [3, 0, 1, 2])
