"""LibreOffice from .docx with DejaVu Sans, the font it falls back to for Arabic script (a probe of
fonts: `probe_fonts --font "DejaVu Sans" --lang fa`, seeds 4601 and 4608, made again by
tools/corpus/probe_fixture.py).

- A paragraph's last stop, drawn apart in the words' own font, is read after the line's first
  word: "انگیزهٔ . مردم برای ... کمتر خواهد شد". displaced_punctuation moved only a mark set in
  another font than its words; one in their font is moved from between two Arabic letters, far
  from both, to beside the word it touches.
- LibreOffice draws "پروژهٔ (India) ساخته می‌شود، یکی از" as a text object after the line's others
  and pdfium reads it first, its bracket mirrored ("پروژهٔ )India )ساخته"): pdf._MARK_BEFORE_LATIN,
  which sends such a line to _positional_order, took only an opening bracket before the Latin word.
- (and "روزنامهٔ New York Times", whose kashida LibreOffice maps to "6", read right since
  pdf._positional_order's lone stop, session 47.)
"""

from __future__ import annotations

from tests.pdfs import committed_probe, committed_probe_reads, committed_raw_text

STOP, BRACKET = "lo-docx-dejavu-paragraph-stop", "lo-docx-dejavu-mirrored-bracket-phrase"


def test_pdfium_reads_the_stop_and_the_phrase_away_from_where_they_stand():
    raw = committed_raw_text(STOP, all_pages=True)
    assert "انگیزهٔ . مردم برای شرکت در انتخاباتهای آینده باز هم کمتر خواهد شد" in raw
    assert "پروژهٔ )India )ساخته می\u200cشود، یکی از آب باران" in committed_raw_text(BRACKET, all_pages=True)


def test_a_paragraph_s_last_stop_goes_back_to_its_word():
    committed_probe_reads(STOP, "انگیزهٔ مردم برای شرکت در انتخابات‌های آینده باز هم کمتر خواهد شد.")


def test_a_phrase_drawn_apart_before_a_mirrored_bracket_reads_where_it_stands():
    committed_probe_reads(BRACKET, "پروژهٔ بند شاه‌توت که با کمک هند (India) ساخته می‌شود، یکی از امیدهاست")


def test_a_stop_and_the_words_after_it_drawn_apart_read_where_they_stand():
    """The same font and producer, seed 4621: LibreOffice draws ". این کار" (a sentence's stop and
    the next sentence's first words, at the line's left end) as a text object apart, and pdfium
    reads it right after "زردشدهٔ": pdf._MARK_BEFORE_LATIN sends a line with a hamza, a space and a
    stop to _positional_order too. (The document's other miss, a cluster and kashidas mapped to ";"
    in "حافظ;خانه", is left: see the closing note of issue 12.)"""
    name = "lo-docx-dejavu-stop-and-words-apart"
    raw = committed_raw_text(name, all_pages=True)
    assert "زردشدهٔ . این کار نسخههای خطی را یکییکی زیر دستگاه اسکن میگذارند" in raw
    truth, record = committed_probe(name)
    for phrase in ("برگ‌های زردشدهٔ نسخه‌های خطی", "زیر دستگاه اسکن می‌گذارند. این کار بخشی از"):
        assert phrase in truth["body_text"]
        assert phrase in record.body_text, phrase
