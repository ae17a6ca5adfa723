"""The report opens on a day that has articles, moves between such days, filters by source, and
its freshness ages are never negative (issue 16).

The warehouse is a real DuckDB file loaded by `load_day`, as the pipeline loads it: the mirror's
twelve afgazad days (2020-01-01..12), a scheduled run for yesterday that found nothing (what the
first scheduled run against the offline mirror does: it becomes the newest run date), a second
source with articles on two far-apart days, and one afgazad article whose date was misparsed into
next month. Every expectation is computed here from those inputs and the clock, not read back
from the report's own code.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from pathlib import Path

import duckdb
import pytest

from newsmon.cli import main as newsmon_cli
from newsmon.report import build_report, load_report_data, write_report
from newsmon.report.nav import nearest, neighbours
from newsmon.warehouse.load import load_day
from tests.browser import Chromium
from tests.plugin_helpers import import_plugin, mounted
from tests.plugin_helpers import served as serve
from tests.warehouse_data import copy_of_mirror, ground_truth_frame

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"  # where the other browser tests leave their screenshots
TODAY = dt.datetime.now(dt.UTC).date()
YESTERDAY = TODAY - dt.timedelta(days=1)  # the scheduled run that loaded nothing
LAST_MIRROR_DAY = dt.date(2020, 1, 12)
DARYA_DAYS = (dt.date(2020, 1, 2), dt.date(2020, 1, 9))  # two darya days, six apart
FUTURE = TODAY + dt.timedelta(days=30)  # a misparsed date: after today


def _copies(rows: list[dict], source: str, day: dt.date, tag: str) -> list[dict]:
    """Mirror rows as another source's articles of `day` (own ids and URLs)."""
    out = []
    for n, row in enumerate(rows):
        out.append({**row, "source": source, "article_id": f"{tag}-{day}-{n}", "published_date": str(day),
                    "original_published_date": None, "url": f"https://www.darya-news.example/{tag}/{day}/{n}.html"})
    return out


@pytest.fixture
def warehouse(newsmon_home) -> dict:
    """The warehouse described above; returns what was loaded, per (source, date)."""
    con, truth = copy_of_mirror(newsmon_home / "warehouse.duckdb")
    try:
        loaded = {("afgazad", day): len(rows) for day, rows in truth.items()}
        load_day(con, source="afgazad", run_date=YESTERDAY, articles=None,
                 run={"run_id": f"afgazad-{YESTERDAY}", "started_at": dt.datetime(2030, 1, 1)})
        for n, day in enumerate(DARYA_DAYS):
            rows = _copies(truth[day][: 2 + n], "darya", day, "darya")
            load_day(con, source="darya", run_date=day, articles=ground_truth_frame(rows),
                     run={"run_id": f"darya-{day}", "started_at": dt.datetime(2024, 1, 1)})
            loaded["darya", day] = len(rows)
        odd = _copies(truth[LAST_MIRROR_DAY][:1], "afgazad", FUTURE, "odd")
        load_day(con, source="afgazad", run_date=dt.date(2020, 1, 13), articles=ground_truth_frame(odd),
                 run={"run_id": "afgazad-2020-01-13", "started_at": dt.datetime(2024, 1, 1)})
        loaded["afgazad", FUTURE] = 1
    finally:
        con.close()
    return loaded


def _articles_on(loaded: dict, day: dt.date, source: str | None = None) -> int:
    return sum(n for (s, d), n in loaded.items() if d == day and source in (None, s))


def _dates(loaded: dict, source: str | None = None) -> list[dt.date]:
    return sorted({d for (s, d), n in loaded.items() if n and source in (None, s)})


# --- the day it opens on ----------------------------------------------------------------

def test_an_empty_newest_run_date_does_not_become_the_report_day(warehouse, newsmon_home):
    con = duckdb.connect(str(newsmon_home / "warehouse.duckdb"), read_only=True)
    try:  # the scenario: yesterday's empty run is the newest run date
        assert con.execute("SELECT max(run_date) FROM runs").fetchone()[0] == YESTERDAY
    finally:
        con.close()
    data = load_report_data()
    assert data.day == data.latest_day == LAST_MIRROR_DAY  # not YESTERDAY, not the misparsed FUTURE date
    assert data.totals["articles_today"] == _articles_on(warehouse, LAST_MIRROR_DAY) > 0
    assert [d for d, _ in data.days_with_articles] == _dates(warehouse)
    assert dict(data.days_with_articles)[DARYA_DAYS[1]] == _articles_on(warehouse, DARYA_DAYS[1])


def test_newsmon_report_without_a_date_writes_the_newest_day_with_articles(warehouse, newsmon_home):
    assert newsmon_cli(["report"]) == 0
    latest = (newsmon_home / "reports" / "latest.html").read_text(encoding="utf-8")
    assert f"newsmon report · {LAST_MIRROR_DAY}" in latest
    assert (newsmon_home / "reports" / f"report-{LAST_MIRROR_DAY}.html").is_file()
    assert f'<div class="tile"><b>{_articles_on(warehouse, LAST_MIRROR_DAY)}</b>articles of the day</div>' in latest


def test_a_date_without_articles_says_so_and_links_the_nearest_dates_with_data(warehouse):
    page = build_report(YESTERDAY)
    notice = re.search(r'<p class="warn" id="no-articles">(.*?)</p>', page, re.S)
    assert notice and f"No articles on {YESTERDAY}" in notice.group(1)
    linked = [dt.date.fromisoformat(d) for d in re.findall(r'href="\?date=([\d-]+)"', notice.group(1))]
    by_distance = sorted(_dates(warehouse), key=lambda d: abs((d - YESTERDAY).days))
    assert set(linked) == set(by_distance[:6]) and FUTURE in linked and LAST_MIRROR_DAY in linked
    assert "No articles" not in build_report(LAST_MIRROR_DAY)


# --- previous and next ------------------------------------------------------------------

def _nav_targets(page: str) -> dict[str, str]:
    """The previous/next links' targets, as a browser reads the attribute (entities decoded)."""
    return {k: html.unescape(v) for k, v in re.findall(r'<a id="(prev-day|next-day)" rel="\w+" href="([^"]*)"', page)}


def test_previous_and_next_go_to_the_neighbouring_dates_with_articles(warehouse):
    assert _nav_targets(build_report(dt.date(2020, 1, 5))) == {"prev-day": "?date=2020-01-04",
                                                                "next-day": "?date=2020-01-06"}
    assert _nav_targets(build_report(dt.date(2020, 1, 1))) == {"next-day": "?date=2020-01-02"}
    # from the newest real day the next date with articles is the misparsed one: shown, not hidden
    assert _nav_targets(build_report(LAST_MIRROR_DAY))["next-day"] == f"?date={FUTURE}"
    # darya's days are six apart: its previous and next skip the days it has nothing on
    darya = build_report(DARYA_DAYS[1], source="darya")
    assert _nav_targets(darya) == {"prev-day": f"?date={DARYA_DAYS[0]}&source=darya"}
    assert _nav_targets(build_report(YESTERDAY)) == {"prev-day": f"?date={LAST_MIRROR_DAY}",
                                                      "next-day": f"?date={FUTURE}"}


def test_neighbours_and_nearest():
    days = [dt.date(2020, 1, d) for d in (1, 3, 8)]
    assert neighbours(days, dt.date(2020, 1, 3)) == (dt.date(2020, 1, 1), dt.date(2020, 1, 8))
    assert neighbours(days, dt.date(2020, 1, 5)) == (dt.date(2020, 1, 3), dt.date(2020, 1, 8))
    assert neighbours(days, dt.date(2019, 1, 1)) == (None, dt.date(2020, 1, 1))
    assert neighbours([], dt.date(2020, 1, 1)) == (None, None)
    assert nearest(days, dt.date(2020, 1, 2), count=2) == [dt.date(2020, 1, 1), dt.date(2020, 1, 3)]


def test_written_reports_link_only_report_files_that_exist(warehouse, newsmon_home):
    first = write_report(dt.date(2020, 1, 4))
    assert _nav_targets(first.read_text(encoding="utf-8")) == {}  # no neighbour written yet
    second = write_report(dt.date(2020, 1, 5))
    assert _nav_targets(second.read_text(encoding="utf-8")) == {"prev-day": "report-2020-01-04.html"}
    assert "<select" not in second.read_text(encoding="utf-8")  # no picker in a file
    assert (newsmon_home / "reports" / "report-2020-01-04.html").is_file()


# --- the source filter ------------------------------------------------------------------

def test_every_figure_follows_the_source_filter(warehouse):
    darya = load_report_data(DARYA_DAYS[1], source="darya")
    assert darya.sources == ["afgazad", "darya"] and darya.note is None
    assert darya.totals["articles"] == sum(n for (s, _), n in warehouse.items() if s == "darya")
    assert darya.totals["articles_today"] == _articles_on(warehouse, DARYA_DAYS[1], "darya")
    assert darya.totals["sources"] == 1
    assert {r["source"] for r in darya.freshness} == {"darya"}
    assert {a["source"] for a in darya.articles} == {"darya"} and {r["source"] for r in darya.day_runs} == {"darya"}
    assert sum(n for _, _, n in darya.by_language) == _articles_on(warehouse, DARYA_DAYS[0], "darya") + \
        _articles_on(warehouse, DARYA_DAYS[1], "darya")
    assert [d for d, _ in darya.days_with_articles] == list(DARYA_DAYS)
    both = load_report_data(DARYA_DAYS[1])
    assert both.totals["articles_today"] == _articles_on(warehouse, DARYA_DAYS[1]) > darya.totals["articles_today"]


def test_a_source_the_warehouse_does_not_hold_is_not_read(warehouse):
    data = load_report_data(source="nosuch")
    assert data.note and "nosuch" in data.note and data.articles == [] and data.sources == ["afgazad", "darya"]


# --- freshness ---------------------------------------------------------------------------

def _finished(newsmon_home: Path, source: str) -> dt.date:
    con = duckdb.connect(str(newsmon_home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute("SELECT max(finished_at)::DATE FROM runs WHERE source = ? AND status = 'success'",
                           [source]).fetchone()[0]
    finally:
        con.close()


def _ages(since: dt.date, read: tuple[dt.date, dt.date]) -> set[int]:
    """Days from `since` to the day the report was read: the day before or after reading it (a
    run across midnight reads either; the warehouse's `current_date` is the view's "today")."""
    return {(today - since).days for today in read}


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def test_freshness_ages_are_measured_right_and_never_negative(warehouse, newsmon_home):
    day = dt.date(2020, 1, 5)  # a report of the past: both sources have newer articles than this day
    before = _today()
    rows = {r["source"]: r for r in load_report_data(day).freshness}
    read = (before, _today())
    afgazad, darya = rows["afgazad"], rows["darya"]
    assert afgazad["newest_article"] == LAST_MIRROR_DAY  # the misparsed FUTURE date is not the newest...
    assert afgazad["future_dated_articles"] == 1  # ...but counted
    assert afgazad["days_since_last_article"] in _ages(LAST_MIRROR_DAY, read)
    assert darya["days_since_last_article"] in _ages(DARYA_DAYS[1], read)
    assert afgazad["days_behind"] == 0 and afgazad["newest_by_day"] == day  # was 2020-01-05 - 2020-01-12 = -7
    assert darya["days_behind"] == (day - DARYA_DAYS[0]).days == 3
    # the last run (yesterday's, empty) is this far past the newest article on or before it
    assert afgazad["days_behind_at_last_run"] == (YESTERDAY - LAST_MIRROR_DAY).days
    assert darya["days_behind_at_last_run"] == 0
    last_success = _ages(_finished(newsmon_home, "afgazad"), read)
    assert afgazad["days_since_last_success"] in {max(0, age) for age in last_success}
    assert darya["days_since_last_success"] in _ages(_finished(newsmon_home, "darya"), read)
    ages = ("days_since_last_article", "days_since_last_success", "days_behind_at_last_run", "days_behind")
    for report_day in (dt.date(2020, 1, 1), day, LAST_MIRROR_DAY, YESTERDAY, FUTURE):
        for row in load_report_data(report_day).freshness:
            assert all(row[a] is None or row[a] >= 0 for a in ages), (report_day, row)


# --- the plugin's page ------------------------------------------------------------------

@pytest.fixture
def client(warehouse, monkeypatch, tmp_path):
    from fastapi.testclient import TestClient

    return TestClient(mounted(import_plugin(monkeypatch, tmp_path).router))


def test_the_live_page_opens_on_data_and_validates_date_and_source(client):
    page = client.get("/newsmon/")
    assert page.status_code == 200 and f"newsmon report · {LAST_MIRROR_DAY}</h1>" in page.text
    assert '<select id="date-picker" name="date">' in page.text and 'id="source-picker"' in page.text
    darya = client.get("/newsmon/", params={"source": "darya"})
    assert darya.status_code == 200 and f"newsmon report · {DARYA_DAYS[1]} · darya</h1>" in darya.text
    assert client.get("/newsmon/", params={"source": "nosuch"}).status_code == 404
    for bad in ("<script>", "afgazad' OR 1=1", "A" * 200):
        assert client.get("/newsmon/", params={"source": bad}).status_code == 422
    assert client.get("/newsmon/", params={"date": "2020-13-45"}).status_code == 422
    assert client.get("/newsmon/", params={"date": "<b>"}).status_code == 422


def test_the_search_of_a_page_filtered_to_one_source_finds_that_source_only(client, newsmon_home):
    """A page of one source searches that source: the filtered hits are exactly the unfiltered
    ones of that source (the same ranking), and no other source's."""
    with duckdb.connect(str(newsmon_home / "warehouse.duckdb"), read_only=True) as con:
        titles = [t for (t,) in con.execute("SELECT title FROM articles WHERE source = 'darya'").fetchall()]
    def hits(**params):
        reply = client.get("/newsmon/api/search", params={"limit": 100, **params})
        assert reply.status_code == 200, reply.text
        return [(r["article_id"], r["source"]) for r in reply.json()["results"]]
    # a word of a darya title that afgazad's articles hold too: a query both sources answer
    query = next(w for t in titles for w in t.split()
                 if len(w) > 3 and {s for _, s in hits(q=w)} == {"afgazad", "darya"})
    both = hits(q=query)
    assert hits(q=query, source="darya") == [h for h in both if h[1] == "darya"]
    assert hits(q=query, source="") == both  # the picker's "all sources"
    assert client.get("/newsmon/api/search", params={"q": query, "source": "<b>"}).status_code == 422
    assert 'data-search-source="darya"' in client.get("/newsmon/", params={"source": "darya"}).text
    assert "data-search-source=" not in client.get("/newsmon/").text


# --- in a browser -----------------------------------------------------------------------

@pytest.fixture
def served(client):
    """The plugin's routes (without Airflow's login in front) on 127.0.0.1: a real HTTP server,
    as the browser meets the page inside Airflow."""
    with serve(client.app) as url:
        yield f"{url}/newsmon/"


def _warehouse_counts(newsmon_home: Path, source: str | None = None) -> dict[dt.date, int]:
    """Articles per day straight from the articles table (not through the marts the page reads)."""
    con = duckdb.connect(str(newsmon_home / "warehouse.duckdb"), read_only=True)
    try:
        return dict(con.execute("SELECT coalesce(published_date, run_date), count(*) FROM articles "
                                "WHERE ? IS NULL OR source = ? GROUP BY ALL", [source, source]).fetchall())
    finally:
        con.close()


def _shown(browser) -> tuple[str, int]:
    """(heading, the 'articles of the day' tile) of the page now shown, once it has loaded."""
    expression = """(() => { const h = document.querySelector('h1'); const tile = Array.from(
        document.querySelectorAll('.tile')).find(t => t.textContent.endsWith('articles of the day'));
        return document.readyState === 'complete' && h && tile ? [h.textContent, tile.querySelector('b').textContent]
        : null; })()"""
    heading, count = browser.wait_for(expression)
    return heading, int(count)


def _after_navigation(browser, action: str, heading: str) -> tuple[str, int]:
    """Run `action` (a click, a submit) and wait for the page whose heading is `heading`."""
    browser.evaluate(action)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:  # while the next page loads, the old one's context goes away under the evaluation
            shown = _shown(browser)
        except AssertionError:
            shown = None
        if shown and shown[0] == heading:
            return shown
        time.sleep(0.1)
    raise AssertionError(f"no page '{heading}' after {action}")


def test_a_person_steps_back_and_picks_dates_in_chromium(served, newsmon_home):
    counts = _warehouse_counts(newsmon_home)
    darya = _warehouse_counts(newsmon_home, "darya")
    with Chromium() as browser:
        browser.navigate(served)
        assert _shown(browser) == (f"newsmon report · {LAST_MIRROR_DAY}", counts[LAST_MIRROR_DAY])
        previous = LAST_MIRROR_DAY - dt.timedelta(days=1)
        assert _after_navigation(browser, "document.getElementById('prev-day').click()",
                                 f"newsmon report · {previous}") == (f"newsmon report · {previous}", counts[previous])
        picked = dt.date(2020, 1, 3)
        pick = (f"document.getElementById('date-picker').value = '{picked}';"
                "document.querySelector('#day-picker button').click()")
        assert _after_navigation(browser, pick, f"newsmon report · {picked}")[1] == counts[picked]
        assert browser.evaluate("document.getElementById('date-picker').value") == str(picked)
        assert browser.evaluate("new URLSearchParams(location.search).get('source')") == ""  # all sources
        by_source = (f"document.getElementById('date-picker').value = '{DARYA_DAYS[1]}';"
                     "document.getElementById('source-picker').value = 'darya';"
                     "document.querySelector('#day-picker button').click()")
        assert _after_navigation(browser, by_source, f"newsmon report · {DARYA_DAYS[1]} · darya")[1] == \
            darya[DARYA_DAYS[1]]
        assert browser.evaluate("document.querySelector('#prev-day').dataset.date") == str(DARYA_DAYS[0])
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "report-dates.png").write_bytes(browser.screenshot())
        assert browser.errors == [], browser.errors
