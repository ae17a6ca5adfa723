"""A couplet of verse set centred in a body of ragged text ends its block (layout._centred).

A poem quoted in an article stands on lines of its own, centred, its hemistichs apart. In
ragged text the room such a line leaves on either side did not tell a paragraph end (the next
paragraph's first word would fit in it), and the paragraph after the couplet was read as its
continuation: "دلم به شهر تو ... با خود برگزارکنندگان می‌گویند ...". A centred line, short of
both edges by about as much and by more than a full line may be, ends its block unless the next
line is centred with it.

tests/data/pdfs/libreoffice-body-couplet.pdf is the verse probe's document v4601-lo_odt-fa
(`python -m tools.corpus.probe_texts --out DIR --first-seed 4600 --per-producer 2`, the probe
text fa-poetry-evening-herat, LibreOffice from ODT, ragged body)."""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.article import parse_pdf_article
from newsmon.parse.layout import _centred
from newsmon.parse.pdf import Line
from newsmon.sources import load_profile

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "libreoffice-body-couplet.pdf"


def test_the_paragraph_after_a_couplet_is_a_paragraph_of_its_own():
    record = parse_pdf_article(PDF.read_bytes(), url="https://www.afgazad.com/x.pdf", profile=load_profile("afgazad"))
    paragraphs = record.body_text.split("\n\n")
    couplet = next(p for p in paragraphs if p.startswith("دلم به شهر تو برگشت"))
    assert couplet.endswith("باد می‌برد با خود")
    assert any(p.startswith("برگزارکنندگان می‌گویند") for p in paragraphs)


def _line(x0: float, x1: float) -> Line:
    return Line("text", 1, x0, x1, 700.0, 690.0, 692.0, 12.0, False, False, 0.0)


def test_a_justified_line_a_little_short_is_no_centred_line():
    edges = (62.8, 530.2)
    assert _centred(_line(125.7, 467.3), edges)  # a couplet: 63 pt short of each edge
    assert not _centred(_line(65.9, 527.4), edges)  # a justified line 3 pt short of each
    assert not _centred(_line(100.0, 530.2), edges)  # an indented first line
