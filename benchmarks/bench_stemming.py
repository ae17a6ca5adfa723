"""Question: does light stemming find the Dari and Pashto articles a word is about, and at what cost in precision?

For each query of the hand-judged gold set (benchmarks/stemming_gold.yaml: query words and the
mirror articles of that language about them), the articles found by whole-word matching of
normalised text (what search and topics did before stemming) beside those found with text and
query in the search index's form (`newsmon.warehouse.search.index_form`: normalised, each
Dari / Pashto word stemmed; the topics tokeniser stems the same way). Micro-averaged precision
and recall per language; the ratio is stemmed recall over exact recall.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from newsmon.testing.mirror import CORPUS_DIR
from newsmon.warehouse.search import index_form, normalise

GOLD = Path(__file__).resolve().parent / "stemming_gold.yaml"
_WORD = re.compile(r"[^\W_]+")


def corpus_words(language: str, form: Callable[[str], str]) -> dict[str, set[str]]:
    """{<date>/<slug>: the words of its title and body in `form`} of the language's mirror articles."""
    docs = {}
    for path in sorted(CORPUS_DIR.glob("*/*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        if truth["language"] == language:
            docs[f"{path.parent.name}/{path.stem}"] = set(_WORD.findall(form(f"{truth['title']} {truth['body_text']}")))
    return docs


def found(docs: dict[str, set[str]], query: str, form: Callable[[str], str]) -> set[str]:
    want = set(_WORD.findall(form(query)))
    return {name for name, words in docs.items() if want & words}


def scores(gold: dict[str, list[str]], language: str, form: Callable[[str], str]) -> tuple[float, float]:
    """Micro-averaged (precision, recall) over the queries, text and queries in `form`."""
    docs = corpus_words(language, form)
    hits = got = relevant = 0
    for query, articles in gold.items():
        answer = found(docs, query, form)
        hits += len(answer & set(articles))
        got += len(answer)
        relevant += len(articles)
    return hits / got if got else 1.0, hits / relevant


def main() -> None:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    print("language  queries  relevant   exact P / R      stemmed P / R    recall ratio")
    for language, queries in gold.items():
        missing = {a for articles in queries.values() for a in articles} - corpus_words(language, normalise).keys()
        if missing:
            sys.exit(f"{GOLD}: articles not in the mirror's {language} corpus: {sorted(missing)}")
        (ep, er), (sp, sr) = scores(queries, language, normalise), scores(queries, language, index_form)
        relevant = sum(len(a) for a in queries.values())
        print(f"{language:8s}  {len(queries):7d}  {relevant:8d}   {ep:.3f} / {er:.3f}    "
              f"{sp:.3f} / {sr:.3f}    {sr / er:.2f}")


if __name__ == "__main__":
    main()
