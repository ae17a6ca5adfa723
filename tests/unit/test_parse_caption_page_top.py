"""A paragraph whose page ends in a full line seems to go on on the next page; there XeTeX set
a picture first, and its caption under it, in the body's size (\\footnotesize over a 10 pt body):
the caption became the paragraph's next line, and the paragraph's rest a paragraph of its own.
A picture between two lines parts them; the paragraph is whole again once the caption is out.

tests/data/pdfs/xetex-caption-under-page-top-picture.pdf is the layout probe's document
v2243-xetex-fa (`python -m tools.corpus.probe_layout --out DIR --first-seed 2200 --only
v2243-xetex-fa`; a dev text, Dari, Nazli 10 pt)."""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.article import parse_pdf_article
from newsmon.parse.text import normalize_text
from newsmon.sources import load_profile

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "xetex-caption-under-page-top-picture.pdf"


def test_a_caption_under_a_picture_that_opens_a_page_is_no_paragraph_line():
    record = parse_pdf_article(PDF.read_bytes(), url="https://www.afgazad.com/pdf/x.pdf",
                               profile=load_profile("afgazad"))
    captions = [normalize_text(c) for c in record.captions]
    assert len(captions) == 2 and captions[1].startswith("بوجی") and captions[1].endswith("میدان هوایی")
    assert not any("زغال سنگ در کنار جادهٔ" in p for p in normalize_text(record.body_text).split("\n\n"))
