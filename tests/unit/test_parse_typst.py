"""Documents set by Typst (made by `tools/corpus/probe_fixture.py` from a probe of
`tools/corpus/typst_pdf.py`, the probe-only producer `typst`: a German article, seed 7020; a
Dari one in Noto Naskh Arabic, seed 7000).

Typst breaks words at line ends in justified text of a language it has patterns for, as TeX
does, and draws the hyphen with a character map of SOFT HYPHEN, which pdfium reads at a line's
end as U+FFFE ("der Re\\ufffe" "gion"): the author typed "Region". layout.hyphenates_words names
Typst (its Creator, "Typst 0.15.0") with the TeX engines, so such a line is joined by the
document's own spelling of its words. Typst sets numbers by the Unicode bidi rules, not as
TeX's whole left-to-right boxes: layout.is_tex tells the two apart for bidi_numbers.

Typst puts a ZWNJ in the cluster of the letter after it and maps the two with that letter's
glyph; pdfium turns the pair round with the rest of the right-to-left line ("دستکشه\u200cای" for
"دستکش\u200cهای"). pdf._zwnjs_in_clusters puts such a ZWNJ back before that letter, on a page
whose first ZWNJ is one (it starts where a letter beside it starts and has the glyph's height;
LibreOffice's ZWNJ starts where the letter before it does too, but its box is a flat line or a dot).

Typst draws a heh with a hamza above as two glyphs and maps each with the cluster's whole text,
which pdfium reads mark first, the raised mark's copy as a word of its own ("برگه\u200cای ٔه زردشدٔه"
for "برگ\u200cهای زردشدهٔ"): pdf._without_mark_copies drops such a copy as it does LibreOffice's.

Typst sets a caption in the body's face where the font has no italic (Noto Sans Arabic), 2 points
under its picture: the line's glyph boxes reach 2.8 points into the picture, and it was not "right
under" it (within 2 points over its foot). layout._by_a_picture lets a line reach over a picture's
edge by a third of its size (seed 7007).

Where the two copies of such a cluster (a heh and its hamza above, a letter and its kasra under
it) stand in one word, pdfium reads them into each other: "گفتٔههٔ" for "گفتهٔ", "ِببِ" for
"بِ", "لِلِ" for "لِ" (seed 7007). pdf._interleaved_copies finds the copy among the four
characters by its box, the mark's glyph's (small, over or under the cluster's other two), drops
it and puts the cluster letter first.

Typst sets a Latin line of a right-to-left paragraph (the site's web and mail lines) by the
paragraph's bidi runs, drawn right to left in one text object: pdfium reads "com.afgazad.www".
pdf._runs_by_position turns such an ASCII line's runs round where each stands wholly left of the
one read before it, on one baseline (a Pashto article, seed 7001).

pdfium leaves out a text object's /ActualText where the text object before it has as many marks
and both end with a mark of no parameters (it compares the last marks' parameters: both none, "the
same span"). Typst marks each glyph whose text is not its own (a ZWNJ with the letter after it, a
cluster) with a span of its own and a /ReversedChars mark inside: "می هد" for "می\u200cدهد",
"دستگا" for "دستگاه". pdf._lost_actual_texts finds those objects (newsmon_page_scan counts them in
its look through the page) and _with_lost_texts puts each one's text at the space pdfium made up
in its place.

A cluster's copy that pdfium reads between two words has a space on each side: one it made up (no
glyph, a box of no width) and the word space Typst drew ("هب ٔه گفتٔه" for "به گفتهٔ"). The copy goes
with the made-up one; the drawn one stays (it went, and the two words were read as one with a ZWNJ
between them: "به\u200cگفتهٔ"; seed 7005, without pictures).

A kasra's copy may stand under a word that pdfium turned round, so that no letter and kasra stand
together anywhere in its text ("راکوزاسِ" for "سازوکارِ", the copy "ِر" read at the next line's
start): pdf._is_copy finds the letter under the copy in a word that holds the kasra too (seed 7059).
Where pdfium reads such a copy as a line of its own, the words around it come in pieces that
pdf._inserted puts together: the word space drawn left of the piece it puts in goes after that
piece, not before it ("«دیوانِ حافظ»", not "«دیوانِحافظ»"; seed 7062).
"""

from __future__ import annotations

from newsmon.parse import layout
from newsmon.parse.pdf import read_pdf
from tests.pdfs import COMMITTED, committed_probe, committed_probe_reads, committed_raw_text

NAME = "typst-de-hyphenated"
CLUSTERS = "typst-fa-zwnj-clusters"
CAPTION = "typst-fa-caption-into-picture"
LATIN_RUNS = "typst-ps-latin-runs"
COPY_BETWEEN = "typst-fa-copy-between-words"
KASRA_UNDER = "typst-fa-kasra-copy-under-a-turned-word"
SPACE_AROUND = "typst-ps-space-around-a-copy-read-apart"
ZWNJ_WORDS = ("دستکش\u200cهای", "نشسته\u200cاند", "برگ\u200cهای", "آن\u200cها")


def test_typst_breaks_words_at_line_ends():
    raw = committed_raw_text(NAME, all_pages=True)
    assert "Re\ufffe" in raw and "Flüs\ufffe" in raw


def test_typst_document_reads_as_its_truth_with_words_whole():
    record = committed_probe_reads(NAME, "der Region,", "in den Flüssen.")
    assert "\ufffe" not in record.body_text and "Re-gion" not in record.body_text


def test_typst_hyphenates_and_is_not_tex():
    assert layout.hyphenates_words("Typst 0.15.0")
    assert not layout.is_tex("Typst 0.15.0")
    assert layout.is_tex("XeTeX output 2020.01.01:1200") and layout.hyphenates_words("pdfTeX-1.40.25")
    assert not layout.hyphenates_words("TextEdit") and not layout.hyphenates_words(None)


def test_pdfium_reads_typst_zwnjs_after_their_letter():
    raw = committed_raw_text(CLUSTERS, all_pages=True)
    assert "دستکشه\u200cای" in raw and "نشستها\u200cند" in raw
    assert not any(word in raw for word in ZWNJ_WORDS)


def test_typst_zwnjs_stand_between_the_letters_they_part():
    truth, record = committed_probe(CLUSTERS)
    for word in ZWNJ_WORDS:
        assert word in truth["body_text"] and word in record.body_text, word
    assert "\u200cه\u200c" not in record.body_text and "ا\u200cند" not in record.body_text


def test_typst_cluster_copies_read_at_the_mark_are_dropped():
    raw = committed_raw_text(CLUSTERS, all_pages=True)
    assert "برگه\u200cای \u0654\u0647 زردشد\u0654\u0647" in raw
    truth, record = committed_probe(CLUSTERS)
    phrase = "برگ\u200cهای زردشده\u0654"
    assert phrase in truth["body_text"] and phrase in record.body_text


def test_typst_caption_whose_glyphs_reach_into_its_picture():
    truth, record = committed_probe(CAPTION)
    (caption,) = truth["captions"]
    pdf = read_pdf((COMMITTED / f"{CAPTION}.pdf").read_bytes())
    line = next(line for line in pdf.lines if "پمپ" in line.text)
    (picture,) = pdf.pictures
    assert picture.bottom < line.top < picture.bottom + line.size / 3  # its glyphs reach into the picture
    assert record.captions == [caption] and caption not in record.body_text


def test_typst_cluster_copies_read_into_their_cluster_are_dropped():
    raw = committed_raw_text(CAPTION, all_pages=True)
    assert "گفت\u0654\u0647\u0647\u0654" in raw and "\u0650\u0628\u0628\u0650" in raw \
        and "\u0644\u0650\u0644\u0650" in raw
    truth, record = committed_probe(CAPTION)
    for phrase in ("به گفته\u0654 کارشناسان", "آبِ همسایه", "حلِ مساله", "شبکه\u0654 آب"):
        assert phrase in truth["body_text"] and phrase in record.body_text, phrase
    assert "\u0647\u0647\u0654" not in record.body_text and "\u0650\u0628\u0650" not in record.body_text


def test_typst_latin_runs_drawn_right_to_left_read_in_order():
    raw = committed_raw_text(LATIN_RUNS, all_pages=True)
    assert "com.afgazad.www" in raw and "www.afgazad.com" not in raw
    lines = [line.text for line in read_pdf((COMMITTED / f"{LATIN_RUNS}.pdf").read_bytes()).lines]
    assert "www.afgazad.com" in lines and "afgazad@gmail.com" in lines
    assert not any("com.afgazad" in line or "com.gmail" in line for line in lines)
    committed_probe_reads(LATIN_RUNS, "(ACCI)")


def test_typst_actual_texts_pdfium_leaves_out_are_put_back():
    raw = committed_raw_text(CLUSTERS, all_pages=True)
    assert "زیر دستگا اسکن" in raw and "می ارند" in raw and "آموزش\u200cدید اندک" in raw
    truth, record = committed_probe(CLUSTERS)
    for phrase in ("زیر دستگاه اسکن", "نگه می\u200cدارند،", "آموزش\u200cدیده"):
        assert phrase in truth["body_text"] and phrase in record.body_text, phrase
    assert "دستگا " not in record.body_text and " ارند" not in record.body_text


def test_typst_copy_read_between_two_words_leaves_their_drawn_space():
    raw = committed_raw_text(COPY_BETWEEN, all_pages=True)
    assert raw.count("هب \u0654\u0647 گفت\u0654\u0647") == 2
    record = committed_probe_reads(COPY_BETWEEN, "می\u200cشوند. به گفته\u0654 او")
    assert "به\u200cگفته" not in record.body_text


def test_typst_kasra_copy_under_a_word_pdfium_turned_round_is_dropped():
    raw = committed_raw_text(KASRA_UNDER, all_pages=True)
    assert "یک راکوزاس\u0650 " in raw and "\n\u0650ر روشن" in raw
    truth, record = committed_probe(KASRA_UNDER)
    phrase = "بدون یک سازوکار\u0650 روشن، به"
    assert phrase in truth["body_text"] and phrase in record.body_text
    assert "\u0650ر\u0650" not in record.body_text


def test_typst_word_space_beside_a_copy_read_apart_stays_between_its_words():
    raw = committed_raw_text(SPACE_AROUND, all_pages=True)
    assert "\nن\u0650\r\n کال کې د »ناوید\u0650\r\n" in raw
    committed_probe_reads(SPACE_AROUND, "کال کې د «دیوان\u0650 حافظ» او")
