"""Numbers in Arabic-Indic digits that pdfium reads in pieces in a LibreOffice line justified
with kashidas (the texts probe's v4766-lo_odt-ps, Pashto, committed as
tests/data/pdfs/libreoffice-kashida-signed-numbers.pdf; `python -m tools.corpus.probe_texts`):

- a score "۶۲/۵" with its comma after it, read "۵/ ،۶۲" (the part right of the slash first,
  a space of no width made up) is one number again;
- a percent sign read after the bracket that closes its number, ")۸۹ (٪ ،" for "(۸۹٪)،", goes
  back to the number (see arabic._seat_letters_before_brackets);
- a lone bracket against a number's percent sign (")٪۶۳ او ګربز ( )۶۶") goes beside the number.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from newsmon.parse.article import parse_pdf_article
from newsmon.sources import load_profile
from tests.pdfs import COMMITTED

DATA = (COMMITTED / "libreoffice-kashida-signed-numbers.pdf").read_bytes()


def _raw() -> str:
    document = pdfium.PdfDocument(DATA)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _body() -> str:
    return parse_pdf_article(DATA, url="https://www.afgazad.com/x.pdf", profile=load_profile("afgazad")).body_text


def test_a_score_read_in_two_pieces_is_one_number():
    assert "۵/ ،۶۲" in _raw()
    assert "ریاضي ۶۲/۵، فزیک ۵۸/۷، کیمیا ۶۴،" in _body()


def test_percent_signs_and_brackets_go_back_to_their_numbers():
    raw = _raw()
    assert ")۸۹ (٪ ،" in raw and "ګربز ( )۶۶ (٪" in raw
    body = _body()
    assert "په مرکز (۸۹٪)، متون" in body and "په سپېره (۶۳٪) او ګربز (۶۶٪) کې." in body
