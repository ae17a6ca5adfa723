"""Generate a synthetic afgazad-like warehouse load (not committed data) for benchmarks.

    .venv/bin/python scripts/synth_warehouse.py --articles 100000 --out /tmp/synth.duckdb

Articles are ArticleRecord rows whose words come from the mirror's ground truth (so Dari,
Pashto, English, German and French text with its real letters, ZWNJ included), shuffled
into new bodies of 150-450 words with a few rare tokens each, spread over ten years of
dates, sections, languages and a pool of authors; about 1% are republished copies (same body,
another URL and date), so every mart has work to do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
import time
from pathlib import Path

import pandas as pd

from newsmon.records import ARTICLE_FIELDS, content_hash, make_article_id
from newsmon.testing.mirror import load_ground_truth

START = dt.date(2015, 1, 1)
DAYS = 3650
REPUBLISHED_SHARE = 0.01


def vocabulary() -> dict[str, tuple[list[str], list[str], list[str]]]:
    """Per language: (words, sections, authors) from the mirror's ground truth."""
    out: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for rows in load_ground_truth().values():
        for r in rows:
            words, sections, authors = out.setdefault(r["language"], ([], [], []))
            words.extend(r["body_text"].split())
            sections.append(r["section"])
            if r["author"]:
                authors.append(r["author"])
    return {lang: (w, sorted(set(s)), sorted(set(a)) or ["—"]) for lang, (w, s, a) in out.items()}


def synth_articles(n: int, seed: int = 7, source: str = "afgazad") -> pd.DataFrame:
    """`n` synthetic articles with the ArticleRecord columns, deterministic for a seed."""
    rng = random.Random(seed)
    vocab = vocabulary()
    languages = sorted(vocab)
    fetched = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    rows = []
    for i in range(n):
        lang = rng.choice(languages)
        words, sections, authors = vocab[lang]
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        if rows and rng.random() < REPUBLISHED_SHARE:
            body = rng.choice(rows)["body_text"]
        else:
            body = " ".join(rng.choices(words, k=rng.randint(150, 450))
                            + [f"tok{rng.randrange(10**6)}" for _ in range(3)])
        url = f"https://www.afgazad.com/pdf/{day:%Y/%m/%d}/synthetic-{i}.pdf"
        author_pool = authors + [f"{a} {k}" for a in authors[:3] for k in range(20)]
        rows.append({
            "article_id": make_article_id(source, url), "source": source, "url": url,
            "section": rng.choice(sections), "language": lang, "title": " ".join(rng.choices(words, k=6)),
            "author": rng.choice(author_pool) if rng.random() < 0.8 else None,
            "published_date": day, "original_published_date": None, "body_text": body,
            "captions": [], "word_count": len(body.split()), "content_sha256": content_hash(body),
            "fetched_at": fetched, "raw_ref": f"synthetic.warc.gz#{i}",
            "published_date_raw": day.isoformat(),
        })
    return pd.DataFrame(rows, columns=ARTICLE_FIELDS)


def query_words(frame: pd.DataFrame, count: int, seed: int = 11) -> list[str]:
    """`count` search queries of 1-3 words drawn from the bodies (every language)."""
    rng = random.Random(seed)
    bodies = frame["body_text"].sample(n=min(count * 3, len(frame)), random_state=seed).tolist()
    queries = []
    for i in range(count):
        words = [w for w in bodies[i].split() if len(w) > 3] or bodies[i].split()
        queries.append(" ".join(rng.sample(words, k=min(len(words), 1 + i % 3))))
    return queries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True, help="DuckDB file to create (replaced)")
    args = parser.parse_args(argv)
    from newsmon.warehouse import open_for_write
    from newsmon.warehouse.load import load_day
    from newsmon.warehouse.search import refresh_search_index

    started = time.perf_counter()
    frame = synth_articles(args.articles)
    args.out.unlink(missing_ok=True)
    con = open_for_write(args.out)
    try:
        load_day(con, source="afgazad", run_date=dt.date(2025, 1, 1), articles=frame, run={"run_id": "synthetic"})
        refresh_search_index(con)
    finally:
        con.close()
    digest = hashlib.sha256(frame["content_sha256"].str.cat().encode()).hexdigest()[:12]
    print(f"{args.out}: {len(frame)} articles (digest {digest}) in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
