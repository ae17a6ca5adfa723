"""The daily DAG of every configured source: discover → fetch → parse → validate → load.

One DAG per source profile (`newsmon_<source>`). A run for logical date D collects
what the source dated D, and a scheduled run starts only once D is over. Tasks call
`newsmon.pipeline` and hand each other only paths and counts; heavy libraries are
imported inside the tasks, never when the scheduler parses this file.
"""

from __future__ import annotations

import datetime as dt
import logging
import os

from airflow.sdk import Asset, CronDataIntervalTimetable, Param, dag, get_current_context, task
from airflow.sdk.exceptions import AirflowFailException

from newsmon.sources import available_sources

DUCKDB_POOL = "newsmon_duckdb"
ARTICLES_ASSET = Asset(name="newsmon_articles", uri="duckdb://newsmon/articles")
DEFAULT_ARGS = {"retries": 2, "retry_delay": dt.timedelta(seconds=30), "retry_exponential_backoff": True}

log = logging.getLogger("newsmon.dag")


def on_failure(context) -> None:
    """One clear line for the operator: which source, date and stage failed, and why."""
    ti = context.get("task_instance")
    log.error("newsmon FAILED dag=%s date=%s stage=%s reason=%s", getattr(ti, "dag_id", "?"),
              _run_date(context), getattr(ti, "task_id", "?"), context.get("exception"))


def _run_date(context) -> dt.date:
    when = context.get("logical_date") or context.get("data_interval_start") or context["dag_run"].run_after
    return when.date()


def build_daily_dag(source: str):
    base_url_default = os.environ.get(f"NEWSMON_{source.upper()}_BASE_URL") or os.environ.get("NEWSMON_BASE_URL")

    @dag(
        dag_id=f"newsmon_{source}",
        description=f"Daily articles of {source} into the newsmon DuckDB warehouse",
        schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
        start_date=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc),
        catchup=False,
        max_active_runs=1,
        default_args={**DEFAULT_ARGS, "on_failure_callback": on_failure},
        tags=["newsmon", source],
        params={
            "base_url": Param(base_url_default, type=["null", "string"],
                              description="Fetch from this URL instead of the live site (e.g. the offline mirror)."),
            "from_archive": Param(False, type="boolean",
                                  description="Re-parse the date from the raw WARC archive, with no network."),
        },
    )
    def daily():
        @task
        def discover() -> dict:
            from newsmon.pipeline import discover_stage

            ctx = get_current_context()
            if ctx["params"]["from_archive"]:
                return {"candidates": None, "skipped": "from_archive"}
            return discover_stage(source, _run_date(ctx), ctx["params"]["base_url"])

        @task
        def fetch(discovered: dict) -> dict:
            from newsmon.pipeline import fetch_stage

            ctx = get_current_context()
            if ctx["params"]["from_archive"]:
                return {"fetched": None, "skipped": "from_archive"}
            return fetch_stage(source, _run_date(ctx), ctx["params"]["base_url"])

        @task
        def parse(fetched: dict) -> dict:
            from newsmon.pipeline import parse_stage

            ctx = get_current_context()
            return parse_stage(source, _run_date(ctx), from_archive=ctx["params"]["from_archive"])

        @task
        def validate(parsed: dict) -> dict:
            # A failed batch check raises AirflowFailException: failed at once, no retries.
            from newsmon.pipeline import BatchRejected, validate_stage

            try:
                return validate_stage(source, _run_date(get_current_context()))
            except BatchRejected as exc:
                raise AirflowFailException(str(exc)) from None

        @task(pool=DUCKDB_POOL, outlets=[ARTICLES_ASSET])
        def load(discovered: dict, fetched: dict, parsed: dict, validated: dict) -> dict:
            from newsmon.pipeline import load_stage

            counts = {"discovered": discovered.get("candidates"), "fetched": fetched.get("fetched"),
                      "parsed": parsed["parsed"], "valid": validated["valid"],
                      "quarantined": validated["quarantined"]}
            return load_stage(source, _run_date(get_current_context()), counts)

        found = discover()
        got = fetch(found)
        parsed = parse(got)
        checked = validate(parsed)
        load(found, got, parsed, checked)

    return daily()


for _source in available_sources():
    globals()[f"newsmon_{_source}"] = build_daily_dag(_source)
