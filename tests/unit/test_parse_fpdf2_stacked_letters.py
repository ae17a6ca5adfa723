"""fpdf2 (HarfBuzz shaping) sets some letters of a Dari word one over the next: in Noto Naskh
Arabic the initial heh of "هجری" stands over the jeem after it, the two glyphs' boxes one inside
the other (their middles 0.4 points apart). pdfium reads the word as written; the parser's
search for words pdfium turned round (pdf._turned_cluster_words: a word opening with a heh may be
one read left to right at a cluster of its last letter, "هاگتسد" for "دستگاه") took the two
letters for a turned part and printed "جهری". A page's first turned word with no cluster in it
is turned whole, never in part.

The fixture is a probe of a producer the corpus does not use (tools/corpus/probe_new.py,
fpdf2, seed 9585) made again by tools/corpus/probe_fixture.py; its JSON holds the recipe and
the truth the generator wrote.
"""

from __future__ import annotations

from tests.pdfs import committed_probe, committed_raw_text

NAME = "fpdf2-fa-letters-set-one-over-another"
CAPTION = "یک نسخهٔ خطی سدهٔ دهم هجری در کتابخانهٔ هرات"


def test_pdfium_reads_the_stacked_word_as_written():
    raw = committed_raw_text(NAME, all_pages=True)
    assert "دهم هجری در" in raw and "جهری" not in raw


def test_a_word_whose_first_letters_stand_one_over_the_other_is_not_turned():
    truth, record = committed_probe(NAME)
    assert truth["captions"] == [CAPTION]
    assert record.captions == [CAPTION]
    assert record.body_text == truth["body_text"]
