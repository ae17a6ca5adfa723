"""A couplet of verse set apart in its own line, followed by a paragraph (XeTeX: "{\\centering a
\\hspace{2.5em} b\\par}"). pdfium's boxes put the line 51 and 76 pt short of the edges of a
462 pt column: not centred as measured, and the text is ragged, where a short line alone tells
no paragraph's end. The paragraph after it was read as the couplet's: "... باد می‌برد با خود
برگزارکنندگان می‌گویند ...". A line of words that opens a block, short of both edges by more
than 8 % of the width, before a line that starts at the edge, ends its paragraph.

tests/data/pdfs/xetex-couplet-then-paragraph.pdf is the probe document v4611-xetex-fa
(`python -m tools.corpus.probe_texts --texts DIR --first-seed 4600`, with DIR holding
tools/corpus/probe_texts/fa-poetry-evening-herat.txt, a probe text, not a corpus text)."""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.document import parse_document
from newsmon.sources import load_profile

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "xetex-couplet-then-paragraph.pdf"
COUPLET = "دلم به شهر تو برگشت و کوچه‌ها خاموش هنوز نام تو را باد می‌برد با خود"


def test_the_paragraph_after_a_couplet_is_a_paragraph_of_its_own():
    record = parse_document(PDF.read_bytes(), url="https://www.afgazad.com/pdf/x.pdf", profile=load_profile("afgazad"))
    paragraphs = record.body_text.split("\n\n")
    assert COUPLET in paragraphs
    after = paragraphs[paragraphs.index(COUPLET) + 1]
    assert after.startswith("برگزارکنندگان می‌گویند") and after.endswith("پرداخت می‌کند.")
    # the couplets before it were read as lines of their own already, and stay so
    assert sum(1 for p in paragraphs if "می‌گوید" not in p and len(p.split()) <= 16) >= 3
