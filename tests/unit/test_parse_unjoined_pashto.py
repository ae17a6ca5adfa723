"""reportlab shapes Arabic-script text into presentation forms itself, and Pashto's letters with
none (ټ ځ څ ښ ګ ڼ ...) it draws apart: the gaps beside them are no ZWNJ. A page tells whether
its writer joins them by the gaps of its first such pairs; those of a slanted title (reportlab's
fake italic draws the letters into each other) said "joined" for a probe page whose body's
letters stand apart, and ZWNJs came in everywhere ("ښ‌وون‌ځ‌ي", worse than pdfium's own text).
The pairs in the body's type tell.

tests/data/pdfs/reportlab-slanted-pashto-title.pdf is the layout probe's document
v2223-reportlab-ps (`python -m tools.corpus.probe_layout --out DIR --first-seed 2200 --only
v2223-reportlab-ps`; a dev text, Pashto, Noto Sans Arabic 15 pt)."""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "reportlab-slanted-pashto-title.pdf"


def test_pashto_letters_a_writer_draws_apart_hide_no_zwnj_whatever_the_title_does():
    text = " ".join(normalize_text(line.text) for line in read_pdf(PDF.read_bytes()).lines)
    for phrase in ("له ښوونځي بهر دي", "نږدې ۳.۷ میلیونه", "د ننګرهار ولایت د خوګیاڼو ولسوالۍ یو مشر",
                   "تر شپږم ټولګي پورې درس", "پروګرام پیل کړی", "ټوله کورنۍ ورسره زده کړه کوي"):
        assert phrase in text
