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

from tests.pdfs import committed_probe, committed_raw_text

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
