"""LibreOffice's Word (.docx) documents in SIL's Harmattan and Lateef: kashida strokes beside a
bracket, spaces pdfium leaves out around a number or between Latin words, a line left short
before a Latin word, and the copies of a cluster pdfium reads at its mark (probes of LibreOffice
documents in fonts the corpora never use: tools/corpus/probe_fonts.py --font Lateef --font
Harmattan --font KacstOne, seeds 2260-2559 and 3900-4199). Each fixture is a probe document made
again by tools/corpus/probe_fixture.py (the corpus's own text; the JSON holds the recipe and the
truth the generator wrote); each test of newsmon's reading failed before the repair it names:

- lo-docx-harmattan-bracket-stroke-space: "(dpi) و" drawn with a kashida stroke (mapped to ")")
  after the closing bracket, and pdfium's made-up space read before both ("dpi ))و"): the stroke
  went and a space took its place, a second one ("(dpi ) و"). arabic._drop_bracket_strokes puts
  no space where pdfium made one up before the stroke.
- lo-docx-lateef-line-feed-strokes (also in test_parse_lo_glyph_copies_and_strokes.py): Lateef's
  stroke mapped to a control code between the space and the bracket ("ACCI \\x1c)په"), now one of
  _STROKES_AFTER_BRACKET's signs; "له2.5" where the page draws the spaces around a number as text
  objects with no text (pdf._spaces_drawn_apart, which took runs of two digits or letters only).
- lo-docx-lateef-comma-between-latin: "Facebook، YouTube" (laid out left to right, as the bidi
  rules say) with the space after the Arabic comma drawn as such an object: pdfium reads
  "YouTube،Facebook"; with the space put back, arabic._order_latin_runs turns the phrase.
- lo-docx-harmattan-short-line-before-latin: a line left 57 pt short in ragged text before a line
  that opens with "Facebook،": layout._Room measured the Latin word with its comma as Arabic
  letters, found it would have fitted, and ended the paragraph.
- lo-docx-harmattan-kasra-line-end: "کلیاتِ" ends a line whose next part pdfium read right after
  it ("»کلی/تاِ" + "ک/ال ..."); the kasra between the two parts went with the part after it and
  was lost. pdf._positional_order keeps a mark with the part before when it stands against that
  part's last letter and a jump away from the next part.
- lo-docx-harmattan-hamza-copy-page-end: the raised copy of "هٔ" that pdfium reads last on the page
  (" هٔ" closing its text) was not looked at (pdf._LONE_CLUSTERS wanted a space after it), and the
  line stayed in the order read.
- lo-docx-harmattan-hamza-copy-around-word: the copy of "هٔ" over "شبکهٔ" read with the word's
  letters between its letter and its mark, left to right ("هکبشٔ"): pdf._split_copies finds it,
  pdf._without_mark_copies drops it and turns the letters, and the line's parts go where they stand.
- lo-docx-harmattan-kasra-copy-baseline: a line's baseline was read at the kasra of a copy of "بِ"
  (drawn 2 pt under the line) that the text had left out, so every kashida stroke of the line (";")
  stood "above the baseline" and stayed: pdf._main_script_char reads it at the nearest plain
  letter. And a copy of "هٔ" ending a line of pdfium's left the space made up before it: "شبک هٔ".
- lo-docx-harmattan-kasra-read-first: "تِ" whose two halves pdfium gives kasra first ("کلیاِت"):
  arabic._reattach_marks seats a mark on the letter whose glyph's box it shares.
- lo-odt-lateef-cluster-read-last: the "هٔ" of "روزنامهٔ" (Lateef, an .odt) read as the line's last
  word ("... تاریخ ٔه"): pdf._seat_end_cluster puts it after the letter it stands against.
- lo-odt-lateef-lead-of-ordered-pieces: a line read in two pieces, its end first, measured at
  the printed order's first word: two paragraphs across a page break became one.
- lo-odt-lateef-pull-quote-alef-hamza: "روزنامهٔTimes": the space between drawn as an object two
  objects away (a cluster's mark between: pdf._space_object_between), and a pull quote whose
  raised "أ" was read as a part of its own (pdf._letters_reach).
"""

from __future__ import annotations

import pytest

from newsmon.parse.pdf import _split_copies
from tests.pdfs import committed_probe, committed_raw_text

# (fixture, what pdfium's own text holds, the phrase of the truth newsmon must read)
CASES = [
    ("lo-docx-harmattan-bracket-stroke-space", "اینچ )dpi ))و در", "در اینچ (dpi) و در سه کانال"),
    ("lo-docx-lateef-line-feed-strokes", "ACCI \n)په", "صنایعو خونې (ACCI) په وینا"),
    ("lo-docx-lateef-line-feed-strokes", "سوداګري له2.5 میلیارد", "سوداګري له 2.5 میلیارد ډالرو"),
    ("lo-docx-lateef-comma-between-latin", "په YouTube،Facebook او", "شعرونه په Facebook، YouTube او Telegram"),
    ("lo-docx-harmattan-short-line-before-latin", "شعرونه په\r\nYouTube ،Facebook",
     "خپل شعرونه په Facebook، YouTube او"),
    ("lo-docx-harmattan-kasra-line-end", "»کلی/تاِ\r\nنِ\r\nک/ال", "«دیوانِ حافظ» او «کلیاتِ خوشال» نوې"),
    ("lo-docx-harmattan-hamza-copy-page-end", "\r\n. هٔ فرهنگی کشور سهم بگیرند\r\nکتابخانه، در نگهداری حافظ هٔ",
     "کتابخانه، در نگهداری حافظهٔ فرهنگی کشور سهم بگیرند."),
    ("lo-docx-harmattan-hamza-copy-around-word", "اما هکبشٔ جمعیت",
     "سال ۱۳۸۰ به بیش از پنج میلیون نفر رسیده، اما شبکهٔ آب\u200cرسانی شهر"),
    ("lo-docx-harmattan-kasra-copy-baseline", "یک »طرح ج;امع آب« وض;عیت", "یک «طرح جامع آب» وضعیت را بدتر کرده است."),
    ("lo-docx-harmattan-kasra-copy-baseline", "اما شبک هٔ\r\n", "رسیده، اما شبکهٔ آب\u200cرسانی شهر"),
    ("lo-docx-harmattan-kasra-read-first", "»کلیFاِت\r\n", "«دیوانِ حافظ» او «کلیاتِ خوشال» نوې"),
    ("lo-odt-lateef-cluster-read-last", "و ت6اریخ ٔه\r\n", "همگانی کند. روزنامهٔ New York Times در گزارشی"),
    ("lo-odt-lateef-pull-quote-alef-hamza", "زمین2 ٔ روزنامهTimes York New ٔه\r\n",
     "همگانی کند. روزنامهٔ New York Times در گزارشی"),
]


def test_the_pull_quote_reads_whole_and_stays_out_of_the_body():
    """pdfium reads the pull quote's "رأی" apart ("ی، ... نمیشود." + "أ" + "اعتماد، ... ر"): the
    part of the raised "أ" alone seemed to reach into the part before it, and the line stayed as
    read; then it was no repeat of the body's sentence, and went into the body."""
    raw = committed_raw_text("lo-odt-lateef-pull-quote-alef-hamza", all_pages=True)
    assert "\r\nی، با یک فرمان دوباره ساخته نمیشود.\r\nأ\r\nاعتماد، برخالف صندوق ر" in raw
    truth, record = committed_probe("lo-odt-lateef-pull-quote-alef-hamza")
    quote = "اعتماد، برخلاف صندوق رأی، با یک فرمان دوباره ساخته نمی\u200cشود."
    assert record.body_text.count(quote) == truth["body_text"].count(quote) == 1
    assert "برخلاف صندوق ر\n" not in record.body_text and "ی، با یک فرمان" not in record.body_text.split(quote)[1][:80]


def test_a_paragraph_that_ends_with_a_page_keeps_its_end():
    """Page 2's first line is read in two pieces, its end first ("... می‌گوید که برای" then "در
    میان نسخه‌ها، ..."). The line was put in order, but its first word was measured in the
    printed order (240 pt, a word of the other piece), so the room at the end of page 1's last
    line (52 pt, ragged text) seemed too small for it, and the two paragraphs became one: the
    first word is now measured in the ordered text (pdf._line)."""
    raw = committed_raw_text("lo-odt-lateef-lead-of-ordered-pieces", all_pages=True)
    assert "هرات میگوید که برای \r\nدر میان نسخهها" in raw
    truth, record = committed_probe("lo-odt-lateef-lead-of-ordered-pieces")
    end = "یک برگ از فراموشی نجات می\u200cیابد.\n\nدر میان نسخه\u200cها،"
    assert end in truth["body_text"]
    assert end in record.body_text
    assert record.body_text == truth["body_text"]



@pytest.mark.parametrize(("name", "raw", "phrase"), CASES, ids=[f"{c[0]}:{n}" for n, c in enumerate(CASES)])
def test_pdfium_reads_it_wrong(name: str, raw: str, phrase: str):
    """The defect is pdfium's (so the test below can fail)."""
    text = committed_raw_text(name, all_pages=True)
    assert raw in text
    assert phrase not in text


@pytest.mark.parametrize(("name", "raw", "phrase"), CASES, ids=[f"{c[0]}:{n}" for n, c in enumerate(CASES)])
def test_newsmon_reads_the_phrase_as_typed(name: str, raw: str, phrase: str):
    truth, record = committed_probe(name)
    assert phrase in truth["body_text"]
    assert phrase in record.body_text


@pytest.mark.parametrize("name", sorted({case[0] for case in CASES}))
def test_the_whole_body_reads_as_typed(name: str):
    truth, record = committed_probe(name)
    assert record.body_text == truth["body_text"]
    assert (record.title, record.author, str(record.published_date)) == \
        (truth["title"], truth["author"], truth["published_date"])


def test_split_copies_finds_only_a_word_that_may_be_a_copy():
    """A word ending with a hamza above whose first letter stands with the hamza elsewhere and is
    not the letter under it; the others (a cluster's own word, a word with no such cluster on the
    page, a short word) are no candidates."""
    text = "اما هکبشٔ جمعیت ۱۳۸۰ هٔآب"
    assert _split_copies(text) == [(4, 8)]
    assert _split_copies("اما هکبشٔ جمعیت") == []  # no "هٔ" elsewhere
    assert _split_copies("خانهٔ هٔ شبکهٔ") == []  # each word's first letter is not before a hamza elsewhere
    assert _split_copies("هفتهٔ هٔ") == []  # the first letter is the one under the hamza
    assert _split_copies("هبٔ هٔ") == []  # too short
    assert _split_copies("هکبشٔب هٔ") == []  # the hamza does not end the word
