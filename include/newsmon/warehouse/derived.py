"""Derived text data the load keeps in step with `articles`, inside the day's transaction.

One entry point (`refresh_derived`) so the load calls it with one line: near-duplicate
signatures and pairs (`near_duplicates`) and the daily term counts (`top_terms`). Each works
from what changed since the last load (new or changed content hashes), never from all history.
Whether the rest of history is in step is checked with two aggregates over all of it
(`IN_STEP_BOTH`), except on DuckLake when the catalog's snapshots show that nothing but the last
load wrote those tables since (`lake_snapshots`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

import duckdb

from newsmon.warehouse import lake_snapshots, near_duplicates, step_mark, top_terms
from newsmon.warehouse.batches import BatchCounts, present
from newsmon.warehouse.connection import is_lake
from newsmon.warehouse.near_duplicates import NearDuplicateRefresh, refresh_near_duplicates
from newsmon.warehouse.top_terms import TopTermsRefresh, refresh_top_terms

# Migration 010 made these; a warehouse written before it is migrated (the pipeline migrates
# before it loads) has none, and then there is nothing derived to keep.
DERIVED_TABLES = ("article_minhash", "term_counts_daily", "top_terms_daily")
HAS_DERIVED_TABLES = """
SELECT count(*) FROM information_schema.tables
WHERE table_catalog = current_database() AND table_name IN ('article_minhash', 'term_counts_daily', 'top_terms_daily')
"""

# After a load's batch: whether the signatures and the counted articles are each in step with
# `articles` (each module's `IN_STEP`, the same count and XOR of a 64-bit hash), `articles`
# read once for both. At a million articles each check read and hashed its `article_id` and
# `content_sha256` columns (~150-180 ms cold each); the derived sides are each read once either way.
IN_STEP_BOTH = f"""
WITH a AS ({step_mark.ARTICLES_AGGREGATE})
SELECT (a.n, a.signed) = (SELECT (count(*), bit_xor({near_duplicates.IN_STEP_KEY})) FROM article_minhash),
       (a.n, a.counted) = (SELECT (count(*), bit_xor({top_terms.IN_STEP_COUNTED_KEY})) FROM term_count_articles),
       a.n, a.signed, a.counted
FROM a
"""
HAS_STEP_MARK = f"""
SELECT count(*) FROM information_schema.tables
WHERE table_catalog = current_database() AND table_name = '{step_mark.TABLE}'
"""

_Refresh = TypeVar("_Refresh", NearDuplicateRefresh, TopTermsRefresh)


@dataclass(frozen=True)
class DerivedRefresh:
    """What the refresh did, for the load's log."""

    near_duplicates: NearDuplicateRefresh
    top_terms: TopTermsRefresh


def refresh_derived(con: duckdb.DuckDBPyConnection, batch: str | None = None,
                    new_batch_run_date: dt.date | None = None,
                    counts: BatchCounts | None = None) -> DerivedRefresh | None:
    """Refresh every derived table, in the caller's transaction (a failure rolls the load back).

    `batch`: the name of the load's registered frame of articles (an `article_id` column): its
    articles are brought in step first, and the whole history is compared only when the rest is
    not in step (a check of two aggregates, not a join of all history). `new_batch_run_date`:
    none of the batch's ids was in `articles` before this load (`load_day` counts them), which
    stored them with this run_date; then each table whose row count says it is otherwise in
    step needs no lookup of the ids (`counts`: the load's one look, `batches.count_for_load`, which also says
    whether the tables exist). None when the warehouse predates the derived tables (not migrated yet)."""
    if not present(con, HAS_DERIVED_TABLES, DERIVED_TABLES, counts):
        return None
    if batch is None:
        return DerivedRefresh(near_duplicates=refresh_near_duplicates(con), top_terms=refresh_top_terms(con))
    signed = refresh_near_duplicates(con, batch=batch, batch_is_new=new_batch_run_date is not None, check_rest=False,
                                     counts=counts)
    terms = refresh_top_terms(con, batch=batch, new_batch_run_date=new_batch_run_date, check_rest=False,
                              counts=counts)
    in_step, aggregate = _rest_in_step(con, batch, new_batch_run_date is not None, counts)
    if not in_step[0]:
        signed = _plus(signed, refresh_near_duplicates(con))
    if not in_step[1]:
        terms = _plus(terms, refresh_top_terms(con))
    # This commit leaves them in step: the next load may skip reading them.
    lake_snapshots.mark(con)
    if aggregate is not None:
        step_mark.mark(con, aggregate)
    return DerivedRefresh(near_duplicates=signed, top_terms=terms)


def _rest_in_step(con: duckdb.DuckDBPyConnection, batch: str, batch_is_new: bool,
                  counts: BatchCounts | None) -> tuple[tuple[bool, bool], step_mark.Aggregate | None]:
    """Whether the signatures and the counted articles are in step with all of `articles`, after
    the batch's refresh; and, on a DuckDB file that keeps a mark, the articles' aggregate to mark.

    On DuckLake, when no commit but the last load's wrote these tables since it left them in
    step, without reading them (lake_snapshots). On a DuckDB file, for a batch of new articles,
    when `articles` is the last mark plus the batch, by reading `articles` alone (step_mark).
    Else the two aggregates of all three tables."""
    if lake_snapshots.undisturbed(con):
        return (True, True), None
    marked = not is_lake(con) and present(con, HAS_STEP_MARK, (step_mark.TABLE,), counts)
    if marked and batch_is_new:
        undisturbed, aggregate = step_mark.undisturbed(con, batch)
        if undisturbed:
            return (True, True), aggregate
    row = con.execute(IN_STEP_BOTH).fetchone() or (False, False, 0, 0, 0)
    aggregate = step_mark.aggregate_of(row[2:5]) if marked else None
    return (bool(row[0]), bool(row[1])), aggregate


def _plus(done: _Refresh, more: _Refresh) -> _Refresh:
    """Two refreshes' figures added up (the batch's, then the whole history's)."""
    return type(done)(*(getattr(done, f.name) + getattr(more, f.name) for f in dataclasses.fields(done)))
