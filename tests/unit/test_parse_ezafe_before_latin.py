"""LibreOffice draws the words after an ezafe'd word ("تازهٔ", the hamza above drawn as a glyph
of its own) up to a bracketed Latin phrase as a text object after the rest of the line, and
pdfium reads them last: "یک گزارش تازهٔ UNAMA )که ... شد، سازمان ملل متحد )" for "یک گزارش
تازهٔ سازمان ملل متحد (UNAMA) که ... شد،". Where a hamza above or a kasra stands right before a
space and a Latin word, the line's parts are put in order by where they stand
(pdf._positional_order, which leaves a line whose words are in order as it is). Found by the
layout probe (python -m tools.corpus.probe_layout --first-seed 3000: v3008-lo_odt-fa, two
lines; and probe35's v2032-lo_odt-fa, v2231-lo_odt-fa), all in DejaVu Sans.

tests/data/pdfs/libreoffice-ezafe-before-latin.pdf is the .fodt beside it, converted by
LibreOffice (`soffice --convert-to pdf:writer_pdf_Export`)."""

from __future__ import annotations

from tests.pdfs import committed_raw_text, committed_source_and_lines

NAME = "libreoffice-ezafe-before-latin"


def test_pdfium_reads_the_words_before_the_phrase_last():
    raw = committed_raw_text(NAME)
    assert "پروژهٔ India )ساخته میشود، یکی از امیدهاست. بند شاهتوت که با کمک هند )" in raw
    assert "ادارهٔ ANDMA )وعده دادهاند. ملی آمادگی مبارزه با حوادث )" in raw


def test_each_paragraph_reads_as_typed():
    source, lines = committed_source_and_lines(NAME)
    assert len(source) == 4
    text = " ".join(lines)
    for typed in source:
        assert typed in text
