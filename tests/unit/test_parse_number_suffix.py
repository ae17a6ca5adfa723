"""A word glued after a number in a right-to-left line ("۱۲مه", "۲۰۲۱م") stays glued.

chromium-number-suffix.pdf: Chromium (--headless --print-to-pdf) from chromium-number-suffix.html,
Noto Naskh Arabic. Chromium draws its word spaces as objects of their own, so the parser looks
for spaces pdfium missed after a digit before a letter; a number stands left to right, so the
letters after it stand beside its first digit, not its last: measured from the last one the
gap looked a word space wide ("۱۲ مه" in a fresh Pashto probe text, Chromium).
"""

from __future__ import annotations

import re
from pathlib import Path

from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"
NAME = "chromium-number-suffix"


def test_every_word_as_the_source_spells_it():
    html = (PDFS / f"{NAME}.html").read_text(encoding="utf-8")
    source = [normalize_text(p) for p in re.findall(r"<p>(.*?)</p>", html)]
    lines = [normalize_text(line.text) for line in read_pdf((PDFS / f"{NAME}.pdf").read_bytes()).lines]
    assert " ".join(lines).split() == " ".join(source).split()
