"""LibreOffice's "أ" in SIL's Lateef: a cluster drawn raised, which pdfium reads as a line of its own.

LibreOffice draws an alef with a hamza above in Lateef as a cluster under an /ActualText of its
own, raised off the baseline; pdfium ends the line there, gives the "أ" as a line of its own and
the words drawn before it in the same line as the next one ("... از ۸" + "ی‌دهی، شکایت‌های ...",
then "أ", then " هزار محل ر" for "از ۸ هزار محل رأی‌دهی، شکایت‌های"): a probe of LibreOffice
documents in fonts the corpora never use (tools/corpus/probe_fonts.py --producer lo_odt). A part
of a line that pdfium read after it, standing between two of its characters on its baseline, or a
cluster of one letter inside its height, goes back where it stands (pdf._within_line,
pdf._inserted, also into a line already put together from pieces).

Most of this document is still read out of order: where a line holds several such clusters,
pdfium gives the words between them as lines of their own too, one under another, which no rule
puts back yet. The test holds the place that is read right now. The fixture is a probe document
made again without pictures by tools/corpus/probe_fixture.py (the corpus's own text).
"""

from __future__ import annotations

import json

from newsmon.parse.article import parse_pdf_article
from newsmon.sources import load_profile
from tests.pdfs import COMMITTED, committed_raw_text

NAME = "lo-odt-lateef-raised-alef-hamza"


def test_pdfium_reads_the_cluster_as_a_line():
    """The defect is pdfium's (so the test below can fail)."""
    raw = committed_raw_text(NAME, all_pages=True)
    assert "\r\nأ\r\n هزار محل ر\r\n" in raw


def test_the_words_around_the_cluster_read_in_place():
    truth = json.loads((COMMITTED / f"{NAME}.json").read_text(encoding="utf-8"))
    record = parse_pdf_article((COMMITTED / f"{NAME}.pdf").read_bytes(), url=truth["url"],
                               profile=load_profile("afgazad"))
    phrase = "از ۸ هزار محل رأی\u200cدهی، شکایت\u200cهای"
    assert phrase in truth["body_text"]
    assert phrase in record.body_text
