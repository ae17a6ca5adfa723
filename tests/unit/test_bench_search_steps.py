"""bench_warehouse.search_steps: the search's own statements, timed one by one, say where a search's
time goes at a million articles (ranking, the page's documents, its articles); timing them must
not change what search finds."""

from __future__ import annotations

import pytest

from benchmarks import bench_warehouse
from newsmon.warehouse import search as search_module
from newsmon.warehouse.search import search
from tests.warehouse_data import mirror_of_kind

QUERIES = ["the", "Afghanistan government", "کابل", "زده\u200cکړه", "zzzzqqqqxxxx"]


def test_each_search_statement_has_its_step():
    step = bench_warehouse.statement_step
    assert step(search_module.TERMS_EXISTING.format(terms="?, ?")) == "form"
    assert {step(search_module.TOP_DOCS), step(search_module.TOP_DOCS_DATED), step(search_module.SEARCH),
            step(search_module.SEARCH_PAGE), step(search_module.TOP_DOCS_DATED_ZWNJ)} == {"ranking"}
    assert step(search_module.CONTRIBUTIONS_KNOWN) == step(search_module.TOP_DOCS_KNOWN) == "ranking"
    assert step(search_module.DOCS_BY_ID.format(ids="?, ?")) == step(search_module.HOT_DOCS) == "documents"
    assert step(search_module.PAGE_ROWS.format(days="?", ids="?")) == "page"
    assert step(search_module.PAGE_ROWS_BY_ID.format(ids="?")) == "page"
    assert step("SELECT 1") == "other"


@pytest.mark.parametrize("kind", ["duckdb", "ducklake"])
def test_search_steps_time_the_product_s_statements_and_find_what_search_finds(kind, tmp_path, monkeypatch):
    con, _ = mirror_of_kind(kind, tmp_path, monkeypatch)
    profile = bench_warehouse.search_steps(con, QUERIES)
    assert profile["pages"] == [[r["article_id"] for r in search(q, con=con, limit=10)] for q in QUERIES]
    statements = profile["statements"]
    assert all(len(counts) == len(QUERIES) for counts in statements.values())
    found = [i for i, page in enumerate(profile["pages"]) if page]
    documents = 1 if kind == "duckdb" else 0  # DuckLake: the ranking's statement reads them (TOP_DOCS_DATED)
    assert found and all(statements["ranking"][i] == 1 and statements["documents"][i] == documents
                         and statements["page"][i] >= 1 for i in found)
    # DuckLake decides a ZWNJ word in its ranking statement (`TOP_DOCS_DATED_ZWNJ`), a DuckDB file asks first
    assert statements["form"][QUERIES.index("زده\u200cکړه")] == (1 if kind == "duckdb" else 0)
    assert statements["form"][0] == 0
    assert profile["postings"][QUERIES.index("zzzzqqqqxxxx")] == 0 and profile["postings"][0] > 0
    line = bench_warehouse.steps_line(profile)
    assert "ranking" in line and "ns x postings" in line
    con.close()
