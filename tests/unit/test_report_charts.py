"""The report at a glance and on a phone (issue 16): attention over time per language, the day's
data-quality verdicts per expectation, and a page that reads at 390 px as at 1280 px.

The warehouse is a real DuckDB file loaded by `load_day` as the pipeline loads it: the mirror's
twelve afgazad days, a second source with a few articles on a day months before them (outside the
60 days the daily charts show), and a re-run of one afgazad day whose checks failed (its latest
run, whose verdicts the page must show, not the first run's). Every expectation is computed here
with SQL over the tables, not read back from the report's own code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from newsmon.report import load_report_data, write_report
from newsmon.warehouse.load import load_day
from tests.browser import Chromium
from tests.warehouse_data import STARTED, copy_of_mirror, ground_truth_frame

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"  # where the other browser tests leave their screenshots
LAST_DAY = dt.date(2020, 1, 12)
FAILED_DAY = dt.date(2020, 1, 6)  # re-run with failing checks
EARLY_DAY = dt.date(2019, 9, 1)  # darya's day, months before the mirror's
RERUN_DQ = [
    {"expectation": "expect_column_values_to_not_be_null", "column_name": "title", "success": True,
     "unexpected_count": 0, "observed": "{}"},
    {"expectation": "expect_column_values_to_be_unique", "column_name": "url", "success": False,
     "unexpected_count": 3, "observed": "{}"},
    {"expectation": "expect_column_values_to_be_in_set", "column_name": "language", "success": False,
     "unexpected_count": 1, "observed": "{}"},
    {"expectation": "volume_within_bounds", "column_name": None, "success": True,
     "unexpected_count": None, "observed": "{}"},
]
# Straight from the tables: an article's day is its published date, else its run date.
COUNTS = """
SELECT coalesce(published_date, run_date), coalesce(language, '?'), count(*) FROM articles GROUP BY ALL
"""
# The verdicts of a date's latest run (finished last), from dq_results and runs.
VERDICTS = """
SELECT d.source, d.expectation, d.column_name, d.success, d.unexpected_count
FROM dq_results d
WHERE d.run_id IN (SELECT arg_max(run_id, finished_at) FROM runs WHERE run_date = ? GROUP BY source)
"""


@pytest.fixture
def warehouse(newsmon_home) -> Path:
    path = newsmon_home / "warehouse.duckdb"
    con, truth = copy_of_mirror(path)
    try:
        load_day(con, source="afgazad", run_date=FAILED_DAY, articles=ground_truth_frame(truth[FAILED_DAY]),
                 dq_results=RERUN_DQ, run={"run_id": f"afgazad-{FAILED_DAY}-rerun",
                                           "started_at": STARTED + dt.timedelta(hours=1)})
        early = [{**row, "source": "darya", "article_id": f"darya-{n}", "published_date": str(EARLY_DAY),
                  "original_published_date": None, "url": f"https://www.darya-news.example/{n}.html"}
                 for n, row in enumerate(truth[dt.date(2020, 1, 2)][:3])]
        load_day(con, source="darya", run_date=EARLY_DAY, articles=ground_truth_frame(early),
                 run={"run_id": f"darya-{EARLY_DAY}", "started_at": STARTED})
    finally:
        con.close()
    return path


def _sql(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _counts(path: Path) -> dict[str, dict[dt.date, int]]:
    out: dict[str, dict[dt.date, int]] = {}
    for day, language, n in _sql(path, COUNTS):
        out.setdefault(language, {})[day] = n
    return out


def _verdicts(path: Path, day: dt.date) -> list[tuple]:
    return sorted(_sql(path, VERDICTS, [day]), key=repr)


# --- the reads ------------------------------------------------------------------------------

def test_attention_covers_every_day_the_warehouse_holds_per_language(warehouse):
    counts = _counts(warehouse)
    data = load_report_data(dt.date(2020, 1, 3))
    days = {d for per_day in counts.values() for d in per_day}
    assert {(d, lang) for d, lang, _ in data.attention} == {(d, lang) for d in days for lang in counts}
    assert {(d, lang): n for d, lang, n in data.attention if n} == \
        {(d, lang): n for lang, per_day in counts.items() for d, n in per_day.items()}
    assert min(d for d, _, _ in data.attention) == EARLY_DAY  # months before the charts' window...
    assert EARLY_DAY not in {d for d, _, _ in data.by_language}  # ...which the daily bars keep to
    darya = load_report_data(LAST_DAY, source="darya")
    assert {d for d, _, n in darya.attention if n} == {EARLY_DAY}


def test_mart_dq_results_holds_the_latest_runs_verdicts(warehouse):
    runs = _sql(warehouse, "SELECT DISTINCT run_date FROM runs")
    for (day,) in runs:
        mart = sorted(_sql(warehouse, "SELECT source, expectation, column_name, success, unexpected_count "
                                      "FROM mart_dq_results WHERE run_date = ?", [day]), key=repr)
        assert mart == _verdicts(warehouse, day), day
    assert ("afgazad", "expect_column_values_to_be_unique", "url", False, 3) in _verdicts(warehouse, FAILED_DAY)
    assert len(_verdicts(warehouse, FAILED_DAY)) == len(RERUN_DQ)  # the first run's two rows are not shown


def test_the_days_verdicts_are_read_failed_first(warehouse):
    rows = load_report_data(FAILED_DAY).dq_verdicts
    got = [(r["source"], r["expectation"], r["column_name"], r["success"], r["unexpected_count"]) for r in rows]
    assert sorted(got, key=repr) == _verdicts(warehouse, FAILED_DAY)
    assert [r["success"] for r in rows] == sorted(r["success"] for r in rows)  # failed ones first


def test_arabic_script_cells_are_dir_auto(warehouse, tmp_path):
    import re

    page = write_report(LAST_DAY, out=tmp_path / "r.html").read_text(encoding="utf-8")
    cells = re.findall(r"<td([^>]*)>(?:<a [^>]*>)?([^<]*)", page)
    arabic = [(attrs, text) for attrs, text in cells if re.search(r"[\u0600-\u06ff]", text)]
    assert arabic and all('dir="auto"' in attrs for attrs, _ in arabic), [a for a in arabic if "dir" not in a[0]]


# --- in Chromium, at a phone's width and a desktop's -----------------------------------------

MEASURE = """(() => {
  const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none'
                       && getComputedStyle(e).visibility !== 'hidden';
  const texts = Array.from(document.querySelectorAll('figure.chart svg.plot text')).filter(visible);
  const sizes = texts.map(t => [t.textContent,
      parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a, t.getBoundingClientRect().height]);
  const figure = caption => Array.from(document.querySelectorAll('figure.chart'))
      .find(f => f.querySelector('figcaption').textContent.startsWith(caption));
  const attention = figure('attention');
  const lines = Array.from(attention.querySelectorAll('path.series')).map(p => ({
      series: p.dataset.series, points: p.dataset.points, stroke: p.getAttribute('stroke'),
      dash: p.getAttribute('stroke-dasharray') || '', width: p.getBoundingClientRect().width}));
  const legend = Array.from(attention.querySelectorAll('.legend .key')).map(k => k.textContent);
  const dq = figure('data-quality');
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const dqLines = Array.from(dq.querySelectorAll('path.series')).map(p => [p.dataset.series, box(p)]);
  const dqLabels = Array.from(dq.querySelectorAll('text.end-label')).map(t => [t.textContent, box(t)]);
  const verdicts = Array.from(document.querySelectorAll('#dq-verdicts tr.verdict'))
      .map(tr => Array.from(tr.cells).map(c => c.textContent));
  const wraps = Array.from(document.querySelectorAll('main table')).map(t =>
      t.parentElement.classList.contains('table-wrap') && getComputedStyle(t.parentElement).overflowX === 'auto');
  const svgs = Array.from(document.querySelectorAll('svg.plot')).map(s =>
      [s.getAttribute('width'), s.getBoundingClientRect().width, s.parentElement.getBoundingClientRect().width]);
  return {scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, sizes, lines, legend,
          dqLines, dqLabels, verdicts, wraps, svgs};
})()"""


def _open(browser: Chromium, url: str, width: int, height: int, mobile: bool) -> dict:
    browser.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                 mobile=mobile)
    browser.navigate(url)
    return browser.evaluate(MEASURE)


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _verdict_rows(path: Path, day: dt.date) -> list[list[str]]:
    return sorted([["passed" if ok else "failed", e, c or "", "" if n is None else str(n), s]
                   for s, e, c, ok, n in _verdicts(path, day)])


def test_the_report_reads_at_a_glance_on_a_phone_and_a_desktop(warehouse, tmp_path):
    from newsmon.report.page import language_name

    counts = _counts(warehouse)
    days = sorted({d for per_day in counts.values() for d in per_day})
    last = write_report(LAST_DAY, out=tmp_path / f"report-{LAST_DAY}.html")
    failed = write_report(FAILED_DAY, out=tmp_path / f"report-{FAILED_DAY}.html")
    ARTIFACTS.mkdir(exist_ok=True)
    with Chromium() as browser:
        for width, height, mobile in ((390, 844, True), (1280, 900, False)):
            seen = _open(browser, last.as_uri(), width, height, mobile)
            assert seen["width"] == width and seen["scrollWidth"] <= width, seen["scrollWidth"]
            small = [s for s in seen["sizes"] if s[1] < 11 or s[2] < 11]
            assert seen["sizes"] and small == [], (width, small)
            assert all(w == "100%" and abs(shown - box) < 40 for w, shown, box in seen["svgs"]), seen["svgs"]
            assert seen["wraps"] and all(seen["wraps"]), seen["wraps"]
            # one line per language, its counts those of the articles table, a zero on a day it has none
            lines = {line["series"]: line for line in seen["lines"]}
            assert sorted(lines) == sorted(counts)
            for language, line in lines.items():
                drawn = {dt.date.fromisoformat(p.split(":")[0]): int(p.split(":")[1]) for p in line["points"].split()}
                assert drawn == {d: counts[language].get(d, 0) for d in days}, language
                assert line["width"] > 0
            styles = [(line["stroke"], line["dash"]) for line in seen["lines"]]
            assert len({dash for _, dash in styles}) == len(styles) and len(set(styles)) == len(styles)
            assert sorted(seen["legend"]) == sorted(language_name(code) for code in counts)
            # the two data-quality lines both drawn, and their labels apart
            assert len(seen["dqLines"]) == 2 and all(b[2] > b[0] for _, b in seen["dqLines"])
            (a, box_a), (b, box_b) = sorted(seen["dqLabels"])
            assert a.startswith("expectations passed") and b.startswith("rows kept")
            assert not _overlap(box_a, box_b), seen["dqLabels"]
            assert sorted(seen["verdicts"]) == _verdict_rows(warehouse, LAST_DAY)
            (ARTIFACTS / f"report-glance-{width}.png").write_bytes(browser.screenshot())
        seen = _open(browser, failed.as_uri(), 390, 844, True)
        assert seen["scrollWidth"] <= 390
        assert sorted(seen["verdicts"]) == _verdict_rows(warehouse, FAILED_DAY)
        assert [row[0] for row in seen["verdicts"]][:2] == ["failed", "failed"]
        (ARTIFACTS / "report-glance-failed-390.png").write_bytes(browser.screenshot())
        assert browser.errors == [], browser.errors
