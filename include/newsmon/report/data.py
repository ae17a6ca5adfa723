"""What the report shows: the warehouse's report figures (`newsmon.warehouse.read_report`,
read from the `mart_*` views in one short read-only visit) as the values the page renders.

Why no SQL here: the marts are also what `newsmon export` writes, so reading them through
the warehouse keeps the page and the exported files in agreement on every figure (the
"latest run" of a date, the day of an article), with one definition of each in the views.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsmon.warehouse import read_report

log = logging.getLogger("newsmon.report")

ARTICLE_LIST_LIMIT = 500  # articles embedded in the page for the client-side search
DAYS_SHOWN = 60  # charts cover the last DAYS_SHOWN days up to the report date
TOP_AUTHORS = 15


@dataclass
class ReportData:
    """Plain values for one report; `day` is the date the page is about."""

    day: dt.date | None
    generated_at: dt.datetime
    warehouse: str
    by_language: list[tuple[dt.date, str, int]] = field(default_factory=list)
    by_section: list[tuple[dt.date, str, int]] = field(default_factory=list)
    top_authors: list[tuple[str, int, str | None]] = field(default_factory=list)
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
    now = dt.datetime.now(dt.UTC)
    figures = read_report(day, path, timeout_s=timeout_s, on_wait=on_wait, days_shown=DAYS_SHOWN,
                          top_authors=TOP_AUTHORS, article_limit=ARTICLE_LIST_LIMIT)
    data = ReportData(day=figures.day, generated_at=now, warehouse=figures.warehouse, note=figures.note,
                      latest_day=figures.latest_day, by_language=figures.by_language,
                      by_section=figures.by_section, top_authors=figures.top_authors,
                      dq_over_time=figures.dq_over_time, freshness=figures.freshness,
                      quarantine=figures.quarantine, articles=figures.articles, day_runs=figures.day_runs)
    if data.day is None or figures.note:
        return data
    for row in data.freshness:  # how far each source is behind the day the report is about
        newest = row.get("newest_article")
        row["days_behind"] = (data.day - newest).days if newest else None
    data.totals = {"articles": figures.totals["articles"], "articles_today": figures.totals["articles_today"],
                   "quarantined_today": len(data.quarantine), "sources": figures.totals["sources"],
                   "failures_today": figures.totals["failures_today"]}
    return data
