"""A query's tokens made in Python (`query_tokens`) are DuckDB's own (`search.tokens_sql`), for
every code point, alone and in runs, so the ranking that takes them as constants ranks exactly
what the statement that tokenised the query itself ranked (tests/unit/test_search*.py compare
the pages)."""

from __future__ import annotations

import random

import duckdb

from newsmon.warehouse import query_tokens as module
from newsmon.warehouse.query_tokens import query_tokens
from newsmon.warehouse.search import _CHAR_FORMS, index_form, tokens_sql
from tests.counting import CountingConnection

EVERY_CODE_POINT = [chr(c) for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF]


def duckdb_tokens(con: duckdb.DuckDBPyConnection, text: str) -> list[str]:
    """DuckDB's tokens of `text`, distinct, in order of first appearance (as the ranking's
    `SELECT DISTINCT unnest(...)` met them)."""
    return list(dict.fromkeys(con.execute(f"SELECT {tokens_sql('$text')}", {"text": text}).fetchone()[0]))


def test_every_code_point_alone_and_in_runs_tokenises_as_duckdb_does(monkeypatch):
    monkeypatch.setattr(module, "_LOWER", {})
    monkeypatch.setattr(module, "_KEPT", {})
    con = duckdb.connect()
    alone = " ".join(EVERY_CODE_POINT)
    assert query_tokens(alone, con, _CHAR_FORMS) == duckdb_tokens(con, alone)
    shuffled = EVERY_CODE_POINT[:]
    random.Random(17).shuffle(shuffled)  # noqa: S311 - test data
    runs = "".join(shuffled)  # runs of every kind of neighbour: letters, marks, digits, separators
    mine = query_tokens(runs, con, _CHAR_FORMS)
    assert len(mine) > 10_000 and mine == duckdb_tokens(con, runs)
    con.close()


def test_queries_as_searches_make_them_and_the_cache(monkeypatch):
    monkeypatch.setattr(module, "_LOWER", {})
    monkeypatch.setattr(module, "_KEPT", {})
    con = duckdb.connect()
    queries = ["Afghanistan government", "کابل؛ ولایت‌ها", "Jahrzehnte Menschen, abwehren", "ΣΊΣΥΦΟΣ Straße İstanbul",
               "زده\u200cکړه (۱۳۹۸/۱۰/۱۸) 1.8 m³", "a.b_c-d 'e' \u00a0f\u2009g\th\u000bi", "... !!", ""]
    counting = CountingConnection(con)
    for query in queries:
        text = index_form(query)
        assert query_tokens(text, counting, _CHAR_FORMS) == duckdb_tokens(con, text), query
    asked = counting.statements
    assert 1 <= asked < len(queries)  # only for the queries with characters not met before
    for query in queries:  # all met now: no statement
        assert query_tokens(index_form(query), counting, _CHAR_FORMS) == duckdb_tokens(con, index_form(query))
    assert counting.statements == asked
    assert query_tokens(index_form("ሰላም"), counting, _CHAR_FORMS) == ["ሰላም"] and counting.statements == asked + 1
    con.close()
