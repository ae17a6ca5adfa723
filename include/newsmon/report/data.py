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
from dataclasses import dataclass, fields
from pathlib import Path

from newsmon.warehouse import ReportFigures, read_report

log = logging.getLogger("newsmon.report")

ARTICLE_LIST_LIMIT = 500  # articles embedded in the page for the client-side search
DAYS_SHOWN = 60  # charts cover the last DAYS_SHOWN days up to the report date
TOP_AUTHORS = 15


@dataclass(kw_only=True)
class ReportData(ReportFigures):
    """The figures of one report (`day` is the date the page is about) and when it was made."""

    generated_at: dt.datetime


def load_report_data(day: dt.date | None = None, path: Path | str | None = None,
                     timeout_s: float = 60.0, on_wait: Callable[[str], None] | None = None,
                     source: str | None = None) -> ReportData:
    """Everything the report needs; `day` defaults to the newest date with articles.

    `source` limits every figure to one source (the warehouse checks that it holds it).
    `on_wait` hears once, in one line, that a load holds the warehouse and we wait for it
    (the CLI prints it, so `newsmon report` is not silent while it waits)."""
    now = dt.datetime.now(dt.UTC)
    figures = read_report(day, path, timeout_s=timeout_s, on_wait=on_wait, days_shown=DAYS_SHOWN,
                          top_authors=TOP_AUTHORS, article_limit=ARTICLE_LIST_LIMIT, source=source)
    data = ReportData(**{f.name: getattr(figures, f.name) for f in fields(figures)}, generated_at=now)
    if data.day is None or figures.note:
        return data
    data.totals = {**figures.totals, "quarantined_today": len(data.quarantine)}
    return data
