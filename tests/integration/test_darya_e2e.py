"""The second source, an HTML news site, through real Airflow (`airflow dags test newsmon_darya`),
its mirror on 127.0.0.1, a real DuckDB file and real Great Expectations; then afgazad into the
same warehouse, and the marts, search and report show both sources."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from newsmon.testing.darya import CORPUS_DIR
from newsmon.testing.mirror import load_ground_truth
from tests.conftest import airflow, ground_truth

pytestmark = pytest.mark.slow

NEWSMON = str(Path(sys.executable).with_name("newsmon"))
DAY = "2020-01-06"  # its culture articles span two section pages; an opinion article is dated only inside


def test_darya_day_end_to_end_beside_afgazad(darya, mirror, airflow_env, tmp_path):
    home = tmp_path / "home"
    env = {**airflow_env, "NEWSMON_HOME": str(home), "NEWSMON_DARYA_BASE_URL": darya.base_url,
           "NEWSMON_AFGAZAD_BASE_URL": mirror.base_url}
    airflow(env, "dags", "test", "newsmon_darya", DAY)
    truth = load_ground_truth(CORPUS_DIR)[dt.date.fromisoformat(DAY)]
    assert truth, f"the darya mirror has no articles dated {DAY}"
    warehouse = home / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT url, title, author, language, published_date, section FROM articles "
                           "WHERE source = 'darya' ORDER BY url").fetchall()
        failures = con.execute("SELECT url, stage, error FROM failures WHERE source = 'darya'").fetchall()
    want = sorted((t["url"], t["title"], t["author"], t["language"], t["published_date"], t["section"]) for t in truth)
    got = [(u, ti, a, la, d.isoformat(), s) for u, ti, a, la, d, s in rows]
    assert got == want, (got, want, failures)
    assert not [f for f in failures if "no date" in f[2]], failures

    airflow(env, "dags", "test", "newsmon_afgazad", "2020-01-02")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        per_source = dict(con.execute("SELECT source, count(*) FROM articles GROUP BY source").fetchall())
        freshness = {r[0] for r in con.execute("SELECT source FROM mart_freshness").fetchall()}
    assert per_source == {"darya": len(truth), "afgazad": len(ground_truth("2020-01-02"))}
    assert freshness == {"darya", "afgazad"}

    # search and the report read both sources (the CLI, as a person would)
    cli = {**env, "NEWSMON_WAREHOUSE": str(warehouse)}
    english = next(t for t in truth if t["language"] == "en")
    word = max(english["title"].split(), key=len)
    found = subprocess.run([NEWSMON, "search", word, "--format", "json"], env=cli, capture_output=True, text=True,
                           timeout=120)
    assert found.returncode == 0, found.stderr
    assert english["url"] in found.stdout
    page = tmp_path / "report.html"
    made = subprocess.run([NEWSMON, "report", "--date", DAY, "--out", str(page)], env=cli, capture_output=True,
                          text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    html = page.read_text(encoding="utf-8")
    assert "darya" in html and "afgazad" in html and english["title"] in html
