"""The DuckDB warehouse on real files: migrations, the day's load, read-only queries, locking."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from newsmon.records import ARTICLE_FIELDS, ArticleRecord, FailureRecord, content_hash, count_words, make_article_id
from newsmon.warehouse import (
    QueryRefused,
    WarehouseBusy,
    WarehouseError,
    WarehouseMissing,
    articles_per_date_language,
    connect,
    connect_with_retry,
    default_warehouse_path,
    open_for_write,
    read_only_query,
)
from newsmon.warehouse.load import load_day
from newsmon.warehouse.migrate import MIGRATIONS_DIR, available_migrations, for_kind, migrate

DAY = dt.date(2024, 3, 5)
NEXT_DAY = dt.date(2024, 3, 6)
STARTED = dt.datetime(2024, 3, 6, 1, 0, tzinfo=dt.timezone.utc)
TABLES = ["articles", "article_versions", "runs", "failures", "quarantine", "dq_results"]


def article(i: int, day: dt.date = DAY, body: str | None = None, **changes) -> dict:
    body = body if body is not None else " ".join(f"wort{j}" for j in range(20 + i))
    url = f"https://www.afgazad.com/pdf/{day:%Y/%m/%d}/a-{i}.pdf"
    record = ArticleRecord(
        article_id=make_article_id("afgazad", url),
        source="afgazad",
        url=url,
        section="European Languages",
        language="de" if i % 2 else "fa",
        title=f"Titel {i}",
        author=None if i % 2 else "نویسنده",
        published_date=day,
        original_published_date=None,
        body_text=body,
        captions=[f"Bild {i}"] if i % 2 else [],
        word_count=count_words(body),
        content_sha256=content_hash(body),
        fetched_at=dt.datetime(2024, 3, 5, 8, 30, tzinfo=dt.timezone.utc),
        raw_ref=f"afgazad.warc.gz#{i}",
    ).to_dict()
    record.update(changes)
    return record


def articles(n: int = 5, day: dt.date = DAY) -> pd.DataFrame:
    return pd.DataFrame([article(i, day) for i in range(n)], columns=ARTICLE_FIELDS)


def quarantined(day: dt.date = DAY) -> pd.DataFrame:
    df = pd.DataFrame([article(90, day, language="xx"), article(91, day, title=None)], columns=ARTICLE_FIELDS)
    df["failed_expectations"] = [["expect_column_values_to_be_in_set(language)"],
                                 ["expect_column_values_to_not_be_null(title)"]]
    df["reasons"] = ["language is not allowed (language='xx')", "title is missing (title=None)"]
    return df


def failures(day: dt.date = DAY) -> list[FailureRecord]:
    at = dt.datetime(2024, 3, 5, 9, 0, tzinfo=dt.timezone.utc)
    return [FailureRecord("afgazad", f"https://www.afgazad.com/pdf/x{i}.pdf", "parse", "no text layer", day, at)
            for i in range(2)]


DQ = [
    {"expectation": "expect_column_values_to_be_unique", "column_name": "url", "success": True,
     "unexpected_count": 0, "observed": json.dumps({"element_count": 7})},
    {"expectation": "newsmon_quarantined_share_at_most", "column_name": None, "success": True,
     "unexpected_count": 2, "observed": json.dumps({"share": 0.29})},
]


def load(con, day=DAY, arts=None, run_id=None, **overrides):
    kwargs = dict(
        source="afgazad",
        run_date=day,
        articles=articles(5, day) if arts is None else arts,
        failures=failures(day),
        quarantine=quarantined(day),
        dq_results=DQ,
        run={"run_id": run_id or f"afgazad-{day}", "started_at": STARTED, "discovered": 9, "fetched": 9, "parsed": 7},
    )
    kwargs.update(overrides)
    return load_day(con, **kwargs)


def snapshot(con, drop_last_seen: bool = False) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, so two states can be compared."""
    out = {}
    for table in TABLES:
        rel = con.table(table)
        if table == "article_versions" and drop_last_seen:
            rel = rel.select("article_id, content_sha256, first_seen, title, body_text")
        if table == "runs":
            rel = rel.select("* EXCLUDE (finished_at)")
        out[table] = sorted(rel.fetchall(), key=repr)
    return out


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    con = open_for_write(path)
    yield con, path
    con.close()


# --- migrations -------------------------------------------------------------------------

def test_migrate_from_empty_then_again_is_a_no_op(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    versions = [m.version for m in available_migrations()]
    assert migrate(con) == versions
    recorded = con.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
    assert [v for v, _ in recorded] == versions and recorded[0] == (1, "initial")
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert set(TABLES) | {"schema_version", "stg_articles", "mart_articles_daily"} <= tables
    assert migrate(con) == []
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(versions)
    con.close()


def test_014_drops_the_topic_tables_keys_and_keeps_their_rows_in_order(tmp_path):
    before = tmp_path / "before-014"
    before.mkdir()
    for m in available_migrations():
        if m.version < 14:
            (before / m.path.name).write_text(m.path.read_text())
    con = connect(tmp_path / "w.duckdb")
    migrate(con, before, views=None)
    matches = [(f"t{k % 3}", f"a{k:03d}", dt.datetime(2020, 1, 1 + k % 20)) for k in range(60)][::-1]
    con.executemany("INSERT INTO topic_matches VALUES (?, ?, ?)", matches)
    con.execute("INSERT INTO topic_documents VALUES ('a1', 'afgazad', 'fa', 't', 'h', 'v1', ' x ', now())")
    keys = "SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND table_name = ?"
    assert con.execute(keys, ["topic_matches"]).fetchone() == (1,)
    assert migrate(con)[:2] == [14, 15]
    for table in ("topic_matches", "topic_documents"):
        assert con.execute(keys, [table]).fetchone() == (0,)
    assert con.execute("SELECT * FROM topic_matches").fetchall() == matches
    assert con.execute("SELECT article_id, terms FROM topic_documents").fetchall() == [("a1", " x ")]
    with pytest.raises(duckdb.ConstraintException):  # the NOT NULLs stay
        con.execute("INSERT INTO topic_matches VALUES (NULL, 'a', now())")
    con.close()


def test_a_lake_leaves_out_the_parts_marked_duckdb_only():
    script = (MIGRATIONS_DIR / "014_topic_tables_unkeyed.sql").read_text()
    assert "CREATE TABLE topic_matches_014" in for_kind(script, "duckdb")
    assert "CREATE TABLE" not in for_kind(script, "ducklake") and "DROP" not in for_kind(script, "ducklake")
    kept = "-- DUCKDB ONLY\nDROP TABLE a;\n-- END DUCKDB ONLY\nCREATE TABLE b (x INTEGER PRIMARY KEY);\n"
    assert for_kind(kept, "ducklake").strip() == "CREATE TABLE b (x INTEGER);"


def test_a_duckdb_file_leaves_out_the_parts_marked_ducklake_only():
    """The mirror of DUCKDB ONLY: migration 016's sort orders are DuckLake's (a DuckDB file has
    no `SET SORTED BY`); each kind keeps what the other leaves out."""
    script = (MIGRATIONS_DIR / "016_lake_sort_order.sql").read_text()
    assert "ALTER TABLE search_postings SET SORTED BY (termid);" in for_kind(script, "ducklake")
    assert "ALTER" not in for_kind(script, "duckdb")
    both = ("-- DUCKLAKE ONLY\nALTER TABLE a SET SORTED BY (x);\n-- END DUCKLAKE ONLY\n"
            "-- DUCKDB ONLY\nDROP TABLE c;\n-- END DUCKDB ONLY\nCREATE TABLE b (x INTEGER PRIMARY KEY);\n")
    assert for_kind(both, "duckdb").strip() == both[both.index("-- DUCKDB ONLY"):].strip()
    assert "DROP" not in for_kind(both, "ducklake") and "SET SORTED BY (x)" in for_kind(both, "ducklake")


def test_column_types_follow_the_contract(db):
    con, _ = db
    types = dict(con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'articles'"
    ).fetchall())
    assert set(ARTICLE_FIELDS) | {"run_date", "loaded_at"} == set(types)
    assert types["captions"] == "VARCHAR[]" and types["published_date"] == "DATE"
    assert con.execute(
        "SELECT data_type FROM information_schema.columns WHERE table_name='quarantine' AND column_name='record'"
    ).fetchone()[0] == "JSON"


# --- load_day ---------------------------------------------------------------------------

def test_load_writes_every_table(db):
    con, _ = db
    result = load(con)
    assert (result.articles, result.new_articles, result.new_versions) == (5, 5, 5)
    assert (result.failures, result.quarantined, result.dq_results) == (2, 2, 2)
    row = con.execute("SELECT captions, published_date, author, fetched_at FROM articles WHERE title = 'Titel 1'").fetchone()
    assert row == (["Bild 1"], DAY, None, dt.datetime(2024, 3, 5, 8, 30))  # UTC, naive
    assert con.execute("SELECT author FROM articles WHERE title = 'Titel 0'").fetchone()[0] == "نویسنده"
    run = con.execute("SELECT status, discovered, parsed, valid, quarantined, failed, loaded FROM runs").fetchone()
    assert run == ("success", 9, 7, 5, 2, 2, 5)
    q = con.execute("SELECT failed_expectations, record->>'language', record->>'published_date', "
                    "json_exists(record, '$.reasons') FROM quarantine ORDER BY article_id").fetchall()
    assert sorted(q) == sorted([(["expect_column_values_to_be_in_set(language)"], "xx", "2024-03-05", False),
                                (["expect_column_values_to_not_be_null(title)"], "de", "2024-03-05", False)])
    assert con.execute("SELECT count(*) FROM failures WHERE stage = 'parse'").fetchone()[0] == 2
    assert con.execute("SELECT observed->>'element_count' FROM dq_results WHERE column_name = 'url'").fetchone()[0] == "7"


def test_reloading_the_same_day_leaves_identical_tables(db):
    con, _ = db
    load(con)
    before = snapshot(con, drop_last_seen=True)
    second = load(con)
    assert (second.new_articles, second.changed_articles, second.new_versions) == (0, 0, 0)
    assert snapshot(con, drop_last_seen=True) == before


def test_changed_body_adds_a_version_and_updates_the_article(db):
    con, _ = db
    load(con)
    first_seen = con.execute("SELECT first_seen FROM article_versions WHERE article_id = ?",
                             [article(0)["article_id"]]).fetchone()[0]
    changed = articles(5)
    changed.loc[0, "body_text"] = "ein ganz neuer Text " * 10
    changed.loc[0, "content_sha256"] = content_hash(changed.loc[0, "body_text"])
    result = load(con, arts=changed)
    assert (result.new_articles, result.changed_articles, result.new_versions) == (0, 1, 1)
    versions = con.execute("SELECT content_sha256, first_seen FROM article_versions WHERE article_id = ? "
                           "ORDER BY first_seen", [article(0)["article_id"]]).fetchall()
    assert len(versions) == 2 and versions[0][1] == first_seen
    assert con.execute("SELECT body_text FROM articles WHERE article_id = ?",
                       [article(0)["article_id"]]).fetchone()[0].startswith("ein ganz neuer Text")
    assert con.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 6


def test_reloading_a_day_replaces_its_own_rows_and_nothing_else(db):
    con, _ = db
    load(con, DAY)
    load(con, NEXT_DAY)
    load(con, DAY, failures=failures(DAY)[:1], quarantine=None)
    per_day = lambda table: dict(con.execute(f"SELECT run_date, count(*) FROM {table} GROUP BY 1").fetchall())  # noqa: E731
    assert per_day("failures") == {DAY: 1, NEXT_DAY: 2}
    assert per_day("quarantine") == {NEXT_DAY: 2}
    assert per_day("articles") == {DAY: 5, NEXT_DAY: 5}


def test_failure_mid_load_rolls_back_to_the_previous_state(db):
    con, _ = db
    load(con)
    before = snapshot(con)
    changed = articles(6)
    changed.loc[0, "body_text"] = "geändert " * 30
    changed.loc[0, "content_sha256"] = content_hash(changed.loc[0, "body_text"])
    bad_dq = [{**DQ[0], "observed": "{not json"}]  # fails on the last insert, after the upserts
    with pytest.raises(Exception, match="(?i)json"):
        load(con, arts=changed, dq_results=bad_dq, run_id="second-run")
    assert snapshot(con) == before
    assert con.execute("SELECT count(*) FROM runs WHERE run_id = 'second-run'").fetchone()[0] == 0
    assert load(con, arts=changed).new_versions == 2  # changed + new article; the connection is usable afterwards


@pytest.mark.parametrize("mutate,message", [
    (lambda df: df.assign(source="other"), "another source"),
    (lambda df: pd.concat([df, df.iloc[:1]]), "article_id repeated"),
    (lambda df: df.assign(content_sha256=""), "lack article_id or content_sha256"),
])
def test_bad_batches_are_refused_without_writing(db, mutate, message):
    con, _ = db
    load(con)
    before = snapshot(con)
    with pytest.raises(ValueError, match=message):
        load(con, arts=mutate(articles(5)), run_id="refused")
    assert snapshot(con) == before


def test_arrow_tables_and_empty_days_load(db):
    con, _ = db
    table = pa.Table.from_pandas(articles(3).drop(columns=["published_date_raw"]), preserve_index=False)
    result = load(con, arts=table, failures=None, quarantine=None, dq_results=None)
    assert result.articles == 3
    assert con.execute("SELECT count(*) FROM articles WHERE published_date_raw IS NULL").fetchone()[0] == 3
    empty = load(con, NEXT_DAY, arts=articles(0), failures=[], quarantine=quarantined().iloc[0:0], dq_results=[])
    assert (empty.articles, empty.failures, empty.quarantined) == (0, 0, 0)
    assert con.execute("SELECT loaded FROM runs WHERE run_date = ?", [NEXT_DAY]).fetchone()[0] == 0


def test_run_row_defaults_and_iso_text(db):
    con, _ = db
    started = "2024-03-06T03:00:00+02:00"
    first = load(con, run={"started_at": started, "parsed": 7, "not_a_column": 1})
    assert first.run_id == "afgazad/2024-03-05/2024-03-06T01:00:00"
    load(con, run={"started_at": started})  # a retry of the same run replaces its row
    load(con, run={"started_at": "2024-03-07T01:00:00+00:00", "status": "partial"})  # a new run adds one
    rows = con.execute("SELECT run_id, started_at, status, valid, quarantined, failed, loaded FROM runs "
                       "ORDER BY started_at").fetchall()
    assert rows == [
        (first.run_id, dt.datetime(2024, 3, 6, 1, 0), "success", 5, 2, 2, 5),
        ("afgazad/2024-03-05/2024-03-07T01:00:00", dt.datetime(2024, 3, 7, 1, 0), "partial", 5, 2, 2, 5),
    ]
    assert con.execute("SELECT count(DISTINCT run_id) FROM dq_results").fetchone()[0] == 2


def test_a_load_of_100_rows_stores_each_once_and_reports_its_time(db):
    # Speed is measured in benchmarks/bench_warehouse.py, not asserted here.
    con, _ = db
    result = load(con, arts=articles(100))
    assert result.articles == 100 and result.seconds > 0
    assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone() == (100, 100)


# --- reads ------------------------------------------------------------------------------

def test_read_only_query_returns_columns_and_rows(db):
    con, path = db
    load(con)
    con.close()
    columns, rows = read_only_query("SELECT language, count(*) AS n FROM articles WHERE run_date = ? "
                                    "GROUP BY 1 ORDER BY 1", [DAY], path=path)
    assert columns == ["language", "n"] and rows == [("de", 2), ("fa", 3)]
    for sql in ["WITH x AS (SELECT 1 AS a) SELECT a FROM x", "SHOW TABLES", "DESCRIBE articles",
                "-- a comment\nFROM runs", "(SELECT 1) UNION (SELECT 2)"]:
        read_only_query(sql, path=path)


@pytest.mark.parametrize("sql", [
    "DROP TABLE articles", "INSERT INTO runs (run_id) VALUES ('x')", "UPDATE articles SET title = 'x'",
    "DELETE FROM articles", "CREATE TABLE x AS SELECT 1", "ALTER TABLE articles ADD COLUMN x INT",
    "COPY articles TO '/tmp/x.csv'", "ATTACH ':memory:' AS m", "DETACH m", "INSTALL fts", "LOAD fts",
    "SET threads = 1", "PRAGMA version", "EXPORT DATABASE '/tmp/x'", "IMPORT DATABASE '/tmp/x'",
    "CALL pragma_version()", "SELECT 1; DROP TABLE articles", "/* hi */ delete from articles", "",
    "EXPLAIN SELECT 1", "CHECKPOINT",
])
def test_read_only_query_refuses_anything_but_one_read(db, sql):
    con, path = db
    con.close()
    with pytest.raises(QueryRefused, match="^refused: ") as info:
        read_only_query(sql, path=path)
    assert "\n" not in str(info.value)


def test_readers_of_one_file_in_one_process_share_one_sandbox(db):
    """The plugin serves requests on threads: readers of one file share a DuckDB instance, whose
    settings are global; the second reader finds it locked already and must still be sandboxed."""
    import threading

    con, path = db
    load(con)
    con.close()
    readers = [connect(path, read_only=True) for _ in range(3)]
    errors: list[BaseException] = []

    def read(reader) -> None:
        try:
            for _ in range(20):
                assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    try:
        threads = [threading.Thread(target=read, args=(r,)) for r in readers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        for reader in readers:
            assert reader.execute("SELECT current_setting('enable_external_access'), current_setting('lock_configuration'),"
                                  " current_setting('TimeZone')").fetchone() == (False, True, "UTC")
            with pytest.raises(duckdb.PermissionException):
                reader.execute("SELECT * FROM read_text('/etc/hostname')")
        with pytest.raises(WarehouseError, match="other settings"):  # wants a directory this instance lacks
            connect(path, read_only=True, allowed_directories=[path.parent / "exports"])
    finally:
        for reader in readers:
            reader.close()


def test_reader_limits_are_validated_in_one_line(monkeypatch):
    from newsmon.warehouse.connection import ReaderLimits

    assert ReaderLimits.from_env() == ReaderLimits("1GB", 2)
    monkeypatch.setenv("NEWSMON_READER_MEMORY_LIMIT", "512MB")
    monkeypatch.setenv("NEWSMON_READER_THREADS", "1")
    assert ReaderLimits.from_env() == ReaderLimits("512MB", 1)
    assert ReaderLimits.from_env("2GB", 3) == ReaderLimits("2GB", 3)
    for memory, threads, message in (("lots", None, "memory limit 'lots'"), ("1GB; SET x=1", None, "memory limit"),
                                     (None, 0, "threads 0"), (None, 10_000, "threads 10000")):
        with pytest.raises(WarehouseError, match=message) as info:
            ReaderLimits.from_env(memory, threads)
        assert "\n" not in str(info.value)
    monkeypatch.setenv("NEWSMON_READER_THREADS", "many")
    with pytest.raises(WarehouseError, match="NEWSMON_READER_THREADS='many'"):
        ReaderLimits.from_env()


def test_export_writes_its_directory_and_nowhere_else(db, tmp_path):
    from newsmon.warehouse.queries import export_marts

    con, path = db
    load(con)
    con.close()
    out = tmp_path / "marts"
    written = export_marts(out, "csv", path=path)
    assert written and all(p.parent == out for p in written)
    reader = connect(path, read_only=True, allowed_directories=[out])
    try:
        with pytest.raises(duckdb.PermissionException):  # a sibling of the export directory
            reader.execute(f"COPY (SELECT 1) TO '{tmp_path}/marts-evil.csv'")
    finally:
        reader.close()
    assert not (tmp_path / "marts-evil.csv").exists()


def test_read_only_query_on_a_missing_warehouse(tmp_path):
    with pytest.raises(WarehouseMissing, match="does not exist"):
        read_only_query("SELECT 1", path=tmp_path / "nope.duckdb")


def test_articles_per_date_language(db):
    con, path = db
    load(con, DAY)
    load(con, NEXT_DAY, arts=articles(2, NEXT_DAY))
    columns, rows = articles_per_date_language(con)
    assert columns == ["run_date", "language", "articles"]
    assert rows == [(DAY, "de", 2), (DAY, "fa", 3), (NEXT_DAY, "de", 1), (NEXT_DAY, "fa", 1)]
    con.close()
    assert articles_per_date_language(path=path) == (columns, rows)  # opens read-only itself


# --- connection -------------------------------------------------------------------------

def test_default_warehouse_path(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSMON_WAREHOUSE", raising=False)
    monkeypatch.delenv("NEWSMON_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_warehouse_path() == tmp_path.resolve() / "data" / "warehouse.duckdb"
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path / "home"))
    assert default_warehouse_path() == tmp_path.resolve() / "home" / "warehouse.duckdb"
    monkeypatch.setenv("NEWSMON_WAREHOUSE", str(tmp_path / "w.duckdb"))
    assert default_warehouse_path() == tmp_path.resolve() / "w.duckdb"


def hold_lock(path, seconds: float) -> subprocess.Popen:
    """Another process that opens the file for writing and keeps it for `seconds`."""
    code = textwrap.dedent(f"""
        import duckdb, time
        con = duckdb.connect({str(path)!r})
        print("ready", flush=True)
        time.sleep({seconds})
        con.close()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_connect_with_retry_gives_up_with_warehouse_busy(tmp_path):
    path = tmp_path / "w.duckdb"
    proc = hold_lock(path, 60)
    try:
        for read_only in (False, True):
            with pytest.raises(WarehouseBusy, match="locked by another process") as info:
                connect_with_retry(path, read_only=read_only, timeout_s=0.3)
            assert f"PID {proc.pid}" in str(info.value) and "\n" not in str(info.value)
        with pytest.raises(WarehouseBusy):
            read_only_query("SELECT 1", path=path, timeout_s=0.2)
    finally:
        proc.kill()
        proc.wait()


def test_connect_with_retry_waits_for_the_lock_to_go(tmp_path):
    path = tmp_path / "w.duckdb"
    proc = hold_lock(path, 1.0)
    try:
        con = connect_with_retry(path, timeout_s=20)
        assert con.execute("SELECT 42").fetchone() == (42,)
        con.close()
    finally:
        proc.kill()
        proc.wait()
