"""The newsmon report: one self-contained HTML page about a day of the warehouse.

    from newsmon.report import build_report, write_report
    html = build_report(day)                 # str
    path = write_report(day)                 # $NEWSMON_HOME/reports/report-<day>.html

Plain library code (no Airflow): the CLI (`newsmon report`), the report DAG and the
Airflow plugin all call these two functions.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from newsmon import settings
from newsmon.report.data import ReportData, load_report_data
from newsmon.report.page import render

__all__ = ["ReportData", "build_report", "gx_docs_index", "load_report_data", "reports_dir", "write_report"]


def reports_dir() -> Path:
    return settings.home() / "reports"


def gx_docs_index() -> Path | None:
    """GX Data Docs' index page under NEWSMON_HOME, when validation has built them."""
    docs = settings.home() / "gx_docs"
    found = sorted(docs.rglob("index.html"), key=lambda p: len(p.parts)) if docs.is_dir() else []
    return found[0] if found else None


def build_report(day: dt.date | None = None, path: Path | str | None = None,
                 search_url: str | None = None, links: dict[str, str] | None = None) -> str:
    """The report page for `day` (default: the latest run date) as HTML."""
    return render(load_report_data(day, path), search_url=search_url, links=links)


def write_report(day: dt.date | None = None, out: Path | str | None = None,
                 path: Path | str | None = None, on_wait: Callable[[str], None] | None = None) -> Path:
    """Write the report atomically and return its path.

    Default file: `$NEWSMON_HOME/reports/report-<day>.html`; when `day` is the warehouse's
    newest run date, `latest.html` beside it too. Written atomically, so a reader (the
    plugin) never sees a half-written page. `on_wait`: see `load_report_data`.
    """
    data = load_report_data(day, path, on_wait=on_wait)
    links = {"GX Data Docs": _relative_docs_link()} if gx_docs_index() else None
    html = render(data, links=links)
    if out is None:
        target = reports_dir() / f"report-{data.day or 'empty'}.html"
        _atomic_write(target, html)
        if data.day is None or data.day == data.latest_day:
            _atomic_write(reports_dir() / "latest.html", html)
        return target
    target = Path(out)
    _atomic_write(target, html)
    return target


def _relative_docs_link() -> str:
    index = gx_docs_index()
    return os.path.relpath(index, reports_dir()) if index else ""


def _atomic_write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is for readers
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
