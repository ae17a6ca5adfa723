"""The report's reads: named queries over the `mart_*` views, run in one short read-only visit.

Why marts only: `newsmon export` writes the marts, so a report read from them shows the
same figures as the exported files (the same "latest run" of a date, the same article day),
and a change of definition is an edit of one view file, not of the report.

Why one visit: DuckDB lets no other process open the file while a writer holds it, so a
reader that lingers blocks the next load. Everything the page needs is fetched into plain
Python values and the connection is closed before the report renders anything.

The report is about a day (by default the newest date with articles): the article charts cover the
article days up to it (`DAYS_SHOWN` of them), the data-quality chart the run dates up to it, the
attention chart every article day the warehouse holds (not after today, unless the day is);
runs, quarantine and the day's tiles are the day's; top authors, freshness and the total are
the warehouse's as it is now, as the marts give them, but for freshness's `days_behind`, which
is measured to the report date. Every figure can be limited to one source (`source`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from newsmon.warehouse.connection import WarehouseMissing, connect_with_retry, scalar
from newsmon.warehouse.migrate import needs_upgrade, upgrade_if_needed

HAS_TABLE = "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?"
WAREHOUSE_FILE = "SELECT file FROM pragma_database_list WHERE name = current_database()"
# Every read below takes $source: NULL for all sources, else one source's rows only, so a page
# filtered by source shows no figure of another source.
LATEST_RUN_DAY = """
SELECT max(last_run_date) FROM mart_freshness WHERE ($source IS NULL OR source = $source)
"""
SOURCES = "SELECT source FROM mart_freshness WHERE source IS NOT NULL ORDER BY source"
# The dates a report can be about with something to show: the article days and their counts.
DAYS_WITH_ARTICLES = """
SELECT article_date, sum(articles) AS articles
FROM mart_articles_daily WHERE ($source IS NULL OR source = $source)
GROUP BY article_date ORDER BY article_date
"""
ARTICLES_BY_LANGUAGE = """
SELECT article_date, coalesce(language, '?') AS language, sum(articles) AS articles
FROM mart_articles_daily WHERE article_date BETWEEN $since AND $day AND ($source IS NULL OR source = $source)
GROUP BY ALL ORDER BY ALL
"""
ARTICLES_BY_SECTION = """
SELECT article_date, coalesce(section, '?') AS section, sum(articles) AS articles
FROM mart_articles_daily WHERE article_date BETWEEN $since AND $day AND ($source IS NULL OR source = $source)
GROUP BY ALL ORDER BY ALL
"""
# Attention over time: articles per article day and language over every day the warehouse holds, not
# only the charts' window, but for days after `$today` (a misparsed date, not the news) unless the
# report is about such a day. A language with no article on a day that has others counts 0 there.
ATTENTION_BY_LANGUAGE = """
WITH counts AS (
    SELECT article_date, coalesce(language, '?') AS language, sum(articles) AS articles
    FROM mart_articles_daily
    WHERE article_date <= greatest($day, $today) AND ($source IS NULL OR source = $source)
    GROUP BY ALL),
days AS (SELECT DISTINCT article_date FROM counts),
languages AS (SELECT DISTINCT language FROM counts)
SELECT days.article_date, languages.language, coalesce(counts.articles, 0) AS articles
FROM days CROSS JOIN languages
LEFT JOIN counts USING (article_date, language)
ORDER BY languages.language, days.article_date
"""
# Authors over all sources: a person writing for two sources is one person on the page. Ties go
# to who wrote last, then by name: by name alone, every Latin-script name sorts before every
# Dari and Pashto one, and those authors would drop out of the list together.
TOP_AUTHORS = """
SELECT author, sum(articles) AS articles,
       nullif(array_to_string(list_sort(list_distinct(flatten(list(languages)))), ', '), '') AS languages
FROM mart_authors WHERE author <> '' AND ($source IS NULL OR source = $source)
GROUP BY author ORDER BY articles DESC, max(last_date) DESC NULLS LAST, author LIMIT $limit
"""
# Two rates because they answer different questions: whether the day's checks held, and how
# much of the day went to quarantine. Both from the latest run of each (source, date).
DQ_OVER_TIME = """
SELECT run_date,
       sum(expectations_passed) / nullif(sum(expectations), 0)                 AS expectation_pass_rate,
       sum(rows_valid) / nullif(sum(rows_valid) + sum(rows_quarantined), 0)   AS row_pass_rate
FROM mart_dq_daily WHERE run_date BETWEEN $since AND $day AND ($source IS NULL OR source = $source)
GROUP BY run_date ORDER BY run_date
"""
# The verdict of each expectation on the report's day (the latest run of each source's date):
# an operator sees which check a broken source failed, and on how many rows.
DQ_VERDICTS_OF_DAY = """
SELECT source, expectation, column_name, success, unexpected_count
FROM mart_dq_results WHERE run_date = $day AND ($source IS NULL OR source = $source)
ORDER BY source, success, expectation, column_name NULLS FIRST
"""
# The mart's ages are measured from today and from the last run; `days_behind` is the page's
# own: from the newest article dated on or before the report date to that date, so an article
# of a later day (the page is about the past) never makes it negative.
FRESHNESS = """
WITH by_day AS (
    SELECT source, max(article_date) AS newest_by_day
    FROM mart_articles_daily WHERE article_date <= $day GROUP BY source)
SELECT source, last_run_status AS last_status, last_run_date, last_success_run_date AS last_success_date,
       last_success_at, last_article_date AS newest_article, last_fetched_at, articles,
       days_since_last_article, days_since_last_success, days_behind_at_last_run, future_dated_articles,
       newest_by_day, $day - newest_by_day AS days_behind
FROM mart_freshness LEFT JOIN by_day USING (source)
WHERE ($source IS NULL OR source = $source) ORDER BY source
"""
QUARANTINE_OF_DAY = """
SELECT source, url, article_id, array_to_string(failed_expectations, '; ') AS failed, reasons, title, language
FROM mart_quarantine WHERE run_date = $day AND ($source IS NULL OR source = $source) ORDER BY source, url
"""
ARTICLES_UP_TO_DAY = """
SELECT article_id, source, article_date, run_date, published_date, language, section, title, author, url,
       word_count
FROM mart_articles WHERE article_date <= $day AND ($source IS NULL OR source = $source)
ORDER BY article_date DESC, source, language, title LIMIT $limit
"""
# Which of the listed articles repeat an earlier one (mart_near_duplicates), each with the earlier
# article it is most similar to (ties: the earliest): the articles table marks them with a link.
REPEATS_OF_ARTICLES = """
SELECT article_id, earlier_article_id, earlier_source, earlier_article_date, earlier_title, earlier_url, similarity
FROM mart_near_duplicates WHERE list_contains($ids, article_id)
QUALIFY row_number() OVER (PARTITION BY article_id
                           ORDER BY similarity DESC, earlier_article_date, earlier_article_id) = 1
"""
RUNS_OF_DAY = """
SELECT source, status, discovered, fetched, parsed, valid, quarantined, failed, loaded, message, finished_at
FROM mart_runs WHERE run_date = $day AND ($source IS NULL OR source = $source) ORDER BY source
"""
RUN_IDS_OF_DAY = """
SELECT run_id FROM mart_runs WHERE run_date = $day AND ($source IS NULL OR source = $source) ORDER BY 1
"""
# The latest run of every (source, date), per date: what each date's report shows (see report_run_ids).
LATEST_RUN_IDS_BY_DATE = "SELECT run_date, list(run_id ORDER BY run_id) FROM mart_runs GROUP BY run_date ORDER BY 1"
TOTALS = """
SELECT (SELECT coalesce(sum(articles), 0) FROM mart_articles_daily
        WHERE $source IS NULL OR source = $source)                                          AS articles,
       (SELECT coalesce(sum(articles), 0) FROM mart_articles_daily
        WHERE article_date = $day AND ($source IS NULL OR source = $source))                AS articles_today,
       (SELECT count(*) FROM mart_freshness
        WHERE last_run_date IS NOT NULL AND ($source IS NULL OR source = $source))          AS sources,
       (SELECT coalesce(sum(failure_rows), 0) FROM mart_runs
        WHERE run_date = $day AND ($source IS NULL OR source = $source))                    AS failures_today
"""


@dataclass
class ReportFigures:
    """The rows the report shows, as plain values; `note` says why there are none.

    `days_with_articles` (each date with its article count, oldest first) is what the page
    navigates over: a date without articles has nothing to chart, so it is never a default
    and never a neighbour. `source` is the filter every figure was read with (None: all)."""

    warehouse: str
    day: dt.date | None
    latest_day: dt.date | None = None  # the newest date with articles (else the newest run date)
    note: str | None = None
    source: str | None = None
    sources: list[str] = field(default_factory=list)  # every source the warehouse holds
    days_with_articles: list[tuple[dt.date, int]] = field(default_factory=list)
    by_language: list[tuple[dt.date, str, int]] = field(default_factory=list)
    by_section: list[tuple[dt.date, str, int]] = field(default_factory=list)
    top_authors: list[tuple[str, int, str | None]] = field(default_factory=list)
    dq_over_time: list[tuple[dt.date, float | None, float | None]] = field(default_factory=list)
    attention: list[tuple[dt.date, str, int]] = field(default_factory=list)  # every article day, per language
    dq_verdicts: list[dict[str, Any]] = field(default_factory=list)  # the day's expectations, one row each
    freshness: list[dict[str, Any]] = field(default_factory=list)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    repeats: dict[str, dict[str, Any]] = field(default_factory=dict)  # article_id -> the earlier article it repeats
    day_runs: list[dict[str, Any]] = field(default_factory=list)
    day_run_ids: list[str] = field(default_factory=list)  # the day's latest runs: what the figures reflect
    totals: dict[str, int] = field(default_factory=dict)


def read_report(day: dt.date | None = None, path: Path | str | None = None, timeout_s: float = 60.0,
                on_wait: Callable[[str], None] | None = None, days_shown: int = 60,
                top_authors: int = 15, article_limit: int = 500, source: str | None = None) -> ReportFigures:
    """The report's figures for `day` (default: the newest date with articles), read from the marts.

    Why not the newest run date: a scheduled run that found nothing (the offline mirror asked
    for yesterday) is the newest run, and a report of it shows "0 articles" however much the
    warehouse holds. `source` limits every figure to one source the warehouse holds.

    A warehouse an older newsmon made is upgraded first (its marts may lack what this one
    reads): one read-only check, and a short write only when something is out of date.
    """
    try:
        con = connect_with_retry(path, read_only=True, timeout_s=timeout_s, on_wait=on_wait)
    except WarehouseMissing as exc:
        return ReportFigures(warehouse=str(path or ""), day=day, note=str(exc), source=source)
    try:
        if scalar(con, HAS_TABLE, ["articles"]) and needs_upgrade(con):
            con.close()
            upgrade_if_needed(path, timeout_s=timeout_s, on_wait=on_wait)
            con = connect_with_retry(path, read_only=True, timeout_s=timeout_s, on_wait=on_wait)
        return _read(con, day, path, source, days_shown, top_authors, article_limit)
    finally:
        con.close()


def report_run_ids(path: Path | str | None = None, timeout_s: float = 60.0,
                   on_wait: Callable[[str], None] | None = None) -> dict[dt.date, list[str]]:
    """The run ids of every date's latest runs (one per source), as a date's report shows them.

    Why: a report reflects the latest runs of its date when it was read (`day_run_ids`); a date
    whose latest runs have changed since (a new load, a re-run) needs its report written again.
    A missing warehouse, or one without runs yet, has no dates.
    """
    try:
        con = connect_with_retry(path, read_only=True, timeout_s=timeout_s, on_wait=on_wait)
    except WarehouseMissing:
        return {}
    try:
        if not scalar(con, HAS_VIEW, ["mart_runs"]):
            return {}
        return {day: list(ids) for day, ids in _rows(con, LATEST_RUN_IDS_BY_DATE)}
    finally:
        con.close()


def default_day(days_with_articles: list[tuple[dt.date, int]], latest_run: dt.date | None,
                today: dt.date) -> dt.date | None:
    """The day a report opens on: the newest date with articles that is not after today (a
    later one is a misparsed date, not the news), else the newest of any, else the newest run."""
    dates = [d for d, _ in days_with_articles]
    past = [d for d in dates if d <= today]
    return max(past) if past else max(dates) if dates else latest_run


def _read(con: duckdb.DuckDBPyConnection, day: dt.date | None, path: Path | str | None, source: str | None,
          days_shown: int, top_authors: int, article_limit: int) -> ReportFigures:
    where = con.execute(WAREHOUSE_FILE).fetchone()
    figures = ReportFigures(warehouse=str(where[0] if where else path), day=day, source=source)
    if not scalar(con, HAS_TABLE, ["articles"]):
        figures.note = "the warehouse has no tables yet (run a load first)"
        return figures
    figures.sources = [row[0] for row in _rows(con, SOURCES)]
    if source is not None and source not in figures.sources:
        figures.note = f"the warehouse holds no source named {source!r}"
        return figures
    only = {"source": source}
    figures.days_with_articles = [(d, int(n)) for d, n in _rows(con, DAYS_WITH_ARTICLES, only)]
    latest_run = con.execute(LATEST_RUN_DAY, only).fetchone()[0]  # type: ignore[index]  # max(): one row
    today = dt.datetime.now(dt.UTC).date()
    figures.latest_day = default_day(figures.days_with_articles, latest_run, today)
    figures.day = day = day or figures.latest_day
    if day is None:
        figures.note = "the warehouse holds no runs yet"
        return figures
    _read_day(con, figures, day, today, only, days_shown, top_authors, article_limit)
    return figures


def _read_day(con: duckdb.DuckDBPyConnection, figures: ReportFigures, day: dt.date, today: dt.date,
              only: dict[str, Any], days_shown: int, top_authors: int, article_limit: int) -> None:
    """Every figure of `day` (filtered by `only`'s source) into `figures`."""
    window = {"since": day - dt.timedelta(days=days_shown - 1), "day": day, **only}
    figures.by_language = _rows(con, ARTICLES_BY_LANGUAGE, window)
    figures.by_section = _rows(con, ARTICLES_BY_SECTION, window)
    figures.top_authors = _rows(con, TOP_AUTHORS, {"limit": top_authors, **only})
    figures.dq_over_time = [(d, _float(e), _float(r)) for d, e, r in _rows(con, DQ_OVER_TIME, window)]
    figures.attention = [(d, lang, int(n)) for d, lang, n in
                         _rows(con, ATTENTION_BY_LANGUAGE, {"day": day, "today": today, **only})]
    figures.dq_verdicts = _dicts(con, DQ_VERDICTS_OF_DAY, {"day": day, **only})
    figures.freshness = _dicts(con, FRESHNESS, {"day": day, **only})
    figures.quarantine = _dicts(con, QUARANTINE_OF_DAY, {"day": day, **only})
    figures.articles = _dicts(con, ARTICLES_UP_TO_DAY, {"day": day, "limit": article_limit, **only})
    ids = [a["article_id"] for a in figures.articles]
    figures.repeats = {r["article_id"]: r for r in _dicts(con, REPEATS_OF_ARTICLES, {"ids": ids})} if ids else {}
    figures.day_runs = _dicts(con, RUNS_OF_DAY, {"day": day, **only})
    figures.day_run_ids = [row[0] for row in _rows(con, RUN_IDS_OF_DAY, {"day": day, **only})]
    totals = _dicts(con, TOTALS, {"day": day, **only})[0]
    figures.totals = {name: int(value or 0) for name, value in totals.items()}


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    return con.execute(sql, params or {}).fetchall()


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or {})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]



def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# --- the topics page (issue 18): attention per watched topic and language over every article day
# up to the page's day, and the day's articles of each topic, from mart_topic_daily and
# mart_topic_articles, and the day's most distinctive terms per language (mart_top_terms_daily,
# every source: the mart is per language and day).
HAS_VIEW = "SELECT count(*) FROM duckdb_views() WHERE view_name = ?"
TOPICS_OF_PAGE = """
SELECT topic, any_value(topic_title) AS title FROM mart_topic_daily
WHERE ($source IS NULL OR source = $source) GROUP BY topic ORDER BY topic
"""
TOPIC_PAGE_DAYS = """
SELECT DISTINCT article_date FROM mart_topic_daily WHERE ($source IS NULL OR source = $source) ORDER BY 1
"""
TOPIC_ATTENTION = """
SELECT topic, article_date, coalesce(language, '?') AS language, sum(articles) AS articles
FROM mart_topic_daily WHERE article_date <= $day AND ($source IS NULL OR source = $source)
GROUP BY ALL ORDER BY ALL
"""
TOPIC_ARTICLES_OF_DAY = """
SELECT topic, article_id, source, language, section, title, author, url
FROM mart_topic_articles WHERE article_date = $day AND ($source IS NULL OR source = $source)
ORDER BY topic, language, title
"""
TOP_TERMS_OF_DAY = """
SELECT language, term, score FROM mart_top_terms_daily
WHERE article_date = $day AND rank <= $ranks ORDER BY language, rank
"""
TOP_TERMS_SHOWN = 12


@dataclass
class TopicFigures:
    """What the topics page shows, as plain values; `note` says why there is nothing."""

    warehouse: str
    day: dt.date | None
    source: str | None = None
    note: str | None = None
    days: list[dt.date] = field(default_factory=list)  # article days the page can be about
    topics: list[tuple[str, str]] = field(default_factory=list)  # (name, title)
    attention: list[tuple[str, dt.date, str, int]] = field(default_factory=list)  # topic, day, language, articles
    articles: list[dict[str, Any]] = field(default_factory=list)  # the day's articles of each topic
    top_terms: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # language -> (term, score), best first


def read_topics(day: dt.date | None = None, path: Path | str | None = None, timeout_s: float = 60.0,
                on_wait: Callable[[str], None] | None = None, source: str | None = None) -> TopicFigures:
    """The topics page's figures for `day` (default: the newest article day not after today),
    in one short read-only visit (an older warehouse is upgraded first, as for the report)."""
    try:
        con = connect_with_retry(path, read_only=True, timeout_s=timeout_s, on_wait=on_wait)
    except WarehouseMissing as exc:
        return TopicFigures(warehouse=str(path or ""), day=day, source=source, note=str(exc))
    try:
        if scalar(con, HAS_TABLE, ["articles"]) and needs_upgrade(con):
            con.close()
            upgrade_if_needed(path, timeout_s=timeout_s, on_wait=on_wait)
            con = connect_with_retry(path, read_only=True, timeout_s=timeout_s, on_wait=on_wait)
        where = con.execute(WAREHOUSE_FILE).fetchone()
        figures = TopicFigures(warehouse=str(where[0] if where else path), day=day, source=source)
        if not scalar(con, HAS_VIEW, ["mart_topic_daily"]):
            figures.note = "the warehouse has no tables yet (run a load first)"
            return figures
        only = {"source": source}
        figures.topics = [(name, title) for name, title in _rows(con, TOPICS_OF_PAGE, only)]
        figures.days = [row[0] for row in _rows(con, TOPIC_PAGE_DAYS, only)]
        figures.day = day = day or default_day([(d, 1) for d in figures.days], None, dt.datetime.now(dt.UTC).date())
        if not figures.topics or day is None:
            figures.note = "no watched topic is matched yet: run `newsmon topics refresh` (the report DAG does)"
            return figures
        figures.attention = [(t, d, lang, int(n)) for t, d, lang, n in
                             _rows(con, TOPIC_ATTENTION, {"day": day, **only})]
        figures.articles = _dicts(con, TOPIC_ARTICLES_OF_DAY, {"day": day, **only})
        for language, term, score in _rows(con, TOP_TERMS_OF_DAY, {"day": day, "ranks": TOP_TERMS_SHOWN}):
            figures.top_terms.setdefault(language, []).append((term, float(score)))
        return figures
    finally:
        con.close()
