"""Record a rejected day in the warehouse: its `runs` row (status 'failed', with the reason)
and its data-quality results, and nothing else.

A rejected batch loads no articles, failures or quarantine rows (the warehouse keeps the
date as it was), but the run and why it failed are facts an operator and the report need.
One short transaction on the writer connection, so a crash leaves no half record.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

def rejected_run_row(source: str, day: dt.date, started_at: str | None, message: str,
                     counts: dict[str, Any]) -> dict[str, Any]:
    """The `runs` row of a rejected day. The id follows load_day's default
    ("source/date/started_at", naive UTC), so a later successful load of the same run
    replaces it instead of adding a second row."""
    from newsmon.warehouse.load import RUN_COLUMNS

    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    started = _naive_utc(started_at) or now
    row: dict[str, Any] = {c: counts.get(c) for c in RUN_COLUMNS}
    row.update(run_id=f"{source}/{day.isoformat()}/{started.isoformat()}", source=source, run_date=day,
               started_at=started, finished_at=now, status="failed", loaded=0, message=message)
    return row


def record_rejected_run(run: dict[str, Any], dq_results: list[dict[str, Any]],
                        path: Path | str | None = None, timeout_s: float = 60.0) -> None:
    """Write the rejected run's `runs` row and `dq_results` in one transaction."""
    from newsmon.warehouse.connection import connect_with_retry
    from newsmon.warehouse.load import record_run_only
    from newsmon.warehouse.migrate import migrate

    con = connect_with_retry(path, read_only=False, timeout_s=timeout_s)
    try:
        migrate(con)
        record_run_only(con, run, dq_results)
    finally:
        con.close()


def _naive_utc(value: str | dt.datetime | None) -> dt.datetime | None:
    if isinstance(value, str) and value:
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value or None


def record_rejected_day(staging: Any, outcome: Any, path: Path | str | None = None) -> bool:
    """Record a rejected day from its staging files and validation outcome; best effort.

    Returns False (and logs) when the warehouse could not be written, so the task still
    fails with the data-quality reason rather than with a lock timeout.
    """
    import logging

    from newsmon.warehouse.connection import WarehouseError

    started = _staged_started_at(staging)
    counts = {"discovered": _staged_len(staging, "candidates.json"), "fetched": _staged_len(staging, "fetched.json"),
              "parsed": outcome.metrics.get("records"), "valid": outcome.metrics.get("articles"),
              "quarantined": outcome.metrics.get("quarantined"), "failed": len(staging.all_failures())}
    run = rejected_run_row(staging.source, staging.day, started, outcome.message, counts)
    try:
        record_rejected_run(run, outcome.results, path)
        return True
    except (WarehouseError, duckdb.Error) as exc:
        logging.getLogger("newsmon.quality").warning("could not record rejected run %s: %s", run["run_id"], exc)
        return False


def _staged_started_at(staging: Any) -> str | None:
    if not staging.path("run.json").is_file():
        return None
    return staging.read_json("run.json").get("started_at")


def _staged_len(staging: Any, name: str) -> int | None:
    return len(staging.read_json(name)) if staging.path(name).is_file() else None
