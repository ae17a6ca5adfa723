"""What a load's batch of only new articles lets the tables derived from `articles` skip.

A table that holds one row per article (search documents, topic term texts, signatures,
counted articles) cannot hold a row of an article `articles` did not have before this load
when its row count plus the batch's equals `articles`' count now: then the batch's ids need
not be looked up there (each lookup scans the table's `article_id` column, ~0.1 s cold at a
million articles; a count reads no column). An article an operator removed by hand keeps its
rows until the next full check, and then the counts differ and the careful path is taken.

A load asks all of it at once (`count_for_load`), right after it wrote `articles`: which of the
tables its steps write exist (a warehouse not migrated yet lacks some), and, for a batch of only
new articles, the four per-article tables' counts in one statement. It hands the answer to each
step (`counts`). None of those tables is written between that statement and the step that reads
its answer (each step writes only its own), so the answer is the one each step's own statements
would give; on DuckLake, where every statement costs catalog reads (~10-30 ms in a fresh process)
and a count inside the load's transaction scans the table it counts (its rows are not all in the
catalog's statistics then), that is seven statements fewer: the four counts, three existence
checks and the count of search documents after the batch is indexed (known: the others plus the
batch).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

# The per-article tables a load of only new articles fills without looking its ids up.
PER_ARTICLE_TABLES = ("search_documents", "topic_documents", "article_minhash", "term_count_articles")
# The tables whose presence a load's steps check (the search index, topics, derived tables).
CHECKED_TABLES = (*PER_ARTICLE_TABLES, "search_postings", "topics", "term_counts_daily", "top_terms_daily",
                  "derived_step_mark")

# `{table}`: one of the per-article tables named by the callers (constants, never input);
# `{batch}`: the load's registered frame.
_ROWS_ALL_BUT_BATCH = """
SELECT (SELECT count(*) FROM {table}) + (SELECT count(*) FROM {batch}) = (SELECT count(*) FROM articles)
"""
PRESENT_TABLES = f"""
SELECT table_name FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main'
  AND table_name IN ({", ".join(f"'{name}'" for name in CHECKED_TABLES)})
"""
# `{checks}`: one `(SELECT count(*) FROM <table>) = rest.n` per present table of PER_ARTICLE_TABLES.
_TABLES_ALL_BUT_BATCH = """
WITH rest AS (SELECT (SELECT count(*) FROM articles) - (SELECT count(*) FROM {batch}) AS n)
SELECT rest.n, {checks} FROM rest
"""


@dataclass(frozen=True)
class BatchCounts:
    """What a load's one look at the tables found (see the module)."""

    present: frozenset[str]  # the tables of CHECKED_TABLES this warehouse has
    held: frozenset[str] = frozenset()  # per-article tables holding one row per article but the batch's
    others: int | None = None  # articles not in the batch (None: not counted, the batch is not all new)


def holds_all_but_batch(con: duckdb.DuckDBPyConnection, table: str, batch: str) -> bool:
    """Whether `table` holds one row per article but the batch's (by counts: see the module)."""
    row = con.execute(_ROWS_ALL_BUT_BATCH.format(table=table, batch=batch)).fetchone()
    return bool(row and row[0])


def count_for_load(con: duckdb.DuckDBPyConnection, batch: str, batch_is_new: bool) -> BatchCounts:
    """Which tables exist and, when `batch_is_new`, which per-article tables hold one row per
    article but the batch's: two statements (see the module)."""
    present = frozenset(row[0] for row in con.execute(PRESENT_TABLES).fetchall())
    counted = [name for name in PER_ARTICLE_TABLES if name in present]
    if not batch_is_new or not counted:
        return BatchCounts(present)
    checks = ", ".join(f"(SELECT count(*) FROM {name}) = rest.n" for name in counted)
    row = con.execute(_TABLES_ALL_BUT_BATCH.format(batch=batch, checks=checks)).fetchone()
    if not row:
        return BatchCounts(present)
    return BatchCounts(present, frozenset(name for name, held in zip(counted, row[1:]) if held), int(row[0]))


def holds(con: duckdb.DuckDBPyConnection, table: str, batch: str, counts: BatchCounts | None) -> bool:
    """`holds_all_but_batch`, answered by the load's counts when it made them."""
    return holds_all_but_batch(con, table, batch) if counts is None else table in counts.held


def present(con: duckdb.DuckDBPyConnection, sql: str, tables: tuple[str, ...], counts: BatchCounts | None) -> bool:
    """Whether every one of `tables` exists: the load's look when it made one, else `sql` (a
    count of those tables that exist)."""
    if counts is not None:
        return all(name in counts.present for name in tables)
    row = con.execute(sql).fetchone()
    return bool(row and row[0] >= len(tables))
