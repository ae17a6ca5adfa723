"""Question: does a daily load of 50 articles find its near-duplicates among 100,000 in < 1 s?

Against comparing each new article with all history (exact Jaccard), and with every stored
MinHash signature (no LSH).

Builds a synthetic warehouse (scripts/synth_warehouse.py, nothing committed): 100,000 articles
loaded through `load_day`, which signs them all once (that one-off cost is printed too). The
day is 50 new articles, 10 of them lightly edited copies of history articles (a few words
changed, a sentence added), loaded through `load_day` into the same warehouse. Measured in one
run:
- newsmon: `refresh_near_duplicates` as `load_day` runs it for a day's 50 articles (signatures of
  the new bodies, one join of their LSH buckets against the stored ones, exact Jaccard of the
  plausible candidates), timed inside the load, median over 5 daily loads (5 dates, each with its
  10 edited copies), and each whole `load_day` (top terms included);
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
from newsmon.warehouse import derived, open_for_write  # noqa: E402
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
DAILY, EDITED, DAYS = 50, 10, 5
THRESHOLD = scheme_for(0.5).threshold
DAY = dt.date(2025, 6, 1)
GOAL_S = 1.0


def edited(body: str, rng: random.Random) -> str:
    """A light edit: three words replaced, one sentence added at the end."""
    words = body.split()
    for _ in range(3):
        words[rng.randrange(len(words))] = f"edit{rng.randrange(10**6)}"
    return " ".join(words) + " This article first appeared elsewhere."


def the_day(history, seed: int = 5, day: dt.date = DAY):
    """50 articles of one day: EDITED lightly edited copies of history articles, the rest new."""
    rng = random.Random(seed)
    fresh = synth_articles(DAILY, seed=seed + 100).copy()
    originals = history.sample(n=EDITED, random_state=seed).reset_index(drop=True)
    for i in range(DAILY):
        url = f"https://www.afgazad.com/pdf/{day:%Y/%m/%d}/day-{i}.pdf"
        if i < EDITED:
            for column in ("language", "section", "title", "author"):
                fresh.at[i, column] = originals.at[i, column]
            fresh.at[i, "body_text"] = edited(originals.at[i, "body_text"], rng)
        body = fresh.at[i, "body_text"]
        fresh.at[i, "url"], fresh.at[i, "article_id"] = url, make_article_id("afgazad", url)
        fresh.at[i, "published_date"] = day
        fresh.at[i, "content_sha256"], fresh.at[i, "word_count"] = content_hash(body), len(body.split())
    return fresh


def timed_detection() -> list[float]:
    """Record the seconds of every `refresh_near_duplicates` the loads run (benchmark-only wrapper)."""
    seen: list[float] = []

    def wrapper(con, threshold=None):
        result = refresh_near_duplicates(con, threshold)
        seen.append(result.seconds)
        return result

    derived.refresh_near_duplicates = wrapper
    return seen


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
    days = [the_day(history, seed=5 + k, day=DAY + dt.timedelta(days=k)) for k in range(DAYS)]
    with tempfile.TemporaryDirectory() as tmp:
        con = open_for_write(Path(tmp) / "w.duckdb")
        os.environ["NEWSMON_NEAR_DUPLICATE_THRESHOLD"] = str(THRESHOLD)
        detections = timed_detection()
        started = time.perf_counter()
        load_day(con, source="afgazad", run_date=dt.date(2025, 1, 1), articles=history, run={"run_id": "history"})
        history_s = time.perf_counter() - started
        loads = []
        for k, day in enumerate(days):
            started = time.perf_counter()
            load_day(con, source="afgazad", run_date=DAY + dt.timedelta(days=k), articles=day, run={"run_id": f"d{k}"})
            loads.append(time.perf_counter() - started)
        detect_s = statistics.median(detections[1:])
        day = days[-1]
        stored = {tuple(sorted(r)) for r in con.execute(
            "SELECT article_id_a, article_id_b FROM near_duplicate_pairs WHERE list_contains($ids, article_id_a) "
            "OR list_contains($ids, article_id_b)", {"ids": list(day["article_id"])}).fetchall()}
        naive_s, naive_pairs = naive(con, day)
        nolsh_s, nolsh_pairs = without_lsh(con, day)
        bands = con.execute("SELECT count(*) FROM article_lsh_bands").fetchone()[0]
        started = time.perf_counter()
        marked = con.execute("SELECT count(*) FROM mart_near_duplicates WHERE article_date = ?",
                             [DAY + dt.timedelta(days=DAYS - 1)]).fetchone()[0]
        mart_s = time.perf_counter() - started
        con.close()
    scheme = scheme_for(THRESHOLD)
    print(f"history: {HISTORY:,} synthetic articles ({bands:,} LSH bucket rows, {scheme.bands} bands x "
          f"{scheme.rows} rows, threshold {THRESHOLD}); a day: {DAILY} articles, {EDITED} lightly edited copies")
    print(f"history load_day incl. signing all of it (one-off) : {history_s:8.2f} s")
    print(f"a day's load_day (everything), median of {DAYS}       : {statistics.median(loads):8.2f} s")
    print(f"newsmon detection of a day, median of {DAYS}          : {detect_s:8.3f} s   goal < {GOAL_S:g} s  "
          f"{'ok' if detect_s < GOAL_S else 'MISSED'}   (each: {', '.join(f'{d:.3f}' for d in detections[1:])})")
    print(f"baseline naive exact Jaccard against all history   : {naive_s:8.2f} s   ratio {naive_s / detect_s:8.1f}x")
    print(f"baseline MinHash without LSH (all signatures)      : {nolsh_s:8.2f} s   ratio {nolsh_s / detect_s:8.1f}x")
    print(f"mart_near_duplicates of the last day               : {mart_s:8.3f} s   ({marked} repeats)")
    print(f"pairs of the last day: newsmon {len(stored)}, naive {len(naive_pairs)}, without LSH {len(nolsh_pairs)}; "
          f"same pairs: {stored == naive_pairs == nolsh_pairs}")
    return 0 if stored == naive_pairs == nolsh_pairs and detect_s < GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
