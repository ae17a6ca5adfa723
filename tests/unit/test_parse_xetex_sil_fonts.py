"""XeTeX (xdvipdfmx) with SIL's Harmattan: a caption read in pieces, and the marks SIL's fonts
draw over "الله" (a probe of fonts the corpora never use: tools/corpus/probe_fonts.py --font Lateef
--font Harmattan --producer xetex --producer chromium_clean, seeds 4300-4399; the fixtures are
probe documents made again by tools/corpus/probe_fixture.py, the corpus's own text):

- xetex-harmattan-hamza-line-pieces: pdfium reads the caption "نمایندهٔ ویژهٔ امریکا پس از ..." as
  pieces at each raised hamza ("امریکا پس از ..." + "ٔ" + "ویژه" + "ٔ" + "نماینده"), and makes up
  no word space where two pieces meet (XeTeX draws no space glyph: pdfium makes each one up from a
  gap inside a text object): "نمایندهٔویژهٔامریکا". pdf._spaced_joints puts one where the pieces
  stand a word space apart.
- xetex-harmattan-allah-marks: SIL's fonts draw "الله" with a shadda and a superscript alef over the
  second lam, glyphs that XeTeX maps to U+0651 U+0670: the byline "حمیدالله شینواری" read
  "حمیداللّٰه". text.normalize_text drops that pair of marks in that word.
- xetex-lateef-spaces-between-objects: where one text object ends and the next begins (Lateef
  beside Liberation Serif's "R", "G", "B"; a raised hamza drawn as an object of its own), pdfium
  takes Lateef's narrow word space for none: "رنگیR، G وBثبت", the title "کتابخانهدیجیتال".
  pdf._spaces_at_font_changes puts one where the pen moved on between the two objects as a space
  moves it (inside a word it does not move on at all).
"""

from __future__ import annotations

from newsmon.parse.text import normalize_text
from tests.pdfs import committed_probe, committed_raw_text


def test_pdfium_reads_the_caption_in_pieces():
    """The defect is pdfium's (so the test below can fail)."""
    raw = committed_raw_text("xetex-harmattan-hamza-line-pieces", all_pages=True)
    assert "امریکا پس از یک دور گفتگو با خبرنگاران سخن می گوید\r\nٔ\r\nویژه\r\nٔ\r\nنماینده\r\n" in raw


def test_the_caption_keeps_its_word_spaces():
    truth, record = committed_probe("xetex-harmattan-hamza-line-pieces")
    caption = "نمایندهٔ ویژهٔ امریکا پس از یک دور گفتگو با خبرنگاران سخن می\u200cگوید"
    assert caption in truth["captions"]
    assert record.captions == truth["captions"]
    assert record.body_text == truth["body_text"]


def test_pdfium_reads_the_marks_of_allah():
    """The defect is pdfium's (so the test below can fail)."""
    raw = committed_raw_text("xetex-harmattan-allah-marks", all_pages=True)
    assert "حمیدالل\r\n" in raw and "\r\n\u0670\u0651ه شینواری\r\n" in raw


def test_the_byline_reads_as_typed():
    truth, record = committed_probe("xetex-harmattan-allah-marks")
    assert truth["author"] == "حمیدالله شینواری"
    assert record.author == truth["author"]


def test_normalize_text_drops_the_marks_the_font_draws_over_allah_only():
    assert normalize_text("حمیدا\u0644\u0644\u0670\u0651ه") == "حمیدالله"  # (either order: NFC sorts them)
    assert normalize_text("عبدا\u0644\u0644\u0651\u0670ه کریمی") == "عبدالله کریمی"
    assert normalize_text("الل\u0651ه") == "الل\u0651ه"  # a shadda alone: typed, kept
    assert normalize_text("عل\u0651\u0670ه") == "عل\u0651\u0670ه"  # not the word's two lams


def test_spaces_pdfium_misses_between_two_objects_are_put_back():
    name = "xetex-lateef-spaces-between-objects"
    raw = committed_raw_text(name, all_pages=True)
    truth, record = committed_probe(name)
    for glued, spaced in (("رنگیR، G وBثبت", "رنگی R، G و B ثبت"), ("حافظهفرهنگی", "حافظهٔ فرهنگی")):
        assert glued in raw  # pdfium's defect (so that the test can fail)
        assert spaced in truth["body_text"]
        assert spaced in record.body_text, spaced
    assert "کتابخانهدیجیتال" in raw
    assert record.title == truth["title"] == "کتابخانهٔ دیجیتال هرات؛ نسخه\u200cهای خطی در برابر زمان"
    assert "قرآن" in record.body_text  # (the madda's own object: no space made up inside the word)
