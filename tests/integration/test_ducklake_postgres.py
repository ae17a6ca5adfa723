"""DuckLake with its catalog in a real PostgreSQL (tests/services.py) and Parquet files in a
directory: the setting, the password kept out of reach, concurrent writers that lose nothing,
conflicting commits retried, readers during loads."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid

import duckdb
import pytest

from newsmon.testing.mirror import load_ground_truth
from newsmon.warehouse import connect_with_retry, open_for_write, read_only_query
from newsmon.warehouse.connection import (
    DUCKLAKE,
    WarehouseError,
    WarehouseMissing,
    connection_kind,
    postgres_catalog,
    retry_conflicts,
    warehouse_kind,
)
from newsmon.warehouse.load import load_day
from tests.conftest import ROOT
from tests.warehouse_data import content_digest, ground_truth_frame, load_mirror, load_mirror_day


@pytest.fixture
def lake(postgres_server, tmp_path, monkeypatch):
    """A fresh PostgreSQL database as the catalog, Parquet under tmp_path; set as the process's warehouse."""
    db = postgres_server.create_database(f"lake_{uuid.uuid4().hex[:10]}")
    target = f"ducklake:postgres:{postgres_server.libpq(db)}"
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NEWSMON_LAKE_DATA", str(tmp_path / "parquet"))
    monkeypatch.setenv("NEWSMON_WAREHOUSE", target)
    return target


def test_the_setting_names_a_postgres_catalog_and_the_password_stays_out_of_sight(lake, postgres_server):
    assert warehouse_kind(lake) == DUCKLAKE
    pg = postgres_catalog(lake)
    assert pg is not None and pg.secret["password"] == postgres_server.password and pg.secret["port"] == str(
        postgres_server.port)
    quoted = postgres_catalog("ducklake:postgres:dbname=lake host=db password='a b\\'c' sslmode=disable")
    assert quoted is not None and quoted.secret["password"] == "a b'c" and quoted.rest == "sslmode=disable"
    with pytest.raises(WarehouseError, match=r"password=\*\*\*.*names no database") as missing:
        postgres_catalog("ducklake:postgres:host=db password=hunter2")
    assert "hunter2" not in str(missing.value)

    with pytest.raises(WarehouseMissing, match=r"does not exist yet .*password=\*\*\*|password=\*\*\*.* does not exist yet"):
        connect_with_retry(lake, read_only=True)  # a reader before the first load (validate's history)
    con = open_for_write(lake)
    try:
        assert connection_kind(con) == DUCKLAKE
        shown = repr(con.execute("SELECT * FROM duckdb_databases()").fetchall())
        shown += repr(con.execute("SELECT * FROM duckdb_secrets()").fetchall())
        assert postgres_server.password not in shown  # a reader's SQL could select these
    finally:
        con.close()
    reader = connect_with_retry(lake, read_only=True)
    try:
        assert postgres_server.password not in repr(reader.execute("SELECT * FROM duckdb_databases()").fetchall())
        with pytest.raises(duckdb.Error, match="(?i)read.only"):
            reader.execute("DELETE FROM articles")
    finally:
        reader.close()

    wrong = lake.replace(postgres_server.password, "not-the-password")
    with pytest.raises(WarehouseError) as refused:
        connect_with_retry(wrong, read_only=True)
    message = str(refused.value)
    assert "not-the-password" not in message and "password=***" in message
    assert "password authentication failed" in message and "\n" not in message


def test_a_conflicting_commit_is_retried_and_lands_once(lake, caplog):
    """Two workers load the same date (a retried task, an overlapping backfill): the second
    commit conflicts with the first, is retried on its state, and the date is there once."""
    first, second = open_for_write(lake), open_for_write(lake)
    truth = load_ground_truth()
    day = sorted(truth)[0]
    attempts = []

    def commit_the_other_writer_first(con):
        attempts.append(1)
        if len(attempts) == 1:  # the other worker's load of the same date commits while this one is in flight
            load_mirror_day(first, day, truth[day])

    try:
        with caplog.at_level("WARNING", logger="newsmon.warehouse"):
            load_day(second, source="afgazad", run_date=day, articles=ground_truth_frame(truth[day]),
                     run={"run_id": f"afgazad-{day}"}, before_commit=commit_the_other_writer_first)
        assert len(attempts) == 2, "the losing commit ran again"
        assert any("conflicted with another writer (attempt 1 of" in r.getMessage() for r in caplog.records)
        assert second.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone() == (
            len(truth[day]), len(truth[day]))
        assert second.execute("SELECT count(*) FROM article_versions").fetchone()[0] == len(truth[day])
        assert second.execute("SELECT count(*) FROM runs").fetchone()[0] == 1
    finally:
        first.close()
        second.close()


def test_writers_opening_a_new_lake_at_once_all_get_it(lake):
    """The first loads of a new deployment start together: one creates DuckLake's catalog tables
    and the schema, the others attach after it (PostgreSQL said "already exists" to them)."""
    barrier = threading.Barrier(4)
    outcomes: list[object] = []

    def first_load():
        barrier.wait()
        try:
            con = open_for_write(lake)
            outcomes.append(con.execute("SELECT count(*) FROM articles").fetchone()[0])
            con.close()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion
            outcomes.append(exc)

    threads = [threading.Thread(target=first_load) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert outcomes == [0, 0, 0, 0]
    _, versions = read_only_query("SELECT version, count(*) FROM schema_version GROUP BY ALL ORDER BY 1", path=lake)
    assert versions and all(n == 1 for _, n in versions), versions


def test_retry_gives_up_after_its_attempts_and_leaves_other_errors_alone():
    calls = []

    def conflicting():
        calls.append(1)
        raise duckdb.TransactionException("Transaction conflict - another transaction changed the table")

    with pytest.raises(duckdb.TransactionException, match="conflict"):
        retry_conflicts(conflicting, "test", attempts=3, sleep=lambda s: None)
    assert len(calls) == 3

    def broken():
        calls.append(1)
        raise duckdb.CatalogException("Table with name nope does not exist")

    calls.clear()
    with pytest.raises(duckdb.CatalogException):
        retry_conflicts(broken, "test", attempts=3, sleep=lambda s: None)
    assert len(calls) == 1


def test_a_postgres_serialization_failure_is_retried_as_a_conflict():
    """Four first loads of a new lake set its tables' options at once: PostgreSQL refuses all but
    one ("could not serialize access due to concurrent update", passed on as a plain duckdb.Error
    by DuckLake); the others run again and find the option set (a CI run met this)."""
    calls = []

    def set_option_once():
        calls.append(1)
        if len(calls) == 1:
            raise duckdb.Error('Failed to insert config option in DuckLake: Failed to execute query "UPDATE '
                               '"public"."ducklake_metadata" ...": ERROR:  could not serialize access due to '
                               "concurrent update")
        return "set"

    assert retry_conflicts(set_option_once, "test", attempts=3, sleep=lambda s: None) == "set"
    assert len(calls) == 2


def test_two_processes_loading_at_once_equal_one_duckdb_file(lake, tmp_path, monkeypatch):
    """Two writers load every mirror date, in opposite orders, at the same time; a reader runs
    `newsmon sql` throughout. The lake then holds exactly what a single-file DuckDB warehouse
    loaded once with the same dates holds."""
    open_for_write(lake).close()  # the catalog's tables, as airflow-init / the first load makes them
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "include"), str(ROOT)])}
    loaders = [subprocess.Popen([sys.executable, "-m", "tests.lake_loader", order, str(go)], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for order in ("asc", "desc")]
    reads: list[subprocess.CompletedProcess] = []
    done = threading.Event()

    def read_while_loading():
        while not done.is_set():
            reads.append(subprocess.run([sys.executable, "-m", "newsmon.cli", "sql", "--format", "csv",
                                         "SELECT count(*) AS n FROM articles"],
                                        capture_output=True, text=True, env=env, timeout=120))

    time.sleep(2.0)  # both loaders connected and waiting
    go.touch()
    reader = threading.Thread(target=read_while_loading)
    reader.start()
    try:
        outputs = [proc.communicate(timeout=300) for proc in loaders]
    finally:
        done.set()
        reader.join(timeout=150)
    for proc, (out, err) in zip(loaders, outputs):
        assert proc.returncode == 0, err[-4000:]
        assert "loaded" in out
    retried = sum(err.count("conflicted with another writer") for _, err in outputs)
    assert retried >= 1, "the two loaders' commits overlapped at least once (else this tested nothing)"
    assert reads and all(r.returncode == 0 for r in reads), [r.stderr for r in reads if r.returncode]
    counts = [int(r.stdout.split()[-1]) for r in reads]
    assert counts == sorted(counts), "a reader never sees rows disappear"

    lake_con = connect_with_retry(lake, read_only=True)
    try:
        in_lake = content_digest(lake_con)
    finally:
        lake_con.close()
    monkeypatch.delenv("NEWSMON_WAREHOUSE")
    single = open_for_write(tmp_path / "single.duckdb")
    try:
        load_mirror(single)
        in_file = content_digest(single)
    finally:
        single.close()
    assert in_lake == in_file
    assert in_lake["articles"][0] == sum(map(len, load_ground_truth().values())) > 0
    assert list((tmp_path / "parquet").rglob("*.parquet")) or in_lake, "data lands as Parquet (or inlined)"
    _, rows = read_only_query("SELECT count(*) FROM runs", path=lake)
    assert rows == [(len(load_ground_truth()),)]
