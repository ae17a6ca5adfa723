"""Question: what does the full parse cost against raw pdfium text extraction (one core)?

Pages per second for newsmon's full parse of the gold corpus, and for raw pypdfium2
text extraction (every page's get_text_range, nothing else) of the same files in the
same process; goal: the ratio is >= 0.5. Rounds of the two alternate, so that a shared
machine's changing load weighs on both alike; each keeps its best round. The headline
is CPU time of this (single-threaded) process, the cost on one core: on a busy machine
wall time also counts waiting for a core, which hits the longer round harder. Wall-time
figures are printed beside it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the checkout: benchmarks.evaluate

from _common import pdfium_text, pdfminer_text  # noqa: E402

from benchmarks import evaluate  # noqa: E402
from newsmon.parse.article import parse_pdf_article  # noqa: E402
from newsmon.sources import load_profile  # noqa: E402


def one_round(docs, work) -> tuple[float, float]:
    """CPU and wall seconds for one pass of `work` over every document."""
    cpu, wall = time.process_time(), time.perf_counter()
    for doc in docs:
        work(doc)
    return time.process_time() - cpu, time.perf_counter() - wall


def pages_per_second(docs, works: dict, pages: int, rounds: int) -> dict[str, tuple[float, float]]:
    """Best-round pages per second (CPU, wall) of each work, the works' rounds interleaved."""
    best = {name: [float("inf"), float("inf")] for name in works}
    for _ in range(rounds):
        for name, work in works.items():
            for i, seconds in enumerate(one_round(docs, work)):
                best[name][i] = min(best[name][i], seconds)
    return {name: (pages / cpu, pages / wall) for name, (cpu, wall) in best.items()}


def main() -> None:
    import pypdfium2 as pdfium

    docs = evaluate.gold_corpus()
    pages = sum(len(pdfium.PdfDocument(d.data)) for d in docs)
    profile = load_profile("afgazad")
    rounds = 7
    speeds = pages_per_second(docs, {
        "full": lambda d: parse_pdf_article(d.data, url=d.truth["url"], profile=profile),
        "raw": lambda d: pdfium_text(d.data),
    }, pages, rounds)
    (full, full_wall), (raw, raw_wall) = speeds["full"], speeds["raw"]
    miner = pages_per_second(docs, {"miner": lambda d: pdfminer_text(d.data)}, pages, 1)["miner"][0]
    print(f"{len(docs)} PDFs, {pages} pages, best of {rounds} interleaved rounds (pdfminer: 1); "
          "pages per CPU second (wall in brackets)")
    print(f"newsmon full parse : {full:8.1f} pages/s  ({full_wall:6.1f})")
    print(f"raw pypdfium2 text : {raw:8.1f} pages/s  ({raw_wall:6.1f})")
    print(f"pdfminer.six text  : {miner:8.1f} pages/s")
    print(f"ratio newsmon / raw pdfium: {full / raw:.2f} (goal >= 0.50; wall: {full_wall / raw_wall:.2f})")
    print(f"ratio newsmon / pdfminer  : {full / miner:.2f}")

if __name__ == "__main__":
    main()
