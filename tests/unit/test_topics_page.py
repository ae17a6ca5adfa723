"""The topics page (issue 18): its figures against SQL over the tables, the page in Chromium at
a phone's width and a desktop's (one chart per topic, a line per language with the counts of
the tables, the day's articles of each topic, no sideways scroll at 390 px), the written
report linking it, and the plugin serving it live with archive links."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
import requests

from newsmon.report import build_topics_page, write_report
from newsmon.topics import TOPICS_DIR, load_topics
from newsmon.warehouse import open_for_write, read_topics
from newsmon.warehouse.topics import refresh_topics
from tests.browser import Chromium
from tests.plugin_helpers import import_plugin, mounted, served
from tests.warehouse_data import load_mirror

DAY = dt.date(2020, 1, 7)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Independent of the marts: from the tables, counted per topic, language and day.
BY_TABLES = """
SELECT m.topic, coalesce(a.published_date, a.run_date) AS day, a.language, count(*)
FROM topic_matches m JOIN articles a USING (article_id) GROUP BY ALL
"""
ARTICLES_BY_TABLES = """
SELECT m.topic, a.title FROM topic_matches m JOIN articles a USING (article_id)
WHERE coalesce(a.published_date, a.run_date) = ?
"""
LANGUAGE_DAYS = "SELECT DISTINCT coalesce(published_date, run_date), language FROM articles"
TOP_TERMS_BY_TABLE = "SELECT language, term FROM top_terms_daily WHERE article_date = ? AND rank <= 12 ORDER BY language, rank"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("topics_page") / "w.duckdb"
    con = open_for_write(path)
    load_mirror(con)
    refresh_topics(con, load_topics([TOPICS_DIR]))
    con.close()
    return path


def _top_terms(path: Path) -> dict[str, list[str]]:
    con = open_for_write(path)
    try:
        terms: dict[str, list[str]] = defaultdict(list)
        for language, term in con.execute(TOP_TERMS_BY_TABLE, [DAY]).fetchall():
            terms[language].append(term)
        return dict(terms)
    finally:
        con.close()


def _expected(path: Path) -> tuple[dict, dict]:
    con = open_for_write(path)
    try:
        counts: dict = defaultdict(dict)
        for topic, day, language, n in con.execute(BY_TABLES).fetchall():
            counts[topic, language][day] = n
        days_of = defaultdict(set)
        for day, language in con.execute(LANGUAGE_DAYS).fetchall():
            days_of[language].add(day)
        lines = {}
        for topic in ("elections", "iran", "kabul", "peace-talks", "winter"):
            for language in ("de", "en", "fa", "fr", "ps"):  # every shipped topic has all five
                lines[topic, language] = {d: counts[topic, language].get(d, 0) for d in days_of[language]}
        articles = defaultdict(set)
        for topic, title in con.execute(ARTICLES_BY_TABLES, [DAY]).fetchall():
            articles[topic].add(title)
        return lines, articles
    finally:
        con.close()


def test_the_topics_figures_are_those_of_the_tables(warehouse):
    figures = read_topics(DAY, warehouse)
    lines, articles = _expected(warehouse)
    got: dict = defaultdict(dict)
    for topic, day, language, n in figures.attention:
        got[topic, language][day] = n
    assert {k: {d: n for d, n in v.items() if d <= DAY} for k, v in lines.items()} == dict(got)
    assert {t: {a["title"] for a in figures.articles if a["topic"] == t} for t in articles} == dict(articles)
    expected_terms = _top_terms(warehouse)
    assert len(expected_terms) >= 3  # the mirror's day has several languages scored
    assert {lang: [t for t, _ in terms] for lang, terms in figures.top_terms.items()} == expected_terms
    assert read_topics(None, warehouse).day == dt.date(2020, 1, 12)  # the newest article day


MEASURE = """(() => {
  const sections = Array.from(document.querySelectorAll('section.topic')).map(s => ({
    topic: s.dataset.topic,
    charts: s.querySelectorAll('figure.chart').length,
    lines: Array.from(s.querySelectorAll('path.series')).map(p => [p.dataset.series, p.dataset.points]),
    articles: Array.from(s.querySelectorAll('table.topic-articles tr')).slice(1).map(tr => tr.cells[0].textContent),
    terms: s.querySelectorAll('.term').length}));
  const topTerms = Array.from(document.querySelectorAll('section.top-terms tr')).map(tr =>
    [tr.dataset.language, Array.from(tr.querySelectorAll('.term')).map(t => t.textContent)]);
  const texts = Array.from(document.querySelectorAll('svg.plot text'))
    .filter(t => getComputedStyle(t).display !== 'none')
    .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
  return {scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, sections, topTerms,
          smallest: Math.min(...texts)};
})()"""


def test_the_topics_page_in_chromium_on_a_phone_and_a_desktop(warehouse, tmp_path):
    lines, articles = _expected(warehouse)
    top_terms = _top_terms(warehouse)
    page = tmp_path / "topics.html"
    page.write_text(build_topics_page(DAY, warehouse), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    with Chromium() as browser:
        for width, height, mobile in ((390, 844, True), (1280, 900, False)):
            browser.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                         mobile=mobile)
            browser.navigate(page.as_uri())
            seen = browser.evaluate(MEASURE)
            assert seen["width"] == width and seen["scrollWidth"] <= width, (width, seen["scrollWidth"])
            assert seen["smallest"] >= 11, seen["smallest"]
            assert dict(seen["topTerms"]) == top_terms  # the day's top terms, a row per language
            assert [s["topic"] for s in seen["sections"]] == ["elections", "iran", "kabul", "peace-talks", "winter"]
            for section in seen["sections"]:
                topic = section["topic"]
                assert section["charts"] == 1 and section["terms"] == 0
                drawn = {series: {dt.date.fromisoformat(p.split(":")[0]): int(p.split(":")[1])
                                  for p in points.split()} for series, points in section["lines"]}
                assert drawn == {lang: {d: n for d, n in lines[topic, lang].items() if d <= DAY}
                                 for lang in ("de", "en", "fa", "fr", "ps")}, topic
                assert set(section["articles"]) == articles.get(topic, set()), topic
            (ARTIFACTS / f"topics-{width}.png").write_bytes(browser.screenshot())
        assert browser.errors == [], browser.errors


def test_the_written_report_links_its_topics_page(warehouse, tmp_path):
    report = write_report(DAY, out=tmp_path / f"report-{DAY}.html", path=warehouse)
    topics = tmp_path / f"topics-{DAY}.html"
    assert f'href="topics-{DAY}.html"' in report.read_text(encoding="utf-8")
    text = topics.read_text(encoding="utf-8")
    assert f'href="report-{DAY}.html"' in text and 'id="topic-kabul"' in text


def test_the_plugin_serves_the_topics_page_live(warehouse, monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSMON_WAREHOUSE", str(warehouse))
    plugin = import_plugin(monkeypatch, tmp_path)
    with served(mounted(plugin.router)) as base:
        page = requests.get(f"{base}/newsmon/topics/?date={DAY}", timeout=30)
        assert page.status_code == 200 and 'id="topic-kabul"' in page.text
        assert "/newsmon/archive/" in page.text  # the day's articles open their archived copies
        assert 'rel="prev"' in page.text and f"?date={DAY - dt.timedelta(days=1)}" in page.text
        report = requests.get(f"{base}/newsmon/?date={DAY}", timeout=30)
        assert 'href="/newsmon/topics/"' in report.text
        assert requests.get(f"{base}/newsmon/topics/?source=NOT+A+NAME", timeout=30).status_code == 422
