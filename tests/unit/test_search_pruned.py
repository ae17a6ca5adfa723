"""DuckLake ranks a query of two terms or more without the documents that hold only its most
frequent term when none of them can be on the page (`search.TOP_DOCS_PRUNED`): such a document
scores at most idf x (k1 + 1), so when the other documents fill the page above that bound the
rows are `TOP_DOCS_DATED`'s, and `exact` says so; when it does not, `search` ranks them all.
The rows must be the same whenever `exact` holds, `exact` must not hold where a document left
out would have been on the page, and `search()` must give the same pages either way."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from newsmon.warehouse import open_for_write
from newsmon.warehouse import search as search_module
from newsmon.warehouse.search import TOP_DOCS_DATED, TOP_DOCS_PRUNED, _exact, search
from tests.warehouse_data import load_mirror

ZWNJ = "\u200c"
DOCS = 3_000
FILL_DOCS = """
INSERT INTO search_docs (docid, article_id, len, source, language, published_date)
SELECT i, printf('a%06d', i), 10 + i % 7, 'src', 'en', DATE '2020-01-01' + (i % 30)::INTEGER FROM range($n) r(i)
"""
# 'common' in every document (tf 1-4); 'rare' in every 7th; 'odd' in every 400th (tf 1-8);
# 'few' in 3; 'loud' in every 3rd with a tf of 6-9 and 'quiet' in every 6th other (never with
# 'loud') with tf 1: a document holding only 'loud', the more frequent, outscores those holding
# 'quiet', so pruning 'loud' would change the page.
FILL_POSTINGS = """
INSERT INTO search_postings (termid, docid, tf, len)
SELECT 0, i, 1 + i % 4, 10 + i % 7 FROM range($n) r(i)
UNION ALL SELECT 1, i, 1, 10 + i % 7 FROM range(0, $n, 7) r(i)
UNION ALL SELECT 2, i, 1 + (i // 400) % 8, 10 + i % 7 FROM range(0, $n, 400) r(i)
UNION ALL SELECT 3, i, 1, 10 + i % 7 FROM range(5, 20, 5) r(i)
UNION ALL SELECT 4, i, 6 + i % 4, 10 + i % 7 FROM range(0, $n, 3) r(i)
UNION ALL SELECT 5, i, 1, 10 + i % 7 FROM range(1, $n, 6) r(i)
"""
FILL_TERMS = """INSERT INTO search_terms (termid, term) VALUES
(0, 'common'), (1, 'rare'), (2, 'odd'), (3, 'few'), (4, 'loud'), (5, 'quiet')"""
FILL_STATS = """
INSERT INTO search_stats (num_docs, total_len, text_form)
SELECT count(*), sum(len), NULL FROM search_docs
"""
QUERIES = [["common", "rare"], ["rare", "odd"], ["common", "few"], ["loud", "quiet"], ["odd", "rare", "common"],
           ["few", "loud", "odd"], ["quiet", "missing"], ["missing", "other"]]


@pytest.fixture(scope="module", params=["duckdb", "ducklake"])
def warehouse(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp(request.param)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSMON_HOME", str(tmp))
        path = str(tmp / "w.duckdb") if request.param == "duckdb" else f"ducklake:{tmp / 'meta.ducklake'}"
        con = open_for_write(path)
        con.execute("DELETE FROM search_stats")
        for sql in (FILL_DOCS, FILL_POSTINGS):
            con.execute(sql, {"n": DOCS})
        con.execute(FILL_STATS)
        con.execute(FILL_TERMS)
        con.execute("SET threads = 1")  # as a search's own reader runs (ReaderLimits.for_search): sums in one order
        yield con
        con.close()


def _run(con: Any, sql: str, terms: list[str], limit: int, cap: int) -> list[tuple[Any, ...]]:
    values = {"limit": limit, "cap": cap, "n_terms": len(terms)} | {f"term{i}": t for i, t in enumerate(terms)}
    return con.execute(sql.replace("{terms}", ", ".join(f"$term{i}" for i in range(len(terms)))), values).fetchall()


def test_the_pruned_rows_are_the_whole_ranking_s_whenever_exact_says_so(warehouse: Any) -> None:
    exact_cases, wrong_cases = [], []
    for terms in QUERIES:
        for limit in (1, 2, 3, 8, 10, 50):
            for cap in (3, 50, 500):
                whole = _run(warehouse, TOP_DOCS_DATED, terms, limit, cap)
                pruned = _run(warehouse, TOP_DOCS_PRUNED, terms, limit, cap)
                if _exact(pruned, limit):
                    assert whole, (terms, limit, cap)
                    assert {row[4] for row in pruned} == {row[4] for row in whole}, (terms, limit, cap)
                    if whole[0][4] < cap:  # below the cap: the very rows, scores to the last bit
                        assert sorted(row[:5] for row in pruned) == sorted(whole), (terms, limit, cap)
                        exact_cases.append((tuple(terms), limit, cap))
                elif sorted(row[:5] for row in pruned) != sorted(whole):
                    wrong_cases.append((tuple(terms), limit, cap))
    # Both sides are met: pruning holds for the dominated queries, and is refused where the
    # documents it leaves out belong on the page ('common few' at 10 hits; 'loud quiet').
    assert (("common", "rare"), 10, 500) in exact_cases
    assert (("common", "few"), 10, 500) in wrong_cases
    assert any(case[0] == ("loud", "quiet") for case in wrong_cases)


def _aggregated_rows(node: dict[str, Any]) -> list[int]:
    """The input row counts of the plan's hash aggregates summing (the scores' `GROUP BY docid`)."""
    found = []
    if node.get("operator_name", "").strip() == "HASH_GROUP_BY" and "sum(" in json.dumps(node.get("extra_info", {})):
        found.append(sum(child.get("operator_cardinality", 0) for child in node.get("children", [])))
    for child in node.get("children", []):
        found.extend(_aggregated_rows(child))
    return found


def test_the_documents_holding_only_the_frequent_term_are_not_scored(warehouse: Any) -> None:
    values = {"limit": 10, "cap": 500, "n_terms": 2, "term0": "common", "term1": "rare"}
    plans = {}
    for name, sql in (("whole", TOP_DOCS_DATED), ("pruned", TOP_DOCS_PRUNED)):
        text = sql.replace("{terms}", "$term0, $term1")
        plans[name] = _aggregated_rows(json.loads(warehouse.execute("EXPLAIN (ANALYZE, FORMAT json) " + text,
                                                                    values).fetchall()[0][1]))
    rare = len(range(0, DOCS, 7))
    assert max(plans["whole"]) == DOCS + rare  # every posting of both terms
    assert max(plans["pruned"]) == 2 * rare  # the documents holding 'rare', each with its two postings


def _semi_joins(node: dict[str, Any]) -> list[tuple[str, list[int]]]:
    """(join type, its children's row counts: probe side, then build side) of the docid semi joins."""
    found = []
    info = node.get("extra_info", {})
    if node.get("operator_name", "").strip() == "HASH_JOIN" and "SEMI" in str(info.get("Join Type", "")):
        found.append((info["Join Type"], [child.get("operator_cardinality", 0) for child in node["children"]]))
    for child in node.get("children", []):
        found.extend(_semi_joins(child))
    return found


def test_the_semi_join_is_built_on_the_other_terms_documents(warehouse: Any) -> None:
    """Not on every posting of the query: with the idf join below it, DuckDB estimated the
    postings' side at a few rows and built its hash table on them (`RIGHT_SEMI`)."""
    values = {"limit": 10, "cap": 500, "n_terms": 2, "term0": "common", "term1": "rare"}
    sql = TOP_DOCS_PRUNED.replace("{terms}", "$term0, $term1")
    plan = json.loads(warehouse.execute("EXPLAIN (ANALYZE, FORMAT json) " + sql, values).fetchall()[0][1])
    assert _semi_joins(plan) == [("SEMI", [DOCS + len(range(0, DOCS, 7)), len(range(0, DOCS, 7))])]


def test_search_gives_the_same_pages_with_and_without_pruning(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    con = open_for_write(f"ducklake:{tmp_path / 'meta.ducklake'}")
    truth = load_mirror(con)
    bodies = " ".join(r["body_text"] for rows in truth.values() for r in rows if r["language"] in ("fa", "ps"))
    joined = list(dict.fromkeys(re.findall(rf"\w+{ZWNJ}\w+", bodies)))[:3]  # `TOP_DOCS_PRUNED_ZWNJ`'s queries
    # The whole ranking: `_pruned` declines, and the ZWNJ statement's bound is never met.
    never_exact = search_module.TOP_DOCS_DATED_ZWNJ.replace("AS held\n",
                                                            "AS held, 'infinity'::DOUBLE AS frequent_idf\n")

    class Counting:
        def __init__(self) -> None:
            self.pruned: list[str] = []

        def execute(self, sql: str, params: Any = None) -> Any:
            if "frequent AS (" in sql:
                self.pruned.append("zwnj" if "words(key, part)" in sql else "plain")
            return con.execute(sql, params)

    used: set[str] = set()
    for words in ("the government", "Afghanistan government", "در کابل", "کابل ولایت", "die Regierung in",
                  "the", "Taliban und", f"{joined[0]} در", " ".join(joined), f"{joined[1]} کابل"):
        for limit in (1, 3, 10, 50):
            counting = Counting()
            with monkeypatch.context() as patch:
                patch.setattr(search_module, "_is_lake", lambda _con: True)
                ours = search(words, con=counting, limit=limit)  # type: ignore[arg-type]
                patch.setattr(search_module, "_pruned", lambda _con, _params: None)
                patch.setattr(search_module, "TOP_DOCS_PRUNED_ZWNJ", never_exact)
                whole = search(words, con=con, limit=limit)
            assert [(h["article_id"], round(h["score"], 12), h["snippet"]) for h in ours] == \
                [(h["article_id"], round(h["score"], 12), h["snippet"]) for h in whole], (words, limit)
            used.update(counting.pruned)
    assert used == {"plain", "zwnj"}
    con.close()
