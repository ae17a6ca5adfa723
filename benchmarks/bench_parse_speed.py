"""Question: what does the full parse cost against raw pdfium text extraction (one core)?

Pages per second for newsmon's full parse of the gold corpus, and for raw pypdfium2
text extraction (every page's get_text_range, nothing else) of the same files in the
same process; goal: the ratio is >= 0.5.

A shared machine's load, and the machine itself, make raw pdfium's own pages/s vary by a
few per cent between runs: a best round of each, taken apart, can pair a lucky raw round
with an unlucky full one. So after a warm-up pass of each, the two alternate in rounds
(raw then full, then full then raw, ...), each round's ratio is taken from its own two
passes, side by side in time, and the headline is the median of the rounds' ratios, with
their spread (lowest and highest) beside it. Times are CPU time of this (single-threaded)
process, the cost on one core: on a busy machine wall time also counts waiting for a core,
which hits the longer pass harder. Wall-time figures are printed beside them.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the checkout: benchmarks.evaluate

from _common import pdfium_text, pdfminer_text  # noqa: E402

from benchmarks import evaluate  # noqa: E402
from newsmon.parse.article import parse_pdf_article  # noqa: E402
from newsmon.sources import load_profile  # noqa: E402

ROUNDS = 15


@dataclass(frozen=True)
class Round:
    """Seconds (CPU, wall) of one pass of each work, the two passes run one after the other."""

    full: tuple[float, float]
    raw: tuple[float, float]

    def ratio(self, clock: int = 0) -> float:
        """Full parse pages/s over raw pdfium pages/s in this round (0: CPU, 1: wall)."""
        return self.raw[clock] / self.full[clock]


def one_pass(docs: list[Any], work: Callable[[Any], object]) -> tuple[float, float]:
    """CPU and wall seconds for one pass of `work` over every document."""
    cpu, wall = time.process_time(), time.perf_counter()
    for doc in docs:
        work(doc)
    return time.process_time() - cpu, time.perf_counter() - wall


def alternating_rounds(docs: list[Any], full: Callable[[Any], object], raw: Callable[[Any], object],
                       rounds: int) -> list[Round]:
    """`rounds` rounds of a pass of each, after a warm-up pass of each (imports, caches); the
    order inside a round alternates, so neither always runs first (a change of load between
    the two passes weighs on each side as often)."""
    one_pass(docs, full), one_pass(docs, raw)
    out = []
    for n in range(rounds):
        if n % 2 == 0:
            raw_time = one_pass(docs, raw)
            full_time = one_pass(docs, full)
        else:
            full_time = one_pass(docs, full)
            raw_time = one_pass(docs, raw)
        out.append(Round(full_time, raw_time))
    return out


def median_speed(pages: int, times: list[float]) -> float:
    """Pages per second of the median pass."""
    return pages / statistics.median(times)


def main() -> None:
    import pypdfium2 as pdfium

    docs = evaluate.gold_corpus()
    pages = sum(len(pdfium.PdfDocument(d.data)) for d in docs)
    profile = load_profile("afgazad")
    rounds = alternating_rounds(
        docs, lambda d: parse_pdf_article(d.data, url=d.truth["url"], profile=profile),
        lambda d: pdfium_text(d.data), ROUNDS)
    ratios = sorted(r.ratio() for r in rounds)
    wall_ratio = statistics.median(r.ratio(1) for r in rounds)
    full, raw = (median_speed(pages, [getattr(r, name)[0] for r in rounds]) for name in ("full", "raw"))
    full_wall, raw_wall = (median_speed(pages, [getattr(r, name)[1] for r in rounds]) for name in ("full", "raw"))
    miner = pages / one_pass(docs, lambda d: pdfminer_text(d.data))[0]
    print(f"{len(docs)} PDFs, {pages} pages, {ROUNDS} alternating rounds after a warm-up (pdfminer: 1 pass); "
          "pages per CPU second of the median pass (wall in brackets)")
    print(f"newsmon full parse : {full:8.1f} pages/s  ({full_wall:6.1f})")
    print(f"raw pypdfium2 text : {raw:8.1f} pages/s  ({raw_wall:6.1f})")
    print(f"pdfminer.six text  : {miner:8.1f} pages/s")
    print(f"ratio newsmon / raw pdfium: {statistics.median(ratios):.3f} median of the rounds' ratios "
          f"(spread {ratios[0]:.3f}-{ratios[-1]:.3f}, middle half {ratios[len(ratios) // 4]:.3f}-"
          f"{ratios[-1 - len(ratios) // 4]:.3f}; goal >= 0.50; wall: {wall_ratio:.3f})")
    print(f"ratio newsmon / pdfminer  : {full / miner:.2f}")


if __name__ == "__main__":
    main()
