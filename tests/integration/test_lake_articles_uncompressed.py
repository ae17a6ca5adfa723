"""Migration 019: on DuckLake the articles' files are written uncompressed (a search's page
decodes each hit's whole 2,048-row group of `body_text`, and LZ4_RAW decompression was half of
that statement). Storage only: every row and every page of hits (ids, scores, snippets) is the
one of a lake written before it and of a DuckDB file, after inserts, updates, deletes and a
merge of the daily files; the other tables stay LZ4_RAW."""

from __future__ import annotations

from tests.integration.test_lake_compaction import TABLES, _codecs
from tests.integration.test_lake_postings_v2 import (
    _lake,
    _pages,
    _rows,
    changed_then_merged,
    migration_parts,
    upgraded_then_merged,
)
from tests.warehouse_data import copy_of_mirror, load_mirror

OPTION = ("SELECT value FROM lake.options() WHERE option_name = 'parquet_compression' "
          "AND scope_entry = 'main.articles'")


# A copy of every stored article under new ids, in one statement: the mirror's daily loads are
# small enough for DuckLake to inline their rows in the catalog (no Parquet file to look at);
# more than 10 rows at once are written to a file. Done alike on every warehouse compared.
BULK = """
INSERT INTO articles SELECT * REPLACE ($tag || article_id AS article_id, 'https://bulk.example/' || $tag || url AS url)
FROM articles WHERE NOT starts_with(article_id, 'bulk')
"""


def _bulk(*cons) -> None:
    for tag in ("bulk1-", "bulk2-"):  # two files: a merge has something to merge
        for con in cons:
            con.execute(BULK, {"tag": tag})


def _others_lz4(con) -> bool:
    return all(_codecs(con, table) <= {"LZ4_RAW"} for table in TABLES if table != "articles")


def test_articles_are_written_uncompressed_and_every_row_and_page_stays_the_same(tmp_path, monkeypatch):
    """The same loads, changes and merge on a lake of 018 (LZ4_RAW articles), on a lake of this
    version and on a DuckDB file: the same rows and pages; only this version's articles are
    uncompressed."""
    old, new = _lake(tmp_path, "old", 18, monkeypatch), _lake(tmp_path, "new", None, monkeypatch)
    file_con, _ = copy_of_mirror(tmp_path / "w.duckdb")
    try:
        truth = load_mirror(old)
        load_mirror(new)
        _bulk(old, new, file_con)
        assert _codecs(old, "articles") == {"LZ4_RAW"} and _codecs(new, "articles") == {"UNCOMPRESSED"}
        assert _others_lz4(new) and _codecs(new, "search_postings") == {"LZ4_RAW"}
        changed_then_merged(old, new, file_con, truth)
        assert _codecs(new, "articles") == {"UNCOMPRESSED"} and _codecs(old, "articles") == {"LZ4_RAW"}
        assert _others_lz4(new)
        assert _pages(new) == _pages(old) == _pages(file_con) and _rows(new) == _rows(old)
    finally:
        for con in (old, new, file_con):
            con.close()


def test_019_on_an_older_lake_changes_no_row_and_its_next_merge_writes_articles_uncompressed(tmp_path, monkeypatch):
    """Migration 019 on a lake of 018 holding the mirror: the table option only (the files it holds
    stay LZ4_RAW: rewriting every article would hold a load for minutes at a million articles);
    the next merge writes the articles uncompressed."""
    con = _lake(tmp_path, "lake", 18, monkeypatch)
    try:
        load_mirror(con)
        _bulk(con)
        assert con.execute(OPTION).fetchall() == []
        upgraded_then_merged(
            con, [19, 20],
            lambda: _codecs(con, "articles") == {"LZ4_RAW"} and con.execute(OPTION).fetchall() == [("uncompressed",)],
            lambda: _codecs(con, "articles") == {"UNCOMPRESSED"} and _others_lz4(con))
    finally:
        con.close()


def test_019_leaves_a_duckdb_file_alone(tmp_path):
    on_file, on_lake = migration_parts(tmp_path, 19)
    assert "parquet_compression" not in on_file and "parquet_compression" in on_lake
