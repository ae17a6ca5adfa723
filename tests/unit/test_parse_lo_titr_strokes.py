"""LibreOffice from .docx with farsiweb's Titr (a probe of fonts: `probe_fonts --font Titr --font
Homa --lang fa --producer lo_docx`, seed 3463, made again by tools/corpus/probe_fixture.py).

LibreOffice draws the words after "تازهٔ", up to the Latin phrase, as a text object after the
line's others, and pdfium reads them last ("یک گزارش تازه )UNAMA <<)که ... هشدار سازمان ملل
متحد"): pdf._positional_order puts the line's parts in order by where they stand. It left a line
as read where two parts were read one right after the other, and here they seemed so: the justified
line's kashida strokes (Titr's map to "<") and the closing bracket were read with "UNAMA", right
before "که". Strokes after a space are no word's letters (pdf._ends_in_strokes).
"""

from __future__ import annotations

from tests.pdfs import committed_probe_reads, committed_raw_text

NAME = "lo-docx-titr-strokes-before-a-bracket"


def test_pdfium_reads_the_words_before_the_latin_phrase_last():
    raw = committed_raw_text(NAME, all_pages=True)
    assert "تازه )UNAMA <<)که در ماه گذشته منتش>>ر ش>>د، هش>>دار سازمان ملل متحد" in raw


def test_the_line_reads_in_the_order_it_stands():
    committed_probe_reads(NAME, "یک گزارش تازهٔ سازمان ملل متحد (UNAMA) که در ماه گذشته منتشر شد، هشدار می‌دهد")
