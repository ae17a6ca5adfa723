"""Chromium with SIL's Lateef: word spaces that move the pen 0.114 em (arabic.SPACE_ADVANCE_EM is
0.15) and leave less ink gap than that (Lateef's "ر" reaches under the next word: 0.05 em), which
pdfium misses ("کم‌آبی درکابل؛" for "کم‌آبی در کابل؛"). pdf._narrow_space measures the page's word
space at the spaces pdfium made up, and where it is narrow, arabic._pen_marks tells a missed one
by the pen alone (a probe of fonts the corpora never use: tools/corpus/probe_fonts.py --font Lateef
--font Harmattan --producer chromium_clean, seeds 4300-4399; the fixture is a probe document made
again by tools/corpus/probe_fixture.py, the corpus's own text).

Left (the body of the same document, on its second page): pdf._spaces judges the page by its first
plain space, a caption's that Lateef-Bold draws as a glyph, so the page counts as one that draws its
spaces, and its body lines get no look for a missed one ("ناچارندآب", "سال۱۳۸۰", "گزارش‌آمده").
"""

from __future__ import annotations

from tests.pdfs import committed_probe, committed_raw_text

NAME = "chromium-lateef-narrow-spaces"


def test_pdfium_misses_the_title_s_word_space():
    """The defect is pdfium's (so the test below can fail)."""
    assert "کمآبی درکابل؛ چاهها خشک" in committed_raw_text(NAME)


def test_the_title_keeps_its_word_spaces():
    truth, record = committed_probe(NAME)
    assert truth["title"] == "کم\u200cآبی در کابل؛ چاه\u200cها خشک می\u200cشوند و شهر تشنه\u200cتر می\u200cشود"
    assert record.title == truth["title"]
