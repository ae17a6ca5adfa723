"""Noto Kufi Arabic sets a lam-alef as two glyphs side by side, the lam tall, the alef's ink
not crossing into it: what the lam-alef rule takes for a lam and an alef across a ZWNJ
(test_parse_lam_alef_zwnj). A Chromium page of the layout probe (tools/corpus/probe_layout.py,
Pashto in Noto Kufi) came out "ل\u200cاندې", "ول\u200cایت", "فعال\u200cان", worse than pdfium's own
text. Chromium draws every glyph as an object of its own and a ZWNJ as one too: a lam and an
alef drawn one right after the other have no ZWNJ between them, while the real one of
"جلال‌آباد" stays. The page is printed by Debian's Chromium in the test (fonts-noto-core)."""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import chromium_print

PARAGRAPHS = [
    "د ننګرهار ولایت په کلیو کې نجونې د خېمې لاندې درس وايي، خو دا شمېره لا ډېره ده.",
    "مدني ټولنې فعالان وايي چې د کابل-جلال‌آباد لویې لارې ته اړتیا ده.",
]


def test_a_kufi_lam_alef_drawn_as_two_glyphs_is_no_zwnj_but_a_drawn_zwnj_stays(tmp_path: Path):
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    data = chromium_print('<!doctype html><html lang="ps" dir="rtl"><head><meta charset="utf-8"><style>'
                          "body{font-family:'Noto Kufi Arabic';font-size:14pt;line-height:1.7;margin:2cm}"
                          f"</style></head><body>{body}</body></html>", tmp_path)
    assert b"NotoKufiArabic" in data, "Chromium printed the page in another font: fonts-noto-core is missing"
    got = " ".join(normalize_text(line.text) for line in read_pdf(data).lines)
    assert got.split() == " ".join(PARAGRAPHS).split()


LIBREOFFICE_PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "libreoffice-kufi-lam-alef.pdf"


def test_a_kufi_lam_alef_in_one_libreoffice_run_is_no_zwnj():
    """LibreOffice draws a run of glyphs as one object and a ZWNJ as an object of its own: a lam
    and an alef of one run have none between them. The page is the layout probe's document
    v2244-lo_odt-ps (`python -m tools.corpus.probe_layout --out DIR --first-seed 2200 --only
    v2244-lo_odt-ps`; a dev text, Pashto, Noto Kufi Arabic)."""
    lines = [normalize_text(line.text) for line in read_pdf(LIBREOFFICE_PDF.read_bytes()).lines]
    assert "په تورخم کې د لارۍ موټرو اوږده کتار" in lines
    words = " ".join(lines).split()
    assert "لاره" in words and "لاسلیک" in words and "لاملونه" in words
    assert not any("ل\u200cا" in word for word in words)
