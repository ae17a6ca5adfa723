"""What the report shows, read from the warehouse in one short read-only visit.

Why one visit: DuckDB lets no other process open the file while a writer holds it, so a
reader that lingers blocks the next load. Everything the page needs is fetched into plain
Python values, the connection is closed, and only then is HTML rendered.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from newsmon.warehouse.connection import WarehouseMissing, connect_with_retry

log = logging.getLogger("newsmon.report")

ARTICLE_LIST_LIMIT = 500  # articles embedded in the page for the client-side search
DAYS_SHOWN = 60  # charts cover the last DAYS_SHOWN run dates up to the report date


@dataclass
class ReportData:
    """Plain values for one report; `day` is the date the page is about."""

    day: dt.date | None
    generated_at: dt.datetime
    warehouse: str
    by_language: list[tuple[dt.date, str, int]] = field(default_factory=list)
    by_section: list[tuple[dt.date, str, int]] = field(default_factory=list)
    top_authors: list[tuple[str, int, str]] = field(default_factory=list)
    dq_over_time: list[tuple[dt.date, float | None, float | None]] = field(default_factory=list)
    freshness: list[dict[str, Any]] = field(default_factory=list)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    day_runs: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    note: str | None = None  # shown on top, e.g. "no warehouse yet"
    latest_day: dt.date | None = None  # the warehouse's newest run date


def load_report_data(day: dt.date | None = None, path: Path | str | None = None,
                     timeout_s: float = 60.0, on_wait: Callable[[str], None] | None = None) -> ReportData:
    """Everything the report needs; `day` defaults to the latest run date in the warehouse.

    `on_wait` hears once, in one line, that a load holds the warehouse and we wait for it
    (the CLI prints it, so `newsmon report` is not silent while it waits)."""
    now = dt.datetime.now(dt.timezone.utc)
    try:
        con = connect_with_retry(path, read_only=True, timeout_s=timeout_s, on_wait=on_wait)
    except WarehouseMissing as exc:
        return ReportData(day=day, generated_at=now, warehouse=str(path or ""), note=str(exc))
    try:
        where = con.execute("SELECT file FROM pragma_database_list WHERE name = current_database()").fetchone()
        data = ReportData(day=day, generated_at=now, warehouse=str(where[0] if where else path))
        if not _has_table(con, "articles"):
            data.note = "the warehouse has no tables yet (run a load first)"
            return data
        data.latest_day = _latest_day(con)
        data.day = day or data.latest_day
        if data.day is None:
            data.note = "the warehouse holds no runs yet"
            return data
        _fill(con, data)
    finally:
        con.close()
    return data


def _fill(con, data: ReportData) -> None:
    day = data.day
    since = day - dt.timedelta(days=DAYS_SHOWN - 1)
    data.by_language = _rows(con, """
        SELECT run_date, coalesce(language, '?'), count(*) FROM articles
        WHERE run_date BETWEEN ? AND ? GROUP BY ALL ORDER BY ALL""", [since, day])
    data.by_section = _rows(con, """
        SELECT run_date, coalesce(section, '?'), count(*) FROM articles
        WHERE run_date BETWEEN ? AND ? GROUP BY ALL ORDER BY ALL""", [since, day])
    data.top_authors = _rows(con, """
        SELECT author, count(*) AS n, string_agg(DISTINCT language, ', ' ORDER BY language)
        FROM articles WHERE author IS NOT NULL AND author <> '' AND run_date <= ?
        GROUP BY author ORDER BY n DESC, author LIMIT 15""", [day])
    data.dq_over_time = _dq_over_time(con, since, day)
    data.freshness = _dicts(con, """
        SELECT r.source, max(r.run_date) FILTER (WHERE r.status = 'success') AS last_success_date,
               max(r.finished_at) FILTER (WHERE r.status = 'success') AS last_success_at,
               max(r.run_date) AS last_run_date,
               arg_max(r.status, r.finished_at) AS last_status,
               (SELECT max(a.published_date) FROM articles a WHERE a.source = r.source) AS newest_article,
               (SELECT max(a.fetched_at) FROM articles a WHERE a.source = r.source) AS last_fetched_at,
               (SELECT count(*) FROM articles a WHERE a.source = r.source) AS articles
        FROM runs r WHERE r.run_date <= ? GROUP BY r.source ORDER BY r.source""", [day])
    for row in data.freshness:
        newest = row.get("newest_article")
        row["days_behind"] = (day - newest).days if newest else None
    data.quarantine = _dicts(con, """
        SELECT source, url, article_id, array_to_string(failed_expectations, '; ') AS failed, reasons,
               json_extract_string(record, '$.title') AS title, json_extract_string(record, '$.language') AS language
        FROM quarantine WHERE run_date = ? ORDER BY source, url""", [day])
    data.articles = _dicts(con, f"""
        SELECT article_id, source, run_date, published_date, language, section, title, author, url, word_count
        FROM articles WHERE run_date <= ?
        ORDER BY run_date DESC, source, language, title LIMIT {ARTICLE_LIST_LIMIT}""", [day])
    data.day_runs = _dicts(con, """
        SELECT source, status, discovered, fetched, parsed, valid, quarantined, failed, loaded, message, finished_at
        FROM runs WHERE run_date = ? QUALIFY row_number() OVER (PARTITION BY source ORDER BY finished_at DESC) = 1
        ORDER BY source""", [day])
    data.totals = {
        "articles": _scalar(con, "SELECT count(*) FROM articles"),
        "articles_today": _scalar(con, "SELECT count(*) FROM articles WHERE run_date = ?", [day]),
        "quarantined_today": len(data.quarantine),
        "sources": _scalar(con, "SELECT count(DISTINCT source) FROM runs"),
        "failures_today": _scalar(con, "SELECT count(*) FROM failures WHERE run_date = ?", [day]),
    }


def _dq_over_time(con, since: dt.date, day: dt.date) -> list[tuple[dt.date, float | None, float | None]]:
    """Per run date: share of expectation evaluations that passed, and share of rows kept.

    Two rates because they answer different questions: the first says whether the day's
    checks held, the second how much of the day went to quarantine.
    """
    expectations = dict(_rows(con, """
        SELECT run_date, avg(CASE WHEN success THEN 1.0 ELSE 0.0 END)
        FROM dq_results WHERE run_date BETWEEN ? AND ? GROUP BY run_date""", [since, day]))
    rows = dict(_rows(con, """
        SELECT run_date, sum(valid) / nullif(sum(valid) + sum(quarantined), 0)
        FROM (SELECT run_date, source, valid, quarantined FROM runs WHERE run_date BETWEEN ? AND ?
              QUALIFY row_number() OVER (PARTITION BY source, run_date ORDER BY finished_at DESC) = 1)
        GROUP BY run_date""", [since, day]))
    dates = sorted(set(expectations) | set(rows))
    return [(d, _float(expectations.get(d)), _float(rows.get(d))) for d in dates]


def _latest_day(con) -> dt.date | None:
    found = con.execute("SELECT max(run_date) FROM runs").fetchone()
    if found and found[0]:
        return found[0]
    found = con.execute("SELECT max(run_date) FROM articles").fetchone()
    return found[0] if found else None


def _has_table(con, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchone()[0])


def _rows(con, sql: str, params: list[Any] | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def _dicts(con, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _scalar(con, sql: str, params: list[Any] | None = None) -> int:
    return int(con.execute(sql, params or []).fetchone()[0] or 0)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
