"""On DuckLake a search process sums the scores itself from the postings' parts (`search._hot_ranking`)
once it knows a snapshot's stats, and keeps the parts of the frequent terms (`HOT_POSTINGS` postings
or more, within `HOT_BYTES`) for that snapshot, so that a query never reads nor scores a held term's
postings again: at a million articles a heavy query's ranking statement spent most of its time on
them (docs/scaling-history.md). No exact bound could skip them inside a statement.

The pages must stay the ranking statement's (`TOP_DOCS_DATED`, a process that keeps nothing): the
same ids in the same order, scores to the last bit, the same snippets, before and after an insert,
an update, a delete and a rebuild of the index (which numbers the terms anew), and those of a DuckDB
file holding the same (which never takes this path) to 1e-12."""

from __future__ import annotations

from typing import Any

import pytest

from newsmon.warehouse import search as search_module
from newsmon.warehouse.search import (
    CONTRIBUTIONS_KNOWN,
    HOT_DOCS,
    TOP_DOCS_DATED,
    TOP_DOCS_KNOWN,
    refresh_search_index,
)
from tests.warehouse_data import Recording, insert_update_delete, mirror_lake, mirror_of_kind, opening
from tests.warehouse_data import fresh_search_page as fresh
from tests.warehouse_data import search_page as page

QUERIES = ["Kabul", "the", "Regierung Wahl", "the Kabul Regierung", "Taliban government", "کابل", "ولایت",
           "the of and", "Qwertyuiop", "the Qwertyuiop"]
DATED = opening(TOP_DOCS_DATED)
KNOWN = opening(CONTRIBUTIONS_KNOWN)
DOCS = opening(HOT_DOCS)


def held(con: Any) -> dict[int, Any]:
    return next(iter(search_module._LAKE_INDEX.values())).hot if search_module._LAKE_INDEX else {}


@pytest.fixture
def lake(tmp_path, monkeypatch):
    with mirror_lake(tmp_path, monkeypatch) as opened:
        yield opened


@pytest.mark.parametrize("hot_postings", [1, 20, 10**9])  # every term held; the frequent ones; none
def test_pages_summed_from_the_parts_are_the_ranking_statement_s(lake, tmp_path, monkeypatch, hot_postings):
    monkeypatch.setattr(search_module, "HOT_POSTINGS", hot_postings)
    con, truth = lake
    file_con, _ = mirror_of_kind("duckdb", tmp_path / "file", monkeypatch)
    try:
        before = [page(con, q) for q in QUERIES * 3]  # the first a statement's, then the parts'
        assert before[: len(QUERIES)] == before[len(QUERIES):2 * len(QUERIES)] == before[2 * len(QUERIES):]
        assert before[: len(QUERIES)] == [fresh(con, q) for q in QUERIES] and all(before[:8])
        assert (len(held(con)) > 0) == (hot_postings < 10**9)
        insert_update_delete(con, truth)
        insert_update_delete(file_con, truth)
        after = [page(con, q) for q in QUERIES]  # the kept snapshot's parts are not the new one's
        assert after == [fresh(con, q) for q in QUERIES] == [page(con, q) for q in QUERIES]
        assert after != before[: len(QUERIES)] and any(p and "[Qwertyuiop]" in p[0][2] for p in after)
        on_file = [page(file_con, q) for q in QUERIES]
        assert [[(a, s) for a, _, s in p] for p in after] == [[(a, s) for a, _, s in p] for p in on_file]
        assert [x for p in after for _, x, _ in p] == pytest.approx([x for p in on_file for _, x, _ in p], rel=1e-12)
        con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM articles ORDER BY article_id "
                    "LIMIT 5)")
        refresh_search_index(con, force=True)  # the terms numbered anew
        rebuilt = [page(con, q) for q in QUERIES]
        assert rebuilt == [fresh(con, q) for q in QUERIES] == [page(con, q) for q in QUERIES] != after
    finally:
        file_con.close()


def test_a_held_term_s_postings_are_not_read_again(lake, monkeypatch):
    """What the cut-off buys: once 'the' is held, a query of it reads no posting at all (the page's
    documents only), and 'the Kabul' reads only Kabul's, by id."""
    con, _ = lake
    the = con.execute("SELECT termid FROM search_terms WHERE term = 'the'").fetchone()[0]
    kabul = con.execute("SELECT termid FROM search_terms WHERE term = 'kabul'").fetchone()[0]
    postings = dict(con.execute("SELECT termid, count(*) FROM search_postings WHERE termid IN (?, ?) GROUP BY termid",
                                [the, kabul]).fetchall())
    assert postings[the] > postings[kabul]
    monkeypatch.setattr(search_module, "HOT_POSTINGS", postings[the])
    first = [page(con, q) for q in ("Kabul", "the", "the Kabul")]
    assert set(held(con)) == {the}
    recording = Recording(con)
    assert [page(recording, q) for q in ("Kabul", "the", "the Kabul")] == first
    reads = [s for s in recording.statements if "search_postings" in s]
    assert len(reads) == 2 and all(s.startswith(KNOWN) for s in reads)  # 'Kabul' twice, never 'the'
    # 'Kabul' alone, known rare: summed by its one statement (`TOP_DOCS_KNOWN`, documents included)
    assert reads[0].startswith(opening(TOP_DOCS_KNOWN)) and "search_docs" in reads[0]
    assert sum(s.startswith(DOCS) for s in recording.statements) == 2
    assert not any(s.startswith(DATED) or "search_stats" in s or "search_terms" in s for s in recording.statements)


def test_the_memory_bound_keeps_no_more(lake, monkeypatch):
    monkeypatch.setattr(search_module, "HOT_POSTINGS", 1)
    monkeypatch.setattr(search_module, "HOT_BYTES", 4096)
    con, _ = lake
    pages = [page(con, q) for q in QUERIES * 2]
    entry = next(iter(search_module._LAKE_INDEX.values()))
    assert 0 < entry.hot_bytes <= 4096 and sum(p.nbytes for p in entry.hot.values()) == entry.hot_bytes
    assert pages[len(QUERIES):] == pages[: len(QUERIES)] == [fresh(con, q) for q in QUERIES]


def test_a_floor_shared_by_the_cap_goes_the_two_statement_way(lake, monkeypatch):
    """As many documents as the cap at the page's floor: the ties are ranked by `TOP_DOCS` and
    `DOCS_BY_ID`, as `TOP_DOCS_DATED`'s `in_top` sends them."""
    monkeypatch.setattr(search_module, "HOT_POSTINGS", 1)
    monkeypatch.setattr(search_module, "TOP_DOCS_CAP", 3)
    con, _ = lake
    first = [page(con, q) for q in QUERIES]
    recording = Recording(con)
    assert [page(recording, q) for q in QUERIES] == first == [fresh(con, q) for q in QUERIES]
    assert any(s.startswith(" ".join(search_module.DOCS_BY_ID.split()).split("{", 1)[0]) for s in recording.statements)
