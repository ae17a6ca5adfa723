"""What every newsmon DAG shares: the warehouse writers' pool, the articles asset, the failure
callback and the default task arguments.

One home, so that the daily DAGs and the report DAG cannot drift apart (a second pool name, an
asset declared twice with another URI, a DAG left with fewer retries). The DAG processor and the
task runner put the DAG folder on `sys.path`, which is how the DAG files import this module;
`.airflowignore` keeps the processor from parsing it as a DAG file of its own. Light on purpose:
it is imported whenever a DAG file is parsed, so nothing heavy is imported at module level.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from airflow.sdk import Asset

from newsmon.settings import DUCKDB_POOL

__all__ = ["ARTICLES_ASSET", "DEFAULT_ARGS", "DUCKDB_POOL", "on_failure", "run_date"]

# Updated by every daily DAG's load task (its `extra` names the source and date loaded);
# the report DAG is scheduled on it.
ARTICLES_ASSET = Asset(name="newsmon_articles", uri="duckdb://newsmon/articles")

log = logging.getLogger("newsmon.dag")


def run_date(context: Any) -> dt.date:
    """The day a run is about: its logical date, else (an asset-triggered or manual run, which
    has none in Airflow 3) the start of its data interval, else when it was due to run."""
    when = context.get("logical_date") or context.get("data_interval_start") or context["dag_run"].run_after
    return when.date()


def on_failure(context: Any) -> None:
    """One clear line for the operator (source, date, stage, reason), and the webhook when set.

    Runs once a task has failed for good (after its retries); `newsmon.alerts` never raises,
    so an undeliverable alert cannot hide the task's own failure. The source is the DAG id
    without its `newsmon_` prefix (`newsmon_afgazad` -> afgazad, `newsmon_report` -> report).
    """
    from newsmon.alerts import alert_failure

    ti = context.get("task_instance")
    dag_id = getattr(ti, "dag_id", None) or "newsmon_?"
    alert_failure(dag_id.removeprefix("newsmon_"), run_date(context), getattr(ti, "task_id", "?"),
                  context.get("exception"), logger=log, dag_id=dag_id, run_id=getattr(ti, "run_id", None),
                  try_number=getattr(ti, "try_number", None))


# Every task of every DAG: retried twice with a growing delay (a locked warehouse, a source that
# is briefly down), then the failure callback. weight_rule "upstream": a later stage outranks an
# earlier one, so a run that holds work in progress finishes first (its load goes before the next
# run's validate in the DuckDB pool) and a backfill's overlapping runs drain in order instead of
# all stalling before `load`.
DEFAULT_ARGS: dict[str, Any] = {
    "retries": 2,
    "retry_delay": dt.timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "weight_rule": "upstream",
    "on_failure_callback": on_failure,
}
