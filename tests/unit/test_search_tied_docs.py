"""A page whose floor more than 50 documents share (ties) reads only their row groups of
`search_docs` on DuckLake: the ranked docids reach the scan as a filter up to the lake session's
`dynamic_or_filter_threshold` (`connection.LAKE_OR_FILTER_KEYS`, the ranking's cap). With DuckDB's
default of 50 only their min and max did, and every row group was read (at a million articles
978,360 rows, 46 ms of a 77 ms ranking: docs/scaling-history.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmon.warehouse import open_for_write
from newsmon.warehouse.connection import LAKE_OR_FILTER_KEYS, ReaderLimits, connect_with_retry
from newsmon.warehouse.search import TOP_DOCS_CAP, _dated_top_docs

GROUP = 2048  # `migrate` gives `search_docs` 2,048-row groups on DuckLake
GROUPS = 10
TIED_GROUPS = (1, 4, 7)
TIED_PER_GROUP = 40  # 120 tied documents: over DuckDB's default of 50, under the cap
TIED = [g * GROUP + i for g in TIED_GROUPS for i in range(TIED_PER_GROUP)]
FILL_DOCS = """
INSERT INTO search_docs (docid, article_id, len, source, language, published_date)
SELECT i, printf('a%06d', i), 10, 'src', 'en', DATE '2020-01-01' FROM range($n) r(i) ORDER BY i
"""
FILL_POSTINGS = "INSERT INTO search_postings (termid, docid, tf, len) SELECT 0, unnest($docids), 1, 10"
FILL_TERMS = "INSERT INTO search_terms (termid, term) VALUES (0, 'alpha'), (1, 'beta')"
FILL_STATS = "INSERT INTO search_stats (num_docs, total_len, text_form) VALUES ($n, $n * 10, NULL)"
DOCS_FILES = "SELECT data_file FROM ducklake_list_files('lake', 'search_docs')"
ROW_GROUPS = """
SELECT row_group_id, min(coalesce(dictionary_page_offset, data_page_offset)),
       max(coalesce(dictionary_page_offset, data_page_offset) + total_compressed_size)
FROM parquet_metadata(?) GROUP BY row_group_id ORDER BY row_group_id
"""
READ_AT = "SELECT location FROM duckdb_external_file_cache() WHERE path = ?"


@pytest.fixture()
def lake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A local-catalog lake whose index holds GROUPS row groups of documents and one word,
    'alpha', in 120 of them, all with the same tf and length (so the same score)."""
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    catalog = tmp_path / "meta.ducklake"
    con = open_for_write(f"ducklake:{catalog}")
    con.execute("DELETE FROM search_stats")
    con.execute(FILL_DOCS, {"n": GROUPS * GROUP})
    con.execute(FILL_POSTINGS, {"docids": TIED})
    con.execute(FILL_TERMS)
    con.execute(FILL_STATS, {"n": GROUPS * GROUP})
    con.close()
    return catalog


def test_the_cap_and_the_lake_session_s_filter_keys_agree(lake: Path) -> None:
    """Readers (a search's own) and writers alike: a search runs on either."""
    assert TOP_DOCS_CAP == LAKE_OR_FILTER_KEYS > 50
    for opened in (lambda: connect_with_retry(f"ducklake:{lake}", read_only=True, limits=ReaderLimits.for_search()),
                   lambda: open_for_write(f"ducklake:{lake}")):
        con = opened()
        try:
            assert con.execute("SELECT current_setting('dynamic_or_filter_threshold')").fetchone() == (
                LAKE_OR_FILTER_KEYS,)
        finally:
            con.close()


def test_a_floor_shared_by_120_documents_reads_only_their_row_groups(lake: Path) -> None:
    con = open_for_write(f"ducklake:{lake}")
    try:
        con.execute("SET enable_external_file_cache = true")
        dated = _dated_top_docs(con, {"query": "alpha", "limit": 10})
        assert dated is not None
        scores, docs = dated
        assert sorted(scores) == TIED and len(set(scores.values())) == 1
        assert sorted(docid for docid, _, _ in docs) == TIED
        (path,) = [row[0] for row in con.execute(DOCS_FILES).fetchall()]
        groups = con.execute(ROW_GROUPS, [path]).fetchall()
        assert len(groups) == GROUPS
        touched = {group for location, in con.execute(READ_AT, [path]).fetchall()
                   for group, start, end in groups if start <= location < end}
        assert touched == set(TIED_GROUPS)
    finally:
        con.close()
