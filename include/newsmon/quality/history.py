"""A source's volume history: article counts of earlier same-weekday dates, as data.

Why only data here: data quality is pure (records and history in, a verdict out). The
pipeline reads the counts from the warehouse (`newsmon.warehouse.weekday_volumes`) before the
day is loaded, so the day is judged against the past only, and hands them in as this.
No history (no warehouse yet, no runs) is an empty one: volume is then not judged.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field


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

