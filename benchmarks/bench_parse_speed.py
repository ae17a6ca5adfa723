"""Question: what does the full parse cost against raw pdfium text extraction (one core)?

Pages per second for newsmon's full parse of the whole PDF corpus (the offline mirror's gold
articles, the variant corpus's dev partition and its held-out partition: other producers,
layouts and fonts, which cost the parser more per page than the mirror's own template), and
for raw pypdfium2 text extraction (every page's get_text_range, nothing else) of the same
files in the same process; goal: the ratio is >= 0.5 on the whole corpus. Each part's ratio
is printed beside the whole's (the held-out part is timed, never looked into).

A shared machine's load, and the machine itself, make raw pdfium's own pages/s vary by a
few per cent between runs: a best round of each, taken apart, can pair a lucky raw round
with an unlucky full one. So after a warm-up pass of each, the two alternate in rounds
(raw then full, then full then raw, ...), each round's ratio is taken from its own two
passes, side by side in time, and the headline is the median of the rounds' ratios, with
their spread (lowest and highest) beside it. Times are CPU time of this (single-threaded)
process, the cost on one core: on a busy machine wall time also counts waiting for a core,
which hits the longer pass harder. Wall-time figures are printed beside them. Other work on the
machine weighs on the parser's Python more than on pdfium's C: with a busy loop on this 2-core
machine's other core the ratio read 0.482-0.492 where it read 0.509-0.514 quiet (2026-12-07), so
the machine's load is printed with it. The parser runs as `make install` left it: its modules
compiled by mypyc when that build is of today's sources (newsmon/parse/compiled.py), its Python
otherwise; the first line says which.
"""

from __future__ import annotations

import os
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

ROUNDS = 9


@dataclass(frozen=True)
class Round:
    """Seconds (CPU, wall) of one pass of each work, the two passes run one after the other."""

    full: tuple[float, float]
    raw: tuple[float, float]

    def ratio(self, clock: int = 0) -> float:
        """Full parse pages/s over raw pdfium pages/s in this round (0: CPU, 1: wall)."""
        return self.raw[clock] / self.full[clock]

    def __add__(self, other: Round) -> Round:
        """The two rounds' passes as one (a round of the whole corpus from its parts')."""
        return Round(_sum(self.full, other.full), _sum(self.raw, other.raw))


def _sum(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return a[0] + b[0], a[1] + b[1]


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


def corpus_parts() -> dict[str, list[evaluate.GoldDoc]]:
    """The PDF corpus in its parts: the mirror's gold articles, the variants' dev and held-out."""
    gold = evaluate.gold_corpus()
    dev = [doc for doc in evaluate.variant_corpus(evaluate.VARIANTS_DIR / "dev") if doc.data[:5] == b"%PDF-"]
    return {"gold (mirror)": gold, "variants dev": dev,
            "variants held-out": evaluate.variant_corpus(evaluate.VARIANTS_DIR / "heldout")}


def full_parse(doc: evaluate.GoldDoc, profiles: dict[str, Any]) -> object:
    """newsmon's whole parse of one document, with the profile evaluate parses it with; a
    document the parser refuses (ParseError) is work done all the same."""
    name = str(doc.profile or doc.truth["source"])
    profile = profiles.get(name) or profiles.setdefault(name, load_profile(doc.profile or doc.truth["source"]))
    try:
        return parse_pdf_article(doc.data, url=doc.truth["url"], profile=profile)
    except ValueError as exc:
        return exc


def summary(label: str, docs: list[Any], rounds: list[Round]) -> str:
    """One line: the part's size, each side's pages/s and the median of its rounds' ratios."""
    import pypdfium2 as pdfium

    pages = sum(len(pdfium.PdfDocument(d.data)) for d in docs)
    ratios = sorted(r.ratio() for r in rounds)
    full, raw = (median_speed(pages, [getattr(r, name)[0] for r in rounds]) for name in ("full", "raw"))
    return (f"{label:18s} {len(docs):4d} {pages:5d}  {full:8.1f}  {raw:8.1f}  {statistics.median(ratios):.3f}  "
            f"({ratios[0]:.3f}-{ratios[-1]:.3f})  wall {statistics.median(r.ratio(1) for r in rounds):.3f}")


def main() -> None:
    load_before = os.getloadavg()[0]
    parts = corpus_parts()
    profiles: dict[str, Any] = {}
    measured = {label: alternating_rounds(docs, lambda d: full_parse(d, profiles),
                                          lambda d: pdfium_text(d.data), ROUNDS)
                for label, docs in parts.items()}
    whole_docs = [doc for docs in parts.values() for doc in docs]
    whole = [sum(group[1:], group[0]) for group in zip(*measured.values(), strict=True)]
    miner_docs = parts["gold (mirror)"]
    miner_full = statistics.median(r.full[0] for r in measured["gold (mirror)"])
    miner = one_pass(miner_docs, lambda d: pdfminer_text(d.data))[0]
    import newsmon.parse.pdf

    built = newsmon.parse.pdf.__file__ is not None and newsmon.parse.pdf.__file__.endswith(".so")
    print("parser: " + ("the mypyc build of its modules (make install; parse/compiled.py)" if built else
                        "its Python modules (no build of today's sources, or NEWSMON_COMPILED=0)"))
    print(f"{ROUNDS} alternating rounds of each part after a warm-up; pages per CPU second of the median pass; "
          "ratio: median of the rounds' ratios (spread), wall-time ratio beside")
    print(f"machine: load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after, "
          f"{os.cpu_count()} cores (other work lowers the ratio: see the docstring)")
    print(f"{'part':18s} {'PDFs':>4s} {'pages':>5s}  {'newsmon':>8s}  {'pdfium':>8s}  ratio")
    for label, rounds in measured.items():
        print(summary(label, parts[label], rounds))
    print(summary("whole corpus", whole_docs, whole))
    ratios = sorted(r.ratio() for r in whole)
    print(f"ratio newsmon / raw pdfium on the whole corpus: {statistics.median(ratios):.3f} (goal >= 0.50)")
    print(f"ratio newsmon / pdfminer.six on the gold part (1 pdfminer pass): {miner / miner_full:.2f}")


if __name__ == "__main__":
    main()
