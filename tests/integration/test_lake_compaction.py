"""Compaction of a real local-catalog DuckLake (newsmon.warehouse.compaction): the mirror's daily
loads leave one small file per table and day; `compact` merges them into one file per table,
sorted as migration 016 asks, without changing a row, a search result or the in-step mark."""

from __future__ import annotations

import duckdb
import pytest

from newsmon.warehouse import lake_snapshots, open_for_write
from newsmon.warehouse.compaction import compact
from newsmon.warehouse.search import search
from tests.warehouse_data import copy_of_mirror, load_mirror

TABLES = ("articles", "search_postings", "search_docs", "search_terms", "article_lsh_bands", "term_counts_daily",
          "top_terms_daily", "search_documents", "article_minhash")
QUERIES = ["Kabul", "کابل", "Regierung Wahl", "افغانستان طالبان", "د افغانستان", "the"]
FILES = "SELECT data_file FROM ducklake_list_files('lake', ?)"


def snapshot(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, list[tuple]], dict[tuple[str, int], list[tuple]]]:
    """Every row of the tables (sorted, as text: nothing depends on the files' order) and each
    query's page of hits (ids and scores) for pages of 10 and of 1,000."""
    rows = {t: sorted(map(str, con.execute(f"SELECT * FROM {t}").fetchall())) for t in TABLES}  # noqa: S608 - constants
    hits = {(q, limit): [(r["article_id"], round(r["score"], 9), r["snippet"]) for r in search(q, con=con, limit=limit)]
            for q in QUERIES for limit in (10, 1000)}
    return rows, hits


@pytest.fixture
def lake(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    con = open_for_write(f"ducklake:{tmp_path / 'meta.ducklake'}")
    load_mirror(con)
    yield con
    con.close()


def test_compaction_merges_the_daily_files_sorted_and_changes_no_row_nor_result(lake):
    con = lake
    before = {t: len(con.execute(FILES, [t]).fetchall()) for t in TABLES}
    assert before["search_postings"] >= 10, before  # one file a day of the mirror
    rows, hits = snapshot(con)
    assert all(hits[(q, 10)] for q in ("Kabul", "کابل"))

    done = compact(con, least=2)
    assert done.tables["search_postings"] == (before["search_postings"], 1), done
    after = {t: len(con.execute(FILES, [t]).fetchall()) for t in TABLES}
    assert after["search_postings"] == 1 and all(after[t] <= before[t] for t in TABLES), after
    assert snapshot(con) == (rows, hits)

    # written in the order migration 016 set: postings by term id (one file, so its rows in order)
    merged = con.execute(FILES, ["search_postings"]).fetchone()[0]
    termids = [r[0] for r in con.execute("SELECT termid FROM read_parquet(?)", [merged]).fetchall()]
    assert termids == sorted(termids) and len(set(termids)) > 100

    # a merge changes no row: the next load still skips the whole-history check
    con.begin()
    assert lake_snapshots.undisturbed(con)
    con.rollback()
    assert compact(con, least=2).tables == {}  # nothing left to merge


def test_the_lake_tables_carry_their_sort_order_and_a_duckdb_file_is_left_alone(lake, tmp_path):
    sorted_by = lake.execute(f"""
        SELECT t.table_name, string_agg(e.expression, ', ' ORDER BY e.sort_key_index)
        FROM {lake_snapshots.METADATA}.ducklake_sort_expression e
        JOIN {lake_snapshots.METADATA}.ducklake_sort_info i USING (sort_id)
        JOIN {lake_snapshots.METADATA}.ducklake_table t ON t.table_id = i.table_id AND t.end_snapshot IS NULL
        WHERE i.end_snapshot IS NULL GROUP BY t.table_name""").fetchall()  # noqa: S608 - the alias, a constant
    assert dict(sorted_by) == {"search_postings": "termid, docid", "search_docs": "docid",
                               "articles": "published_date, article_id", "search_terms": "term"}
    con, _ = copy_of_mirror(tmp_path / "w.duckdb")
    try:
        rows = con.execute("SELECT count(*), sum(hash(docid, termid, tf)) FROM search_postings").fetchone()
        assert compact(con, least=1).tables == {}
        assert con.execute("SELECT count(*), sum(hash(docid, termid, tf)) FROM search_postings").fetchone() == rows
    finally:
        con.close()


def test_a_lake_made_before_016_gets_its_search_docs_written_again_sorted_in_small_groups(tmp_path, monkeypatch):
    """Migration 016 writes `search_docs` again on a lake made before it: the same rows, sorted by
    docid, in 2,048-row groups (a search reads its page's documents by docid)."""
    import shutil

    from newsmon.warehouse import migrate
    from newsmon.warehouse.connection import connect

    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    before = tmp_path / "migrations"
    before.mkdir()
    for m in migrate.available_migrations():
        if m.version < 16:
            shutil.copy(m.path, before / m.path.name)
    con = connect(f"ducklake:{tmp_path / 'meta.ducklake'}")
    try:
        migrate.migrate(con, before)
        con.execute("""
            INSERT INTO search_docs (docid, article_id, len, source, language, published_date)
            SELECT (i * 7919) % 5000, md5(i::VARCHAR), 10, 'afgazad', 'fa', DATE '2020-01-01' FROM range(5000) r(i)""")
        rows = sorted(con.execute("SELECT * FROM search_docs").fetchall())
        assert 16 in migrate.migrate(con)
        assert sorted(con.execute("SELECT * FROM search_docs").fetchall()) == rows
        files = [r[0] for r in con.execute(FILES, ["search_docs"]).fetchall()]
        groups = con.execute("SELECT max(row_group_num_rows), count(DISTINCT row_group_id) FROM parquet_metadata(?)",
                             [files]).fetchone()
        assert groups == (migrate.LAKE_ROW_GROUP_ROWS, 3)
        docids = [r[0] for r in con.execute("SELECT docid FROM read_parquet(?)", [files]).fetchall()]
        assert docids == sorted(docids) == list(range(5000))
    finally:
        con.close()


def _migrated_up_to(con: duckdb.DuckDBPyConnection, last: int, directory) -> None:
    """`con`'s new lake migrated with the migrations up to `last` only (a lake of an older newsmon)."""
    import shutil

    from newsmon.warehouse import migrate

    directory.mkdir()
    for m in migrate.available_migrations():
        if m.version <= last:
            shutil.copy(m.path, directory / m.path.name)
    migrate.migrate(con, directory)


def _codecs(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    """The codecs of `table`'s Parquet files (none for a table whose rows are all inlined in the catalog)."""
    files = [r[0] for r in con.execute(FILES, [table]).fetchall()]
    if not files:
        return set()
    return {r[0] for r in con.execute("SELECT DISTINCT compression FROM parquet_metadata(?)", [files]).fetchall()}


def test_017_writes_lz4_and_the_dictionary_sorted_by_term_and_changes_no_row_nor_result(tmp_path, monkeypatch):
    """Migration 017 on a lake of an older newsmon (the mirror loaded, Snappy files, the dictionary
    in one unsorted file a day): every row and every search page (ids, scores, snippets) as
    before; `search_terms` written again in one file sorted by term, in 16,384-row groups, LZ4_RAW;
    and every file DuckLake writes after it (a load, a merge) LZ4_RAW."""
    from newsmon.warehouse import migrate
    from newsmon.warehouse.connection import connect

    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    con = connect(f"ducklake:{tmp_path / 'meta.ducklake'}")
    try:
        _migrated_up_to(con, 16, tmp_path / "migrations")
        load_mirror(con)
        # and dictionary rows enough for two row groups (no posting names them: no page changes)
        con.execute("INSERT INTO search_terms SELECT 10000000 + i, 'zz' || (i * 7919 % 20000) FROM range(20000) r(i)")
        assert _codecs(con, "search_terms") == {"SNAPPY"}
        assert len(con.execute(FILES, ["search_terms"]).fetchall()) >= 10
        before = snapshot(con)

        assert migrate.migrate(con) == [17, 18, 19, 20]
        assert snapshot(con) == before
        (terms_file,) = [r[0] for r in con.execute(FILES, ["search_terms"]).fetchall()]
        terms = [r[0] for r in con.execute("SELECT term FROM read_parquet(?)", [terms_file]).fetchall()]
        assert terms == sorted(terms) and len(terms) > migrate.LAKE_TERMS_ROW_GROUP_ROWS
        assert con.execute("SELECT max(row_group_num_rows) FROM parquet_metadata(?)", [terms_file]).fetchone() == (
            migrate.LAKE_TERMS_ROW_GROUP_ROWS,)
        assert _codecs(con, "search_terms") == {"LZ4_RAW"}
        assert _codecs(con, "search_postings") == {"SNAPPY"}  # older files stay until written again

        compact(con, least=2)
        assert _codecs(con, "search_postings") == {"LZ4_RAW"} and snapshot(con) == before
    finally:
        con.close()


def test_a_new_lake_writes_lz4(lake):
    """LZ4_RAW lake-wide (017), but the articles uncompressed (019)."""
    assert lake.execute("SELECT value, scope_entry FROM lake.options() WHERE option_name = 'parquet_compression' "
                        "ORDER BY scope_entry NULLS FIRST").fetchall() == [("lz4_raw", None),
                                                                           ("uncompressed", "main.articles")]
    codecs = {table: _codecs(lake, table) for table in TABLES}
    assert codecs["search_postings"] == codecs["search_terms"] == {"LZ4_RAW"}, codecs
    assert codecs.pop("articles") <= {"UNCOMPRESSED"}  # the mirror's articles may all be inlined
    assert set().union(*codecs.values()) == {"LZ4_RAW"}, codecs


def test_a_lake_session_keeps_the_parquet_footers_it_read(lake, tmp_path):
    """`connection.SET_METADATA_CACHE` on every lake session, writers and (sandboxed) readers."""
    from newsmon.warehouse import connect_with_retry

    assert lake.execute("SELECT current_setting('parquet_metadata_cache')").fetchone() == (True,)
    lake.close()
    reader = connect_with_retry(f"ducklake:{tmp_path / 'meta.ducklake'}", read_only=True)
    try:
        assert reader.execute("SELECT current_setting('parquet_metadata_cache')").fetchone() == (True,)
    finally:
        reader.close()


def test_the_catalog_statistics_tell_a_column_of_one_value_and_a_scheme_change_still_clears(lake):
    """lake_snapshots.holds_only reads DuckLake's column statistics: true while every signature
    has one scheme, false (never wrongly true) once another was stored, even after it is gone
    (the statistics only widen); the near-duplicate refresh still sees a changed scheme."""
    from newsmon.warehouse import near_duplicates as nd

    con = lake
    (name,) = {r[0] for r in con.execute("SELECT DISTINCT scheme FROM article_minhash").fetchall()}
    count = con.execute("SELECT count(*) FROM article_minhash").fetchone()[0]
    assert count > 10 and lake_snapshots.holds_only(con, "article_minhash", "scheme", name)
    assert not lake_snapshots.holds_only(con, "article_minhash", "scheme", name + "x")
    assert not lake_snapshots.holds_only(con, "article_minhash", "no_such_column", name)

    other = nd.scheme_for(0.8)
    assert other.name != name
    con.begin()
    nd.refresh_near_duplicates(con, threshold=0.8)
    con.commit()
    assert con.execute("SELECT DISTINCT scheme, count(*) FROM article_minhash GROUP BY ALL").fetchall() == [
        (other.name, count)]
    assert not lake_snapshots.holds_only(con, "article_minhash", "scheme", other.name)  # widened to both

    con.begin()
    nd.refresh_near_duplicates(con)  # back to the setting's scheme: every signature made again
    con.commit()
    assert con.execute("SELECT DISTINCT scheme, count(*) FROM article_minhash GROUP BY ALL").fetchall() == [
        (name, count)]


def test_the_catalog_statistics_tell_nothing_on_a_duckdb_file(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE TABLE article_minhash (scheme VARCHAR)")
    con.execute("INSERT INTO article_minhash VALUES ('a')")
    assert not lake_snapshots.holds_only(con, "article_minhash", "scheme", "a")
