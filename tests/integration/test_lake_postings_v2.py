"""Migration 018: on DuckLake the postings are written as Parquet version 2 (`docid`
DELTA_BINARY_PACKED instead of PLAIN: a search reads each posting of its terms, and `docid` was
most of their bytes), sorted by term then document. Storage only: every row and every page of
hits (ids, scores, snippets) is the one of a lake written before it and of a DuckDB file, after
inserts, updates, deletes and a merge of the daily files."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from newsmon.warehouse import migrate
from newsmon.warehouse.compaction import compact
from newsmon.warehouse.connection import connect
from newsmon.warehouse.search import search
from tests.integration.test_lake_compaction import FILES, _migrated_up_to
from tests.warehouse_data import copy_of_mirror, insert_update_delete, load_mirror

QUERIES = ["the", "Afghanistan government", "کابل", "در", "په", "und", "Regierung Wahl", "qwertyuiop zzzz"]
POSTINGS_TABLES = ("search_postings", "search_docs", "search_terms", "search_stats", "search_documents", "articles")
LOAD_TIMES = {"articles": "* EXCLUDE (loaded_at)", "search_documents": "* EXCLUDE (indexed_at)"}  # when, not what


def _pages(con: duckdb.DuckDBPyConnection) -> list[list[tuple]]:
    """Each query's pages of 1, 10 and 50 hits: ids, scores (rounded: the sums' last bits may
    differ between orders, never by 1e-9) and snippets."""
    return [[(r["article_id"], round(r["score"], 9), r["snippet"]) for r in search(q, con=con, limit=limit)]
            for q in QUERIES for limit in (1, 10, 50)]


def _rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Every row of the index tables and of articles (sorted, as text), load times left out."""
    return {table: sorted(map(str, con.execute(f"SELECT {LOAD_TIMES.get(table, '*')} FROM {table}").fetchall()))  # noqa: S608 - constants
            for table in POSTINGS_TABLES}


def _versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """The Parquet format versions of the postings' files."""
    files = [r[0] for r in con.execute(FILES, ["search_postings"]).fetchall()]
    assert files, "the postings have files (not only inlined rows)"
    versions = con.execute("SELECT DISTINCT format_version FROM parquet_file_metadata(?)", [files]).fetchall()
    return {r[0] for r in versions}


def _in_term_then_document_order(con: duckdb.DuckDBPyConnection, files: int | None = None) -> bool:
    """Whether each postings file holds its rows by term, then document (and there are `files`)."""
    names = [r[0] for r in con.execute(FILES, ["search_postings"]).fetchall()]
    keys = [con.execute("SELECT termid, docid FROM read_parquet(?, file_row_number = true) ORDER BY file_row_number",
                        [name]).fetchall() for name in names]
    return all(k == sorted(k) for k in keys) and max(map(len, keys)) > 1000 and files in (None, len(names))


def _lake(tmp_path, name: str, last: int | None, monkeypatch) -> duckdb.DuckDBPyConnection:
    """A new lake in `tmp_path / name`, migrated up to `last` (None: every migration)."""
    home = tmp_path / name
    home.mkdir()
    monkeypatch.setenv("NEWSMON_HOME", str(home))
    con = connect(f"ducklake:{home / 'meta.ducklake'}")
    if last is None:
        migrate.migrate(con)
    else:
        _migrated_up_to(con, last, home / "migrations")
    return con


def changed_then_merged(old: duckdb.DuckDBPyConnection, new: duckdb.DuckDBPyConnection,
                        file_con: duckdb.DuckDBPyConnection, truth) -> None:
    """The same rows and pages on a lake of an older migration, a lake of the last and a DuckDB
    file holding the same data; again after the same inserts, updates and deletes; then the
    lakes' daily files merged (the caller looks at the merged files and the pages after)."""
    assert _pages(new) == _pages(old) == _pages(file_con) and _rows(new) == _rows(old)
    for con in (old, new, file_con):
        insert_update_delete(con, truth)
    assert _pages(new) == _pages(old) == _pages(file_con) and _rows(new) == _rows(old)
    assert any(r[0].startswith("new-") for page in _pages(new) for r in page)
    for con in (old, new):
        compact(con, least=2)


def upgraded_then_merged(con: duckdb.DuckDBPyConnection, versions: list[int], before_merge: Callable[[], bool],
                         after_merge: Callable[[], bool]) -> None:
    """A lake of an older migration, holding data: migrated to the last (`versions` applied) with
    no row or page changed and its files as they were (`before_merge`), then its daily files
    merged with no row or page changed and the merged file written the new way (`after_merge`)."""
    before = (_rows(con), _pages(con))
    assert migrate.migrate(con) == versions
    assert (_rows(con), _pages(con)) == before and before_merge()
    compact(con, least=2)
    assert after_merge() and (_rows(con), _pages(con)) == before


def test_postings_are_written_v2_and_every_row_and_page_stays_the_same(tmp_path, monkeypatch):
    """The same loads, changes and merge on a lake of 017 (version 1 files), on a lake of this
    version and on a DuckDB file: the same rows and pages; only this version's files are v2."""
    old, new = _lake(tmp_path, "old", 17, monkeypatch), _lake(tmp_path, "new", None, monkeypatch)
    file_con, _ = copy_of_mirror(tmp_path / "w.duckdb")
    try:
        truth = load_mirror(old)
        load_mirror(new)
        assert _versions(old) == {1} and _versions(new) == {2}
        changed_then_merged(old, new, file_con, truth)
        assert _versions(new) == {2} and _versions(old) == {1} and _in_term_then_document_order(new)
        assert _pages(new) == _pages(old) == _pages(file_con) and _rows(new) == _rows(old)
    finally:
        for con in (old, new, file_con):
            con.close()


def test_018_on_an_older_lake_changes_no_row_and_its_next_merge_writes_v2(tmp_path, monkeypatch):
    """Migration 018 on a lake of 017 holding the mirror: the option and the sort order only (the
    files it holds stay version 1: rewriting every posting would hold a load for minutes at a
    million articles); the next merge writes them as version 2, in term then document order."""
    con = _lake(tmp_path, "lake", 17, monkeypatch)
    try:
        load_mirror(con)
        upgraded_then_merged(
            con, [18, 19, 20],
            lambda: _versions(con) == {1} and con.execute(
                "SELECT value FROM lake.options() WHERE option_name = 'parquet_version' "
                "AND scope_entry = 'main.search_postings'").fetchall() == [("V2",)],
            lambda: _versions(con) == {2} and _in_term_then_document_order(con, files=1))
    finally:
        con.close()


def migration_parts(tmp_path, version: int) -> tuple[str, str]:
    """Migration `version`'s script as a DuckDB file runs it and as a lake does, once a copy of
    the mirror's file shows it applied (a DuckDB-file migration that does nothing)."""
    con, _ = copy_of_mirror(tmp_path / "w.duckdb")
    try:
        assert version in {r[0] for r in con.execute("SELECT version FROM schema_version").fetchall()}
    finally:
        con.close()
    script = next(m for m in migrate.available_migrations() if m.version == version).path.read_text(encoding="utf-8")
    return migrate.for_kind(script, "duckdb"), migrate.for_kind(script, "ducklake")


def test_018_leaves_a_duckdb_file_alone(tmp_path):
    on_file, on_lake = migration_parts(tmp_path, 18)
    assert "SORTED BY" not in on_file and "parquet_version" not in on_file
    assert "SORTED BY" in on_lake and "parquet_version" in on_lake
