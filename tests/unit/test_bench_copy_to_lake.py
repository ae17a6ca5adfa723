"""The bench's lake holds `articles` in files of disjoint date ranges, as daily loads and the
compaction leave a lake: `copy_to_lake` copies them in day order on one thread. Copied by two
threads, DuckLake's files each held a sorted share of every day (their ranges overlapped) and a
search's page read its hits' days in several files (docs/scaling-history.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_warehouse import copy_to_lake
from newsmon.warehouse import open_for_write

ARTICLES = 200_000
COLUMNS = ("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'articles' "
           "ORDER BY ordinal_position")
FILES = "SELECT data_file FROM ducklake_list_files('lake', 'articles')"
DATES = "SELECT min(stats_min), max(stats_max) FROM parquet_metadata(?) WHERE path_in_schema = 'published_date'"
SMALL_FILES = "CALL lake.set_option('target_file_size', '4MB', table_name => 'articles')"


def _value(name: str, kind: str) -> str:
    """A column's value for article i (days in no order, bodies big enough for many files)."""
    if name == "article_id":
        return "printf('id%07d', i)"
    if name == "published_date":
        return "DATE '2010-01-01' + CAST(hash(i) % 5000 AS INTEGER)"
    if name == "body_text":
        return "repeat(md5(i::VARCHAR), 8)"
    return {"VARCHAR": "'x'", "DATE": "DATE '2020-01-01'"}.get(
        kind, "TIMESTAMP '2020-01-01'" if kind.startswith("TIMESTAMP") else "NULL")


@pytest.fixture()
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    path = tmp_path / "warehouse.duckdb"
    con = open_for_write(str(path))
    columns = con.execute(COLUMNS).fetchall()
    values = ", ".join(f"{_value(name, kind)} AS {name}" for name, kind in columns)
    con.execute(f"INSERT INTO articles SELECT {values} FROM range({ARTICLES}) r(i)")  # noqa: S608 - test constants
    con.close()
    return path


def test_the_copied_articles_files_hold_disjoint_days(source: Path) -> None:
    lake = f"ducklake:{source.parent / 'lake' / 'meta.ducklake'}"
    con = open_for_write(lake)
    con.execute(SMALL_FILES)  # many files from a small table
    con.close()
    copy_to_lake(source, lake)
    con = open_for_write(lake)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (ARTICLES,)
        files = [row[0] for row in con.execute(FILES).fetchall()]
        assert len(files) > 4
        ranges = sorted(con.execute(DATES, [path]).fetchone() for path in files)
        # neighbours may share the day at their boundary, no more
        assert all(later[0] >= earlier[1] for earlier, later in zip(ranges, ranges[1:])), ranges
    finally:
        con.close()
