"""A search asks a connection's kind once (`search._is_lake`), not once per search: the question
is a statement, ~1-2 ms CPU of a ~60 ms search on DuckLake (docs/scaling-history.md)."""

from __future__ import annotations

import pytest

from newsmon.warehouse.connection import CURRENT_KIND
from newsmon.warehouse.search import search
from tests.counting import CountingConnection
from tests.warehouse_data import mirror_of_kind

QUERIES = ["Kabul", "کابل", "Regierung Wahl", "the"]


@pytest.mark.parametrize("kind", ["duckdb", "ducklake"])
def test_a_connection_s_kind_is_asked_once_and_the_pages_stay_the_same(kind, tmp_path, monkeypatch):
    con, _ = mirror_of_kind(kind, tmp_path, monkeypatch)
    try:
        asked: list[bool] = []

        class Watching(CountingConnection):
            def execute(self, sql, params=None):
                asked.append(sql == CURRENT_KIND)
                return super().execute(sql, params)

        watched = Watching(con)
        pages = [search(q, con=watched, limit=10) for q in QUERIES * 2]
        assert sum(asked) == 1 and len(asked) > len(pages)  # each search ran its own statements
        assert pages == [search(q, con=Watching(con), limit=10) for q in QUERIES * 2]  # asked anew: same pages
        assert sum(asked) == 1 + len(QUERIES) * 2 and all(pages)
    finally:
        con.close()
