"""LibreOffice's final alef in SIL's Lateef: a cluster of its own, its word read turned.

LibreOffice draws a word's final alef in Lateef (after a letter that joins no next one: "هوا",
"را") as a glyph cluster under an /ActualText of its own, a text object apart, and pdfium reads
the word, or its part up to the alef, left to right as its glyphs stand: "اوه" for "هوا", "ار"
for "را", "ارک" + "یهٔ" for "کرایهٔ", "اوناخ" + "دهٔ" for "خانوادهٔ" (a probe of LibreOffice
documents in fonts the corpora never use, tools/corpus/probe_fonts.py --producer lo_odt: 2 of 17
documents). pdf._turned_cluster_words looks at a word that opens with such an alef (before a
letter that joins no next one) in a line of several text objects (pdf._HEH_FIRST_WORD).

The fixture is a probe document made again without pictures by tools/corpus/probe_fixture.py
(the corpus's own text; the JSON holds the recipe and the truth the generator wrote).

Its three other defects are mended too (pdf._without_spaces_made_up_in_words, pdf._spaced_alefs):
pdfium makes a space up between the cluster's object and the run of the word's other letters
("وا بسته" for "وابسته"), and none where a word's first alef is such a cluster, after the word
before it ("۶۰۰افغانی", "کرایهٔانتقال").
"""

from __future__ import annotations

from tests.pdfs import committed_probe, committed_raw_text

NAME = "lo-odt-lateef-final-alef"
TURNED = {" اوه،": " هوا،", " ار ": " را ", " ارک ": " کرایهٔ ", " اوناخ ": " خانوادهٔ "}  # (whole words)


def _body() -> tuple[str, str]:
    truth, record = committed_probe(NAME)
    return truth["body_text"], record.body_text


def test_pdfium_reads_the_words_turned():
    """The defect is pdfium's (so the test below can fail)."""
    raw = committed_raw_text(NAME, all_pages=True)
    for turned in TURNED:
        assert turned in raw, turned


def test_the_words_read_right():
    truth, body = _body()
    for turned, word in TURNED.items():
        assert word.strip() in truth and word.strip() in body, word
        assert turned not in body, turned
    assert body.count(" را ") == truth.count(" را ")
    assert body.count("خانوادهٔ") == truth.count("خانوادهٔ")


def test_pdfium_reads_the_spaces_wrong():
    """The defects are pdfium's (so the test below can fail): a space inside "وابسته" (its
    alef, a cluster, read first), none before "افغانی" and "انتقال"."""
    raw = committed_raw_text(NAME, all_pages=True)
    assert "او ٔ بسته" in raw
    assert "۶۰۰افغ" in raw
    assert "ٔیهانتقال" in raw


def test_the_spaces_read_right():
    truth, body = _body()
    for phrase in ("چوب وابسته باشند", "به ۶۰۰ افغانی رسیده", "گرانی کرایهٔ انتقال،"):
        assert phrase in truth, phrase
        assert phrase in body, phrase
    assert body == truth
