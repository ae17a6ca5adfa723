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
from newsmon.warehouse.search import refresh_search_index, search
from tests.lsh_data import check_migration_012, load_copy, republished
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


def test_search_works_on_ducklake_and_ranks_as_on_duckdb(lake, tmp_path):
    """The index is plain tables, so DuckLake holds it: loads maintain it there too, and the
    same loads rank the same on a DuckDB file."""
    con, target, _ = lake
    truth = load_mirror(con)
    single = open_for_write(tmp_path / "single.duckdb")
    load_mirror(single)
    day = min(truth)
    rows = [dict(r) for r in truth[day]]
    rows[0]["body_text"] += " Zyxwvutsrq Kabul"
    rows[0]["content_sha256"] = content_hash(rows[0]["body_text"])
    for c in (con, single):
        loaded = load_day(c, source="afgazad", run_date=day, articles=ground_truth_frame(rows), run={"run_id": "r2"})
        assert (loaded.indexed, loaded.unindexed) == (1, 1)
    queries = ["Kabul", "کابل", "Regierung Wahl", "zyxwvutsrq", "افغانستان طالبان", "د افغانستان"]
    on_file = {q: [(r["article_id"], r["score"]) for r in search(q, con=single, limit=1000)] for q in queries}
    on_lake = {q: [(r["article_id"], r["score"]) for r in search(q, con=con, limit=1000)] for q in queries}
    assert on_lake["zyxwvutsrq"] and all(on_file[q] for q in ("Kabul", "کابل"))
    for q in queries:
        assert [a for a, _ in on_lake[q]] == [a for a, _ in on_file[q]], q
        assert all(abs(x - y) < 1e-9 for (_, x), (_, y) in zip(on_lake[q], on_file[q])), q
    repaired = refresh_search_index(con, force=True)
    assert repaired.rebuilt and repaired.documents == sum(map(len, truth.values()))
    single.close()
    con.close()
    # a reader (sandboxed, read-only) searches the lake
    found = search("zyxwvutsrq", path=target)
    assert [r["article_id"] for r in found] == [rows[0]["article_id"]]


def test_migration_012_converts_a_lake_written_before_it(lake):
    """The compact LSH rows' migration on DuckLake (ALTER, UPDATE ... FROM, RENAME there too)."""
    con, _, _ = lake
    load_mirror(con)
    load_copy(con, republished())
    check_migration_012(con)



def test_signatures_are_written_in_small_row_groups_also_on_a_lake_made_before(tmp_path, monkeypatch):
    """`article_minhash` is written in 2,048-row Parquet groups like the tables with bodies (a
    load reads a few stored signatures by `doc`); a lake made when only the body tables had the
    option gets it from the next `migrate`, and the files written after it have such groups."""
    from newsmon.warehouse import migrate

    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    target = f"ducklake:{tmp_path / 'meta.ducklake'}"
    before = tuple(t for t in migrate.LAKE_BODY_TABLES if t != "article_minhash")
    monkeypatch.setattr(migrate, "LAKE_BODY_TABLES", before)
    open_for_write(target).close()
    monkeypatch.undo()
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    options = "SELECT scope_entry, value FROM ducklake_options('lake') WHERE option_name = 'parquet_row_group_size'"
    con = open_for_write(target)
    try:
        assert dict(con.execute(options).fetchall()) == {
            **{f"main.{t}": str(migrate.LAKE_ROW_GROUP_ROWS) for t in migrate.LAKE_BODY_TABLES},
            "main.search_terms": str(migrate.LAKE_TERMS_ROW_GROUP_ROWS),  # migration 017
            "main.search_postings": "491520"}  # migration 020
        con.execute("""
            INSERT INTO article_minhash (article_id, content_sha256, scheme, shingles, signature, computed_at, doc)
            SELECT md5(i::VARCHAR), md5(i::VARCHAR), 's', 10, repeat('x', 512)::BLOB, now()::TIMESTAMP, i
            FROM range(5000) r(i)""")
        files = [row[0] for row in con.execute(
            "SELECT data_file FROM ducklake_list_files('lake', 'article_minhash')").fetchall()]
        groups = con.execute("SELECT max(row_group_num_rows), count(DISTINCT row_group_id) FROM parquet_metadata(?)",
                             [files]).fetchone()
        assert groups == (migrate.LAKE_ROW_GROUP_ROWS, 3)
    finally:
        con.close()
