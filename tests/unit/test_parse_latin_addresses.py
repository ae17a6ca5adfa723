"""E-mail addresses, dotted web addresses and dotted abbreviations inside a right-to-left line,
their parts left to right.

libreoffice-latin-addresses.pdf is written by LibreOffice (soffice --headless --convert-to pdf)
from libreoffice-latin-addresses.fodt (the corpus's LibreOffice styles, Amiri). pdfium turns
the parts of such a word round either side of each stop and "@" in a Persian or Pashto line
("net.example.library@desk.help", "com.example.bookshop.www", ".K.U" for "U.K."), though the
bidi algorithm sets the whole word as one left-to-right run (a texts probe: every producer,
e-mails, web addresses and "U.N." in 25 of 42 documents). Left to right as they stand.
"""

from __future__ import annotations

from newsmon.parse.arabic import _ADDRESS_LATIN, _order_address_latin
from tests.pdfs import committed_source_and_lines

NAME = "libreoffice-latin-addresses"


class _Boxes(dict):
    def need(self, positions):
        pass


def _boxes(xs: list[float]) -> _Boxes:
    return _Boxes({i: (x, 0.0, x + 1.0, 1.0) for i, x in enumerate(xs)})


def test_every_line_as_the_source_has_it():
    source, lines = committed_source_and_lines(NAME)
    for line in source:
        assert line in lines


def test_the_words_whose_parts_are_put_in_order():
    """Candidates: ASCII parts joined by stops, "@", hyphens or slashes, a stop at either end;
    only one with an "@" or two stops is reordered."""
    found = [m.group() for text in ("به org.example@a.b بفرستید", "(.N.U OCHA)", "در af.example.www و")
             for m in _ADDRESS_LATIN.finditer(text)]
    assert found == ["org.example@a.b", ".N.U", "af.example.www"]
    for text in ("د UTF-8 متن", "۱۴۰۰/۶/۲۰", "fig.eps"):
        m = _ADDRESS_LATIN.search(text)
        assert m is None or ("@" not in m.group() and m.group().count(".") < 2)


def test_an_order_with_a_sign_at_the_edge_is_not_taken():
    """A sentence's stop that stands left of an address ends up at its edge: the word stays as
    pdfium gave it; a stop after single letters is the abbreviation's own."""
    text = "b.a@c."  # boxes: the sentence's stop leftmost, then c, @, a, ., b
    assert _order_address_latin(text, list(range(6)), _boxes([50, 40, 30, 20, 10, 0])) == (text, list(range(6)))
    assert _order_address_latin(".N.U", [0, 1, 2, 3], _boxes([30, 20, 10, 0])) == ("U.N.", [3, 2, 1, 0])
