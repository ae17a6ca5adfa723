"""Migration 020: on DuckLake the postings are written in row groups of 491,520 rows (a search's
ranking checks every postings row group's statistics for its terms: at a million articles ~1,140
groups of DuckDB's 122,880, ~10 ms a ranking statement). Storage only: every row and every page
of hits (ids, scores, snippets) is the one of a lake written before it and of a DuckDB file,
after inserts, updates, deletes and a merge of the daily files; a postings file written after it
holds more than 122,880 rows in a group, one written before it does not."""

from __future__ import annotations

import duckdb

from tests.integration.test_lake_compaction import FILES
from tests.integration.test_lake_postings_v2 import (
    _lake,
    _pages,
    _rows,
    changed_then_merged,
    migration_parts,
    upgraded_then_merged,
)
from tests.warehouse_data import copy_of_mirror, load_mirror

OPTION = ("SELECT value FROM lake.options() WHERE option_name = 'parquet_row_group_size' "
          "AND scope_entry = 'main.search_postings'")
# Postings of terms no query of the tests holds (termids far above the mirror's), in term then
# document order as a merge writes them: more rows than DuckDB's default row group.
MANY_POSTINGS = 200_000
INSERT_MANY = """
INSERT INTO search_postings (termid, docid, tf, len)
SELECT 10000000 + i // 1000, i, 1, 10 FROM range($n) t(i) ORDER BY 1, 2
"""


def _largest_group(con: duckdb.DuckDBPyConnection) -> int:
    """The most rows any row group of the postings' files holds."""
    files = [r[0] for r in con.execute(FILES, ["search_postings"]).fetchall()]
    assert files, "the postings have files (not only inlined rows)"
    return con.execute("SELECT max(row_group_num_rows) FROM parquet_metadata(?)", [files]).fetchone()[0]


def _many_postings(con: duckdb.DuckDBPyConnection) -> int:
    """The most rows a row group of the postings holds once MANY_POSTINGS more are written on one
    thread (a file of their own; the caller's last look at the lake)."""
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    con.execute("SET threads = 1")
    try:
        con.execute(INSERT_MANY, {"n": MANY_POSTINGS})
    finally:
        con.execute(f"SET threads = {int(threads)}")
    return _largest_group(con)


def test_postings_groups_are_larger_and_every_row_and_page_stays_the_same(tmp_path, monkeypatch):
    """The same loads, changes and merge on a lake of 019 and on a lake of this version, and on a
    DuckDB file: the same rows and pages; only this version writes groups over 122,880 rows."""
    old, new = _lake(tmp_path, "old", 19, monkeypatch), _lake(tmp_path, "new", None, monkeypatch)
    file_con, _ = copy_of_mirror(tmp_path / "w.duckdb")
    try:
        truth = load_mirror(old)
        load_mirror(new)
        assert old.execute(OPTION).fetchall() == [] and new.execute(OPTION).fetchall() == [("491520",)]
        changed_then_merged(old, new, file_con, truth)
        assert _pages(new) == _pages(old) == _pages(file_con) and _rows(new) == _rows(old)
        assert _many_postings(old) == 122_880 and _many_postings(new) == MANY_POSTINGS
    finally:
        for con in (old, new, file_con):
            con.close()


def test_020_on_an_older_lake_changes_no_row_and_sets_the_option(tmp_path, monkeypatch):
    """Migration 020 on a lake of 019 holding the mirror: the table option only (the files it
    holds keep their groups: rewriting ~140 M postings at a million articles is no migration's
    work); a merge after it changes no row or page."""
    con = _lake(tmp_path, "lake", 19, monkeypatch)
    try:
        load_mirror(con)
        upgraded_then_merged(con, [20], lambda: con.execute(OPTION).fetchall() == [("491520",)],
                             lambda: _largest_group(con) < 122_880)
        assert _many_postings(con) == MANY_POSTINGS
    finally:
        con.close()


def test_020_leaves_a_duckdb_file_alone(tmp_path):
    on_file, on_lake = migration_parts(tmp_path, 20)
    assert "parquet_row_group_size" not in on_file and "search_postings" not in on_file
    assert "'parquet_row_group_size', 491520, table_name => 'search_postings'" in on_lake
