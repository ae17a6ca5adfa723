"""A word pdfium read first, as a line of its own, where an ezafe kasra drawn apart split its line.

libreoffice-dari-kasra-piece.pdf is a probe document (tools.corpus.probe_texts, the text
fa-carpet-weavers, LibreOffice .odt, seed 4600). pdfium reads the line "بچه‌هایم است.» بافتن
یک قالینِ شش‌متری (۲ در ۳ متر) ..." in three pieces: " ششمتری ", the rest of the line, and
the kasra of "قالینِ" last. A piece of marks alone between others was the sign of a line read
out of order; read last it is as well (the same layout drew "شش‌متری" before "بچه‌هایم" on
another seed, 4700).
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.article import parse_pdf_article
from newsmon.sources import load_profile

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "libreoffice-dari-kasra-piece.pdf"


def test_the_word_read_first_stands_where_it_is_drawn():
    body = parse_pdf_article(PDF.read_bytes(), url="https://www.afgazad.com/pdf/x.pdf",
                             profile=load_profile("afgazad")).body_text
    assert "فردای بچه‌هایم است.» بافتن یک قالینِ شش‌متری (۲ در ۳ متر) نزدیک به چهار ماه" in body
