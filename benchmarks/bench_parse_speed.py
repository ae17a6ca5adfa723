"""Question: what does the full parse cost against raw pdfium text extraction (one core)?

Pages per second for newsmon's full parse of the gold corpus, and for raw pypdfium2
text extraction of the same files in the same process; goal: the ratio is >= 0.5.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import pdfium_text, pdfminer_text  # noqa: E402

from newsmon import evaluate  # noqa: E402
from newsmon.parse.article import parse_pdf_article  # noqa: E402
from newsmon.sources import load_profile  # noqa: E402


def pages_per_second(docs, work, pages: int, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for doc in docs:
            work(doc)
        best = min(best, time.perf_counter() - started)
    return pages / best


def main() -> None:
    import pypdfium2 as pdfium

    docs = evaluate.gold_corpus()
    pages = sum(len(pdfium.PdfDocument(d.data)) for d in docs)
    profile = load_profile("afgazad")
    full = pages_per_second(docs, lambda d: parse_pdf_article(d.data, url=d.truth["url"], profile=profile), pages, 3)
    raw = pages_per_second(docs, lambda d: pdfium_text(d.data), pages, 3)
    miner = pages_per_second(docs, lambda d: pdfminer_text(d.data), pages, 1)
    print(f"{len(docs)} PDFs, {pages} pages, best of 3 rounds (pdfminer: 1)")
    print(f"newsmon full parse : {full:8.1f} pages/s")
    print(f"raw pypdfium2 text : {raw:8.1f} pages/s")
    print(f"pdfminer.six text  : {miner:8.1f} pages/s")
    print(f"ratio newsmon / raw pdfium: {full / raw:.2f} (goal >= 0.50)")
    print(f"ratio newsmon / pdfminer  : {full / miner:.2f}")


if __name__ == "__main__":
    main()
