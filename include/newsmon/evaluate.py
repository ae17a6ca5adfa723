"""How well does the parser read the gold corpus? Per-field exact match and body F1.

The gold corpus is the offline mirror's PDFs with their ground truth. The same body F1
is computed for plain text extractors (raw pdfium page text, pdfminer.six), so the
parser's gain over them is visible side by side. A floors file turns the scores into
a gate: CI fails when any score drops below its floor (as trafilatura's eval gate does).
"""

from __future__ import annotations

import json
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ["section", "language", "title", "author", "published_date", "published_date_raw",
          "original_published_date", "captions", "body_text", "word_count"]
SHINGLE = 3


@dataclass
class GoldDoc:
    data: bytes
    truth: dict
    name: str


@dataclass
class Scores:
    """Per language: documents, exact-match share per field, mean body F1."""

    documents: dict[str, int] = field(default_factory=dict)
    fields: dict[str, dict[str, float]] = field(default_factory=dict)
    body_f1: dict[str, float] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"documents": self.documents, "fields": self.fields, "body_f1": self.body_f1}


def gold_corpus(corpus_dir: Path | None = None) -> list[GoldDoc]:
    from newsmon.testing.mirror import CORPUS_DIR, load_ground_truth

    corpus_dir = corpus_dir or CORPUS_DIR
    docs = []
    for day, items in load_ground_truth(corpus_dir).items():
        for truth in items:
            name = truth["url"].rsplit("/", 1)[1]
            docs.append(GoldDoc((corpus_dir / day.isoformat() / name).read_bytes(), truth, name))
    return docs


def shingles(text: str, n: int = SHINGLE) -> Counter:
    tokens = unicodedata.normalize("NFKC", text).split()
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def f1(predicted: str, gold: str) -> float:
    got, want = shingles(predicted), shingles(gold)
    overlap = sum((got & want).values())
    if not got or not want or not overlap:
        return 1.0 if got == want else 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def score_parser(docs: Iterable[GoldDoc], parse: Callable[[GoldDoc], dict]) -> Scores:
    """Exact match per field and body F1, per language and 'all'."""
    hits: dict[str, Counter] = defaultdict(Counter)
    f1s: dict[str, list[float]] = defaultdict(list)
    scores = Scores()
    for doc in docs:
        try:
            record = parse(doc)
        except Exception as exc:  # a parse failure scores zero on every field
            record = {}
            scores.misses.append(f"{doc.name}: {exc}")
        for lang in (doc.truth["language"], "all"):
            hits[lang]["_docs"] += 1
            for name in FIELDS:
                hits[lang][name] += record.get(name) == doc.truth[name]
            f1s[lang].append(f1(record.get("body_text") or "", doc.truth["body_text"]))
        wrong = [n for n in FIELDS if record and record.get(n) != doc.truth[n]]
        if wrong:
            scores.misses.append(f"{doc.name}: {', '.join(wrong)}")
    for lang, counter in hits.items():
        n = counter.pop("_docs")
        scores.documents[lang] = n
        scores.fields[lang] = {name: round(counter[name] / n, 4) for name in FIELDS}
        scores.body_f1[lang] = round(statistics.fmean(f1s[lang]), 4)
    return scores


def score_text_extractor(docs: Iterable[GoldDoc], extract: Callable[[bytes], str]) -> dict[str, float]:
    """Mean body F1 per language of a plain text extractor's whole output."""
    f1s: dict[str, list[float]] = defaultdict(list)
    for doc in docs:
        try:
            text = extract(doc.data)
        except Exception:
            text = ""
        value = f1(text, doc.truth["body_text"])
        f1s[doc.truth["language"]].append(value)
        f1s["all"].append(value)
    return {lang: round(statistics.fmean(values), 4) for lang, values in f1s.items()}


def below_floors(scores: Scores, floors: dict) -> list[str]:
    """Every score under its floor, as 'language field: got < floor'."""
    problems = []
    for lang, floor_fields in floors.get("fields", {}).items():
        for name, floor in floor_fields.items():
            got = scores.fields.get(lang, {}).get(name, 0.0)
            if got < floor:
                problems.append(f"{lang} {name}: {got} < {floor}")
    for lang, floor in floors.get("body_f1", {}).items():
        got = scores.body_f1.get(lang, 0.0)
        if got < floor:
            problems.append(f"{lang} body_f1: {got} < {floor}")
    return problems


def load_floors(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def parse_with_newsmon(doc: GoldDoc) -> dict:
    from newsmon.parse.article import parse_pdf_article
    from newsmon.sources import load_profile

    return parse_pdf_article(doc.data, url=doc.truth["url"], profile=load_profile(doc.truth["source"])).to_json_dict()


def format_scores(scores: Scores, baselines: dict[str, dict[str, float]] | None = None) -> str:
    """A table: one row per language, exact-match share per field, then body F1 columns."""
    languages = sorted(scores.documents, key=lambda lang: (lang == "all", lang))
    extra = list(baselines or {})
    header = ["lang", "docs", *FIELDS, "body_f1", *[f"f1:{name}" for name in extra]]
    rows = [header]
    for lang in languages:
        fields = scores.fields[lang]
        rows.append([lang, str(scores.documents[lang]), *[f"{fields[n]:.3f}" for n in FIELDS],
                     f"{scores.body_f1[lang]:.4f}",
                     *[f"{baselines[name].get(lang, 0.0):.4f}" for name in extra]])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths)) for row in rows)
