"""On a DuckDB file, whether anything but the last load changed `articles` since it left the
derived tables in step: then the load's whole-history check reads `articles` alone.

Why: a day's load ends by comparing aggregates of every row of `articles` with those of
`article_minhash` and `term_count_articles` (`derived.IN_STEP_BOTH`), to notice an article
deleted or edited by hand since the last load. At a million articles each of the three scans
costs ~0.1-0.15 s in a load's fresh process. A DuckDB file has no snapshots to ask (DuckLake's
are asked in `lake_snapshots`), but the derived tables are written only by newsmon, in the
same transactions as the check; so:

- every load that leaves the derived tables in step stores the aggregate of `articles` it
  read (`mark`: count and the two XORs, one row of `derived_step_mark`, migration 015);
- the next load, whose batch is all new articles (the usual day), reads the aggregate of
  `articles` now and of the batch's rows in it (`undisturbed`). When the first equals the mark
  plus the batch, no one changed `articles` but this load, whose batch the refresh has just
  brought in step; the derived tables' row counts must also equal the articles' (a count reads
  no column). Then the rest is in step without reading them.

Anything else (no mark, a batch that replaced articles, an edit by hand, a row removed from a
derived table) and the whole check runs as before. What this cannot see is a hand edit of a
derived table that keeps its row count (a changed key of a signature), which nothing in
newsmon makes; `newsmon` refresh commands rebuild them from `articles` whatever the mark says.
"""

from __future__ import annotations

import duckdb

from newsmon.warehouse.connection import is_lake
from newsmon.warehouse.near_duplicates import IN_STEP_KEY as SIGNED_KEY
from newsmon.warehouse.top_terms import IN_STEP_ARTICLES_KEY as COUNTED_KEY

TABLE = "derived_step_mark"
Aggregate = tuple[int, int, int]  # count and the two XORs of `articles` (see ARTICLES_AGGREGATE)
# What the mark holds, read from `articles` (also by `derived.IN_STEP_BOTH`).
ARTICLES_AGGREGATE = (f"SELECT count(*) AS n, bit_xor({SIGNED_KEY}) AS signed, bit_xor({COUNTED_KEY}) AS counted "
                      "FROM articles")
# `{batch}`: the load's registered frame of articles (its ids, all new to `articles` before it).
# The articles' aggregate now, and whether it is the mark's plus the batch's rows, with the
# derived tables holding one row per article.
UNDISTURBED = f"""
WITH a AS ({ARTICLES_AGGREGATE}),
     b AS (SELECT count(*) AS n, coalesce(bit_xor({SIGNED_KEY}), 0) AS signed,
                  coalesce(bit_xor({COUNTED_KEY}), 0) AS counted
           FROM articles WHERE article_id IN (SELECT article_id FROM {{batch}}))
SELECT a.n, a.signed, a.counted,
       coalesce((a.n, a.signed, a.counted) = (m.articles + b.n, xor(m.signed, b.signed), xor(m.counted, b.counted))
                AND (SELECT count(*) FROM article_minhash) = a.n
                AND (SELECT count(*) FROM term_count_articles) = a.n, false)
FROM a CROSS JOIN b LEFT JOIN {TABLE} m ON true
"""
CLEAR = f"DELETE FROM {TABLE}"
SET = f"INSERT INTO {TABLE} (articles, signed, counted, marked_at) VALUES (?, ?, ?, now()::TIMESTAMP)"


def undisturbed(con: duckdb.DuckDBPyConnection, batch: str) -> tuple[bool, Aggregate | None]:
    """Whether nothing but this load changed `articles` since the last mark (module docstring),
    for a `batch` of only new articles; and the articles' aggregate read (for `mark`)."""
    row = con.execute(UNDISTURBED.format(batch=batch)).fetchone()
    if row is None:
        return False, None
    return bool(row[3]), aggregate_of(row[:3])


def aggregate_of(values: tuple[int, int | None, int | None]) -> Aggregate:
    """The aggregate from ARTICLES_AGGREGATE's values (XORs of no rows are NULL: 0)."""
    return int(values[0]), int(values[1] or 0), int(values[2] or 0)


def mark(con: duckdb.DuckDBPyConnection, aggregate: Aggregate) -> None:
    """Store `aggregate` (count and the two XORs of `articles`, as `undisturbed` or
    `derived.IN_STEP_BOTH` read them) as the one the derived tables are in step with, in the
    caller's transaction (DuckDB file only)."""
    if is_lake(con):
        return
    con.execute(CLEAR)
    con.execute(SET, list(aggregate))
