"""Question: how fast is the warehouse at 100,000 articles: bulk load vs row by row, views, search?

Builds a synthetic warehouse (scripts/synth_warehouse.py, nothing committed) in a temporary
directory and measures, in one run:
- bulk load of 100,000 articles through `load_day` (one transaction, Arrow/pandas -> MERGE),
  then the same load again (idempotent: nothing changes);
- the same rows inserted row by row (executemany of parameterised INSERTs into `articles`
  and `article_versions`, one transaction) on a subset, extrapolated linearly to 100,000;
- every reporting view (`mart_*`, `stg_*`), fully read, median of 5;
- the full-text index build (`refresh_search_index`) and search latency over 50 queries.
Goals: load < 10 s, every view < 200 ms, search p95 < 100 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from synth_warehouse import query_words, synth_articles  # noqa: E402

from newsmon.warehouse import open_for_write  # noqa: E402
from newsmon.warehouse.load import load_day  # noqa: E402
from newsmon.warehouse.search import refresh_search_index, search  # noqa: E402
from newsmon.warehouse.views import available_views  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
ROW_BY_ROW_SUBSET = int(os.environ.get("BENCH_ROW_SUBSET", "5000"))
QUERIES = 50
DAY = dt.date(2025, 1, 1)
VIEWS = [view.name for view in available_views()]  # every view of sql/views/, staging first
ROW_INSERT_ARTICLE = """
INSERT INTO articles (article_id, source, url, section, language, title, author, published_date,
    original_published_date, body_text, captions, word_count, content_sha256, fetched_at, raw_ref,
    published_date_raw, run_date, loaded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
ROW_INSERT_VERSION = """
INSERT INTO article_versions (article_id, content_sha256, first_seen, last_seen, title, body_text)
VALUES (?, ?, ?, ?, ?, ?)
"""


def timed(func, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - started, result


def row_by_row(path: Path, frame) -> float:
    """Seconds to insert `frame` one row at a time (articles + versions, one transaction)."""
    con = open_for_write(path)
    now = dt.datetime(2025, 1, 2)
    rows = [(r.article_id, r.source, r.url, r.section, r.language, r.title, r.author, r.published_date,
             r.original_published_date, r.body_text, list(r.captions), r.word_count, r.content_sha256,
             r.fetched_at.to_pydatetime().replace(tzinfo=None), r.raw_ref, r.published_date_raw, DAY, now)
            for r in frame.itertuples(index=False)]
    started = time.perf_counter()
    con.begin()
    con.executemany(ROW_INSERT_ARTICLE, rows)
    con.executemany(ROW_INSERT_VERSION, [(r[0], r[12], now, now, r[5], r[9]) for r in rows])
    con.commit()
    seconds = time.perf_counter() - started
    con.close()
    return seconds


def main() -> int:
    frame = synth_articles(ARTICLES)
    words = int(frame["word_count"].sum())
    print(f"synthetic warehouse: {ARTICLES:,} articles, {words:,} words "
          f"({frame['language'].value_counts().to_dict()})")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NEWSMON_HOME"] = tmp
        path = Path(tmp) / "warehouse.duckdb"
        con = open_for_write(path)
        load_s, first = timed(load_day, con, source="afgazad", run_date=DAY, articles=frame, run={"run_id": "bench"})
        reload_s, second = timed(load_day, con, source="afgazad", run_date=DAY, articles=frame, run={"run_id": "bench"})
        assert (first.new_articles, second.new_articles, second.changed_articles) == (ARTICLES, 0, 0)

        subset = frame.head(ROW_BY_ROW_SUBSET)
        rows_s = row_by_row(Path(tmp) / "row_by_row.duckdb", subset)
        rows_100k = rows_s * ARTICLES / len(subset)
        print(f"bulk load (load_day)            : {load_s:8.2f} s   goal < 10 s")
        print(f"idempotent reload (no change)   : {reload_s:8.2f} s")
        print(f"row by row, {len(subset):,} rows measured : {rows_s:8.2f} s   -> {rows_100k:8.1f} s for "
              f"{ARTICLES:,} (extrapolated linearly)")
        print(f"ratio row-by-row / bulk         : {rows_100k / load_s:8.1f}x")

        print("views (full read, median of 5)  :")
        for view in VIEWS:
            times = []
            for _ in range(5):
                seconds, table = timed(lambda v=view: con.table(v).to_arrow_table())
                times.append(seconds)
            median = statistics.median(times) * 1000
            verdict = "ok" if median < 200 else "OVER 200 ms"
            print(f"  {view:<22} {median:8.1f} ms  {table.num_rows:>7,} rows  {verdict}")

        build_s, refresh = timed(refresh_search_index, con)
        noop_s, _ = timed(refresh_search_index, con)
        print(f"search index build              : {build_s:8.2f} s   ({refresh.documents:,} documents; "
              f"a refresh with nothing changed: {noop_s * 1000:.0f} ms)")
        vocabulary = sorted({w for body in frame["body_text"].head(2000) for w in body.split() if len(w) > 3})
        rare = [" ".join(vocabulary[(i * 7919 + k * 104729) % len(vocabulary)] for k in range(1 + i % 2))
                for i in range(QUERIES)]
        for label, queries in (("words as they occur (frequent ones often)", query_words(frame, QUERIES)),
                               ("distinct words, uniformly", rare)):
            latencies, hits = [], 0
            for query in queries:
                seconds, found = timed(search, query, con=con, limit=10)
                latencies.append(seconds * 1000)
                hits += bool(found)
            latencies.sort()
            p95 = latencies[round(0.95 * len(latencies)) - 1]
            print(f"search, {QUERIES} queries, {label}: median {statistics.median(latencies):.1f} ms, "
                  f"p95 {p95:.1f} ms, {hits}/{QUERIES} with hits   goal p95 < 100 ms")
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
