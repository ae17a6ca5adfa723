"""Chromium with SIL's Harmattan draws "هٔ" as two glyphs and gives the cluster's text to the
hamza's glyph alone, drawn off the baseline: pdfium breaks the line there, gives the pieces
in another order ("هٔ هماعٔ هرات، ..." before "در زیرزمین کتابخان"), and in a /ReversedChars
run may give the cluster turned round ("ٔه ۱۲۰۰" after "... مجموع"); a kasra's cluster ("رِ"),
drawn under the line, comes as a line of its own. newsmon puts the pieces
of one baseline back together in the order they stand, the cluster at the end of its word,
and keeps the word space pdfium read beside a bracket ("(EU) و"). The page is printed by
Debian's Chromium in the test (`make browser`; Harmattan from Debian's font package); the
words expected are the HTML's (found in the font probe: the Chromium + Harmattan samples)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import chromium_print

PARAGRAPHS = [
    ("در زیرزمین کتابخانهٔ عامهٔ هرات، چند جوان با دستکش‌های سفید بر سر میزهای چوبی نشسته‌اند و"
     " برگ‌های زردشدهٔ نسخه‌ها را اسکن می‌کنند."),
    "کارکنان امیدوارند که تا پایان سال نخستین مجموعهٔ ۱۲۰۰ نسخه‌ای را در وب‌سایت بگذارند.",
    "ناظران از جمله هیئت اتحادیهٔ اروپا (EU) و نمایندگان سازمان ملل خواسته‌اند.",
    ("در کابل، بسیاری از سیاستمداران نگران‌اند که توافقی میان امریکا و طالبان بدون حضور حکومت و"
     " بدون یک سازوکارِ روشن، به معنای بی‌اعتنایی به قانون اساسی باشد."),
    "گفتگوهای دوحه و پرسش‌های بی‌پاسخ دربارهٔ آیندهٔ صلح",  # (a title: 20 pt, bold)
]
PHRASES = ["در زیرزمین کتابخانهٔ عامهٔ هرات،", "برگ‌های زردشدهٔ نسخه‌ها", "نخستین مجموعهٔ ۱۲۰۰ نسخه‌ای",
           "هیئت اتحادیهٔ اروپا (EU) و نمایندگان", "بدون یک سازوکارِ روشن،", "بی‌پاسخ دربارهٔ آیندهٔ صلح"]


def harmattan_pdf(tmp_path: Path) -> bytes:
    """The paragraphs as a right-to-left page in Harmattan 14 pt, printed to PDF by headless Chromium."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return chromium_print('<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>'
                          "body{font-family:'Harmattan';font-size:14pt;line-height:1.7;margin:2cm}"
                          "p:last-child{font-size:20pt;font-weight:bold}</style>"
                          f"</head><body>{body}</body></html>", tmp_path)


def test_pieces_of_a_line_broken_at_a_hamza_read_in_place(tmp_path: Path) -> None:
    data = harmattan_pdf(tmp_path)
    raw = normalize_text(pdfium.PdfDocument(data)[0].get_textpage().get_text_range())
    lines = [normalize_text(line.text) for line in read_pdf(data).lines]
    text = "\n".join(lines)
    for phrase in PHRASES:
        assert phrase not in raw  # pdfium's own text has the fault
        assert phrase in text, (phrase, text)
    assert " ".join(lines).split() == normalize_text(" ".join(PARAGRAPHS)).split()
