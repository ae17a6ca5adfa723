"""The views folder: its layers (only stg_* read tables, mart_* read only stg_*, the report only
marts), its order, re-creation when a file changes, and warehouses that older releases made
(their views inside migrations 002, 003 and 005) migrating cleanly at every version."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from newsmon.testing.mirror import load_ground_truth
from newsmon.warehouse import connect, open_for_write, read_report, upgrade_if_needed
from newsmon.warehouse import report_reads
from newsmon.warehouse.load import load_day
from newsmon.warehouse.migrate import MIGRATIONS_DIR, available_migrations, migrate, needs_upgrade, pending_migrations
from newsmon.warehouse.views import RETIRED_VIEWS, VIEWS_DIR, apply_views, available_views, views_stale
from tests.unit.test_warehouse_marts import STAGING
from tests.warehouse_data import MARTS, ground_truth_frame, load_mirror

RELEASED = Path(__file__).resolve().parents[1] / "data" / "released_migrations"  # as 53015f2 shipped them
VIEWS_LISTED = "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY 1"
TABLES_LISTED = "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"


def references(sql: str) -> set[str]:
    """The tables and views a SELECT reads (its own CTE names left out), by DuckDB's parser."""
    with duckdb.connect() as con:
        tree = json.loads(con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()[0])
    assert tree["error"] is False, tree
    found, ctes = set(), set()

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "BASE_TABLE":
                found.add(node["table_name"])
            for entry in (node.get("cte_map") or {}).get("map", []):
                ctes.add(entry["key"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return found - ctes


def select_of(view_sql: str) -> str:
    """The SELECT of a `CREATE OR REPLACE VIEW name AS SELECT ...` file."""
    body = "\n".join(line for line in view_sql.splitlines() if not line.lstrip().startswith("--"))
    return body.split(" AS\n", 1)[1].strip().rstrip(";")


def views_of(con) -> list[str]:
    return [r[0] for r in con.execute(VIEWS_LISTED).fetchall()]


def released_warehouse(path: Path, up_to: int = 7) -> duckdb.DuckDBPyConnection:
    """A warehouse as an older release made it: its migrations 001..up_to, its views inside them."""
    old = path.parent / f"released-{up_to}"
    old.mkdir(exist_ok=True)
    for file in sorted(RELEASED.glob("*.sql"))[:up_to]:
        shutil.copy(file, old / file.name)
    con = connect(path)
    assert migrate(con, old, views=None) == list(range(1, up_to + 1))
    return con


# Tables of the migrations written after that release (008 on): the upgrade adds them.
SINCE_RELEASE = {
    "search_terms", "search_docs", "search_postings", "search_stats",  # 008
    "topics", "topic_documents", "topic_matches", "topic_alerts",  # 009
    "article_minhash", "article_lsh_bands", "near_duplicate_pairs",  # 010
    "term_count_articles", "term_counts_daily", "top_terms_daily",  # 010
    "write_claims",  # 011
    "derived_step_mark",  # 015
}


def released_count() -> int:
    return len(list(RELEASED.glob("*.sql")))


def table_rows(con) -> dict[str, list]:
    return {name: sorted(map(repr, con.execute(f'SELECT * FROM "{name}"').fetchall()))  # noqa: S608 - catalog names
            for (name,) in con.execute(TABLES_LISTED).fetchall() if name != "schema_version"}


# --- the layers -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> set[str]:
    con = open_for_write(tmp_path_factory.mktemp("w") / "w.duckdb")
    try:
        return {r[0] for r in con.execute(TABLES_LISTED).fetchall()}
    finally:
        con.close()


def test_the_folder_holds_the_staging_views_and_the_marts():
    assert sorted(v.name for v in available_views()) == sorted(STAGING + MARTS)
    assert {v.layer for v in available_views()} == {"stg", "mart"}


def test_only_staging_views_read_tables(tables):
    staging = {v.name for v in available_views() if v.layer == "stg"}
    for view in available_views():
        read = references(select_of(view.sql))
        assert read, view.name
        if view.layer == "stg":
            assert read <= tables | staging, f"{view.name} reads {read - tables - staging}"
        else:
            assert read <= staging, f"{view.name} (a mart) reads {read - staging}: marts read only stg_* views"


def test_the_report_reads_only_marts():
    catalog = {"pragma_database_list"}  # which file the report is about; duckdb_tables() is a function
    queries = {name: value for name, value in vars(report_reads).items()
               if name.isupper() and isinstance(value, str) and "SELECT" in value}
    assert len(queries) >= 10
    for name, sql in queries.items():
        read = references(sql) - catalog
        assert all(table.startswith("mart_") for table in read), f"{name} reads {read}"


def test_views_come_after_the_views_they_read_whatever_their_names(tmp_path):
    folder = tmp_path / "views"
    folder.mkdir()
    (folder / "mart_a.sql").write_text("CREATE OR REPLACE VIEW mart_a AS SELECT * FROM stg_b JOIN stg_a USING (x);\n")
    (folder / "stg_a.sql").write_text("CREATE OR REPLACE VIEW stg_a AS SELECT x FROM stg_z;\n")
    (folder / "stg_b.sql").write_text("-- reads stg_nothing (a comment names no dependency)\n"
                                      "CREATE OR REPLACE VIEW stg_b AS SELECT x FROM t;\n")
    (folder / "stg_z.sql").write_text("CREATE OR REPLACE VIEW stg_z AS SELECT x FROM t;\n")
    assert [v.name for v in available_views(folder)] == ["stg_b", "stg_z", "stg_a", "mart_a"]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (x INT)")
    assert apply_views(con, folder) is True
    assert views_of(con) == ["mart_a", "stg_a", "stg_b", "stg_z"]


@pytest.mark.parametrize("files, message", [
    ({"stg_a.sql": "CREATE OR REPLACE VIEW stg_b AS SELECT 1;"}, "named as the file"),
    ({"stg_a.sql": "CREATE VIEW stg_a AS SELECT 1;"}, "CREATE OR REPLACE VIEW"),
    ({"Stg-A.sql": "CREATE OR REPLACE VIEW stg_a AS SELECT 1;"}, "named as the file"),
    ({"stg_a.sql": "CREATE OR REPLACE VIEW stg_a AS SELECT * FROM stg_b;",
      "stg_b.sql": "CREATE OR REPLACE VIEW stg_b AS SELECT * FROM stg_a;"}, "circle"),
])
def test_a_malformed_folder_is_refused_before_any_warehouse_is_touched(tmp_path, files, message):
    for name, sql in files.items():
        (tmp_path / name).write_text(sql)
    with pytest.raises(ValueError, match=message):
        available_views(tmp_path)


# --- re-created when they differ --------------------------------------------------------

def test_views_are_written_once_and_then_left_alone(tmp_path):
    con = open_for_write(tmp_path / "w.duckdb")
    assert views_of(con) == sorted(STAGING + MARTS)
    assert not views_stale(con) and not needs_upgrade(con)
    assert apply_views(con) is False  # nothing differs: no write
    assert migrate(con) == []
    con.close()


def test_an_edited_view_file_is_applied_by_the_next_migrate(tmp_path):
    folder = tmp_path / "views"
    shutil.copytree(VIEWS_DIR, folder)
    con = connect(tmp_path / "w.duckdb")
    migrate(con, views=folder)
    mart = folder / "mart_freshness.sql"
    mart.write_text(mart.read_text().replace("AS days_since_last_article",
                                             "AS days_since_last_article,\n       'edited' AS note"))
    assert views_stale(con, folder)
    assert migrate(con, views=folder) == []  # no table migration, yet the view is new
    assert [r[0] for r in con.execute("SELECT note FROM mart_freshness").fetchall()] == []
    assert "note" in [d[0] for d in con.execute("SELECT * FROM mart_freshness").description]
    assert not views_stale(con, folder)
    con.close()


def test_a_mart_the_folder_no_longer_has_is_dropped_and_other_views_are_kept(tmp_path):
    folder = tmp_path / "views"
    shutil.copytree(VIEWS_DIR, folder)
    con = open_for_write(tmp_path / "w.duckdb")
    con.execute("CREATE VIEW my_analysis AS SELECT count(*) AS n FROM mart_runs")  # an analyst's own
    (folder / "mart_runs.sql").unlink()
    assert apply_views(con, folder) is True
    assert "mart_runs" not in views_of(con) and "my_analysis" in views_of(con)
    con.close()


def test_a_view_that_fails_leaves_the_previous_views(tmp_path):
    folder = tmp_path / "views"
    shutil.copytree(VIEWS_DIR, folder)
    con = open_for_write(tmp_path / "w.duckdb")
    before = views_of(con)
    (folder / "mart_authors.sql").write_text("CREATE OR REPLACE VIEW mart_authors AS SELECT nope FROM stg_articles;\n")
    (folder / "mart_zzz.sql").write_text("CREATE OR REPLACE VIEW mart_zzz AS SELECT 1 AS one;\n")
    with pytest.raises(RuntimeError, match="previous views stay"):
        apply_views(con, folder)
    assert views_of(con) == before and not views_stale(con)  # all of them as they were, still stamped
    assert con.execute("SELECT count(*) FROM mart_authors").fetchone() == (0,)
    con.close()


# --- warehouses older releases made --------------------------------------------------------

def test_a_warehouse_of_the_last_release_migrates_cleanly_and_keeps_its_data(tmp_path):
    path = tmp_path / "w.duckdb"
    con = released_warehouse(path)
    load_mirror(con)
    assert set(RETIRED_VIEWS) <= set(views_of(con)) and "mart_runs" not in views_of(con)
    data, versions = table_rows(con), con.execute("SELECT version, name FROM schema_version").fetchall()
    con.close()

    con = open_for_write(path)  # what the next load does
    assert views_of(con) == sorted(STAGING + MARTS), "the retired views are gone, the new ones made"
    after = table_rows(con)
    assert {name: rows for name, rows in after.items() if name not in SINCE_RELEASE} == data
    assert set(after) - set(data) == SINCE_RELEASE
    newer = [(m.version, m.name) for m in available_migrations()][released_count():]
    assert con.execute("SELECT version, name FROM schema_version ORDER BY 1").fetchall() == sorted(versions) + newer
    for view in STAGING + MARTS:
        con.execute(f"SELECT * FROM {view}").fetchall()  # noqa: S608 - names from a constant list
    assert not needs_upgrade(con)
    con.close()


@pytest.mark.parametrize("up_to", [1, 2, 3, 4, 5, 6])
def test_a_warehouse_part_way_through_the_old_migrations_upgrades(tmp_path, up_to):
    path = tmp_path / "w.duckdb"
    con = released_warehouse(path, up_to)
    con.execute("INSERT INTO runs (run_id, source, run_date, status) VALUES ('old', 'afgazad', DATE '2020-01-01', 'success')")
    assert pending_migrations(con) == [m.version for m in available_migrations()][up_to:]
    con.close()
    assert upgrade_if_needed(path) == [m.version for m in available_migrations()][up_to:]  # a reader's first step
    con = connect(path, read_only=True)
    assert views_of(con) == sorted(STAGING + MARTS) and not needs_upgrade(con)
    assert con.execute("SELECT source, last_run_date FROM mart_freshness").fetchall() == [("afgazad", dt.date(2020, 1, 1))]
    con.close()


def test_the_emptied_migrations_make_the_same_tables_as_the_released_ones(tmp_path):
    released = released_warehouse(tmp_path / "old.duckdb")
    current = connect(tmp_path / "new.duckdb")
    today = tmp_path / "today-up-to-release"
    today.mkdir()
    for migration in available_migrations()[:released_count()]:  # today's files of the released numbers
        shutil.copy(migration.path, today / migration.path.name)
    migrate(current, today, views=None)
    columns = ("SELECT table_name, column_name, data_type FROM information_schema.columns c "
               "JOIN information_schema.tables t USING (table_catalog, table_schema, table_name) "
               "WHERE t.table_type = 'BASE TABLE' ORDER BY ALL")
    assert current.execute(columns).fetchall() == released.execute(columns).fetchall()
    assert views_of(current) == []  # tables only: the migrations make no view any more
    released.close()
    current.close()


def test_the_report_upgrades_a_warehouse_of_the_last_release_before_it_reads(tmp_path):
    path = tmp_path / "w.duckdb"
    con = released_warehouse(path)
    truth = load_mirror(con)
    con.close()
    figures = read_report(path=path)  # reads mart_runs, which that release did not have
    assert figures.note is None and figures.day == max(truth)
    assert [r["source"] for r in figures.day_runs] == ["afgazad"]
    with connect(path, read_only=True) as reader:
        assert not needs_upgrade(reader)


def test_views_on_ducklake_are_stamped_and_left_alone_when_current(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    target = f"ducklake:{tmp_path / 'meta.ducklake'}"
    con = open_for_write(target)
    assert views_of(con) == sorted(STAGING + MARTS) and not views_stale(con)
    load_day(con, source="afgazad", run_date=dt.date(2020, 1, 1), run={"run_id": "r"},
             articles=ground_truth_frame(load_ground_truth()[dt.date(2020, 1, 1)]))
    assert apply_views(con) is False
    assert con.execute("SELECT run_id FROM mart_runs").fetchall() == [("r",)]
    con.close()
