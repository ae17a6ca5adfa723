"""Moving between the report's dates: previous/next, a date picker, a source filter.

Why only dates with articles: a date whose runs found nothing (a scheduled run against the
offline mirror, a source that was down) has nothing to chart; stepping onto it would look like
the warehouse lost its data. Such a date can still be asked for, and the page then says so
and points to the nearest dates that do have articles.

Two kinds of page link differently. The live page (the plugin) is one URL with `?date=` and
`?source=`, so every date is a link and the picker is a plain GET form. A written report is a
file among files: it links `report-<date>.html` only when that file exists beside it (a link
to a file nobody wrote would be a dead end), and has no picker or source filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from newsmon.warehouse import ReportFigures

NEAREST_SHOWN = 6  # dates with articles listed when the asked date has none


@dataclass(frozen=True)
class Navigation:
    """How a page links to another date: `href(date)` (None: no link), and whether it is live
    (a picker form submitting `?date=` and `?source=` to the page itself)."""

    href: Callable[[dt.date], str | None]
    live: bool = False


def live_navigation(source: str | None = None) -> Navigation:
    """Links of the plugin's page: the same page with another `?date=` (and the same source)."""
    def href(day: dt.date) -> str:
        return "?" + urlencode({"date": day.isoformat(), **({"source": source} if source else {})})

    return Navigation(href=href, live=True)


def static_navigation(folder: Path) -> Navigation:
    """Links of a written report: the `report-<date>.html` files that exist in `folder`."""
    def href(day: dt.date) -> str | None:
        name = report_file_name(day)
        return name if (folder / name).is_file() else None

    return Navigation(href=href)


def report_file_name(day: dt.date) -> str:
    return f"report-{day.isoformat()}.html"


def article_dates(figures: ReportFigures) -> list[dt.date]:
    return [d for d, _ in figures.days_with_articles]


def has_articles(figures: ReportFigures) -> bool:
    """Whether the report's day has articles (else the page says so and points to days that do)."""
    return figures.day in article_dates(figures)


def neighbours(dates: Sequence[dt.date], day: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The nearest date with articles before `day` and after it (None at either end)."""
    before = [d for d in dates if d < day]
    after = [d for d in dates if d > day]
    return (max(before) if before else None, min(after) if after else None)


def nearest(dates: Sequence[dt.date], day: dt.date, count: int = NEAREST_SHOWN) -> list[dt.date]:
    """The `count` dates closest to `day` (an earlier one first on a tie), in date order."""
    closest = sorted(dates, key=lambda d: (abs((d - day).days), d))[:count]
    return sorted(closest)
