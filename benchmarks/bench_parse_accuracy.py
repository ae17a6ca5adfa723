"""Question: how much better than a plain PDF text extractor does newsmon read the gold corpus,
on the documents its rules were written against (dev) and on those nobody tuned against (heldout)?

Prints newsmon's per-field exact match and body F1 per language for each partition, with the
body F1 of raw pypdfium2 text and of pdfminer.six's extract_text on the same PDFs, and the ratio.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the checkout: benchmarks.evaluate

from _common import pdfium_text, pdfminer_text  # noqa: E402

from benchmarks import evaluate  # noqa: E402


def main() -> None:
    for partition, docs in evaluate.partitions().items():
        if partition not in evaluate.PARTITIONS:  # the HTML partitions: benchmarks/bench_html.py
            continue
        scores = evaluate.score_parser(docs, evaluate.parse_with_newsmon)
        baselines = {"pdfium": evaluate.score_text_extractor(docs, pdfium_text),
                     "pdfminer": evaluate.score_text_extractor(docs, pdfminer_text)}
        print(f"== {partition}: {len(docs)} PDFs (digest {evaluate.corpus_digest(docs)})")
        print(evaluate.format_scores(scores, baselines))
        for name, values in baselines.items():
            print(f"{partition} body F1 newsmon / {name}: {scores.body_f1['all'] / max(values['all'], 1e-9):.2f}x "
                  f"({scores.body_f1['all']:.4f} vs {values['all']:.4f})")


if __name__ == "__main__":
    main()
