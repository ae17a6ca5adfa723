"""The report and `newsmon export` agree on every figure: each number the page shows is computed
again here, with pandas, from the Parquet files the export wrote, and must be the same.

The warehouse holds the mirror's twelve days, a day re-run with a quarantined record and a
failure, and a last day with two further runs that finished at the same instant (the tie the
one definition of "latest run", `stg_latest_runs`, breaks by run_id; the report once broke it
its own way and could show another run than the export).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from newsmon.cli import main as newsmon
from newsmon.records import ARTICLE_FIELDS
from newsmon.report import load_report_data
from newsmon.report.data import ARTICLE_LIST_LIMIT, DAYS_SHOWN, TOP_AUTHORS
from newsmon.warehouse.load import load_day
from tests.warehouse_data import STARTED, copy_of_mirror, ground_truth_frame

REDONE = dt.date(2020, 1, 5)  # re-run: one record quarantined, one failure
TIE = dt.datetime(2030, 1, 1, 12, 0)  # both later runs of the last day finished then


@pytest.fixture
def exported(newsmon_home, tmp_path) -> tuple[dict[str, pd.DataFrame], dt.date]:
    """The warehouse described above, exported by the CLI; returns (mart frames, last day)."""
    con, truth = copy_of_mirror(newsmon_home / "warehouse.duckdb", dq_failing_day=dt.date(2020, 1, 2))
    rows = truth[REDONE]
    held = pd.DataFrame([rows[0]], columns=ARTICLE_FIELDS).assign(
        failed_expectations=[["expect_column_values_to_be_in_set(language)"]], reasons=["language xx not allowed"])
    load_day(con, source="afgazad", run_date=REDONE, articles=ground_truth_frame(rows[1:]), quarantine=held,
             failures=[{"url": "https://www.afgazad.com/pdf/broken.pdf", "stage": "parse", "error": "no text"}],
             run={"run_id": "afgazad-redone", "started_at": STARTED + dt.timedelta(days=1)})
    last = max(truth)
    for run_id, status in (("afgazad-tie-a", "success"), ("afgazad-tie-b", "failed")):
        load_day(con, source="afgazad", run_date=last, articles=None,
                 run={"run_id": run_id, "started_at": TIE, "finished_at": TIE, "status": status,
                      "message": None if status == "success" else "batch rejected"})
    con.close()
    out = tmp_path / "export"
    assert newsmon(["export", "--format", "parquet", str(out)]) == 0
    return {p.stem: pq.read_table(p).to_pandas() for p in out.glob("*.parquet")}, last


def plain(value: Any) -> Any:
    """A value as the report holds it (pandas' NaT/NaN as None, Timestamps as datetimes)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    return [{c: plain(v) for c, v in zip(columns, row)} for row in frame[columns].itertuples(index=False)]


def expected_figures(marts: dict[str, pd.DataFrame], day: dt.date) -> dict[str, Any]:
    """Every figure of the report of `day`, from the exported marts alone."""
    since = day - dt.timedelta(days=DAYS_SHOWN - 1)
    daily = marts["mart_articles_daily"]
    shown = daily[(daily.article_date >= since) & (daily.article_date <= day)]

    def per_day(column: str) -> list[tuple]:
        sums = shown.assign(key=shown[column].fillna("?")).groupby(["article_date", "key"])["articles"].sum()
        return sorted((d, k, int(n)) for (d, k), n in sums.items())

    authors = marts["mart_authors"]
    by_author = {}
    for author, group in authors[authors.author != ""].groupby("author"):
        languages = sorted({lang for langs in group.languages for lang in langs if lang is not None})
        by_author[author] = (int(group.articles.sum()), ", ".join(languages) or None, group.last_date.max())
    # Most articles first; a tie goes to who wrote last, then by name.
    top = [(a, n, langs) for a, (n, langs, _) in
           sorted(by_author.items(), key=lambda r: (-r[1][0], -r[1][2].toordinal(), r[0]))][:TOP_AUTHORS]

    dq = marts["mart_dq_daily"]
    dq = dq[(dq.run_date >= since) & (dq.run_date <= day)]
    rates = []
    for run_date, g in sorted(dq.groupby("run_date"), key=lambda item: item[0]):
        expectations, valid, held = g.expectations.sum(), g.rows_valid.sum(), g.rows_quarantined.sum()
        rates.append((run_date, g.expectations_passed.sum() / expectations if expectations else None,
                      valid / (valid + held) if valid + held else None))

    fresh = marts["mart_freshness"].sort_values("source").rename(columns={
        "last_run_status": "last_status", "last_success_run_date": "last_success_date",
        "last_article_date": "newest_article"})
    quarantine = marts["mart_quarantine"]
    quarantine = quarantine[quarantine.run_date == day].sort_values(["source", "url"])
    quarantine = quarantine.assign(failed=quarantine.failed_expectations.map("; ".join))
    articles = marts["mart_articles"]
    articles = articles[articles.article_date <= day].sort_values(
        ["article_date", "source", "language", "title"], ascending=[False, True, True, True]).head(ARTICLE_LIST_LIMIT)
    runs = marts["mart_runs"]
    runs = runs[runs.run_date == day].sort_values("source")
    return {
        "by_language": per_day("language"),
        "by_section": per_day("section"),
        "top_authors": top,
        "dq_over_time": rates,
        "freshness": [{**row, **as_of(daily, row["source"], day)} for row in records(fresh, [
            "source", "last_status", "last_run_date", "last_success_date", "last_success_at", "newest_article",
            "last_fetched_at", "articles", "days_since_last_article", "days_since_last_success",
            "days_behind_at_last_run", "future_dated_articles"])],
        "quarantine": records(quarantine, ["source", "url", "article_id", "failed", "reasons", "title", "language"]),
        "articles": records(articles, ["article_id", "source", "article_date", "run_date", "language", "title"]),
        "day_runs": records(runs, ["source", "status", "discovered", "fetched", "parsed", "valid", "quarantined",
                                   "failed", "loaded", "message", "finished_at"]),
        "totals": {"articles": int(daily.articles.sum()),
                   "articles_today": int(daily[daily.article_date == day].articles.sum()),
                   "quarantined_today": len(quarantine),
                   "sources": int(marts["mart_freshness"].last_run_date.notna().sum()),
                   "failures_today": int(runs.failure_rows.sum())},
    }


def as_of(daily: pd.DataFrame, source: str, day: dt.date) -> dict[str, Any]:
    """A source's newest article dated on or before `day`, and how many days before `day` it is."""
    dates = daily[(daily.source == source) & (daily.article_date <= day)].article_date
    newest = dates.max() if len(dates) else None
    return {"newest_by_day": newest, "days_behind": (day - newest).days if newest else None}


def shown(data) -> dict[str, Any]:
    """The same figures from the report's data, in the same shapes."""
    article_keys = ["article_id", "source", "article_date", "run_date", "language", "title"]
    return {
        "by_language": [tuple(r) for r in data.by_language],
        "by_section": [tuple(r) for r in data.by_section],
        "top_authors": [tuple(r) for r in data.top_authors],
        "dq_over_time": data.dq_over_time,
        "freshness": data.freshness,
        "quarantine": data.quarantine,
        "articles": [{k: a[k] for k in article_keys} for a in data.articles],
        "day_runs": data.day_runs,
        "totals": data.totals,
    }


@pytest.mark.parametrize("which", ["latest", "redone"])
def test_the_report_and_the_export_agree_on_every_figure(exported, which):
    marts, last = exported
    day = last if which == "latest" else REDONE
    data = load_report_data(None if which == "latest" else day)
    assert data.day == day and data.note is None
    expected, got = expected_figures(marts, day), shown(data)
    assert set(got) == set(expected)
    for figure in expected:
        assert got[figure] == expected[figure], figure
    assert got["by_language"] and got["top_authors"] and got["dq_over_time"] and got["day_runs"]
    if which == "redone":
        assert got["quarantine"] and got["totals"]["failures_today"] == 1 and got["totals"]["quarantined_today"] == 1


def test_the_report_shows_the_latest_run_the_export_shows(exported):
    marts, last = exported
    data = load_report_data()
    dq = marts["mart_dq_daily"]
    exported_latest = dq[dq.run_date == last].iloc[0]
    runs = marts["mart_runs"]
    assert runs[runs.run_date == last].run_id.tolist() == ["afgazad-tie-b"]  # the tie goes to the greater run_id
    assert [(r["status"], r["message"]) for r in data.day_runs] == [("failed", "batch rejected")]
    assert exported_latest.run_id == "afgazad-tie-b" and exported_latest.status == "failed"
    assert data.freshness[0]["last_status"] == marts["mart_freshness"].last_run_status.iloc[0]


def test_the_page_shows_what_the_figures_say(exported, tmp_path):
    marts, last = exported
    out = tmp_path / "r.html"
    assert newsmon(["report", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    tiles = expected_figures(marts, last)["totals"]
    for label in ("articles of the day", "quarantined", "failures", "articles in all", "sources"):
        key = {"articles of the day": "articles_today", "quarantined": "quarantined_today",
               "failures": "failures_today", "articles in all": "articles", "sources": "sources"}[label]
        assert f'<div class="tile"><b>{tiles[key]}</b>{label}</div>' in html, label
    assert "batch rejected" in html and Path(out).stat().st_size > 0
