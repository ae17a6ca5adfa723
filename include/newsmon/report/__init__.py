"""The newsmon report: one self-contained HTML page about a day of the warehouse.

    from newsmon.report import build_report, write_report
    html = build_report(day)                 # str
    path = write_report(day)                 # $NEWSMON_HOME/reports/report-<day>.html

Plain library code (no Airflow): the CLI (`newsmon report`) and the report DAG write files;
the Airflow plugin serves the live page (`load_report_data` + `render` with `live_navigation`,
so it can refuse a source the warehouse does not hold). Both open, without a date, on the
newest date that has articles, and navigate between dates that have them (nav.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path

from newsmon import settings
from newsmon.files import write_atomically
from newsmon.report.data import ReportData, load_report_data
from newsmon.report.nav import live_navigation, report_file_name, static_navigation
from newsmon.report.page import render

__all__ = ["ReportData", "build_report", "build_topics_page", "gx_docs_index", "live_navigation", "load_report_data",
           "render", "reports_dir", "stale_report_dates", "topics_file_name", "write_report"]

# Beside the reports: for each date's report, the run ids of the latest runs it was read from.
REPORTED_RUNS = ".reported-runs.json"


def reports_dir() -> Path:
    return settings.home() / "reports"


def gx_docs_index() -> Path | None:
    """GX Data Docs' index page under NEWSMON_HOME, when validation has built them."""
    docs = settings.home() / "gx_docs"
    found = sorted(docs.rglob("index.html"), key=lambda p: len(p.parts)) if docs.is_dir() else []
    return found[0] if found else None


def build_report(day: dt.date | None = None, path: Path | str | None = None,
                 search_url: str | None = None, links: dict[str, str] | None = None,
                 source: str | None = None) -> str:
    """The live report page for `day` (default: the newest date with articles) as HTML: its
    date links and picker ask the same page again with `?date=` (and `?source=`)."""
    return render(load_report_data(day, path, source=source), search_url=search_url, links=links,
                  navigation=live_navigation(source))


def write_report(day: dt.date | None = None, out: Path | str | None = None,
                 path: Path | str | None = None, on_wait: Callable[[str], None] | None = None) -> Path:
    """Write the report atomically and return its path.

    Default file: `$NEWSMON_HOME/reports/report-<day>.html` (day: the newest date with
    articles); when `day` is that newest date, `latest.html` beside it too, so `latest.html`
    never shows a day a run found empty. Its previous/next links go to the report files of the
    neighbouring dates that exist beside it. Written atomically, so a reader (the plugin)
    never sees a half-written page. `on_wait`: see `load_report_data`.
    """
    data = load_report_data(day, path, on_wait=on_wait)
    target = Path(out) if out is not None else reports_dir() / (report_file_name(data.day) if data.day
                                                                 else "report-empty.html")
    links = {"GX Data Docs": _relative_docs_link()} if gx_docs_index() else {}
    if data.day is not None:  # the day's topics page beside the report, linked from it
        write_atomically(target.parent / topics_file_name(data.day),
                         build_topics_page(data.day, path, on_wait=on_wait, links={"report": target.name}).encode())
        links["topics"] = topics_file_name(data.day)
    page = render(data, links=links, navigation=static_navigation(target.parent)).encode("utf-8")
    write_atomically(target, page)
    if out is None and (data.day is None or data.day == data.latest_day):
        write_atomically(reports_dir() / "latest.html", page)
    if out is None and data.day is not None:
        _record_reported_runs(data.day, data.day_run_ids)
    return target


def stale_report_dates(path: Path | str | None = None,
                       on_wait: Callable[[str], None] | None = None) -> list[dt.date]:
    """The dates whose report under `reports_dir()` is missing or was read from other runs than
    the date's latest ones (a load or a re-run came after it), oldest first.

    Why: the report DAG learns which dates were loaded from the asset events that trigger it, and
    Airflow 3.3 leaves some events to no run: a load whose event arrives while the report DAG is
    at its one active run, after another event already queued it, is consumed by none (apache/airflow
    issue 56050). Its load is in the warehouse by then, so the next report run finds its date here.

    The first time (no record beside the reports yet: a deployment from before the record
    existed) the reports on disk are taken as read from their dates' latest runs and recorded so,
    and only the missing ones are stale: years of dates are not all written again in one run.
    """
    from newsmon.warehouse import report_run_ids

    latest = report_run_ids(path, on_wait=on_wait)
    on_disk = {day for day in latest if (reports_dir() / report_file_name(day)).is_file()}
    if on_disk and not (reports_dir() / REPORTED_RUNS).exists():
        _write_reported_runs({day.isoformat(): sorted(latest[day]) for day in on_disk})
    reported = _reported_runs()
    return [day for day, ids in latest.items() if day not in on_disk or reported.get(day.isoformat()) != ids]


def _reported_runs() -> dict[str, list[str]]:
    """The run ids each date's report was read from (a missing or unreadable record: none)."""
    try:
        record = json.loads((reports_dir() / REPORTED_RUNS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _record_reported_runs(day: dt.date, run_ids: list[str]) -> None:
    """Note which runs `day`'s report shows. Two writers at once may lose one note: that date is
    then written again by the next report run, never skipped."""
    record = _reported_runs()
    record[day.isoformat()] = sorted(run_ids)
    _write_reported_runs(record)


def _write_reported_runs(record: dict[str, list[str]]) -> None:
    write_atomically(reports_dir() / REPORTED_RUNS, json.dumps(record, sort_keys=True, indent=0).encode("utf-8"))


def topics_file_name(day: dt.date) -> str:
    return f"topics-{day.isoformat()}.html"


def build_topics_page(day: dt.date | None = None, path: Path | str | None = None, source: str | None = None,
                      href: Callable[[dt.date], str | None] | None = None,
                      archive_href: Callable[[str], str] | None = None, links: dict[str, str] | None = None,
                      on_wait: Callable[[str], None] | None = None) -> str:
    """The topics page of `day` (default: the newest article day) as HTML (report/topics_page.py)."""
    from newsmon.report.topics_page import render_topics
    from newsmon.warehouse import read_topics

    figures = read_topics(day, path, on_wait=on_wait, source=source)
    return render_topics(figures, dt.datetime.now(dt.UTC), href=href, archive_href=archive_href, links=links)


def _relative_docs_link() -> str:
    index = gx_docs_index()
    return os.path.relpath(index, reports_dir()) if index else ""
