"""A compound whose first part is a dotted abbreviation, broken at its hyphen at a line's end
("U.N.-" then "Kulturorganisation"), joins without a space, as "Nord-" "Süd" does.

join_lines joined a line-end hyphen only after a letter or a digit: "U.N.- Kulturorganisation"
(a second texts probe, de-buchmesse-kabul: LibreOffice from DOCX and Chromium).
tests/data/pdfs/libreoffice-german-abbreviation-hyphen.pdf is that probe's v4901-lo_docx-de.
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.article import parse_pdf_article
from newsmon.parse.layout import join_lines
from newsmon.sources import load_profile

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"


def test_the_compound_reads_as_typed():
    record = parse_pdf_article((PDFS / "libreoffice-german-abbreviation-hyphen.pdf").read_bytes(),
                               url="https://www.afgazad.com/x.pdf", profile=load_profile("afgazad"))
    assert "die U.N.-Kulturorganisation UNESCO." in record.body_text.replace("\n", " ")


def test_only_an_abbreviation_before_the_hyphen():
    assert join_lines(["der Titel Dr.-", "Ing. wird"]) == "der Titel Dr.-Ing. wird"
    # a sentence's stop, a number's: the space stays
    assert join_lines(["am Ende.-", "Text"]) == "am Ende.- Text"
    assert join_lines(["۲.-", "د"]) == "۲.- د"
