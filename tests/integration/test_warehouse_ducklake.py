"""The scale path: the same migrations, load and views on DuckLake (local catalog file +
Parquet), switched by configuration only."""

from __future__ import annotations

import datetime as dt

import pytest

from newsmon.records import content_hash
from newsmon.warehouse import connect_with_retry, open_for_write, read_only_query
from newsmon.warehouse.connection import DUCKLAKE, connection_kind, ducklake_paths, warehouse_kind
from newsmon.warehouse.load import load_day
from newsmon.warehouse.migrate import available_migrations
from newsmon.warehouse.search import SearchUnavailable, refresh_search_index
from tests.warehouse_data import MARTS, ground_truth_frame, load_mirror


@pytest.fixture
def lake(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    target = f"ducklake:{tmp_path / 'meta.ducklake'}"
    con = open_for_write(target)
    yield con, target, tmp_path
    con.close()


def test_the_setting_selects_ducklake(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSMON_WAREHOUSE_KIND", raising=False)
    assert warehouse_kind(tmp_path / "w.duckdb") == "duckdb"
    assert warehouse_kind(f"ducklake:{tmp_path}/m.ducklake") == DUCKLAKE
    monkeypatch.setenv("NEWSMON_WAREHOUSE_KIND", "ducklake")
    assert warehouse_kind(tmp_path / "w.duckdb") == DUCKLAKE
    assert ducklake_paths(tmp_path / "w.duckdb") == (tmp_path / "w.ducklake", tmp_path / "w.ducklake.files")


def test_migrations_load_and_views_work_on_ducklake(lake):
    con, target, home = lake
    assert connection_kind(con) == DUCKLAKE
    assert [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()] == \
        [m.version for m in available_migrations()]
    truth = load_mirror(con, dq_failing_day=dt.date(2020, 1, 2))
    total = sum(map(len, truth.values()))
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == total
    assert list((home / "meta.ducklake.files").rglob("*.parquet")), "data lands as Parquet files"

    # idempotent reload, and a changed article gives a second version, without primary keys
    day = min(truth)
    again = load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(truth[day]), run={"run_id": "r2"})
    assert (again.new_articles, again.changed_articles, again.new_versions) == (0, 0, 0)
    rows = [dict(r) for r in truth[day]]
    rows[0]["body_text"] += " (corrected)"
    rows[0]["content_sha256"] = content_hash(rows[0]["body_text"])
    changed = load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(rows), run={"run_id": "r2"})
    assert (changed.new_articles, changed.changed_articles, changed.new_versions) == (0, 1, 1)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == total
    assert con.execute("SELECT count(*) FROM article_versions").fetchone()[0] == total + 1
    assert con.execute("SELECT count(*) FROM runs WHERE run_id = 'r2'").fetchone()[0] == 1

    daily = con.execute("SELECT sum(articles) FROM mart_articles_daily").fetchone()[0]
    rates = dict(con.execute("SELECT run_date, expectation_pass_rate FROM mart_dq_daily").fetchall())
    assert daily == total and rates[dt.date(2020, 1, 2)] == 0.5
    for view in MARTS:
        con.execute(f"SELECT * FROM {view}").fetchall()  # noqa: S608 - names from a constant list
    # the load's derived tables, kept one row per article without keys (the changed one re-signed)
    assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM article_minhash").fetchone() == (total, total)
    assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM term_count_articles").fetchone() == (total, total)
    assert con.execute("SELECT count(*) FROM mart_top_terms_daily").fetchone()[0] > 0
    with pytest.raises(SearchUnavailable, match="DuckLake"):
        refresh_search_index(con)
    con.close()

    # readers reach it through the same factory, read-only
    columns, result = read_only_query("SELECT count(*) AS n FROM stg_articles", path=target)
    assert (columns, result) == (["n"], [(total,)])
    reader = connect_with_retry(target, read_only=True)
    try:
        with pytest.raises(Exception, match="(?i)read.only"):
            reader.execute("DELETE FROM articles")
    finally:
        reader.close()
