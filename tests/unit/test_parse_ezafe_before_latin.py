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

import pypdfium2 as pdfium

from newsmon.parse.document import parse_document
from newsmon.sources import load_profile
from tests.pdfs import COMMITTED, committed_raw_text, committed_source_and_lines

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


def test_a_run_of_latin_words_after_an_ezafe_is_one_part():
    """In a line whose parts pdfium read out of order after an ezafe ("خانوادهٔ UNHCR ،WFP و
    نیازمند ... مانند"), the Latin words and the comma between them are one left-to-right run
    (pdfium gives it as one, its comma before the word it follows): read as one part, the line
    is put in order (probe35's v2231-lo_odt-fa, seed 2231, a dev text, committed as
    tests/data/pdfs/libreoffice-dejavu-latin-run-after-ezafe.pdf), where its pieces read apart
    ("،", "WFP") stopped the reordering."""
    data = (COMMITTED / "libreoffice-dejavu-latin-run-after-ezafe.pdf").read_bytes()
    document = pdfium.PdfDocument(data)
    raw = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert "خانوادهٔ UNHCR ،WFP و" in raw
    record = parse_document(data, url="https://www.afgazad.com/pdf/x.pdf", profile=load_profile("afgazad"))
    assert "۲۰ هزار خانوادهٔ نیازمند در کابل" in record.body_text
    assert "کمک\u200cرسان مانند WFP، UNHCR و IOM" in record.body_text
    assert "ادارهٔ ملی آمادگی مبارزه با حوادث (ANDMA) وعده" in record.body_text
