"""LibreOffice's .odt in SIL's Lateef: words broken into text objects at clusters and ZWNJs.

LibreOffice draws "آ", "أ" (an alef and a raised hamza) and a word's first or last alef in
Lateef as glyph clusters under an /ActualText of their own, text objects apart, and breaks a
word's run into two objects at a ZWNJ (a probe of LibreOffice documents in fonts the corpora
never use: tools/corpus/probe_fonts.py --font Lateef --producer lo_odt, seeds 2260-2559). On a
line that draws its word spaces as glyphs, pdfium makes a space up between two such objects
inside a word ("آ ٔ را" for "آرا", "کرده ٔ اند" for "کرده‌اند", the hamza between from a word
elsewhere in the line), which pdf._without_spaces_made_up_in_words takes out (repair_line puts
the ZWNJ back from the gap); it reads the raised hamza of "أ" as a line of its own, the words
after it on the same baseline too, and may give the cluster's text twice (see
test_parse_lo_lateef_raised_alef_hamza.py). The fixture is a probe document made again without
pictures by tools/corpus/probe_fixture.py (the corpus's own text; the JSON holds the recipe and
the truth the generator wrote).
"""

from __future__ import annotations

from tests.pdfs import COMMITTED, committed_probe, committed_raw_text

NAME = "lo-odt-lateef-clusters-in-words"


def test_pdfium_reads_spaces_inside_the_words():
    """The defect is pdfium's (so the test below can fail)."""
    raw = committed_raw_text(NAME, all_pages=True)
    assert "کرده ٔ اند" in raw
    assert "آ ٔ را " in raw
    assert "\r\nأی" in raw


def test_the_body_reads_as_typed():
    truth, record = committed_probe(NAME)
    for phrase in ("ثبت کرده\u200cاند و همین", "پیشنهاد کرده\u200cاند که", "شمارش شفاف آرا تعیین شود",
                   "از حدود 2.7 میلیون رأی ثبت\u200cشده"):
        assert phrase in truth["body_text"], phrase
        assert phrase in record.body_text, phrase
    assert record.body_text == truth["body_text"]


def test_spaces_of_no_object_read_alike_compiled_or_not():
    """pdf._objectless reads in one compiled call (glyph_boxes.c's newsmon_objectless) what a
    ctypes call a space reads: the spaces pdfium made up, of no text object, on a real page."""
    import pypdfium2 as pdfium

    from newsmon.parse import pdf

    assert pdf._NATIVE is not None  # (CI builds the helper: see native.py)
    document = pdfium.PdfDocument((COMMITTED / f"{NAME}.pdf").read_bytes())
    textpage = document[0].get_textpage()
    text = textpage.get_text_range()
    page = type("Page", (), {"handle": pdf._handle_arg(textpage.raw)})()
    spaces = [k for k, character in enumerate(text) if character == " "]
    by_call = {k for k in spaces if pdf._TEXT_OBJECT_ADDRESS(page.handle, k) is None}
    assert by_call and len(by_call) < len(spaces)  # (some made up, most drawn: the test can tell them apart)
    assert pdf._objectless(page, range(len(text)), spaces) == by_call
