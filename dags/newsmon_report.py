"""The report DAG: whenever a daily DAG loads articles, refresh search and write the day's report.

Scheduled on the `newsmon_articles` asset that every daily DAG's load task updates, so it
runs after new data and never on a clock of its own. The load task puts the (source, date)
it loaded in the asset event's `extra`; each run writes the report of every date among its
triggering events (a backfill's events are batched into few runs) plus `latest.html`.
"""

from __future__ import annotations

import datetime as dt
import logging

from airflow.sdk import Asset, dag, get_current_context, task

DUCKDB_POOL = "newsmon_duckdb"
ARTICLES_ASSET = Asset(name="newsmon_articles", uri="duckdb://newsmon/articles")  # as declared by newsmon_daily

log = logging.getLogger("newsmon.dag")


def report_dates(triggering_events) -> list[dt.date]:
    """The distinct dates named by the triggering asset events, oldest first."""
    dates: set[dt.date] = set()
    for events in (triggering_events or {}).values():
        for event in events:
            text = (getattr(event, "extra", None) or {}).get("date")
            if text:
                dates.add(dt.date.fromisoformat(text))
    return sorted(dates)


def _on_failure(context) -> None:
    from newsmon.alerts import alert_failure

    ti = context.get("task_instance")
    alert_failure("report", context["dag_run"].run_after.date(), getattr(ti, "task_id", "?"),
                  context.get("exception"), logger=log, dag_id="newsmon_report",
                  run_id=getattr(ti, "run_id", None))


@dag(
    dag_id="newsmon_report",
    description="Refresh the search index and write the report after new articles are loaded",
    schedule=[ARTICLES_ASSET],
    start_date=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": dt.timedelta(seconds=20), "on_failure_callback": _on_failure},
    tags=["newsmon", "report"],
)
def newsmon_report():
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

    @task
    def write_reports(_: dict) -> list[str]:
        """The report of every date the triggering events name (`latest.html` follows the newest)."""
        from newsmon.report import write_report

        dates = report_dates(get_current_context().get("triggering_asset_events"))
        written = [str(write_report(day)) for day in dates]
        if not dates:  # a manual run: the newest date in the warehouse (and latest.html)
            written.append(str(write_report()))
        log.info("reports written: %s", written)
        return written

    write_reports(refresh_search_index())


newsmon_report()
