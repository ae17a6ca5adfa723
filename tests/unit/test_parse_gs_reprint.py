"""Documents distilled again by Ghostscript's pdfwrite, as ps2pdf, CUPS printing and the "compress
PDF" services do (made by `tools/corpus/probe_fixture.py --reprint gs`, which runs `gs
-sDEVICE=pdfwrite -dPDFSETTINGS=/ebook` over a probe document: a LibreOffice .odt with Noto Kufi
Arabic, seed 4326).

Ghostscript (10.0) writes the ToUnicode entry of a glyph that stands for two characters with the
second one spoiled: LibreOffice's lam-alef ligature, <0644 0627>, becomes <0644 4427>, the second
character's high byte taken from the first one's low byte, and pdfium reads an ideograph in the
word ("اع䐧لم" for "اعلام"). pdf._misencoded_ligatures reads such an ideograph, beside the
character it shares its glyph box with, as the second character of that one's block.

Ghostscript draws a line's glyphs of one font as one text object, in the order the first PDF drew
them; LibreOffice drew them as objects of a few glyphs each, in an order of its own, which pdfium
put right object by object, but pdfium leaves the glyphs of one object in the order drawn: "ک‌ه
بحران پس از انتخابات می توان‌د۱۳۹۳ و ۱۳۸۸تجربه انتخابات های نشان داده است" for "تجربهٔ
انتخابات‌های ۱۳۸۸ و ۱۳۹۳ نشان داده است که بحران پس از انتخابات می‌تواند". A line whose text
objects reach into each other and whose glyphs jump back to the right inside one of them tells
the page (pdf._drawn_out_of_order); its lines that jump back are read in the order they stand.
"""

from __future__ import annotations

import re

from newsmon.parse import native, pdf
from newsmon.parse.pdf import read_pdf
from tests.pdfs import COMMITTED, committed_probe, committed_raw_text

LAM_ALEF = "gs-lo-odt-noto-kufi-lam-alef"
IDEOGRAPH = re.compile("[\u3400-\u9fff]")


def test_pdfium_reads_an_ideograph_for_the_lam_alefs_alef():
    raw = committed_raw_text(LAM_ALEF, all_pages=True)
    assert set(IDEOGRAPH.findall(raw)) == {"\u4427"}
    assert "\u4427\u0644" in raw


def test_lam_alef_words_read_as_spelled():
    truth, record = committed_probe(LAM_ALEF)
    words = {word for word in truth["body_text"].split() if "\u0644\u0627" in word}
    assert {"اعلام", "اختلاف", "برخلاف"} <= words
    assert words <= set(record.body_text.split())
    assert not IDEOGRAPH.search(record.body_text + record.title)
    assert record.title == truth["title"]


def test_pdfium_reads_a_lines_glyphs_in_the_order_drawn():
    raw = committed_raw_text(LAM_ALEF, all_pages=True)
    assert "\u0645\u06cc \u062a\u0648\u0627\u0646" in raw  # "می توان", the ZWNJ drawn as a space
    assert "\u062f\u06f1\u06f3\u06f9\u06f3 \u0648 \u06f1\u06f3\u06f8\u06f8\u062a\u062c\u0631\u0628" in raw
    # "د۱۳۹۳ و ۱۳۸۸تجرب": the line's end, its numbers and its first word read after them


def test_lines_drawn_out_of_order_read_in_the_order_they_stand():
    truth, record = committed_probe(LAM_ALEF)
    phrase = "نشان داده است که بحران پس از انتخابات می\u200cتواند ماه\u200cها کشور را فلج کند"
    assert phrase in truth["body_text"] and phrase in record.body_text
    assert "\u06f1\u06f3\u06f8\u06f8\u062a\u062c\u0631\u0628" not in record.body_text  # no "۱۳۸۸تجرب"
    assert record.author == truth["author"] and str(record.published_date) == truth["published_date"]


def test_only_the_reprint_is_told_out_of_order(monkeypatch):
    told: list[bool] = []
    judge = pdf._drawn_out_of_order

    def spy(page, text, chars, em):
        told.append(judge(page, text, chars, em))
        return told[-1]

    monkeypatch.setattr(pdf, "_drawn_out_of_order", spy)
    for name in ("libreoffice-kufi-lam-alef", "lo-odt-kufi-stop-at-a-zwnj"):  # LibreOffice's own PDFs
        read_pdf((COMMITTED / f"{name}.pdf").read_bytes())
    assert not any(told)
    read_pdf((COMMITTED / f"{LAM_ALEF}.pdf").read_bytes())
    assert any(told)


def test_both_paths_tell_the_same_lines_drawn_out_of_order(monkeypatch):
    """_drawn_out_of_order in one compiled call (newsmon_jump_back) or in Python: the same answer for
    every line asked, on the reprint (the page told by a jump inside one text object, then its lines
    that jump at all) and on LibreOffice's own PDFs whose lines' text objects interleave too."""
    judge = pdf._drawn_out_of_order
    names = (LAM_ALEF, "cairo-lo-docx-homa-numbers-read-first", "libreoffice-kufi-fallback-stops",
             "libreoffice-kashida-phrase-bracket")
    results = []
    for loop in (native.load(), None):
        monkeypatch.setattr(pdf, "_NATIVE", loop)
        asked: list[tuple[str, bool, bool]] = []

        def spy(page, text, chars, em, asked=asked):
            told = page.out_of_order
            asked.append((text, told, judge(page, text, chars, em)))
            return asked[-1][2]

        monkeypatch.setattr(pdf, "_drawn_out_of_order", spy)
        for name in names:
            read_pdf((COMMITTED / f"{name}.pdf").read_bytes())
        results.append(asked)
    assert results[0] == results[1]
    answers = {(told, answer) for _, told, answer in results[0]}
    assert answers == {(False, False), (False, True), (True, False), (True, True)}
