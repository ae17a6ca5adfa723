"""A Dari date printed in a font that maps its glyphs to the Arabic letters.

xetex-nazli-header.pdf is typeset by XeTeX/xepersian from xetex-nazli-header.tex in Nazli, whose
glyphs map to Arabic yeh, alef maksura and kaf: pdfium reads "۲ ميزان ۱۳۹۸" for "۲ میزان ۱۳۹۸"
(seen in a fresh XeTeX probe document). The month is the same month; the record writes the
date as printed with the language's letters, as it writes the other fields.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsmon.parse.dates import find_date, parse_date
from newsmon.parse.document import parse_document
from newsmon.sources import load_profile

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "xetex-nazli-header.pdf"


def test_month_names_with_arabic_letters():
    assert parse_date("۲ ميزان ۱۳۹۸") == dt.date(2019, 9, 24)
    assert parse_date("۱۰ جدى ۱۳۹۸") == parse_date("۱۰ جدی ۱۳۹۸")
    assert parse_date("۵ شهريور ۱۳۹۹") == parse_date("۵ شهریور ۱۳۹۹")
    found = find_date("۲ ميزان ۱۳۹۸ نوشته: نجيب\u200cالله كريمى")
    assert found is not None and found.date == dt.date(2019, 9, 24)


def test_the_header_of_a_page_in_nazli():
    record = parse_document(PDF.read_bytes(), url="https://afgazad.com/x.pdf", profile=load_profile("afgazad"))
    assert record.published_date == dt.date(2019, 9, 24)
    assert record.published_date_raw == "۲ میزان ۱۳۹۸"
    assert record.author == "نجیب\u200cالله کریمی"
    assert record.title == "بازار زغال و چوب؛ زمستان گران"
    assert record.body_text.startswith("با سرد شدن هوا")
