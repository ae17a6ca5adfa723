"""The ranking joins each posting with its term's idf building the join's hash table on the
few idf rows, not on the postings: `SCORES_TAIL`'s `LIMIT $n_terms` tells the planner that
`doc_freq` holds at most a row per term looked up. Without it DuckDB estimated those rows at
millions and hashed the postings instead (at a million articles 16 ms CPU of a ~90 ms ranking
for ~316,000 postings: docs/scaling-history.md). The limit must never cut a term: the scores equal the
ones computed without it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsmon.warehouse import open_for_write
from newsmon.warehouse.search import SCORES, TOP_DOCS

DOCS = 50_000
FILL_DOCS = """
INSERT INTO search_docs (docid, article_id, len, source, language, published_date)
SELECT i, printf('a%06d', i), 10 + i % 7, 'src', 'en', DATE '2020-01-01' FROM range($n) r(i)
"""
# 'common' in every document, 'rare' in every 50th, 'word7' ... in a few: many postings, few terms
FILL_POSTINGS = """
INSERT INTO search_postings (termid, docid, tf, len)
SELECT 0, i, 1 + i % 3, 10 + i % 7 FROM range($n) r(i)
UNION ALL SELECT 1, i, 1 + i % 5, 10 + i % 7 FROM range(0, $n, 50) r(i)
UNION ALL SELECT 2 + i % 9, i, 1, 10 + i % 7 FROM range(0, $n, 97) r(i)
"""
FILL_TERMS = """
INSERT INTO search_terms (termid, term)
SELECT 0, 'common' UNION ALL SELECT 1, 'rare' UNION ALL SELECT 2 + i, 'word' || i FROM range(9) r(i)
"""
FILL_STATS = "INSERT INTO search_stats (num_docs, total_len, text_form) VALUES ($n, $n * 13, NULL)"
QUERY = "rare common word1 word2 word3 word4 word5 word6 word7 word8 missing"


@pytest.fixture(params=["duckdb", "ducklake"])
def warehouse(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    path = str(tmp_path / "w.duckdb") if request.param == "duckdb" else f"ducklake:{tmp_path / 'meta.ducklake'}"
    con = open_for_write(path)
    con.execute("DELETE FROM search_stats")
    con.execute(FILL_DOCS, {"n": DOCS})
    con.execute(FILL_POSTINGS, {"n": DOCS})
    con.execute(FILL_TERMS)
    con.execute(FILL_STATS, {"n": DOCS})
    con.close()
    return path


def _idf_joins(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan's hash joins on termid (postings with their terms' idf)."""
    found = []
    if node.get("name", node.get("operator_name", "")).strip() == "HASH_JOIN" and "termid = termid" in json.dumps(
            node.get("extra_info", {})):
        found.append(node)
    for child in node.get("children", []):
        found.extend(_idf_joins(child))
    return found


def _rows_estimated(node: dict[str, Any]) -> int:
    return int(node.get("extra_info", {}).get("Estimated Cardinality", 0))


def test_the_idf_join_hashes_the_idf_rows_not_the_postings(warehouse: str) -> None:
    con = open_for_write(warehouse)
    try:
        terms = QUERY.split()
        values = {"limit": 10, "n_terms": len(terms)} | {f"term{i}": term for i, term in enumerate(terms)}
        sql = TOP_DOCS.replace("{terms}", ", ".join(f"$term{i}" for i in range(len(terms))))
        if "LIMIT $n_terms" not in sql:  # (so the test also runs, and fails, on the statement as before)
            del values["n_terms"]
        plan = json.loads(con.execute("EXPLAIN (FORMAT json) " + sql, values).fetchall()[0][1])
        joins = [join for root in (plan if isinstance(plan, list) else [plan]) for join in _idf_joins(root)]
        assert joins
        for join in joins:
            probe, build = join["children"]  # DuckDB builds the hash table on the right child
            assert "HASH_GROUP_BY" in json.dumps(build) and "HASH_GROUP_BY" not in json.dumps(probe)
            # At this size the planner picks the idf side without the limit too (estimated at
            # 9,338 rows against the postings' 10,303); at a million articles it did not (46 M
            # against 28 M). Estimated at no more than the terms, it is the build side at any size.
            assert _rows_estimated(build) <= len(terms) < _rows_estimated(probe)
    finally:
        con.close()


def test_the_limit_cuts_no_term(warehouse: str) -> None:
    """The scores of every document with and without `LIMIT $n_terms` (the statement as
    before it)."""
    con = open_for_write(warehouse)
    try:
        terms = QUERY.split()
        values: dict[str, Any] = {f"term{i}": term for i, term in enumerate(terms)}
        everything = (SCORES + "\nSELECT docid, score FROM scores").replace(
            "{terms}", ", ".join(f"${name}" for name in values))
        rows = con.execute(everything, values | {"n_terms": len(terms)}).fetchall()
        unlimited = con.execute(everything.replace("LIMIT $n_terms", ""), values).fetchall()
        assert len(rows) == len(unlimited) == DOCS
        ours, theirs = dict(rows), dict(unlimited)
        assert ours.keys() == theirs.keys()
        assert all(abs(ours[d] - theirs[d]) <= 1e-12 * abs(theirs[d]) for d in theirs)
    finally:
        con.close()


def _cross_products(node: dict[str, Any]) -> list[int]:
    """The rows each of the plan's cross products put out."""
    crossed = node.get("operator_name", "").strip() == "CROSS_PRODUCT"
    found = [int(node.get("operator_cardinality", 0))] if crossed else []
    for child in node.get("children", []):
        found.extend(_cross_products(child))
    return found


def test_the_postings_are_counted_before_they_meet_the_stats(warehouse: str) -> None:
    """`doc_freq` counts each term's postings alone and joins the few counts with `search_stats`:
    crossed with it first, every posting was a row more to aggregate (its two columns)."""
    con = open_for_write(warehouse)
    try:
        terms = QUERY.split()
        values = {"limit": 10, "n_terms": len(terms)} | {f"term{i}": term for i, term in enumerate(terms)}
        sql = TOP_DOCS.replace("{terms}", ", ".join(f"$term{i}" for i in range(len(terms))))
        plan = json.loads(con.execute("EXPLAIN (ANALYZE, FORMAT json) " + sql, values).fetchall()[0][1])
        crossed = _cross_products(plan)
        assert crossed and max(crossed) <= len(terms), crossed
    finally:
        con.close()
