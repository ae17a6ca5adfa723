"""Where the full parse spends its time beyond raw pdfium's: by producer and language, and by document.

benchmarks/bench_parse_speed.py answers the question (the ratio on the whole corpus); this
says where to look when that ratio moves. Each document is parsed and its raw pdfium text
read `--repeat` times, alternately, in CPU seconds of this process (the benchmark's clock);
the groups are the variant corpus's producer-language pairs (a file name's
`vNNNN-<producer>-<lang>.pdf`) of each partition (the held-out one timed, as the benchmark
times it, never looked into) and the mirror's gold articles as one.

    .venv/bin/python tools/parse_cost.py             # groups, dearest extra first
    .venv/bin/python tools/parse_cost.py --docs 15   # and the 15 documents of most extra time
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT)]

from _common import pdfium_text  # noqa: E402

from benchmarks import bench_parse_speed as bench  # noqa: E402
from benchmarks.evaluate import GoldDoc  # noqa: E402

_VARIANT = re.compile(r"v\d+-([a-z_]+)-(\w+)\.pdf$")


def cost(doc: GoldDoc, profiles: dict[str, object], repeat: int) -> tuple[float, float]:
    """CPU seconds of one full parse and one raw pdfium read of the document (means of `repeat`
    passes of each, alternating, after a warm one: the benchmark's own one_pass)."""
    full, raw = (lambda d: bench.full_parse(d, profiles)), (lambda d: pdfium_text(d.data))
    bench.one_pass([doc], full), bench.one_pass([doc], raw)
    passes = [(bench.one_pass([doc], full)[0], bench.one_pass([doc], raw)[0]) for _ in range(repeat)]
    return sum(f for f, _ in passes) / repeat, sum(r for _, r in passes) / repeat


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes of each document (default 3)")
    parser.add_argument("--docs", type=int, default=0, help="also list this many documents, most extra first")
    args = parser.parse_args(argv)
    profiles: dict[str, object] = {}
    rows = []  # (group, full, raw, file name) of each document
    for part, docs in bench.corpus_parts().items():
        for doc in docs:
            url = str(doc.truth.get("url", ""))
            found = _VARIANT.search(url)
            rows.append((f"{part.split()[-1]} {found[1]}-{found[2]}" if found else part,
                         *cost(doc, profiles, args.repeat), url.rsplit("/", 1)[-1]))
    groups: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])  # documents, full, raw
    for group, full, raw, _ in rows:
        groups[group][0] += 1
        groups[group][1] += full
        groups[group][2] += raw
    full_all, raw_all = sum(row[1] for row in rows), sum(row[2] for row in rows)
    print(f"one pass: full {full_all * 1000:.0f} ms, raw {raw_all * 1000:.0f} ms, ratio {raw_all / full_all:.3f}")
    print(f"{'group':30s} {'docs':>4s} {'full ms':>8s} {'raw ms':>8s} {'extra':>7s} {'share':>6s}  full/raw")
    for name, (count, full, raw) in sorted(groups.items(), key=lambda item: item[1][2] - item[1][1]):
        print(f"{name:30s} {count:4.0f} {full * 1000:8.1f} {raw * 1000:8.1f} {(full - raw) * 1000:7.1f} "
              f"{(full - raw) / (full_all - raw_all):6.1%}  {full / raw:.2f}")
    for _, full, raw, name in sorted(rows, key=lambda row: row[2] - row[1])[:args.docs]:
        print(f"{(full - raw) * 1000:6.1f} ms extra  full {full * 1000:6.1f}  raw {raw * 1000:5.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
