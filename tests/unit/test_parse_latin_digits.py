"""Latin words of letters and digits inside a right-to-left line, their parts in the order they stand.

libreoffice-latin-digits.pdf is written by LibreOffice (soffice --headless --convert-to pdf)
from libreoffice-latin-digits.fodt (the corpus's LibreOffice styles, Amiri). pdfium splits a
Latin word at the border of its letters and digits and reverses the pieces inside a Pashto or
Dari line: "20T" for "T20", "(-19U)" for "(U-19)", "3MP", "-19COVID", "4GPT" (seen in a fresh
Pashto probe text in every producer). Left to right as their boxes stand.
"""

from __future__ import annotations

from newsmon.parse.arabic import _HYPHENATED_LATIN
from tests.pdfs import committed_source_and_lines

NAME = "libreoffice-latin-digits"


def test_every_line_as_the_source_has_it():
    source, lines = committed_source_and_lines(NAME)
    for line in source:
        assert line in lines


def test_words_of_letters_beside_digits_are_looked_at():
    found = [m.group() for text in ("د 20T په", "(-19U)", "3MP", "-19COVID", "2004dal-bib")
             for m in _HYPHENATED_LATIN.finditer(text)]
    assert found == ["20T", "-19U", "3MP", "-19COVID", "2004dal-bib"]
    # letters alone, digits alone, a piece of a word with stops inside: nothing to put in order
    for text in ("ACB", "2023", "۱۲مه", "cm1.4", "2.8MikeTeX"):
        assert _HYPHENATED_LATIN.search(text) is None
