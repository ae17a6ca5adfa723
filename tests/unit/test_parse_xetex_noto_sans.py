"""XeTeX with Noto Sans Arabic: a Dari article of the corpus's texts set by the probe of fonts
(tools/corpus/probe_fonts.py --font "Noto Sans Arabic" --producer xetex, seed 3245), made again
by tools/corpus/probe_fixture.py without pictures or a pull quote.

- The title's "دربارهٔ آیندهٔ": XeTeX draws the first heh's hamza first in the line and the
  second's between the two words, each with a space pdfium made up (no width) on either side,
  and the madda of "آ" reaches over the word space to 1.4 pt of the heh: no gap shows the space,
  and both went with the hamza (arabic._phantom_spaces). A heh that a hamza sits on ends a word.
- "... دو طرف" then "می‌گویند که": the ragged line's room (31 pt) is more than the next line's
  first word measured to its ZWNJ ("می"): the paragraph was cut there (layout._Room).
"""

from __future__ import annotations

from tests.pdfs import committed_probe, committed_probe_reads, committed_raw_text

NAME = "xetex-noto-sans-ezafe-and-zwnj-lead"


def test_pdfium_sets_the_hamzas_apart_with_spaces_of_their_own():
    """The defect is pdfium's (so the tests below can fail)."""
    raw = committed_raw_text(NAME)
    assert "درباره ٔ آینده صلح" in raw
    assert "دو طرف\r\nمی گویند" in raw or "دو طرف\nمی گویند" in raw


def test_the_word_after_an_ezafe_hamza_is_spaced():
    truth, record = committed_probe(NAME)
    assert "دربارهٔ آیندهٔ" in truth["title"]
    assert record.title == truth["title"]


def test_a_line_whose_next_word_holds_a_zwnj_goes_on_with_its_paragraph():
    truth, record = committed_probe(NAME)
    assert "دو طرف می‌گویند" in truth["body_text"]
    assert "دو طرف می‌گویند" in record.body_text
    assert "دو طرف\n\n" not in record.body_text


def test_brackets_whose_glyphs_map_to_no_character_are_put_back():
    """Noto Sans Arabic's mirrored bracket glyphs have no Unicode: pdfium leaves them out of its
    text (code 0) and "(UNAMA)" read "UNAMA", "(آتش‌بس، ... بین‌الافغانی)" (over two lines) lost
    both (pdf._unmapped_brackets)."""
    raw = committed_raw_text(NAME)
    assert "UNAMA" in raw and "(" not in raw and ")" not in raw
    record = committed_probe_reads(NAME, "ملل متحد (UNAMA) در گزارش", "بخش دارد (آتش‌بس، خروج نیروها،",
                                   "بین‌الافغانی) که دو")
    assert record.body_text.count("(") == record.body_text.count(")")


def test_a_letter_a_font_lacks_is_no_bracket():
    """reportlab draws each letter its font lacks as a glyph with no Unicode too, some at a word's
    edge ("په ار ک د" for Pashto in a font with no "ړ"): a page with any such glyph that is no
    bracket gets none put in."""
    import pypdfium2 as pdfium

    from newsmon.parse.pdf import read_pdf
    from tests.pdfs import COMMITTED

    data = (COMMITTED / "reportlab-forms.pdf").read_bytes()
    page = pdfium.PdfDocument(data)[0].get_textpage()
    unmapped = [k for k in range(page.count_chars()) if pdfium.raw.FPDFText_GetUnicode(page, k) == 0]
    assert len(unmapped) > 2  # (so that the test can fail)
    text = " ".join(line.text for line in read_pdf(data).lines)
    assert "(ار ک)" not in text
