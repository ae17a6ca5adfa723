"""A dash between two words that pdfium's reading order sent elsewhere in the line.

lo-odt-separator-dashes.pdf is a probe document (`python -m tools.corpus.probe_texts`, the
text ps-cricket-ground-helmand, LibreOffice from ODT, Amiri). Its byline and date share a line
with a dash between them ("لیکوال: نجیب‌الله ستانکزی - ۲۱ غبرګولی ۱۳۹۹"), and a list in a
justified paragraph puts a dash before each item. pdfium's text has the byline's dash inside
the name, where the ZWNJ of "نجیب‌الله" is ("نجیب - اهلل ستانکزی"), and the last item's dash
after the word before it. Each dash's box stands in the word gap where it belongs, a word
space either side: there it goes, " - ", and the name is one word again.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.document import parse_document
from newsmon.parse.pdf import read_pdf
from newsmon.sources import load_profile

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "lo-odt-separator-dashes.pdf"


def test_the_document_still_shows_the_defect():
    raw = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(PDF))
    assert "نجیب - اهلل ستانکزی" in raw and "ځمکهساتو - )groundsmen" in raw


def test_a_bylines_dash_stands_between_the_name_and_the_date():
    record = parse_document(PDF.read_bytes(), url="https://afgazad.com/x.pdf", profile=load_profile("afgazad"))
    assert record.author == "نجیب\u200cالله ستانکزی"


def test_a_list_dash_goes_back_before_its_item():
    lines = [line.text for line in read_pdf(PDF.read_bytes()).lines]
    line = next(line for line in lines if "groundsmen" in line)
    assert "اوړي؛ - د روزل شویو ځمکه\u200cساتو (groundsmen) نشتوالی." in line
