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
import os
from collections.abc import Callable
from pathlib import Path

from newsmon import settings
from newsmon.files import write_atomically
from newsmon.report.data import ReportData, load_report_data
from newsmon.report.nav import live_navigation, report_file_name, static_navigation
from newsmon.report.page import render

__all__ = ["ReportData", "build_report", "build_topics_page", "gx_docs_index", "live_navigation", "load_report_data",
           "render", "reports_dir", "topics_file_name", "write_report"]


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
    return target


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
