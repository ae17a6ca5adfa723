"""Show where pages and hyphenated lines break in corpus PDFs (a helper for tuning the
corpus specs so that page breaks fall where a parser is tested).

    .venv/bin/python tools/corpus_breaks.py 2020-01-09/war-economy-peace-dividend [...]
"""

import re
import sys
from pathlib import Path

import pypdfium2 as pdfium

CORPUS = Path(__file__).resolve().parents[1] / "include/newsmon/testing/corpus"

for arg in sys.argv[1:] or [str(p.relative_to(CORPUS).with_suffix("")) for p in sorted(CORPUS.glob("*/*.pdf"))]:
    doc = pdfium.PdfDocument(str(CORPUS / f"{arg}.pdf"))
    pages = [doc[i].get_textpage().get_text_range().split("\r\n") for i in range(len(doc))]
    print(f"== {arg} ({len(pages)} pages)")
    for i, lines in enumerate(pages):
        if i:
            print(f"   page {i}|{i + 1}: {pages[i - 1][-3][-50:]!r} / {pages[i - 1][-2][-50:]!r} || {lines[0][:50]!r}")
        for j, line in enumerate(lines):
            if re.search(r"\w-$", line) and j + 1 < len(lines):
                print(f"   hyphen p{i + 1}: {line[-40:]!r} / {lines[j + 1][:30]!r}")
