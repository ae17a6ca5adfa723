"""LibreOffice's word-final heh in SIL's Harmattan: a cluster of its own, read where it stands.

LibreOffice draws a word's final heh in Harmattan (with a hamza above or a shadda, or where
justification stretched the join before it) as a glyph cluster under an /ActualText of its own,
a text object apart, and pdfium goes astray around it in four ways, each found by a probe of
fonts the corpora never use (tools/corpus/probe_fonts.py, 6 of 65 documents):

- it reads the word left to right, as its glyphs stand ("هاگتسد" for "دستگاه", "هب" for "به":
  pdf._turned_cluster_words, now looked for in a word with a heh too, also at the end of one of
  pdfium's pieces of a line: "بِ هزات" + "ما کتا" for "«ما کتابِ تازه"); and a hamza above before
  the heh ("مجموعٔه": arabic._hamza_onto_final_heh);
- LibreOffice draws the words before such a cluster as an object of their own, which pdfium
  reads as the next line ("(IEC) هٔ نهایی را", then "هنوز نتیج": pdf._inserted), or the words
  after a heh under a shadda last in the line ("قرآن مذ . ... هّب دیده می‌شود": _SHADDA_OPENING);
- a justified line's stretched join before the heh gets a space pdfium makes up between the two
  objects ("مقایس ه": pdf._stretched_before_lone_heh) or a gap read as a ZWNJ ("مرحل‌هٔ":
  arabic.FINAL_HEH_AFTER_JOIN, no word ends in a ZWNJ and a heh);
- a kashida stroke (Word's .docx) that pdfium reads before a bracket ("IEC \\")هنوز": the
  strokes looked for by arabic._drop_bracket_strokes).

The fixtures are probe documents made again without pictures by tools/corpus/probe_fixture.py
(the corpus's own texts; each JSON holds the recipe and the truth the generator wrote).
"""

from __future__ import annotations

import pytest

from newsmon.parse import pdf
from tests.pdfs import committed_probe, committed_raw_text

FIXTURES = {
    "lo-docx-harmattan-final-heh": ("هاگتسد", "هریخذ", "هّب دی>هد"),
    "lo-docx-harmattan-split-cluster-words": ('IEC ")هٔ', 'EU ")و'),
    "lo-docx-harmattan-turned-across-pieces": ("بِ هزات", "مجموعٔه"),
    "lo-odt-harmattan-final-heh-joins": ("نزدیک هب", "مقایس ه", "هلحرمٔ"),
}



@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_pdfium_reads_the_clusters_astray(name: str):
    """The defects are pdfium's (so the test below can fail): its raw text has them."""
    raw = committed_raw_text(name, all_pages=True)
    for defect in FIXTURES[name]:
        assert defect in raw, defect


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_the_article_reads_as_written(name: str):
    truth, record = committed_probe(name)
    assert record.body_text == truth["body_text"]
    assert (record.title, record.author, record.published_date.isoformat(), record.section) \
        == (truth["title"], truth["author"], truth["published_date"], truth["section"])


def test_no_zwnj_before_a_final_heh():
    """The gap in the stretched join before "هٔ" is no ZWNJ; the ZWNJs before "ها" stay."""
    _, record = committed_probe("lo-odt-harmattan-final-heh-joins")
    assert "مرحلهٔ دوم" in record.body_text and "\u200cهٔ" not in record.body_text
    assert "مرحله\u200cهای" in record.body_text


def test_python_reads_find_the_same(monkeypatch: pytest.MonkeyPatch):
    """Without the compiled helper the same reads from Python give the same text."""
    compiled = {name: committed_probe(name)[1].body_text for name in FIXTURES}
    monkeypatch.setattr(pdf, "_NATIVE", None)
    assert {name: committed_probe(name)[1].body_text for name in FIXTURES} == compiled


@pytest.mark.parametrize(("read", "meant"), [
    ("مجموعٔه ۱۲۰۰", "مجموعهٔ ۱۲۰۰"),  # the hamza read before the heh it stands on
    ("مجموعهٔ ۱۲۰۰", "مجموعهٔ ۱۲۰۰"),  # already in place
    ("خانهٔ او", "خانهٔ او"),
    ("بازیٔه", "بازیٔه"),  # a yeh takes a hamza above: left as read
    ("مسٔله", "مسٔله"),  # not a word's final heh (a letter follows)
])
def test_a_hamza_read_before_a_final_heh(read: str, meant: str):
    from newsmon.parse.arabic import _hamza_onto_final_heh

    chars, order = _hamza_onto_final_heh(read, list(range(len(read))))
    assert chars == meant
    assert sorted(order) == list(range(len(read))) and "".join(read[k] for k in order) == meant


@pytest.mark.parametrize(("word", "turned"), [
    ("هاگتسد", True),  # "دستگاه" read from its final heh
    ("اوه", True),  # "هوا" read from its final alef (Lateef)
    ("لحِ", True),  # "حلِ" read from the kasra's letter, the kasra after the letters
    ("از", True),  # an alef before a letter that joins no next one: looked at (its boxes tell)
    ("این", False),
    ("کتاب", False),
])
def test_words_looked_at_as_turned_from_a_final_cluster(word: str, turned: bool):
    assert pdf._opens_turned(word) is turned
