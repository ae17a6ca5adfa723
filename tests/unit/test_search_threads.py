"""A search's own reader runs on one DuckDB thread (`ReaderLimits.for_search`,
$NEWSMON_SEARCH_THREADS): a search is a few small statements, and a second thread cost more CPU
than it saved (docs/scaling-history.md). The pages are the same whatever the thread count, on a DuckDB
file and on DuckLake, after inserts, updates and deletes; the bench measures searches on the
same count and gives its connection back as it was."""

from __future__ import annotations

import pytest

from benchmarks import bench_warehouse
from newsmon.warehouse import open_for_write
from newsmon.warehouse import search as search_module
from newsmon.warehouse.connection import (
    CURRENT_THREADS,
    DEFAULT_SEARCH_THREADS,
    SET_THREADS,
    ReaderLimits,
    WarehouseError,
)
from newsmon.warehouse.search import search
from tests.warehouse_data import copy_of_mirror, insert_update_delete, load_mirror

QUERIES = ["the", "Afghanistan government", "کابل", "در", "په", "und", "زده\u200cکړه", "qwertyuiop zzzz"]
THREADS = CURRENT_THREADS


def _open(kind, tmp_path, monkeypatch):
    """(connection open for write, warehouse location, ground truth) holding the mirror."""
    if kind == "duckdb":
        con, truth = copy_of_mirror(tmp_path / "w.duckdb")
        return con, tmp_path / "w.duckdb", truth
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    location = f"ducklake:{tmp_path / 'meta.ducklake'}"
    con = open_for_write(location)
    return con, location, load_mirror(con)


def _pages(con, threads: int) -> list[list[tuple]]:
    con.execute(SET_THREADS, [threads])
    return [[(r["article_id"], round(r["score"], 9), r["snippet"]) for r in search(q, con=con, limit=limit)]
            for q in QUERIES for limit in (1, 10, 50)]


@pytest.mark.parametrize("kind", ["duckdb", "ducklake"])
def test_pages_are_the_same_on_one_thread_and_on_two(kind, tmp_path, monkeypatch):
    con, _, truth = _open(kind, tmp_path, monkeypatch)
    before = _pages(con, 2)
    assert _pages(con, 1) == before and sum(map(len, before)) > 100
    insert_update_delete(con, truth)
    after = _pages(con, 2)
    assert _pages(con, 1) == after and after != before
    assert any(r[0].startswith("new-") for page in after for r in page)
    con.close()


@pytest.mark.parametrize("kind", ["duckdb", "ducklake"])
def test_a_search_s_own_reader_runs_on_one_thread_unless_told(kind, tmp_path, monkeypatch):
    con, location, _ = _open(kind, tmp_path, monkeypatch)
    con.close()
    seen: list[int] = []
    real = search_module.connect_with_retry

    def recording(*args, **kwargs):
        opened = real(*args, **kwargs)
        seen.append(opened.execute(THREADS).fetchone()[0])
        return opened

    monkeypatch.setattr(search_module, "connect_with_retry", recording)
    monkeypatch.delenv("NEWSMON_SEARCH_THREADS", raising=False)
    monkeypatch.setenv("NEWSMON_READER_THREADS", "2")
    assert search("Afghanistan government", path=location)
    monkeypatch.setenv("NEWSMON_SEARCH_THREADS", "2")
    assert search("Afghanistan government", path=location)
    assert seen == [DEFAULT_SEARCH_THREADS, 2] and DEFAULT_SEARCH_THREADS == 1


@pytest.mark.parametrize("raw", ["0", "x", "-1", "257"])
def test_a_search_thread_count_that_is_not_a_count_is_refused(raw, monkeypatch):
    monkeypatch.setenv("NEWSMON_SEARCH_THREADS", raw)
    with pytest.raises(WarehouseError, match="NEWSMON_SEARCH_THREADS"):
        ReaderLimits.for_search()


def test_the_bench_searches_on_the_search_thread_count_and_gives_the_connection_back(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSMON_SEARCH_THREADS", raising=False)
    con, _ = copy_of_mirror(tmp_path / "w.duckdb")
    con.execute(SET_THREADS, [3])
    with bench_warehouse.search_threads(con) as threads:
        assert threads == con.execute(THREADS).fetchone()[0] == DEFAULT_SEARCH_THREADS
    assert con.execute(THREADS).fetchone()[0] == 3
    con.close()
