"""A word ending in a letter with a kasra that pdfium read left to right reads right to left
again (pdf._turned_cluster_words, looked for around a kasra too).

LibreOffice draws a letter with a kasra in SIL's Harmattan as two glyphs under one /ActualText
(as "هٔ", see test_parse_harmattan_hamza_clusters), and pdfium gives the word that ends in it
in the order its glyphs stand, left to right: "«تایلکِ»" for "«کلیاتِ»", "«ناویدِ حافظ»" for
"«دیوانِ حافظ»" in a document of a probe of fonts the corpora never use
(tools/corpus/probe_fonts.py). The words were looked for around a hamza above or an alef with
madda only.

libreoffice-harmattan-kasra-words.pdf is written by LibreOffice (soffice --headless --convert-to
pdf) from libreoffice-harmattan-kasra-words.fodt (the corpus's LibreOffice styles, Harmattan,
DejaVu Serif for Latin letters, Pashto sentences written for this test).
"""

from __future__ import annotations

from tests.pdfs import committed_raw_text, committed_source_and_lines

NAME = "libreoffice-harmattan-kasra-words"


def test_pdfium_reads_the_words_left_to_right():
    """The defect is pdfium's (so the test below can fail): its raw text has the words turned."""
    raw = committed_raw_text(NAME)
    assert "تایلکِ" in raw
    assert "خیراتِ" in raw


def test_the_text_reads_as_typed():
    source, lines = committed_source_and_lines(NAME)
    assert lines[-1] == "- 1 -"  # the page number: every other line is body text
    assert lines[:-1] == source
