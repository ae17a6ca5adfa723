"""Question: does light stemming find the Dari and Pashto articles a word is about, and at what cost in precision?

For each query of the hand-judged gold set (benchmarks/stemming_gold.yaml: query words and the
mirror articles of that language about them), the articles found by whole-word matching of
normalised text (what search and topics did before stemming) beside those found by matching
stems (`newsmon.warehouse.stemming.stem` on both sides). Micro-averaged precision and recall
per language; the ratio is stemmed recall over exact recall.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

from newsmon.testing.mirror import CORPUS_DIR
from newsmon.warehouse.search import normalise
from newsmon.warehouse.stemming import stem

GOLD = Path(__file__).resolve().parent / "stemming_gold.yaml"
_WORD = re.compile(r"[^\W_]+")


def corpus_words(language: str) -> dict[str, set[str]]:
    """{<date>/<slug>: the normalised words of its title and body} of the language's mirror articles."""
    docs = {}
    for path in sorted(CORPUS_DIR.glob("*/*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        if truth["language"] == language:
            text = normalise(f"{truth['title']} {truth['body_text']}")
            docs[f"{path.parent.name}/{path.stem}"] = set(_WORD.findall(text))
    return docs


def found(docs: dict[str, set[str]], query: str, key) -> set[str]:
    want = key(normalise(query))
    return {name for name, words in docs.items() if any(key(w) == want for w in words)}


def scores(gold: dict[str, list[str]], docs: dict[str, set[str]], key) -> tuple[float, float]:
    """Micro-averaged (precision, recall) of matching by `key` over the queries."""
    hits = got = relevant = 0
    for query, articles in gold.items():
        answer = found(docs, query, key)
        hits += len(answer & set(articles))
        got += len(answer)
        relevant += len(articles)
    return hits / got if got else 1.0, hits / relevant


def main() -> None:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    print("language  queries  relevant   exact P / R      stemmed P / R    recall ratio")
    for language, queries in gold.items():
        docs = corpus_words(language)
        missing = {a for articles in queries.values() for a in articles} - docs.keys()
        if missing:
            sys.exit(f"{GOLD}: articles not in the mirror's {language} corpus: {sorted(missing)}")
        (ep, er), (sp, sr) = scores(queries, docs, lambda w: w), scores(queries, docs, stem)
        relevant = sum(len(a) for a in queries.values())
        print(f"{language:8s}  {len(queries):7d}  {relevant:8d}   {ep:.3f} / {er:.3f}    "
              f"{sp:.3f} / {sr:.3f}    {sr / er:.2f}")


if __name__ == "__main__":
    main()
