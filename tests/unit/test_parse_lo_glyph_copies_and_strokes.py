"""LibreOffice in SIL's fonts: a cluster's copy opening a line, a raised hamza in a caption, and a
kashida stroke mapped to a line feed (probes of LibreOffice documents in fonts the corpora never
use: tools/corpus/probe_fonts.py --font Lateef --font Harmattan, seeds 2260-2559 and 3900-4199).
Each fixture is a probe document made again by tools/corpus/probe_fixture.py (the corpus's own
text; the JSON holds the recipe and the truth the generator wrote):

- lo-odt-harmattan-allah-byline: Harmattan's "الله" in the byline "لیکوال: حمیدالله شینواری" is
  drawn with a raised lam that pdfium gives twice, once opening the line ("ل ۱۴ لیندۍ ۱۳۹۸ له
  شینواری", its baseline pulled up) and the words before it as the next line ("لیکوال:
  حمیدال"); title, byline and date were lost and the record quarantined. The copy goes
  (pdf._without_mark_copies: a letter alone opening a line, small, over the same letter), and
  the part read after its line goes where it stands (pdf._rejoin_split_lines, pdf._inserted).
- lo-odt-lateef-clusters-captions: a caption with Lateef's raised "أ" ("أی در کابل" read before
  "کارمندان ... اوراق ر"): the hamza's box overhangs the letter before it, so the two parts
  seemed to reach into each other and stayed as read (pdf._positional_order measures the part
  by its letters); and a line's part read before the line it stands in ("ی در سه ... مرحله‌های"
  before "... که هر رأ A، B و C.").
- lo-docx-lateef-line-feed-strokes: LibreOffice's subset of Lateef maps its kashida glyph to a
  line feed ("ځ\\nای" for "ځای" in a justified Pashto line), which ended the line inside the word:
  pdf._drawn_line_feeds_as_tabs makes it a blank that arabic._drop_kashidas tells by its ink.
  "(ACCI )" and "له2.5" (a stroke beside a bracket, a number): test_parse_lo_sil_strokes_and_copies.py.
"""

from __future__ import annotations

from tests.pdfs import committed_probe, committed_raw_text


def test_pdfium_reads_the_allah_cluster_apart():
    """The defect is pdfium's (so the test below can fail)."""
    raw = committed_raw_text("lo-odt-harmattan-allah-byline", all_pages=True)
    assert "\r\nل ۱۴ لیندۍ ۱۳۹۸ له شینواری\r\nلیکوال: حمیدال\r\n" in raw


def test_the_header_with_the_allah_cluster_reads_right():
    truth, record = committed_probe("lo-odt-harmattan-allah-byline")
    assert truth["author"] == "حمیدالله شینواری"
    for field in ("title", "author", "published_date_raw"):
        assert getattr(record, field) == truth[field], field
    assert str(record.published_date) == truth["published_date"]
    assert record.body_text == truth["body_text"]


def test_pdfium_reads_the_caption_in_two_parts():
    """The defect is pdfium's (so the test below can fail)."""
    raw = committed_raw_text("lo-odt-lateef-clusters-captions", all_pages=True)
    assert "\r\nأی در کابل\r\nکارمندان کمیسیون انتخابات در حال بازشماری اوراق ر\r\n" in raw


def test_the_captions_and_body_read_as_typed():
    truth, record = committed_probe("lo-odt-lateef-clusters-captions")
    assert "کارمندان کمیسیون انتخابات در حال بازشماری اوراق رأی در کابل" in truth["captions"]
    assert record.captions == truth["captions"]
    assert "توضیح داد که هر رأی در سه مرحله بررسی می\u200cشود: مرحله\u200cهای A، B و C." in record.body_text
    assert record.body_text == truth["body_text"]


def test_pdfium_reads_the_stroke_as_a_line_feed():
    """The defect is pdfium's (so the test below can fail)."""
    raw = committed_raw_text("lo-docx-lateef-line-feed-strokes", all_pages=True)
    assert "ځ\nای" in raw and "ت\nر" in raw


def test_the_words_around_the_strokes_read_whole():
    truth, record = committed_probe("lo-docx-lateef-line-feed-strokes")
    for phrase in ("د ستونزو ځای ګرځي. د لارۍ", "له ۳ تر ۵ ورځو پورې د پولې پر سر انتظار باسي، او په دې موده"):
        assert phrase in truth["body_text"], phrase
        assert phrase in record.body_text, phrase
    assert "\n" not in record.body_text.replace("\n\n", "")
