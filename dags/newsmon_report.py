"""The report DAG: whenever a daily DAG loads articles, refresh search, watch topics and write the day's report.

Scheduled on the `newsmon_articles` asset that every daily DAG's load task updates, so it
runs after new data and never on a clock of its own. The load task puts the (source, date)
it loaded in the asset event's `extra`; each run writes the report of every date among its
triggering events (a backfill's events are batched into few runs), of every date loaded since
its report was written (`newsmon.report.stale_report_dates`), plus `latest.html`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from _common import ARTICLES_ASSET, DEFAULT_ARGS, DUCKDB_POOL, log
from airflow.sdk import dag, get_current_context, task

DOC_MD = f"""
### The report, after every load

Scheduled on the `newsmon_articles` asset: it runs whenever a daily DAG (`newsmon_<source>`) has
loaded a day, never on a clock. Each load names its (source, date) in the asset event; one run
handles every event queued since the last (a backfill's dozens of loads make few runs).

| task | what it does |
|---|---|
| `refresh_search_index` | brings full-text search in step with the articles (a no-op when the load already did); writes the warehouse, so it takes the one-slot `{DUCKDB_POOL}` pool |
| `compact_warehouse` | on DuckLake, merges each table's small daily Parquet files into one, in the table's sort order, once a table holds 8 of them (`newsmon.warehouse.compaction`; nothing on a DuckDB file); a writer in the `{DUCKDB_POOL}` pool; a failure is logged and never stops the reports |
| `watch_topics` | takes in changed topic files (`newsmon topics refresh`) and sends one alert per new topic spike on the loaded days (docs/topics.md); a writer, so it takes the `{DUCKDB_POOL}` pool; a failure here is logged and never stops the reports |
| `write_reports` | the self-contained HTML report of every date the events name, and of every date loaded since its report was written, and `latest.html`; under `$NEWSMON_HOME/reports`, also served by the newsmon plugin in the UI |

A manual run (no events) writes the report of the newest date with articles.
Why "every date loaded since": Airflow 3.3 gives some events to no run (apache/airflow#56050: an
event arriving while this DAG is at its one active run, after another already queued it); their
loads are in the warehouse, so the next run writes those dates' reports all the same.
Tasks are retried twice; a final failure is one line in the log (and the alert webhook, when set).
From a shell: `newsmon report --date YYYY-MM-DD`.
"""


def report_dates(triggering_events: Mapping[Any, Iterable[Any]] | None) -> list[dt.date]:
    """The distinct dates named by the triggering asset events, oldest first."""
    dates: set[dt.date] = set()
    for events in (triggering_events or {}).values():
        for event in events:
            text = (getattr(event, "extra", None) or {}).get("date")
            if text:
                dates.add(dt.date.fromisoformat(text))
    return sorted(dates)


@dag(
    dag_id="newsmon_report",
    description="Refresh the search index, compact a lake and write the report after new articles are loaded",
    schedule=[ARTICLES_ASSET],
    start_date=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["newsmon", "report"],
    doc_md=DOC_MD,
)
def newsmon_report() -> None:
    @task(pool=DUCKDB_POOL)  # builds the index inside the warehouse: a writer
    def refresh_search_index() -> dict:
        """Bring full-text search in step with the articles (a no-op when the load already did)."""
        import dataclasses

        try:
            from newsmon.warehouse.search import refresh_search_index as refresh
        except ImportError:  # a build of newsmon without the warehouse's search module
            log.info("newsmon.warehouse.search not available: search index not refreshed")
            return {"refreshed": False}
        from newsmon.warehouse.connection import connect_with_retry
        from newsmon.warehouse.migrate import migrate

        con = connect_with_retry(timeout_s=120)  # the pool serialises writers; readers may still hold it briefly
        try:
            migrate(con)
            result = refresh(con)
        finally:
            con.close()
        return {"refreshed": True, **dataclasses.asdict(result)}

    @task(pool=DUCKDB_POOL)  # rewrites the lake's small files: a writer
    def compact_warehouse(_: dict) -> dict:
        """On DuckLake, merge the small daily files of each table that holds enough of them (never
        fails the run: the rows are the same either way, only reads get slower)."""
        from newsmon.warehouse.compaction import compact
        from newsmon.warehouse.connection import connect_with_retry

        try:
            con = connect_with_retry(timeout_s=120)
            try:
                done = compact(con)
            finally:
                con.close()
        except Exception as exc:  # noqa: BLE001 - maintenance: the reports are written all the same
            log.error("warehouse not compacted: %s", exc)
            return {"error": str(exc)}
        log.info("compacted %s in %.1f s", done.tables or "nothing", done.seconds)
        return {"tables": {t: list(v) for t, v in done.tables.items()}, "seconds": done.seconds}

    @task(pool=DUCKDB_POOL)  # refreshes topic matches and records sent alerts: a writer
    def watch_topics(_: dict) -> dict:
        """Refresh changed topics, then alert on spikes of the loaded days (never fails the run)."""
        from newsmon.topics.watch import watch_topics as watch

        context = get_current_context()
        days = report_dates(context.get("triggering_asset_events")) or None
        run = context.get("dag_run")
        try:
            return watch(days, logger=log, dag_id="newsmon_report", run_id=getattr(run, "run_id", None))
        except Exception as exc:  # noqa: BLE001 - derived data and alerts: the reports are written all the same
            log.error("topics not watched: %s", exc)
            return {"error": str(exc)}

    @task
    def write_reports(_: dict) -> list[str]:
        """The report of every date the triggering events name, and of every date loaded since its
        report was written (events Airflow gave to no run: `stale_report_dates`); `latest.html`
        follows the newest."""
        from newsmon.report import stale_report_dates, write_report

        named = report_dates(get_current_context().get("triggering_asset_events"))
        dates = sorted(set(named) | set(stale_report_dates()))
        written = [str(write_report(day)) for day in dates]
        if not named:  # a manual run: the newest date with articles (and latest.html)
            newest = str(write_report())
            written += [] if newest in written else [newest]
        log.info("reports written: %s", written)
        return written

    write_reports(watch_topics(compact_warehouse(refresh_search_index())))


newsmon_report()
