"""The `runs` table beyond the day's load: a source's volume history, and the record of a
rejected day.

Why here: data quality judges a day by its history and may reject it, but judging is pure
(newsmon.quality: records and history in, a verdict out); reading the history and storing a
rejected verdict are warehouse work, done by the pipeline through these two functions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from newsmon.warehouse.connection import WarehouseError, WarehouseMissing, connect_with_retry

# The latest successful run of each earlier date with the same weekday inside the window.
# Rejected runs (status 'failed') are not history: a broken day must not lower the bar.
WEEKDAY_HISTORY = """
WITH ranked AS (
    SELECT run_date, coalesce(loaded, valid, 0) AS articles,
           row_number() OVER (PARTITION BY run_date
                              ORDER BY finished_at DESC NULLS LAST, started_at DESC NULLS LAST) AS rn
    FROM runs
    WHERE source = $source AND status = 'success'
      AND run_date >= $first AND run_date < $day
      AND dayofweek(run_date) = dayofweek($day)
)
SELECT run_date, articles FROM ranked WHERE rn = 1 ORDER BY run_date
"""


def weekday_volumes(source: str, day: dt.date, window_days: int = 28, path: Path | str | None = None,
                    timeout_s: float = 60.0) -> dict[dt.date, int]:
    """Articles loaded on the same weekday as `day` in the `window_days` before it (date -> count).

    Read before the day is loaded, so the day is judged against the past only: the file is
    opened read-only (waiting while a load holds it) and closed right after the one query.
    No warehouse file, or one without runs yet, is no history ({}): volume is not judged.
    """
    try:
        con = connect_with_retry(path, read_only=True, timeout_s=timeout_s)
    except WarehouseMissing:
        return {}
    try:
        rows = con.execute(WEEKDAY_HISTORY, {"source": source, "day": day,
                                             "first": day - dt.timedelta(days=window_days)}).fetchall()
    except duckdb.CatalogException:  # a warehouse file without the runs table yet
        return {}
    finally:
        con.close()
    return {run_date: int(articles) for run_date, articles in rows}


def rejected_run_row(source: str, day: dt.date, started_at: str | dt.datetime | None, message: str,
                     counts: dict[str, Any]) -> dict[str, Any]:
    """The `runs` row of a rejected day (status 'failed', nothing loaded, the reason kept).

    The id follows load_day's default ("source/date/started_at", naive UTC), so a later
    successful load of the same run replaces it instead of adding a second row."""
    from newsmon.warehouse.load import RUN_COLUMNS

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    started = _naive_utc(started_at) or now
    row: dict[str, Any] = {c: counts.get(c) for c in RUN_COLUMNS}
    row.update(run_id=f"{source}/{day.isoformat()}/{started.isoformat()}", source=source, run_date=day,
               started_at=started, finished_at=now, status="failed", loaded=0, message=message)
    return row


def record_rejected_run(source: str, day: dt.date, started_at: str | dt.datetime | None, message: str,
                        counts: dict[str, Any], dq_results: list[dict[str, Any]],
                        path: Path | str | None = None, timeout_s: float = 60.0) -> str:
    """Write a rejected day's `runs` row and its `dq_results` in one transaction; return its run_id.

    A rejected batch loads no articles, failures or quarantine rows (the warehouse keeps the
    date as it was), but the run and why it failed are facts an operator and the report need.
    `counts` holds the stage counts known (discovered, fetched, parsed, valid, quarantined,
    failed). Any failure to write is a `WarehouseError` (the lock not granted in `timeout_s`
    included), so the caller can decide that recording is best effort.
    """
    from newsmon.warehouse.load import record_run_only
    from newsmon.warehouse.migrate import migrate

    run = rejected_run_row(source, day, started_at, message, counts)
    try:
        con = connect_with_retry(path, read_only=False, timeout_s=timeout_s)
        try:
            migrate(con)
            record_run_only(con, run, dq_results)
        finally:
            con.close()
    except duckdb.Error as exc:
        raise WarehouseError(f"could not record rejected run {run['run_id']}: {exc}") from exc
    return run["run_id"]


def _naive_utc(value: str | dt.datetime | None) -> dt.datetime | None:
    if isinstance(value, str) and value:
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value or None
