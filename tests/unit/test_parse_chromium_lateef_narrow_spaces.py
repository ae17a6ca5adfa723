"""Chromium with SIL's Lateef: word spaces that move the pen 0.114 em (arabic.SPACE_ADVANCE_EM is
0.15) and leave less ink gap than that (Lateef's "ر" reaches under the next word: 0.05 em), which
pdfium misses ("کم‌آبی درکابل؛" for "کم‌آبی در کابل؛"). pdf._narrow_space measures the page's word
space at the spaces pdfium made up, and where it is narrow, arabic._pen_marks tells a missed one
by the pen alone (a probe of fonts the corpora never use: tools/corpus/probe_fonts.py --font Lateef
--font Harmattan --producer chromium_clean, seeds 4300-4399; the fixture is a probe document made
again by tools/corpus/probe_fixture.py, the corpus's own text).

The body of the same document: Lateef-Regular's word spaces are glyphs (the page "draws" them, see
pdf._spaces), but Chromium draws the space before a number, or before an alef with madda that Lateef
sets as an object of its own, as a text object with no text, which pdfium leaves out ("ناچارندآب",
"سال2030", "سال۱۳۸۰"): pdf._spaces_drawn_apart puts each back where such an object stands in the gap.

Two more documents of the same probe (seeds 4328 and 4385): a page whose masthead, in Lateef-Bold,
has spaces pdfium makes up while its body draws them, judged by most of its spaces
(arabic.plain_spaces_sampled), a pull quote whose spaces pdfium misses, known by its letters
(layout._repeats_letters); and, where the page draws none, a missed space after an Arabic comma
(arabic._UNJOINED).
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


def test_the_body_keeps_the_spaces_drawn_as_objects_with_no_text():
    raw = committed_raw_text(NAME, all_pages=True)
    truth, record = committed_probe(NAME)
    for glued, spaced in (("ناچارندآب", "ناچارند آب"), ("سال2030", "سال 2030"), ("سال۱۳۸۰", "سال ۱۳۸۰"),
                          ("گزارشآمده", "گزارش آمده"), ("جامعآب", "جامع آب")):
        assert glued in raw  # pdfium's defect (so that the test can fail)
        assert spaced in truth["body_text"]
        assert spaced in record.body_text, spaced
    assert record.body_text == truth["body_text"]


def test_a_page_whose_masthead_draws_no_spaces_is_judged_by_its_body():
    name = "chromium-lateef-pull-quote-spaces"
    raw = committed_raw_text(name, all_pages=True)
    truth, record = committed_probe(name)
    assert "په2018" in raw and "په 2018" in truth["body_text"]
    assert "په 2018" in record.body_text


def test_a_pull_quote_whose_spaces_pdfium_missed_is_known_by_its_letters():
    name = "chromium-lateef-pull-quote-spaces"
    raw = committed_raw_text(name, all_pages=True)
    truth, record = committed_probe(name)
    assert "زموږځمکه" in raw  # the quote, as pdfium reads it
    assert record.body_text.count("زموږ") == truth["body_text"].count("زموږ") == 1
    assert "زموږ ځمکه تږې ده" in record.body_text


def test_a_missed_space_after_an_arabic_comma_is_put_back():
    name = "chromium-lateef-comma-spaces"
    raw = committed_raw_text(name, all_pages=True)
    truth, record = committed_probe(name)
    for glued, spaced in (("هرات،چند", "هرات، چند"), ("آنان،حفظ", "آنان، حفظ")):
        assert glued in raw
        assert spaced in truth["body_text"]
        assert spaced in record.body_text, spaced


def test_a_bold_title_s_spaces_are_told_by_its_own_pen_offset():
    """Chromium draws these titles in Lateef-Bold (or Lateef by a thicker outline) and pdfium gives
    each glyph an advance 0.18 em wider than the pen moves: inside every word the pen goes back
    4.1 pt (at 23 pt), and only 1.5 pt at a missed space ("بزګران؛کله", "باراننهاوري": a line of
    no space pdfium made up, read by the offset its page showed at its size), so a space looked
    like nothing and a ZWNJ's gap like a ZWNJ (arabic._pen_offset)."""
    for name, glued in (("chromium-lateef-pull-quote-spaces", ("بزګران؛کله", "باراننهاوري")),
                        ("chromium-lateef-comma-spaces", ("کتابخانهٔ دیجیتال هرات",))):
        raw = committed_raw_text(name)
        truth, record = committed_probe(name)
        for words in glued:
            if " " not in words:
                assert words in raw  # pdfium's defect (so that the test can fail)
        assert record.title == truth["title"], name
    _, record = committed_probe("chromium-lateef-pull-quote-spaces")
    assert record.title == "وچکالي او بزګران؛ کله چې باران نه اوري"


def test_a_missed_space_before_a_bracket_or_guillemet_is_put_back():
    """Chromium with SIL's Lateef: the space before "(FAO)" is drawn as an object with no text
    (the page draws its spaces: pdf._spaces_drawn_apart, pdf._GLUED_BRACKET), and on a page whose
    spaces pdfium makes up the narrow one before "«هیچ" is missed (arabic._UNJOINED: a letter
    before a bracket or guillemet; the pen tells). Seeds 4328 and 4391 of the probe."""
    raw = committed_raw_text("chromium-lateef-pull-quote-spaces", all_pages=True)
    assert "سازمان)FAO )خبرداری" in raw
    _, record = committed_probe("chromium-lateef-pull-quote-spaces")
    assert "او کرنې سازمان (FAO) خبرداری ورکړی" in record.body_text
    name = "chromium-lateef-guillemet-space"
    assert "او»هیچ" in committed_raw_text(name, all_pages=True)
    truth, record = committed_probe(name)
    assert "به گفتهٔ او «هیچ رأیی بدون" in truth["body_text"]
    assert "به گفتهٔ او «هیچ رأیی بدون" in record.body_text
