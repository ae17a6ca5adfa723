"""Documents distilled again by Ghostscript's pdfwrite, as ps2pdf, CUPS printing and the "compress
PDF" services do (made by `tools/corpus/probe_fixture.py --reprint gs`, which runs `gs
-sDEVICE=pdfwrite -dPDFSETTINGS=/ebook` over a probe document: a LibreOffice .odt with Noto Kufi
Arabic, seed 4326).

Ghostscript (10.0) writes the ToUnicode entry of a glyph that stands for two characters with the
second one spoiled: LibreOffice's lam-alef ligature, <0644 0627>, becomes <0644 4427>, the second
character's high byte taken from the first one's low byte, and pdfium reads an ideograph in the
word ("اع䐧لم" for "اعلام"). pdf._misencoded_ligatures reads such an ideograph, beside the
character it shares its glyph box with, as the second character of that one's block.
"""

from __future__ import annotations

import re

from tests.pdfs import committed_probe, committed_raw_text

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
