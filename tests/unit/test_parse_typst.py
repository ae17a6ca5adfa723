"""Documents set by Typst (made by `tools/corpus/probe_fixture.py` from a probe of
`tools/corpus/typst_pdf.py`, the probe-only producer `typst`: a German article, seed 7020).

Typst breaks words at line ends in justified text of a language it has patterns for, as TeX
does, and draws the hyphen with a character map of SOFT HYPHEN, which pdfium reads at a line's
end as U+FFFE ("der Re\\ufffe" "gion"): the author typed "Region". layout.hyphenates_words names
Typst (its Creator, "Typst 0.15.0") with the TeX engines, so such a line is joined by the
document's own spelling of its words. Typst sets numbers by the Unicode bidi rules, not as
TeX's whole left-to-right boxes: layout.is_tex tells the two apart for bidi_numbers.
"""

from __future__ import annotations

from newsmon.parse import layout
from tests.pdfs import committed_probe_reads, committed_raw_text

NAME = "typst-de-hyphenated"


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
