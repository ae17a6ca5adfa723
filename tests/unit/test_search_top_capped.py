"""DuckLake's ranking statements (`TOP_DOCS_DATED`, `TOP_DOCS_DATED_ZWNJ`) find the documents
that can be on the page by one top-`$cap` over the scores and the page's floor from those
(`search.TOP_CAPPED`), not by comparing the floor with every scored document (at a million
articles a nested-loop join over the ~240,000 scores of a heavy query, ~3 ms, besides the
top-`$limit` that made the floor: docs/scaling-history.md). The rows must be the ones the floor gave
before: every document reaching the floor while fewer than `$cap` do, `$cap` of them otherwise
(`in_top` then tells the caller to rank the ties again). `TOP_DOCS_DATED` meets the postings
with the query's terms by an inner join (`SCORES_JOINED`), not `IN` (a semi join): the same
postings, as a term has one termid."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsmon.warehouse import open_for_write
from newsmon.warehouse.connection import is_lake
from newsmon.warehouse.search import FLOOR, SCORES, SCORES_JOINED, SNAPSHOT, TOP_CAPPED, TOP_DOCS_DATED

DOCS = 3_000
FILL_DOCS = """
INSERT INTO search_docs (docid, article_id, len, source, language, published_date)
SELECT i, printf('a%06d', i), 10, 'src', 'en', DATE '2020-01-01' + (i % 30)::INTEGER FROM range($n) r(i)
"""
# Every document holds 'common' (tf 1-4, one length: four scores, many documents each); every
# 7th 'rare' too, every 400th 'odd' with tf 1..8: ties at every floor, few documents above some.
FILL_POSTINGS = """
INSERT INTO search_postings (termid, docid, tf, len)
SELECT 0, i, 1 + i % 4, 10 FROM range($n) r(i)
UNION ALL SELECT 1, i, 1, 10 FROM range(0, $n, 7) r(i)
UNION ALL SELECT 2, i, 1 + (i // 400) % 8, 10 FROM range(0, $n, 400) r(i)
"""
FILL_TERMS = "INSERT INTO search_terms (termid, term) VALUES (0, 'common'), (1, 'rare'), (2, 'odd')"
FILL_STATS = "INSERT INTO search_stats (num_docs, total_len, text_form) VALUES ($n, $n * 10, NULL)"
# The statement as it was before TOP_CAPPED and SCORES_JOINED: the floor compared with every
# score, the postings found by `IN` (the terms named too: the statement returns them).
BEFORE_TOP = """top AS MATERIALIZED (
    SELECT docid, score FROM scores WHERE score >= {floor} ORDER BY score DESC LIMIT $cap)"""
BEFORE = TOP_DOCS_DATED.replace(
    SCORES_JOINED, SCORES.replace("SELECT termid FROM search_terms", "SELECT termid, term FROM search_terms")).replace(
    TOP_CAPPED, BEFORE_TOP.replace("{floor}", FLOOR))


@pytest.fixture(scope="module", params=["duckdb", "ducklake"])
def warehouse(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp(request.param)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSMON_HOME", str(tmp))
        path = str(tmp / "w.duckdb") if request.param == "duckdb" else f"ducklake:{tmp / 'meta.ducklake'}"
        con = open_for_write(path)
        con.execute("DELETE FROM search_stats")
        for sql in (FILL_DOCS, FILL_POSTINGS, FILL_STATS):
            con.execute(sql, {"n": DOCS})
        con.execute(FILL_TERMS)
        yield con
        con.close()


def _on(con: Any, sql: str) -> str:
    """`sql` as it can run on `con`: a DuckDB file has no lake snapshot to return (NULL there)."""
    return sql if is_lake(con) else sql.replace(SNAPSHOT, "NULL")


def _run(con: Any, sql: str, terms: list[str], limit: int, cap: int) -> list[tuple[Any, ...]]:
    values = {"limit": limit, "cap": cap, "n_terms": len(terms)} | {f"term{i}": t for i, t in enumerate(terms)}
    sql = _on(con, sql).replace("{terms}", ", ".join(f"$term{i}" for i in range(len(terms))))
    return con.execute(sql, values).fetchall()


@pytest.mark.parametrize("terms", [["common"], ["rare"], ["odd"], ["common", "rare"], ["odd", "rare", "common"],
                                   ["missing"]])
def test_the_rows_are_the_floors(warehouse: Any, terms: list[str]) -> None:
    compared = 0
    for limit in (1, 2, 3, 8, 10, 50):
        for cap in (1, 3, 8, 50, 500, 5_000):
            ours = _run(warehouse, TOP_DOCS_DATED, terms, limit, cap)
            before = _run(warehouse, BEFORE, terms, limit, cap)
            assert len(ours) == len(before), (terms, limit, cap)
            if not before:
                continue
            assert {row[4] for row in ours} == {row[4] for row in before} == {len(before)}
            if len(before) < cap:  # every document reaching the floor: the very rows
                assert sorted(ours) == sorted(before), (terms, limit, cap)
                compared += 1
            else:  # `$cap` of the ties (the caller ranks them again): all at or above the floor
                floor = min(sorted((row[3] for row in before), reverse=True)[:limit])
                assert min(row[3] for row in ours) >= floor
    assert compared or terms == ["missing"]


def _scans_of_every_score(node: dict[str, Any], scored: int) -> int:
    """How many operators of the plan read all `scored` rows of the scores (CTE scans)."""
    here = int(node.get("operator_name", "").strip() == "CTE_SCAN" and node.get("operator_cardinality") == scored)
    return here + sum(_scans_of_every_score(child, scored) for child in node.get("children", []))


def test_the_scores_are_read_once(warehouse: Any) -> None:
    """Before, the scores were read twice: by the top-`$limit` making the floor and by the
    comparison with it."""
    terms = ["common", "rare"]
    values = {"limit": 10, "cap": 500, "n_terms": 2, "term0": terms[0], "term1": terms[1]}
    sql = _on(warehouse, TOP_DOCS_DATED).replace("{terms}", "$term0, $term1")
    plan = json.loads(warehouse.execute("EXPLAIN (ANALYZE, FORMAT json) " + sql, values).fetchall()[0][1])
    assert _scans_of_every_score(plan, DOCS) == 1


def _joins(node: dict[str, Any]) -> list[str]:
    """The join types of the plan's hash joins on termid."""
    found = []
    info = node.get("extra_info", {})
    if node.get("operator_name", "").strip() == "HASH_JOIN" and "termid" in json.dumps(info.get("Conditions", "")):
        found.append(info.get("Join Type", ""))
    for child in node.get("children", []):
        found.extend(_joins(child))
    return found


def test_the_postings_meet_their_terms_by_an_inner_join(warehouse: Any) -> None:
    values = {"limit": 10, "cap": 500, "n_terms": 2, "term0": "rare", "term1": "odd"}
    sql = _on(warehouse, TOP_DOCS_DATED).replace("{terms}", "$term0, $term1")
    plan = json.loads(warehouse.execute("EXPLAIN (ANALYZE, FORMAT json) " + sql, values).fetchall()[0][1])
    joins = _joins(plan)
    assert joins and "SEMI" not in joins and "RIGHT_SEMI" not in joins, joins
