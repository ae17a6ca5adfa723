"""Clusters LibreOffice draws as two glyphs under one /ActualText (heh with a hamza above, alef
with madda), read back in order.

LibreOffice draws "هٔ" in SIL's Harmattan (and Lateef) as a heh and a hamza glyph, both marked
with one /ActualText. pdfium then gives the cluster's text once at each glyph (a copy at the
raised hamza, read as a word of its own at the line's start: "هٔ چهار ماه"), reads the word
that ends in it left to right ("هجیتنٔ" for "نتیجهٔ", "هرابردٔ" for "دربارهٔ", and the word
before a cluster too: "اوه آماده" for "هوا آماده"), leaves out the word space after it
("هفتهٔآینده"), and took a page that opens with such a word for one whose runs all stand
left to right (LuaTeX's), putting ZWNJs and spaces all through it. Found by a probe of fonts the
corpora never use (tools/corpus/probe_fonts.py): 5 of 32 documents.

libreoffice-harmattan-hamza-clusters.pdf is written by LibreOffice (soffice --headless
--convert-to pdf) from libreoffice-harmattan-hamza-clusters.fodt (the corpus's LibreOffice
styles, Harmattan, Dari sentences written for this test; the first opens with "نتیجهٔ").
"""

from __future__ import annotations

from tests.pdfs import committed_raw_text, committed_source_and_lines

NAME = "libreoffice-harmattan-hamza-clusters"


def test_the_text_reads_as_typed():
    source, lines = committed_source_and_lines(NAME)
    assert lines[-1] == "- 1 -"  # the page number: every other line is body text
    assert " ".join(lines[:-1]) == " ".join(source)


def test_pdfium_reads_the_clusters_astray():
    """The defects are pdfium's (so the test above can fail): its raw text has them."""
    raw = committed_raw_text(NAME)
    assert raw.startswith("هجیتن\u0654 ")
    assert "اوه آماده" in raw
    assert "هتفه\u0654آینده" in raw


def test_the_mark_copy_is_left_out():
    """The hamza's copy of "هٔ" pdfium read first on the line of "(ECC)" goes; the heh's copy,
    read after "ECC", goes back after "نتیج", which pdfium gave as a line of its own."""
    _, lines = committed_source_and_lines(NAME)
    line = next(line for line in lines if "ECC" in line)
    assert line.endswith("(ECC) هنوز نتیجهٔ")
    assert not line.startswith("هٔ")
