"""Load one (source, run_date) into the warehouse in one transaction.

Why it looks like this:
- one transaction: a day is in the warehouse completely or not at all; any error rolls back
  and is re-raised, leaving the previous state;
- bulk: frames are registered with DuckDB and copied with `INSERT … SELECT`, never row by row;
- idempotent per (source, run_date): articles are upserted (MERGE) by article_id (a row whose values
  did not change is not touched, so its `loaded_at` stays), content versions are kept in
  `article_versions`, and the day's own failures and quarantine rows are replaced;
- per run_id: the `runs` row and its `dq_results` are replaced, so a retried load of the same
  run does not duplicate them;
- the full-text index follows its articles in the same transaction (`update_search_index`
  over this batch only): a reader never sees loaded articles the index lacks, and a failed
  load leaves the index as it was.
Every value reaches SQL as a parameter; the only names in SQL text are the constants below.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeAlias

import duckdb
import pandas as pd
import pyarrow as pa

from newsmon.records import ARTICLE_FIELDS
from newsmon.warehouse.batches import BatchCounts, count_for_load
from newsmon.warehouse.connection import is_lake, registered, retry_conflicts, rollback_quietly, scalar
from newsmon.warehouse.derived import refresh_derived
from newsmon.warehouse.search import SearchRefresh, update_search_index
from newsmon.warehouse.topics import match_loaded_articles

FrameLike: TypeAlias = pd.DataFrame | pa.Table

_ARTICLES_VIEW = "_newsmon_load_articles"
_FAILURES_VIEW = "_newsmon_load_failures"
_QUARANTINE_VIEW = "_newsmon_load_quarantine"
_DQ_VIEW = "_newsmon_load_dq_results"
_FETCH_LOG_VIEW = "_newsmon_load_fetch_log"

FAILURE_COLUMNS = ["url", "stage", "error", "at"]
QUARANTINE_EXTRA_COLUMNS = ["failed_expectations", "reasons"]
DQ_COLUMNS = ["expectation", "column_name", "success", "unexpected_count", "observed"]
RUN_COLUMNS = [
    "run_id", "source", "run_date", "started_at", "finished_at", "status",
    "discovered", "fetched", "parsed", "valid", "quarantined", "failed", "loaded", "message",
]

CHECK_SOURCE = f"SELECT count(*) FROM {_ARTICLES_VIEW} WHERE source IS DISTINCT FROM ?"
CHECK_DUPLICATE_IDS = f"""
SELECT article_id FROM {_ARTICLES_VIEW} GROUP BY article_id HAVING count(*) > 1 ORDER BY 1 LIMIT 3
"""
CHECK_MISSING_KEYS = f"""
SELECT count(*) FROM {_ARTICLES_VIEW}
WHERE article_id IS NULL OR content_sha256 IS NULL OR content_sha256 = ''
"""
# The batch's articles not in `articles`, and its articles without any row in `article_versions`:
# one statement (on DuckLake each statement reads the catalog first). The stored rows are counted
# by a semi join (`IN`): its hash table holds the batch's ids, where `NOT EXISTS` built one of
# every stored id (200,000 strings at 200,000 articles; ~2x the time on DuckLake), and an id
# alone is read from `article_versions`, not its 64-character hashes too. An article without any
# version cannot have this version, so when that is every article of the batch (the usual day)
# every version is new; else `COUNT_NEW_VERSIONS` counts the pairs. (The batch's ids are
# distinct: `_check_articles` refused repeats before.)
COUNT_NEW_ARTICLES_AND_VERSIONS = f"""
WITH n AS (SELECT count(*) AS n FROM {_ARTICLES_VIEW})
SELECT n.n - (SELECT count(*) FROM articles WHERE article_id IN (SELECT article_id FROM {_ARTICLES_VIEW})),
       n.n - (SELECT count(DISTINCT article_id) FROM article_versions
              WHERE article_id IN (SELECT article_id FROM {_ARTICLES_VIEW}))
FROM n
"""
# The batch's (article_id, content_sha256) pairs not in `article_versions` (when some of its
# articles have versions: a re-load, a changed body).
COUNT_NEW_VERSIONS = f"""
SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM article_versions v
                                          WHERE v.article_id = a.article_id AND v.content_sha256 = a.content_sha256))
FROM {_ARTICLES_VIEW} a
"""
# MERGE rather than INSERT … ON CONFLICT: DuckLake has no primary keys, and one statement for
# both kinds keeps one load path (it is also ~2x faster than ON CONFLICT at 100k rows).
_ARTICLES_SOURCE = f"""
    SELECT
        CAST(article_id AS VARCHAR) AS article_id, CAST(source AS VARCHAR) AS source,
        CAST(url AS VARCHAR) AS url, CAST(section AS VARCHAR) AS section,
        CAST(language AS VARCHAR) AS language, CAST(title AS VARCHAR) AS title,
        CAST(author AS VARCHAR) AS author, CAST(published_date AS DATE) AS published_date,
        CAST(original_published_date AS DATE) AS original_published_date,
        CAST(body_text AS VARCHAR) AS body_text, CAST(captions AS VARCHAR[]) AS captions,
        CAST(word_count AS INTEGER) AS word_count, CAST(content_sha256 AS VARCHAR) AS content_sha256,
        CAST(fetched_at AS TIMESTAMP) AS fetched_at, CAST(raw_ref AS VARCHAR) AS raw_ref,
        CAST(published_date_raw AS VARCHAR) AS published_date_raw,
        CAST(parse_warnings AS VARCHAR[]) AS parse_warnings,
        CAST($run_date AS DATE) AS run_date, CAST($now AS TIMESTAMP) AS loaded_at
    FROM {_ARTICLES_VIEW}
"""
UPSERT_ARTICLES = f"""
MERGE INTO articles
USING (
{_ARTICLES_SOURCE}) AS excluded
ON articles.article_id = excluded.article_id
WHEN MATCHED AND
      (articles.source, articles.url, articles.section, articles.language, articles.title,
       articles.author, articles.published_date, articles.original_published_date,
       articles.body_text, articles.captions, articles.word_count, articles.content_sha256,
       articles.fetched_at, articles.raw_ref, articles.published_date_raw, articles.parse_warnings,
       articles.run_date)
    IS DISTINCT FROM
      (excluded.source, excluded.url, excluded.section, excluded.language, excluded.title,
       excluded.author, excluded.published_date, excluded.original_published_date,
       excluded.body_text, excluded.captions, excluded.word_count, excluded.content_sha256,
       excluded.fetched_at, excluded.raw_ref, excluded.published_date_raw, excluded.parse_warnings,
       excluded.run_date)
THEN UPDATE SET
    source = excluded.source, url = excluded.url, section = excluded.section,
    language = excluded.language, title = excluded.title, author = excluded.author,
    published_date = excluded.published_date,
    original_published_date = excluded.original_published_date,
    body_text = excluded.body_text, captions = excluded.captions,
    word_count = excluded.word_count, content_sha256 = excluded.content_sha256,
    fetched_at = excluded.fetched_at, raw_ref = excluded.raw_ref,
    published_date_raw = excluded.published_date_raw, parse_warnings = excluded.parse_warnings,
    run_date = excluded.run_date, loaded_at = excluded.loaded_at
WHEN NOT MATCHED THEN INSERT (
    article_id, source, url, section, language, title, author, published_date,
    original_published_date, body_text, captions, word_count, content_sha256, fetched_at,
    raw_ref, published_date_raw, parse_warnings, run_date, loaded_at)
VALUES (
    excluded.article_id, excluded.source, excluded.url, excluded.section, excluded.language,
    excluded.title, excluded.author, excluded.published_date, excluded.original_published_date,
    excluded.body_text, excluded.captions, excluded.word_count, excluded.content_sha256,
    excluded.fetched_at, excluded.raw_ref, excluded.published_date_raw, excluded.parse_warnings,
    excluded.run_date, excluded.loaded_at)
"""
# A batch of new articles only (the usual day: `COUNT_NEW_ARTICLES_AND_VERSIONS` counts every row): what the
# MERGE would insert, without the MERGE's join over every stored article (its scan reads all
# their columns: ~1.5 s on DuckLake at 200,000 articles).
INSERT_NEW_ARTICLES = f"""
INSERT INTO articles (
    article_id, source, url, section, language, title, author, published_date,
    original_published_date, body_text, captions, word_count, content_sha256, fetched_at,
    raw_ref, published_date_raw, parse_warnings, run_date, loaded_at)
SELECT article_id, source, url, section, language, title, author, published_date,
       original_published_date, body_text, captions, word_count, content_sha256, fetched_at,
       raw_ref, published_date_raw, parse_warnings, run_date, loaded_at
FROM ({_ARTICLES_SOURCE}) AS excluded
"""
UPSERT_VERSIONS = f"""
MERGE INTO article_versions
USING (
    SELECT CAST(article_id AS VARCHAR) AS article_id, CAST(content_sha256 AS VARCHAR) AS content_sha256,
           CAST(title AS VARCHAR) AS title, CAST(body_text AS VARCHAR) AS body_text
    FROM {_ARTICLES_VIEW}
) AS excluded
ON article_versions.article_id = excluded.article_id
   AND article_versions.content_sha256 = excluded.content_sha256
WHEN MATCHED THEN UPDATE SET last_seen = CAST($now AS TIMESTAMP)
WHEN NOT MATCHED THEN INSERT (article_id, content_sha256, first_seen, last_seen, title, body_text)
VALUES (excluded.article_id, excluded.content_sha256, CAST($now AS TIMESTAMP), CAST($now AS TIMESTAMP),
        excluded.title, excluded.body_text)
"""
INSERT_NEW_VERSIONS = f"""
INSERT INTO article_versions (article_id, content_sha256, first_seen, last_seen, title, body_text)
SELECT CAST(article_id AS VARCHAR), CAST(content_sha256 AS VARCHAR), CAST($now AS TIMESTAMP),
       CAST($now AS TIMESTAMP), CAST(title AS VARCHAR), CAST(body_text AS VARCHAR)
FROM {_ARTICLES_VIEW}
"""
# Whether the day holds failures and quarantine rows to replace (and release): usually none, and
# then the three statements that would find nothing are not run (~20-30 ms each on DuckLake).
COUNT_DAY_ROWS = """
SELECT (SELECT count(*) FROM failures WHERE source = $source AND run_date = $run_date),
       (SELECT count(*) FROM quarantine WHERE source = $source AND run_date = $run_date)
"""
DELETE_FAILURES = "DELETE FROM failures WHERE source = $source AND run_date = $run_date"
INSERT_FAILURES = f"""
INSERT INTO failures (source, run_date, url, stage, error, failed_at)
SELECT $source, $run_date, CAST(f.url AS VARCHAR), CAST(f.stage AS VARCHAR), CAST(f.error AS VARCHAR),
       coalesce(CAST(f.at AS TIMESTAMP), CAST($at AS TIMESTAMP))
FROM {_FAILURES_VIEW} f
"""
DELETE_QUARANTINE = "DELETE FROM quarantine WHERE source = $source AND run_date = $run_date"
# Quarantine release: the day's quarantined rows that this load no longer quarantines (matched
# by article_id, or url when the id is null) are recorded as released before the day's
# quarantine is replaced: 'loaded' when they are in this load's articles, else 'gone'.
RELEASE_QUARANTINE = f"""
INSERT INTO quarantine_releases (source, run_date, article_id, url, failed_expectations, reasons,
                                 quarantined_at, released_at, released_by_run, outcome)
SELECT q.source, q.run_date, q.article_id, q.url, q.failed_expectations, q.reasons, q.quarantined_at,
       CAST($at AS TIMESTAMP), $run_id,
       CASE WHEN EXISTS (SELECT 1 FROM {_ARTICLES_VIEW} a
                         WHERE coalesce(CAST(a.article_id AS VARCHAR), CAST(a.url AS VARCHAR))
                             = coalesce(q.article_id, q.url))
            THEN 'loaded' ELSE 'gone' END
FROM quarantine q
WHERE q.source = $source AND q.run_date = $run_date
  AND NOT EXISTS (SELECT 1 FROM {_QUARANTINE_VIEW} n
                  WHERE coalesce(CAST(n.article_id AS VARCHAR), CAST(n.url AS VARCHAR))
                      = coalesce(q.article_id, q.url))
"""
# The record is the row without the two columns validation added (JSON merge patch: null deletes).
INSERT_QUARANTINE = f"""
INSERT INTO quarantine (source, run_date, article_id, url, failed_expectations, reasons, record,
                        quarantined_at)
SELECT $source, $run_date, CAST(q.article_id AS VARCHAR), CAST(q.url AS VARCHAR),
       CAST(q.failed_expectations AS VARCHAR[]), CAST(q.reasons AS VARCHAR),
       CAST(json_merge_patch(to_json(q), '{{"failed_expectations": null, "reasons": null}}') AS JSON),
       CAST($at AS TIMESTAMP)
FROM {_QUARANTINE_VIEW} q
"""
DELETE_DQ_RESULTS = "DELETE FROM dq_results WHERE run_id = $run_id"
INSERT_DQ_RESULTS = f"""
INSERT INTO dq_results (run_id, source, run_date, expectation, column_name, success,
                        unexpected_count, observed)
SELECT $run_id, $source, $run_date, CAST(expectation AS VARCHAR), CAST(column_name AS VARCHAR),
       CAST(success AS BOOLEAN), CAST(unexpected_count AS BIGINT), CAST(observed AS JSON)
FROM {_DQ_VIEW}
"""
FETCH_LOG_COLUMNS = [
    "fetch_run", "stage", "url", "requested_at", "status", "bytes", "etag", "last_modified",
    "elapsed_s", "attempts", "outcome", "raw_ref",
]
# The crawler's log is history keyed by stage run (fetch_run): loading the same stage runs again
# replaces their rows, a new network run of the date adds its own (see 003_fetch_log.sql).
DELETE_FETCH_LOG = f"""
DELETE FROM fetch_log WHERE source = $source AND run_date = $run_date
  AND fetch_run IN (SELECT DISTINCT CAST(fetch_run AS VARCHAR) FROM {_FETCH_LOG_VIEW})
"""
INSERT_FETCH_LOG = f"""
INSERT INTO fetch_log (source, run_date, fetch_run, stage, url, requested_at, status, bytes, etag,
                       last_modified, elapsed_s, attempts, outcome, outcome_kind, raw_ref)
SELECT $source, $run_date, CAST(fetch_run AS VARCHAR), CAST(stage AS VARCHAR), CAST(url AS VARCHAR),
       CAST(requested_at AS TIMESTAMP), CAST(status AS INTEGER), coalesce(CAST(bytes AS BIGINT), 0),
       CAST(etag AS VARCHAR), CAST(last_modified AS VARCHAR), CAST(elapsed_s AS DOUBLE),
       coalesce(CAST(attempts AS INTEGER), 0), CAST(outcome AS VARCHAR),
       split_part(CAST(outcome AS VARCHAR), ':', 1), CAST(raw_ref AS VARCHAR)
FROM {_FETCH_LOG_VIEW}
"""
# On DuckLake every write rewrites the one write_claims row (migration 011): two writers in flight
# at once then conflict at commit, and the later is retried on the earlier's state. (A DuckDB file
# has one writer, the lock's holder: nothing to claim.)
CLAIM_WRITE = "UPDATE write_claims SET writes = writes + 1, last_run_id = ?, last_write_at = now()::TIMESTAMP"
DELETE_RUN = "DELETE FROM runs WHERE run_id = ?"  # then INSERT: works without a primary key (DuckLake)
UPSERT_RUN = f"""
INSERT INTO runs ({", ".join(RUN_COLUMNS)})
VALUES ({", ".join("?" for _ in RUN_COLUMNS)})
"""


@dataclass(frozen=True)
class LoadResult:
    """What one load changed, for logs, XCom and the runs table."""

    run_id: str
    articles: int  # article rows offered
    new_articles: int  # of which not in the warehouse before
    changed_articles: int  # of which already there with different values
    new_versions: int  # new (article_id, content_sha256) pairs
    failures: int
    quarantined: int
    dq_results: int
    seconds: float
    released: int = 0  # quarantined rows of the day this load released (quarantine_releases)
    indexed: int = 0  # articles (re-)indexed for search (new or changed)
    unindexed: int = 0  # search documents removed (their article changed)
    search_documents: int = 0  # documents in the search index after the load


def load_day(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str,
    run_date: dt.date,
    articles: FrameLike | None,
    failures: FrameLike | Iterable[Any] | None = None,
    quarantine: FrameLike | None = None,
    dq_results: FrameLike | Iterable[dict[str, Any]] | None = None,
    run: dict[str, Any],
    fetch_log: FrameLike | Iterable[Any] | None = None,
    before_commit: Callable[[duckdb.DuckDBPyConnection], Any] | None = None,
) -> LoadResult:
    """Write one (source, run_date) in one transaction; roll back and re-raise on any error.

    `articles` and `quarantine` have the ArticleRecord columns (quarantine also
    `failed_expectations` and `reasons`, as `validate_day` makes them); `failures` has the
    FailureRecord columns (or is a list of FailureRecord/dicts); `dq_results` is
    `ValidationOutcome.results`. `run` holds `runs` columns (run_id, started_at, status,
    stage counts, message…); missing ones default from the frames (counts), the clock
    (`finished_at`) and `status` "success" (see `_run_row`). `fetch_log` holds the crawler's
    `FetchLogEntry` rows (FETCH_LOG_COLUMNS) of this date's stage runs, replaced per fetch_run.
    The search index of the batch's articles is updated inside the same transaction.
    `before_commit(con)` runs last inside the transaction; if it raises, nothing is written.
    """
    started = time.perf_counter()
    now = _utc_now()
    frames = {
        _ARTICLES_VIEW: _as_arrow(_with_columns(articles, ARTICLE_FIELDS)),
        _FAILURES_VIEW: _with_columns(_records_frame(failures), FAILURE_COLUMNS),
        _QUARANTINE_VIEW: _with_columns(quarantine, ARTICLE_FIELDS + QUARANTINE_EXTRA_COLUMNS),
        _DQ_VIEW: _with_columns(_records_frame(dq_results), DQ_COLUMNS),
        _FETCH_LOG_VIEW: _with_columns(_records_frame(fetch_log), FETCH_LOG_COLUMNS),
    }
    counts = {name: _rows(frame) for name, frame in frames.items()}
    run_row = _run_row(run, source, run_date, now, counts)
    stamp = run_row["started_at"] or now
    claim = is_lake(con)

    def write() -> tuple[int, int, int, int, SearchRefresh]:
        con.begin()
        try:
            if claim:
                con.execute(CLAIM_WRITE, [run_row["run_id"]])
            new_articles, changed, new_versions = _write_articles(con, source, run_date, now, counts)
            # A batch of only new articles has no rows in the index, the term texts or the derived
            # tables yet: each skips looking its ids up when its row count confirms it (a lookup
            # scans that table's `article_id` column, ~0.1 s each cold at a million articles).
            batch_is_new = 0 < counts[_ARTICLES_VIEW] == new_articles
            # which tables exist, and the four per-article tables' counts, in two statements
            tables = count_for_load(con, _ARTICLES_VIEW, batch_is_new)
            index = _update_index(con, batch_is_new, tables)
            match_loaded_articles(con, _ARTICLES_VIEW, batch_is_new, tables)  # watched topics (warehouse/topics.py)
            held = _day_rows(con, source, run_date)
            released = _release_quarantine(con, source, run_date, run_row["run_id"], now) if held[1] else 0
            _replace_day(con, source, run_date, stamp, counts, held)
            _replace_run(con, run_row, source, run_date, counts)
            _replace_fetch_log(con, source, run_date, counts)
            # near-duplicates and term counts of what changed, in this transaction
            refresh_derived(con, _ARTICLES_VIEW, run_date if batch_is_new else None, tables)
            if before_commit is not None:
                before_commit(con)
            con.commit()
        except BaseException:
            rollback_quietly(con)
            raise
        return new_articles, changed, new_versions, released, index

    with registered(con, frames):  # on DuckLake another worker may commit first: the day is written again on its state
        new_articles, changed, new_versions, released, index = retry_conflicts(write, f"load {source} {run_date}")
    return LoadResult(
        run_id=run_row["run_id"],
        articles=counts[_ARTICLES_VIEW],
        new_articles=new_articles,
        changed_articles=changed,
        new_versions=new_versions,
        failures=counts[_FAILURES_VIEW],
        quarantined=counts[_QUARANTINE_VIEW],
        dq_results=counts[_DQ_VIEW],
        seconds=round(time.perf_counter() - started, 4),
        released=released,
        indexed=index.added,
        unindexed=index.removed,
        search_documents=index.documents,
    )


def _write_articles(
    con: duckdb.DuckDBPyConnection, source: str, run_date: dt.date, now: dt.datetime, counts: dict[str, int]
) -> tuple[int, int, int]:
    """Upsert articles and their content versions; return (new, changed, new versions)."""
    if counts[_ARTICLES_VIEW] == 0:
        return 0, 0, 0
    _check_articles(con, source)
    new_articles, unversioned = con.execute(COUNT_NEW_ARTICLES_AND_VERSIONS).fetchone() or (0, 0)
    new_versions = unversioned if unversioned == counts[_ARTICLES_VIEW] else scalar(con, COUNT_NEW_VERSIONS)
    if new_articles == counts[_ARTICLES_VIEW]:  # all new: nothing to match, no join over the history
        con.execute(INSERT_NEW_ARTICLES, {"run_date": run_date, "now": now})
        touched = new_articles
    else:
        touched = scalar(con, UPSERT_ARTICLES, {"run_date": run_date, "now": now})
    con.execute(INSERT_NEW_VERSIONS if new_versions == counts[_ARTICLES_VIEW] else UPSERT_VERSIONS, {"now": now})
    return new_articles, touched - new_articles, new_versions


def _update_index(con: duckdb.DuckDBPyConnection, batch_is_new: bool = False,
                  counts: BatchCounts | None = None) -> SearchRefresh:
    """The search index of this batch's articles (new, changed), in the load's transaction."""
    return update_search_index(con, batch=_ARTICLES_VIEW, batch_is_new=batch_is_new, counts=counts)


def _check_articles(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Refuse a batch that would corrupt the day: other sources, repeated ids, missing keys."""
    foreign = scalar(con, CHECK_SOURCE, [source])
    if foreign:
        raise ValueError(f"load of {source!r}: {foreign} article rows belong to another source")
    duplicates = [row[0] for row in con.execute(CHECK_DUPLICATE_IDS).fetchall()]
    if duplicates:
        raise ValueError(f"load of {source!r}: article_id repeated in the batch: {', '.join(map(str, duplicates))}")
    missing = scalar(con, CHECK_MISSING_KEYS)
    if missing:
        raise ValueError(f"load of {source!r}: {missing} article rows lack article_id or content_sha256")


def _release_quarantine(
    con: duckdb.DuckDBPyConnection, source: str, run_date: dt.date, run_id: str, now: dt.datetime
) -> int:
    """Record the day's quarantined rows this load releases; `_replace_day` then drops them."""
    return scalar(con, RELEASE_QUARANTINE, {"source": source, "run_date": run_date, "run_id": run_id, "at": now})


def _day_rows(con: duckdb.DuckDBPyConnection, source: str, run_date: dt.date) -> tuple[int, int]:
    """How many failures and quarantine rows this (source, run_date) holds now."""
    row = con.execute(COUNT_DAY_ROWS, {"source": source, "run_date": run_date}).fetchone()
    return (int(row[0]), int(row[1])) if row else (1, 1)


def _replace_day(
    con: duckdb.DuckDBPyConnection, source: str, run_date: dt.date, stamp: dt.datetime, counts: dict[str, int],
    held: tuple[int, int] = (1, 1),
) -> None:
    """Replace this (source, run_date)'s failures and quarantine rows, and nothing else
    (`held`: the failures and quarantine rows it holds now; none, nothing to delete)."""
    key = {"source": source, "run_date": run_date}
    if held[0]:
        con.execute(DELETE_FAILURES, key)
    if counts[_FAILURES_VIEW]:
        con.execute(INSERT_FAILURES, {**key, "at": stamp})
    if held[1]:
        con.execute(DELETE_QUARANTINE, key)
    if counts[_QUARANTINE_VIEW]:
        con.execute(INSERT_QUARANTINE, {**key, "at": stamp})


def _replace_run(
    con: duckdb.DuckDBPyConnection, run_row: dict[str, Any], source: str, run_date: dt.date, counts: dict[str, int]
) -> None:
    """Write the runs row and this run's DQ results (replacing a previous attempt of the same run)."""
    con.execute(DELETE_DQ_RESULTS, {"run_id": run_row["run_id"]})
    if counts[_DQ_VIEW]:
        con.execute(INSERT_DQ_RESULTS, {"run_id": run_row["run_id"], "source": source, "run_date": run_date})
    con.execute(DELETE_RUN, [run_row["run_id"]])
    con.execute(UPSERT_RUN, [run_row[c] for c in RUN_COLUMNS])


def record_run_only(con: duckdb.DuckDBPyConnection, run_row: dict[str, Any],
                    dq_results: FrameLike | Iterable[dict[str, Any]] | None) -> None:
    """Write a run that loads nothing (a rejected batch): its `runs` row and DQ results,
    in one transaction, the same way `load_day` writes them."""
    dq_frame = _with_columns(_records_frame(dq_results), DQ_COLUMNS)
    claim = is_lake(con)

    def write() -> None:
        con.begin()
        try:
            if claim:
                con.execute(CLAIM_WRITE, [run_row["run_id"]])
            _replace_run(con, run_row, run_row["source"], run_row["run_date"], {_DQ_VIEW: len(dq_frame)})
            con.commit()
        except BaseException:
            rollback_quietly(con)
            raise

    with registered(con, {_DQ_VIEW: dq_frame}):
        retry_conflicts(write, f"record run {run_row['run_id']}")


def _replace_fetch_log(con: duckdb.DuckDBPyConnection, source: str, run_date: dt.date,
                      counts: dict[str, int]) -> None:
    """Write the crawler's log rows, replacing earlier loads of the same stage runs only."""
    if not counts[_FETCH_LOG_VIEW]:
        return
    key = {"source": source, "run_date": run_date}
    con.execute(DELETE_FETCH_LOG, key)
    con.execute(INSERT_FETCH_LOG, key)


def _run_row(
    run: dict[str, Any], source: str, run_date: dt.date, now: dt.datetime, counts: dict[str, int]
) -> dict[str, Any]:
    """The runs row: the caller's values, with id, counts, status and finish time filled in.

    Keys that are not `runs` columns are ignored (callers pass their stage counters through);
    timestamps may be datetimes or ISO 8601 text and are stored as naive UTC. Without a
    `run_id`, the id is "source/run_date/started_at": a retried load of the same run replaces
    its row, a new run of the same date adds one.
    """
    row: dict[str, Any] = {c: run.get(c) for c in RUN_COLUMNS}
    row["source"], row["run_date"] = source, run_date
    for key in ("started_at", "finished_at"):
        row[key] = _naive_utc(row[key])
    defaults = {
        "status": "success",
        "finished_at": now,
        "valid": counts[_ARTICLES_VIEW],
        "quarantined": counts[_QUARANTINE_VIEW],
        "failed": counts[_FAILURES_VIEW],
    }
    for key, value in defaults.items():
        if row[key] is None:
            row[key] = value
    row["loaded"] = counts[_ARTICLES_VIEW]
    if not row["run_id"]:
        stamp = (row["started_at"] or now).isoformat()
        row["run_id"] = f"{source}/{run_date.isoformat()}/{stamp}"
    return row


def _records_frame(obj: Any) -> FrameLike | None:
    """A frame from a frame, or from a list of dataclass records / dicts."""
    if obj is None or isinstance(obj, (pd.DataFrame, pa.Table)):
        return obj
    rows = [r.to_dict() if hasattr(r, "to_dict") else dict(r) for r in obj]
    return pd.DataFrame(rows)


def _with_columns(frame: FrameLike | None, columns: list[str]) -> FrameLike:
    """The frame with (at least) these columns, missing ones null; None becomes an empty frame."""
    if frame is None:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    if isinstance(frame, pa.Table):
        for column in columns:
            if column not in frame.column_names:  # pyarrow is untyped: mypy does not narrow frame to a Table
                frame = frame.append_column(column, pa.nulls(frame.num_rows))  # type: ignore[operator]
        return frame
    missing = [c for c in columns if c not in frame.columns]
    if not missing:
        return frame
    frame = frame.copy()
    for column in missing:
        frame[column] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame


def _as_arrow(frame: FrameLike) -> FrameLike:
    """The articles as Arrow, converted once: the load scans them ~7 times, and DuckDB reads
    Arrow strings in place where a pandas object column is converted on every scan (~2x
    faster at 100k articles). A frame Arrow cannot type is loaded as it is."""
    if isinstance(frame, pa.Table):
        return frame
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return frame


def _rows(frame: FrameLike) -> int:
    return frame.num_rows if isinstance(frame, pa.Table) else len(frame)



def _utc_now() -> dt.datetime:
    """Now in UTC as a naive datetime: TIMESTAMP columns hold UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _naive_utc(value: Any) -> Any:
    """A datetime (or ISO 8601 text) as naive UTC; other values unchanged."""
    if isinstance(value, str) and value:
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value
