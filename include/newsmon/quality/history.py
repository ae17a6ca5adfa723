"""The warehouse's memory of a source's volume: article counts of earlier same-weekday dates.

Read before the day is loaded, so the day is judged against the past only. DuckDB lets one
process hold the file and no reader beside a writer, so the warehouse is opened read-only
(waiting while a load holds it) and closed right after the one query. No warehouse file, or
one without runs yet, means no history: volume is not judged.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

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


@dataclass(frozen=True)
class VolumeHistory:
    """Article counts of the same weekday in the trailing window (date -> articles loaded)."""

    day: dt.date
    window_days: int
    counts: dict[dt.date, int] = field(default_factory=dict)

    @property
    def days(self) -> int:
        return len(self.counts)

    @property
    def median(self) -> float | None:
        return float(statistics.median(self.counts.values())) if self.counts else None

    @property
    def weekday(self) -> str:
        return self.day.strftime("%A")

    def to_dict(self) -> dict[str, object]:
        return {"window_days": self.window_days, "weekday": self.weekday, "median": self.median,
                "counts": {d.isoformat(): n for d, n in self.counts.items()}}


def weekday_history(source: str, day: dt.date, window_days: int = 28,
                    path: Path | str | None = None, timeout_s: float = 60.0) -> VolumeHistory:
    """Same-weekday article counts of `source` in the `window_days` before `day` (read-only)."""
    from newsmon.warehouse.connection import WarehouseMissing, connect_with_retry

    empty = VolumeHistory(day, window_days)
    try:
        con = connect_with_retry(path, read_only=True, timeout_s=timeout_s)
    except WarehouseMissing:
        return empty
    try:
        rows = con.execute(WEEKDAY_HISTORY, {"source": source, "day": day,
                                             "first": day - dt.timedelta(days=window_days)}).fetchall()
    except duckdb.CatalogException:  # a warehouse file without the runs table yet
        return empty
    finally:
        con.close()
    return VolumeHistory(day, window_days, {r[0]: int(r[1]) for r in rows})
