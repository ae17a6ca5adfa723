"""The page's rows on DuckLake (`search.PAGE_ROWS`) come from the row groups of the hits' days
only: the ids of every other article are not read (at a million articles a page of 10 hits read
the ids of all of them, the part of a search that grew with the table)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsmon.warehouse import open_for_write
from newsmon.warehouse.search import _page_rows

DAYS = 6
ROWS_A_DAY = 2048  # one row group a day: `migrate` gives `articles` 2,048-row groups on DuckLake
# One file of DAYS row groups, sorted by day, as a copy or a merge writes `articles`.
FILL = """
INSERT INTO articles (article_id, source, url, language, title, published_date, run_date, body_text,
                      content_sha256, loaded_at)
SELECT printf('a%06d', i), 'src', 'https://example.org/' || i, 'en', 'title ' || i,
       DATE '2020-01-01' + CAST(i // $per_day AS INTEGER), DATE '2020-01-01' + CAST(i // $per_day AS INTEGER),
       repeat('word' || i || ' ', 40), 'sha ' || i, TIMESTAMP '2020-01-01'
FROM range($first, $end) r(i) ORDER BY i
"""
ARTICLES_FILES = """
SELECT data_file FROM ducklake_list_files('lake', 'articles')
"""
# Each row group's byte range in the file and its days (`published_date`'s statistics).
ROW_GROUPS = """
SELECT row_group_id, min(coalesce(dictionary_page_offset, data_page_offset)) AS first_byte,
       max(coalesce(dictionary_page_offset, data_page_offset) + total_compressed_size) AS end_byte,
       CAST(min(stats_min) FILTER (WHERE path_in_schema = 'published_date') AS DATE) AS first_day,
       CAST(max(stats_max) FILTER (WHERE path_in_schema = 'published_date') AS DATE) AS last_day
FROM parquet_metadata(?) GROUP BY row_group_id ORDER BY row_group_id
"""
# What the scans read of each file (DuckDB's external file cache, on by default: fresh per process).
READ_AT = "SELECT location FROM duckdb_external_file_cache() WHERE path = ?"


@pytest.fixture()
def lake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A local-catalog lake whose `articles` is one file of one row group per day."""
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    catalog = tmp_path / "meta.ducklake"
    con = open_for_write(f"ducklake:{catalog}")
    con.execute(FILL, {"per_day": ROWS_A_DAY, "first": 0, "end": DAYS * ROWS_A_DAY})
    con.close()
    return catalog


def row_groups_read(catalog: Path, page: list[tuple[str, float, dt.date]]) -> tuple[set[str], set[int]]:
    """The article ids a fresh session's `_page_rows` finds for `page`, and the row groups of
    `articles` it read any byte of."""
    con = open_for_write(f"ducklake:{catalog}")
    try:
        con.execute("SET enable_external_file_cache = true")
        found = set(_page_rows(con, page, by_day=True))
        (path,) = [row[0] for row in con.execute(ARTICLES_FILES).fetchall()]
        groups = con.execute(ROW_GROUPS, [path]).fetchall()
        assert [(first, last) for _, _, _, first, last in groups] == [
            (dt.date(2020, 1, 1) + dt.timedelta(days=d),) * 2 for d in range(DAYS)]
        touched = {group for location, in con.execute(READ_AT, [path]).fetchall()
                   for group, start, end, _, _ in groups if start <= location < end}
    finally:
        con.close()
    return found, touched


def test_a_page_reads_only_the_row_groups_of_its_hits_days(lake: Path) -> None:
    """Hits on three days (DuckDB pruned by two days' OR, not by three)."""
    day = [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in range(DAYS)]
    page = [("a002050", 4.0, day[1]), ("a006200", 3.0, day[3]), ("a002051", 2.0, day[1]), ("a010300", 1.0, day[5])]
    found, touched = row_groups_read(lake, page)
    assert found == {"a002050", "a006200", "a002051", "a010300"}
    assert touched == {1, 3, 5}


def test_a_hit_whose_day_the_index_has_wrong_is_still_found_by_its_id(lake: Path) -> None:
    """The day narrows the scan; the id decides the row (`PAGE_ROWS_BY_ID` after it)."""
    found, _ = row_groups_read(lake, [("a000007", 1.0, dt.date(2020, 1, 3)), ("a004100", 1.0, dt.date(2020, 1, 3))])
    assert found == {"a000007", "a004100"}


def test_on_a_lake_of_daily_files_a_page_opens_only_its_days_files(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A lake that loads a day at a time holds a file a day until compaction merges them: the
    page opens the files of its hits' days only (main's statement opened all of them)."""
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    catalog = tmp_path / "meta.ducklake"
    con = open_for_write(f"ducklake:{catalog}")
    for day in range(DAYS):  # one insert, so one file, a day
        con.execute(FILL, {"per_day": 100, "first": 100 * day, "end": 100 * day + 100})
    con.close()
    day = [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in range(DAYS)]
    page = [("a000150", 4.0, day[1]), ("a000350", 3.0, day[3]), ("a000151", 2.0, day[1]), ("a000550", 1.0, day[5])]
    con = open_for_write(f"ducklake:{catalog}")
    try:
        con.execute("SET enable_external_file_cache = true")
        assert set(_page_rows(con, page, by_day=True)) == {"a000150", "a000350", "a000151", "a000550"}
        files = [row[0] for row in con.execute(ARTICLES_FILES).fetchall()]
        opened = {name for name in files if con.execute(READ_AT, [name]).fetchall()}
    finally:
        con.close()
    assert len(files) == DAYS
    assert len(opened) == 3
