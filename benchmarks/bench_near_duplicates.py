"""Question: how fast does a daily load of 50 articles find its near-duplicates among 100,000
articles of history, against comparing it with all history?

Builds a synthetic warehouse (scripts/synth_warehouse.py, nothing committed): 100,000 articles
loaded through `load_day`, which signs them all once (that one-off cost is printed too). The
day is 50 new articles, 10 of them lightly edited copies of history articles (a few words
changed, a sentence added), loaded through `load_day` into the same warehouse. Measured in one
run:
- newsmon: `refresh_near_duplicates` for the day's 50 articles as the load runs it (signatures
  of the new bodies, one join of their LSH buckets against the stored ones, exact Jaccard of the
  plausible candidates), median of 5 in a rolled-back transaction, and the whole `load_day`;
- baseline 1, naive: exact shingle Jaccard of each new article against every history article of
  its language, shingling history from the text (no stored state);
- baseline 2, MinHash without LSH: the 50 new signatures against every stored signature (read
  from the warehouse, compared with numpy), then exact Jaccard of the pairs it keeps.
Both baselines must find the same pairs. Goal: newsmon < 1 s.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from synth_warehouse import synth_articles  # noqa: E402

from newsmon.records import content_hash, make_article_id  # noqa: E402
from newsmon.warehouse import open_for_write  # noqa: E402
from newsmon.warehouse.load import load_day  # noqa: E402
from newsmon.warehouse.near_duplicates import (  # noqa: E402
    ESTIMATE_MARGIN,
    jaccard,
    refresh_near_duplicates,
    scheme_for,
    shingle_hashes,
    signature,
)

HISTORY = int(os.environ.get("BENCH_ARTICLES", "100000"))
DAILY, EDITED = 50, 10
THRESHOLD = scheme_for(0.5).threshold
DAY = dt.date(2025, 6, 1)
GOAL_S = 1.0


def edited(body: str, rng: random.Random) -> str:
    """A light edit: three words replaced, one sentence added at the end."""
    words = body.split()
    for _ in range(3):
        words[rng.randrange(len(words))] = f"edit{rng.randrange(10**6)}"
    return " ".join(words) + " This article first appeared elsewhere."


def the_day(history, seed: int = 5):
    """50 articles of one day: EDITED lightly edited copies of history articles, the rest new."""
    rng = random.Random(seed)
    fresh = synth_articles(DAILY, seed=seed + 100).copy()
    originals = history.sample(n=EDITED, random_state=seed).reset_index(drop=True)
    for i in range(DAILY):
        url = f"https://www.afgazad.com/pdf/{DAY:%Y/%m/%d}/day-{i}.pdf"
        if i < EDITED:
            for column in ("language", "section", "title", "author"):
                fresh.at[i, column] = originals.at[i, column]
            fresh.at[i, "body_text"] = edited(originals.at[i, "body_text"], rng)
        body = fresh.at[i, "body_text"]
        fresh.at[i, "url"], fresh.at[i, "article_id"] = url, make_article_id("afgazad", url)
        fresh.at[i, "published_date"] = DAY
        fresh.at[i, "content_sha256"], fresh.at[i, "word_count"] = content_hash(body), len(body.split())
    return fresh


def newsmon_detection(con, day_ids: list[str], runs: int = 5) -> tuple[float, int]:
    """Median seconds of the day's detection as the load runs it, in a rolled-back transaction."""
    times, pairs = [], 0
    for _ in range(runs):
        con.begin()
        con.execute("DELETE FROM near_duplicate_pairs WHERE list_contains($ids, article_id_a) "
                    "OR list_contains($ids, article_id_b)", {"ids": day_ids})
        con.execute("DELETE FROM article_lsh_bands WHERE list_contains($ids, article_id)", {"ids": day_ids})
        con.execute("DELETE FROM article_minhash WHERE list_contains($ids, article_id)", {"ids": day_ids})
        started = time.perf_counter()
        result = refresh_near_duplicates(con, threshold=THRESHOLD)
        times.append(time.perf_counter() - started)
        pairs = result.pairs
        con.rollback()
    return statistics.median(times), pairs


def naive(con, day) -> tuple[float, set[tuple[str, str]]]:
    """Exact Jaccard of every new article against every other article (any language: a label can
    be wrong), history shingled from its text (no stored state)."""
    started = time.perf_counter()
    found = set()
    everyone = [(a, shingle_hashes(b)) for a, b in con.execute("SELECT article_id, body_text FROM articles").fetchall()]
    for article_id, body in zip(day["article_id"], day["body_text"]):
        new = shingle_hashes(body)
        for other, other_set in everyone:
            if other != article_id and jaccard(new, other_set) >= THRESHOLD:
                found.add(tuple(sorted((article_id, other))))
    return time.perf_counter() - started, found


def without_lsh(con, day) -> tuple[float, set[tuple[str, str]]]:
    """MinHash without LSH: each new signature against every stored one, then exact Jaccard."""
    started = time.perf_counter()
    rows = con.execute("SELECT article_id, signature FROM article_minhash WHERE signature IS NOT NULL").fetchall()
    ids = [r[0] for r in rows]
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype="<u4").reshape(len(rows), -1)
    found = set()
    for article_id, body in zip(day["article_id"], day["body_text"]):
        new = shingle_hashes(body)
        estimates = (matrix == signature(new)).mean(axis=1)
        for index in np.nonzero(estimates >= THRESHOLD - ESTIMATE_MARGIN)[0]:
            if ids[index] == article_id:
                continue
            other = con.execute("SELECT body_text FROM articles WHERE article_id = ?", [ids[index]]).fetchone()[0]
            if jaccard(new, shingle_hashes(other)) >= THRESHOLD:
                found.add(tuple(sorted((article_id, ids[index]))))
    return time.perf_counter() - started, found


def main() -> int:
    history = synth_articles(HISTORY)
    day = the_day(history)
    with tempfile.TemporaryDirectory() as tmp:
        con = open_for_write(Path(tmp) / "w.duckdb")
        os.environ["NEWSMON_NEAR_DUPLICATE_THRESHOLD"] = str(THRESHOLD)
        started = time.perf_counter()
        load_day(con, source="afgazad", run_date=dt.date(2025, 1, 1), articles=history, run={"run_id": "history"})
        history_s = time.perf_counter() - started
        started = time.perf_counter()
        load_day(con, source="afgazad", run_date=DAY, articles=day, run={"run_id": "day"})
        day_load_s = time.perf_counter() - started
        stored = {tuple(sorted(r)) for r in con.execute(
            "SELECT article_id_a, article_id_b FROM near_duplicate_pairs WHERE list_contains($ids, article_id_a) "
            "OR list_contains($ids, article_id_b)", {"ids": list(day["article_id"])}).fetchall()}
        detect_s, _ = newsmon_detection(con, list(day["article_id"]))
        naive_s, naive_pairs = naive(con, day)
        nolsh_s, nolsh_pairs = without_lsh(con, day)
        bands = con.execute("SELECT count(*) FROM article_lsh_bands").fetchone()[0]
        con.close()
    scheme = scheme_for(THRESHOLD)
    print(f"history: {HISTORY:,} synthetic articles ({bands:,} LSH bucket rows, {scheme.bands} bands x "
          f"{scheme.rows} rows, threshold {THRESHOLD}); the day: {DAILY} articles, {EDITED} lightly edited copies")
    print(f"history load_day incl. signing all of it (one-off) : {history_s:8.2f} s")
    print(f"the day's load_day (everything)                    : {day_load_s:8.2f} s")
    print(f"newsmon detection of the day (median of 5)         : {detect_s:8.3f} s   goal < {GOAL_S:g} s  "
          f"{'ok' if detect_s < GOAL_S else 'MISSED'}")
    print(f"baseline naive exact Jaccard against all history   : {naive_s:8.2f} s   ratio {naive_s / detect_s:8.1f}x")
    print(f"baseline MinHash without LSH (all signatures)      : {nolsh_s:8.2f} s   ratio {nolsh_s / detect_s:8.1f}x")
    print(f"pairs of the day: newsmon {len(stored)}, naive {len(naive_pairs)}, without LSH {len(nolsh_pairs)}; "
          f"same pairs: {stored == naive_pairs == nolsh_pairs}")
    return 0 if stored == naive_pairs == nolsh_pairs and detect_s < GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
