"""Score the parser on the DEV partition of the variants corpus, per language and per producer.

    .venv/bin/python -m tools.corpus.score_dev [--misses]

Dev only, on purpose: the held-out partition is scored by `newsmon eval` as a gate, never
while rules are being tuned.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

from benchmarks.evaluate import FIELDS, GoldDoc, format_scores, parse_with_newsmon, score_parser, variant_corpus
from tools.corpus.build import OUT_DIR

SHORT = {"published_date": "date", "published_date_raw": "date_raw", "original_published_date": "orig_date",
         "body_text": "body", "word_count": "words"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="list the fields each document gets wrong")
    args = ap.parse_args(argv)
    docs = variant_corpus(OUT_DIR / "dev")
    scores = score_parser(docs, parse_with_newsmon)
    print(format_scores(scores))
    by_producer: dict[str, list[GoldDoc]] = defaultdict(list)
    for doc in docs:
        by_producer[doc.truth["producer"]].append(doc)
    print("\nper producer (all languages):")
    for producer, group in sorted(by_producer.items()):
        s = score_parser(group, parse_with_newsmon)
        cells = " ".join(f"{SHORT.get(f, f)}={s.fields['all'][f]:.2f}" for f in FIELDS)
        print(f"  {producer:15} n={len(group):2} {cells} body_f1={s.body_f1['all']:.3f}")
    if args.misses:
        print("\n".join(scores.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
