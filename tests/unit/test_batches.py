"""`batches.count_for_load`: which of the load's tables exist and which per-article tables hold
one row per article but the batch's, on a real DuckDB file (a warehouse not migrated yet lacks
tables; an article removed by hand leaves a table out of step)."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from newsmon.warehouse.batches import BatchCounts, count_for_load, holds, holds_all_but_batch


def warehouse(tmp_path, tables: list[str]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for name in ["articles", *tables]:
        con.execute(f"CREATE TABLE {name} (article_id VARCHAR)")  # noqa: S608 - names of this test
    con.execute("INSERT INTO articles VALUES ('a'), ('b'), ('c'), ('new1'), ('new2')")  # the batch inserted
    con.register("batch", pa.table({"article_id": ["new1", "new2"]}))
    return con


def test_only_the_present_tables_are_counted_and_each_answer_is_its_own_count(tmp_path):
    con = warehouse(tmp_path, ["search_documents", "article_minhash", "search_postings"])
    con.execute("INSERT INTO search_documents VALUES ('a'), ('b'), ('c')")
    con.execute("INSERT INTO article_minhash VALUES ('a'), ('b')")  # one removed by hand: out of step
    counts = count_for_load(con, "batch", batch_is_new=True)
    assert counts == BatchCounts(frozenset({"search_documents", "article_minhash", "search_postings"}),
                                 frozenset({"search_documents"}), 3)
    for table in ["search_documents", "article_minhash"]:
        assert holds(con, table, "batch", counts) == holds_all_but_batch(con, table, "batch")
    assert not holds(con, "topic_documents", "batch", counts)  # absent: never held


def test_a_batch_not_all_new_is_not_counted_and_no_table_at_all_is_fine(tmp_path):
    con = warehouse(tmp_path, ["search_documents"])
    con.execute("INSERT INTO search_documents VALUES ('a'), ('b'), ('c')")
    assert count_for_load(con, "batch", batch_is_new=False) == BatchCounts(frozenset({"search_documents"}))
    con.close()
    other = duckdb.connect(str(tmp_path / "bare.duckdb"))
    other.execute("CREATE TABLE articles (article_id VARCHAR)")
    other.register("batch", pa.table({"article_id": ["x"]}))
    assert count_for_load(other, "batch", batch_is_new=True) == BatchCounts(frozenset())
