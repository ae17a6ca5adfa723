"""The report: built from a small real DuckDB warehouse, as a file (CLI) and through the plugin's routes.

The warehouse is made by the project's own migrations and filled with a handful of rows by
SQL, so these tests need neither the mirror nor GX and run in about a second.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import duckdb
import pytest

from newsmon.cli import main as newsmon
from newsmon.report import build_report, load_report_data, stale_report_dates, write_report
from newsmon.report.search import search_articles
from tests.plugin_helpers import import_plugin, mounted
from tests.security import probe

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2020, 1, 3)
EVIL = "</script><script>alert(1)</script>"

ARTICLES = [  # article_id, language, section, title, author, run_date
    ("a1", "en", "European Languages", "Kabul winter report", "Claire Donovan", DAY),
    ("a2", "fa", "سیاسی", "گزارش زمستان کابل", "احمد", DAY),
    ("a3", "de", "European Languages", f"Bericht {EVIL}", "Claire Donovan", DAY),
    ("a4", "ps", "سیاسی", "د کابل ژمی", None, DAY - dt.timedelta(days=1)),
]


@pytest.fixture
def warehouse(newsmon_home) -> Path:
    from newsmon.warehouse.migrate import migrate

    path = newsmon_home / "warehouse.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        migrate(con)
        for aid, lang, section, title, author, day in ARTICLES:
            con.execute("""INSERT INTO articles (article_id, source, url, section, language, title, author,
                           published_date, body_text, word_count, fetched_at, run_date, loaded_at)
                           VALUES (?, 'afgazad', ?, ?, ?, ?, ?, ?, ?, 3, now(), ?, now())""",
                        [aid, f"https://www.afgazad.com/pdf/{aid}.pdf", section, lang, title, author, day,
                         f"body of {title} with snowfall", day])
        for day, valid, quarantined in ((DAY - dt.timedelta(days=1), 1, 0), (DAY, 3, 1)):
            con.execute("""INSERT INTO runs (run_id, source, run_date, started_at, finished_at, status,
                           discovered, fetched, parsed, valid, quarantined, failed, loaded)
                           VALUES (?, 'afgazad', ?, now(), now(), 'success', 4, 4, 4, ?, ?, 0, ?)""",
                        [f"r-{day}", day, valid, quarantined, valid])
            for n, ok in enumerate((True, True, True, quarantined == 0)):
                con.execute("INSERT INTO dq_results VALUES (?, 'afgazad', ?, ?, 'language', ?, 0, NULL)",
                            [f"r-{day}", day, f"expectation_{n}", ok])
        con.execute("""INSERT INTO quarantine VALUES ('afgazad', ?, 'q1', 'https://www.afgazad.com/pdf/q1.pdf',
                       ['expect_column_values_to_be_in_set(language)'], 'language xx not allowed',
                       '{"title": "Strange page", "language": "xx"}', now())""", [DAY])
    finally:
        con.close()
    return path


def test_report_has_every_part(warehouse):
    html = build_report(DAY)
    assert html.startswith("<!doctype html>")
    assert f"newsmon report · {DAY}" in html
    # attention over time, by language, by section, DQ pass rate, top authors
    assert html.count('<figure class="chart">') == 5
    assert len(re.findall(r'<rect class="mark"', html)) >= 6 and html.count('<path class="series') == 4 + 2
    for text in ("by language", "by section", "data-quality pass rate", "top authors",
                 "Freshness per source", "Quarantined on 2020-01-03", "language xx not allowed",
                 "expect_column_values_to_be_in_set(language)", "Strange page", 'id="search"',
                 "گزارش زمستان کابل", "Claire Donovan"):
        assert text in html, text
    data = load_report_data(DAY)
    assert [(d, round(e, 2), round(r, 2)) for d, e, r in data.dq_over_time] == [
        (DAY - dt.timedelta(days=1), 1.0, 1.0), (DAY, 0.75, 0.75)]
    assert data.freshness[0]["newest_article"] == DAY and data.freshness[0]["days_behind"] == 0
    assert data.top_authors[0][:2] == ("Claire Donovan", 2)


def test_report_is_self_contained_and_injection_safe(warehouse):
    html = build_report(DAY)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=\"(https?:)?//", html)  # nothing fetched
    assert "<script src" not in html and "@import" not in html
    assert EVIL not in html  # escaped in tables, \u003c-escaped in the embedded JSON
    embedded = re.search(r'<script type="application/json" id="articles-data">(.*?)</script>', html, re.S).group(1)
    assert {a["title"] for a in json.loads(embedded)} == {a[3] for a in ARTICLES}
    probe(f"an article title '{EVIL}' in the warehouse, rendered into the report", trials=1, area="report",
          outcome="escaped in the tables and \\u003c-escaped in the embedded JSON: no script of the page's "
                  "own but the report's; nothing loaded from another origin")


def test_report_closes_the_warehouse(warehouse):
    build_report(DAY)
    con = duckdb.connect(str(warehouse))  # a writer can open it at once: no reader lingers
    con.close()


def test_latest_day_is_the_default_and_the_static_search_is_client_side(warehouse):
    html = build_report()
    assert f"newsmon report · {DAY}" in html and "<body data-search-url" not in html


def test_cli_writes_the_report(warehouse, newsmon_home, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert newsmon(["report", "--date", str(DAY), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert "Quarantined on 2020-01-03" in out.read_text(encoding="utf-8")
    assert newsmon(["report"]) == 0
    assert (newsmon_home / "reports" / f"report-{DAY}.html").is_file()
    assert (newsmon_home / "reports" / "latest.html").is_file()
    assert newsmon(["report", "--date", "2020-01-02"]) == 0  # an older day leaves latest.html alone
    assert f"report · {DAY}" in (newsmon_home / "reports" / "latest.html").read_text(encoding="utf-8")


def test_stale_report_dates_follow_each_dates_latest_runs(warehouse, newsmon_home):
    """A date needs its report (again) until a report was read from its latest runs: what the
    report DAG writes besides the dates its asset events name (events Airflow gave to no run)."""
    from newsmon.warehouse import record_rejected_run

    before = DAY - dt.timedelta(days=1)
    assert stale_report_dates() == [before, DAY]  # nothing reported yet
    write_report(DAY)
    assert stale_report_dates() == [before]
    write_report(before)
    assert stale_report_dates() == []
    # A later run of DAY (a rejected batch, recorded as the load path records it) is its latest now.
    record_rejected_run("afgazad", DAY, None, "batch rejected", {"discovered": 4}, [], path=warehouse)
    assert stale_report_dates() == [DAY]
    write_report(DAY)
    assert stale_report_dates() == []
    (newsmon_home / "reports" / f"report-{DAY}.html").unlink()  # a report removed: written again
    assert stale_report_dates() == [DAY]


def test_stale_report_dates_take_the_reports_on_disk_as_current_the_first_time(warehouse, newsmon_home):
    """A deployment from before the record of reported runs: its reports are not all written again,
    only the missing ones; from then on each date follows its runs."""
    from newsmon.report import REPORTED_RUNS
    from newsmon.warehouse import record_rejected_run

    before = DAY - dt.timedelta(days=1)
    write_report(DAY)
    (newsmon_home / "reports" / REPORTED_RUNS).unlink()
    assert stale_report_dates() == [before]  # DAY's report is on disk; before's is missing
    assert (newsmon_home / "reports" / REPORTED_RUNS).is_file()
    record_rejected_run("afgazad", DAY, None, "batch rejected", {"discovered": 4}, [], path=warehouse)
    assert stale_report_dates() == [before, DAY]


def test_stale_report_dates_without_a_warehouse_is_empty(newsmon_home):
    assert stale_report_dates() == []


def test_report_without_a_warehouse_says_so(newsmon_home):
    path = write_report()
    assert path.name == "report-empty.html"
    assert "does not exist yet" in path.read_text(encoding="utf-8")


def test_search_matches_titles_authors_and_bodies(warehouse):
    assert [r["article_id"] for r in search_articles("kabul")] == ["a1"]
    assert {r["article_id"] for r in search_articles("snowfall")} == {"a1", "a2", "a3", "a4"}
    assert [r["article_id"] for r in search_articles("کابل", lang="fa")] == ["a2"]
    assert search_articles("100%_") == [] and search_articles("  ") == []
    assert search_articles("Claire")[0]["run_date"] == str(DAY)


@pytest.fixture
def plugin(warehouse, monkeypatch, tmp_path):
    return import_plugin(monkeypatch, tmp_path)


def _client(app_or_router):
    from fastapi.testclient import TestClient

    return TestClient(mounted(app_or_router))


def test_plugin_serves_report_search_and_files(plugin, newsmon_home):
    client = _client(plugin.router)
    page = client.get("/newsmon/", params={"date": str(DAY)})
    assert page.status_code == 200 and 'data-search-url="/newsmon/api/search"' in page.text
    found = client.get("/newsmon/api/search", params={"q": "winter"}).json()
    assert [r["title"] for r in found["results"]] == ["Kabul winter report"]
    write_report(DAY)
    assert "report-2020-01-03.html" in client.get("/newsmon/reports/").text
    assert client.get("/newsmon/reports/report-2020-01-03.html").status_code == 200
    assert client.get("/newsmon/reports/..%2Fwarehouse.duckdb").status_code == 404
    assert client.get("/newsmon/gx_docs/").status_code == 404  # not built yet: says so
    (newsmon_home / "gx_docs").mkdir()
    (newsmon_home / "gx_docs" / "index.html").write_text("<h1>docs</h1>")
    assert client.get("/newsmon/gx_docs/").text == "<h1>docs</h1>"
    assert client.get("/newsmon/gx_docs/../warehouse.duckdb").status_code == 404


def test_plugin_requires_an_airflow_login(plugin):
    client = _client(plugin.app)
    assert client.get("/newsmon/").status_code == 401
    assert client.get("/newsmon/api/search", params={"q": "x"}).status_code == 401
    probe("the plugin's report page and search API asked for without an Airflow login", trials=2,
          area="ui and api", outcome="401 for both: the routes sit behind Airflow's own authentication")


def test_plugin_declares_app_and_menu_entries(plugin):
    cls = plugin.NewsmonPlugin
    assert cls.fastapi_apps[0]["url_prefix"] == "/newsmon"
    routes = {v["url_route"]: v["href"] for v in cls.external_views}
    assert routes == {"newsmon_report": "/newsmon/", "newsmon_gx_docs": "/newsmon/gx_docs/"}


def test_top_authors_ties_go_to_who_wrote_last_not_to_latin_script():
    """With ties broken by name alone, every Latin-script name sorts before every Dari and
    Pashto one: a tie goes to who wrote last, then by name."""
    import duckdb

    from newsmon.warehouse.report_reads import TOP_AUTHORS

    con = duckdb.connect()
    con.execute("CREATE TABLE mart_authors (source VARCHAR, author VARCHAR, articles BIGINT, first_date DATE,"
                " last_date DATE, languages VARCHAR[], words BIGINT)")
    con.executemany("INSERT INTO mart_authors VALUES (?, ?, ?, ?, ?, ?, ?)", [
        ("afgazad", "Anna Berg", 3, dt.date(2020, 1, 1), dt.date(2020, 1, 2), ["de"], 900),
        ("afgazad", "محمد داوود", 3, dt.date(2020, 1, 1), dt.date(2020, 1, 9), ["fa"], 900),
        ("afgazad", "Zoe Adams", 5, dt.date(2020, 1, 1), dt.date(2020, 1, 1), ["en"], 900),
    ])
    names = [row[0] for row in con.execute(TOP_AUTHORS, {"limit": 2, "source": None}).fetchall()]
    assert names == ["Zoe Adams", "محمد داوود"]
