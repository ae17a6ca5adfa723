"""On DuckLake a search process keeps, per lake and for the snapshot its rankings read, the index's
stats and the ids of the query terms it met (`search._LakeIndex`), so that the next rankings of
that snapshot read the postings by their ids with the stats given (no dictionary, no
`search_stats`; 10-13 ms CPU less a ranking at 500,000 articles; since lake53 the postings' parts
summed in Python, `CONTRIBUTIONS_KNOWN`: tests/unit/test_search_hot_terms.py). Every ranking
returns the snapshot it read; what was kept for another snapshot is never used for rows.

The pages must be the ones a process that keeps nothing gives (ids, order, scores to the last
bit, snippets), before and after an insert, an update, a delete and a rebuild of the index
(new stats, new df, and a rebuild numbers the terms anew), on a lake, and those of a DuckDB file
holding the same (which keeps nothing)."""

from __future__ import annotations

from typing import Any

import pytest

from newsmon.warehouse import search as search_module
from newsmon.warehouse.search import (
    CONTRIBUTIONS_KNOWN,
    TOP_DOCS_DATED,
    TOP_DOCS_DATED_ZWNJ,
    refresh_search_index,
)
from tests.warehouse_data import Recording, insert_update_delete, mirror_lake, mirror_of_kind, opening, zwnj_words
from tests.warehouse_data import fresh_search_page as fresh
from tests.warehouse_data import search_page as page

QUERIES = ["Kabul", "کابل", "Regierung Wahl", "the", "Taliban government", "ولایت", "Qwertyuiop",
           "the Kabul Regierung"]
ZWNJ_QUERIES = ["زبان\u200cها Kabul", "زده\u200cکړه the"]  # held joined; held only apart
KNOWN = opening(CONTRIBUTIONS_KNOWN)
DATED = opening(TOP_DOCS_DATED)
ZWNJ_DATED = opening(TOP_DOCS_DATED_ZWNJ)


def pages_and_statements(con: Any) -> tuple[list[list[tuple[Any, ...]]], list[str]]:
    recording = Recording(con)
    return [page(recording, q) for q in QUERIES], recording.statements


@pytest.fixture
def lake(tmp_path, monkeypatch):
    with mirror_lake(tmp_path, monkeypatch) as opened:
        yield opened


def test_the_second_ranking_of_a_snapshot_reads_the_postings_by_id_to_the_same_pages(lake):
    con, _ = lake
    first, statements = pages_and_statements(con)
    assert any(s.startswith(DATED) for s in statements)
    assert sum(s.startswith(KNOWN) for s in statements) == 1  # 'the Kabul Regierung': its terms met before
    again, statements = pages_and_statements(con)
    assert again == first and all(first[:-2])
    known = [s for s in statements if s.startswith(KNOWN)]
    assert len(known) == len(QUERIES) - 1  # all but 'Qwertyuiop', no term of the mirror
    assert not any("search_terms" in s or "search_stats" in s for s in known)
    assert [fresh(con, q) for q in QUERIES] == first


def test_after_a_load_zwnj_queries_are_the_new_snapshot_s(lake):
    con, truth = lake
    before = [page(con, q) for q in ZWNJ_QUERIES * 3]  # the third from what was kept
    assert before[:2] == before[4:] and all(before)
    insert_update_delete(con, truth)
    recording = Recording(con)
    after = [page(recording, q) for q in ZWNJ_QUERIES]
    assert after == [fresh(con, q) for q in ZWNJ_QUERIES] and after != before[:2]
    assert [page(con, q) for q in ZWNJ_QUERIES * 2] == after * 2
    assert not search_module._LAKE_INDEX  # the older snapshot's entry dropped when met


def test_after_inserts_updates_deletes_and_a_rebuild_the_pages_are_a_fresh_process_s(lake, tmp_path, monkeypatch):
    con, truth = lake
    before = [page(con, q) for q in QUERIES * 3]  # the second and third from what was kept
    file_con, _ = mirror_of_kind("duckdb", tmp_path / "file", monkeypatch)
    try:
        insert_update_delete(con, truth)
        insert_update_delete(file_con, truth)
        after = [page(con, q) for q in QUERIES]  # each made with the kept snapshot's, then again
        assert after == [fresh(con, q) for q in QUERIES] and after != before[: len(QUERIES)]
        assert [page(con, q) for q in QUERIES] == after  # now from the new snapshot's
        on_file = [page(file_con, q) for q in QUERIES]
        assert [[(a, s) for a, _, s in p] for p in after] == [[(a, s) for a, _, s in p] for p in on_file]
        assert [x for p in after for _, x, _ in p] == pytest.approx([x for p in on_file for _, x, _ in p], rel=1e-12)
        assert any(p and p[0][2].count("[Qwertyuiop]") for p in after)  # the inserted and updated words found
        con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM articles ORDER BY article_id "
                    "LIMIT 5)")
        refresh_search_index(con, force=True)  # the terms numbered anew
        rebuilt = [page(con, q) for q in QUERIES]
        assert rebuilt == [fresh(con, q) for q in QUERIES] == [page(con, q) for q in QUERIES]
        assert rebuilt != after
    finally:
        file_con.close()


def test_what_is_kept_for_one_lake_is_not_used_for_another(tmp_path, monkeypatch):
    search_module._LAKE_INDEX.clear()
    one, truth = mirror_of_kind("ducklake", tmp_path / "one", monkeypatch)
    try:
        insert_update_delete(one, truth)  # another snapshot, other stats than the second lake's
        first = [page(one, q) for q in QUERIES]
        one.close()
        other, _ = mirror_of_kind("ducklake", tmp_path / "other", monkeypatch)
        try:
            assert len(search_module._LAKE_INDEX) == 1
            pages = [page(other, q) for q in QUERIES]
            assert len(search_module._LAKE_INDEX) == 2 and pages != first
            assert pages == [fresh(other, q) for q in QUERIES]
        finally:
            other.close()
    finally:
        search_module._LAKE_INDEX.clear()


def test_zwnj_queries_made_from_what_was_kept_are_the_ranking_statement_s_pages(lake):
    """A ZWNJ query's words held joined or only apart are decided by `TOP_DOCS_DATED_ZWNJ`; once
    its snapshot's rankings know them (`_LakeIndex.held`), the postings' parts are read by id
    and summed in the order that statement sums them (`_known_zwnj`): the same pages to the last bit."""
    con, truth = lake
    words, held, apart = zwnj_words(con, truth)
    assert held and apart
    queries = [" ".join(words), held[0], apart[0], f"{held[0]} Kabul {apart[0]}", f"{apart[0]} the",
               f"{held[0]}، {apart[-1]}"]
    page(con, "Kabul")  # the snapshot's stats kept
    first = [page(con, q) for q in queries]  # the words' holding kept
    assert [page(con, q) for q in queries] == first  # and the terms' ids (`TOP_DOCS_DATED_ZWNJ_TERMS`)
    recording = Recording(con)
    again = [page(recording, q) for q in queries]
    assert again == first == [fresh(con, q) for q in queries] and all(first[:2])
    assert sum(s.startswith(KNOWN) for s in recording.statements) >= 2
    assert not any(s.startswith(ZWNJ_DATED) for s in recording.statements)
