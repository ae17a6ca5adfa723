"""Compaction of a DuckLake warehouse: each table's small daily files merged into one, sorted.

Why: on DuckLake every load writes one small Parquet file per table it adds rows to (13 files
a day, a few KB to a few hundred KB each). A statement lists and opens every file of the tables
it reads, and a small file of `search_postings` holds a day's postings of every term in one row
group, so a search reads all of it whatever its terms. After a year that is ~365 files a table.
`compact` merges a table's small files (DuckLake's `ducklake_merge_adjacent_files`) once it
holds `MIN_SMALL_FILES` of them; DuckLake writes the merged file in the table's sort order
(migration 016: postings by term, search documents by docid, articles by day and id) and in the
table's row-group size (`migrate.LAKE_BODY_TABLES`), so a search reads few files and only the
row groups of its terms, documents and days.

What it leaves: files of `SMALL_FILE_BYTES` or more (a merged file grows until it reaches that
size, then stays: each merge rewrites at most that much per table), and files with deleted rows
(DuckLake's merge skips those; `ducklake_rewrite_data_files` is the tool for them). A merge
changes no row: the lake's snapshots show it as `merge_adjacent` (`lake_snapshots` knows that it
leaves the derived tables in step). The merged-away files stay on disk while older snapshots
name them (time travel); DuckLake's `ducklake_expire_snapshots` and `ducklake_cleanup_old_files`
remove them (docs/scaling-history.md). A DuckDB file has no files to merge: `compact` does nothing there.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field

import duckdb

from newsmon.warehouse.connection import LAKE_ALIAS, is_lake, retry_conflicts, sql_literal
from newsmon.warehouse.lake_snapshots import METADATA

# A merged file grows up to about this size, then later merges leave it alone.
SMALL_FILE_BYTES = 16 * 1024 * 1024
# A table is merged once it holds this many small files (about a week of daily loads).
MIN_SMALL_FILES = 8
# The current tables of `main` with at least $least files under $small bytes and no deleted rows.
SMALL_FILES = f"""
SELECT t.table_name, count(*) AS files
FROM {METADATA}.ducklake_data_file f
JOIN {METADATA}.ducklake_table t ON t.table_id = f.table_id AND t.end_snapshot IS NULL
JOIN {METADATA}.ducklake_schema s ON s.schema_id = t.schema_id AND s.end_snapshot IS NULL AND s.schema_name = 'main'
WHERE f.end_snapshot IS NULL AND f.file_size_bytes < $small
  AND NOT EXISTS (SELECT 1 FROM {METADATA}.ducklake_delete_file d
                  WHERE d.data_file_id = f.data_file_id AND d.end_snapshot IS NULL)
GROUP BY t.table_name
HAVING count(*) >= $least
ORDER BY t.table_name
"""
# {table}: a table name from the catalog as a SQL literal, {small}: an int. A plain CALL: neither
# prepared with parameters nor wrapped in a SELECT of two aggregates did the merge commit (DuckDB
# 1.5.5, ducklake d8a1881e: each returned the merged files, and the next call merged them again).
MERGE = "CALL ducklake_merge_adjacent_files(" + sql_literal(LAKE_ALIAS) + ", {table}, max_file_size => {small})"


@dataclass(frozen=True)
class Compaction:
    """What `compact` did: per table merged, (files merged, files written)."""

    tables: dict[str, tuple[int, int]] = field(default_factory=dict)
    seconds: float = 0.0


def compact(con: duckdb.DuckDBPyConnection, least: int = MIN_SMALL_FILES,
            small: int = SMALL_FILE_BYTES) -> Compaction:
    """Merge the small files of every lake table holding at least `least` of them (files under
    `small` bytes), one commit per table (a load that commits first makes it start that table
    over: `retry_conflicts`). Nothing on a DuckDB file, nor on a lake with nothing to merge."""
    started = time.perf_counter()
    if not is_lake(con):
        return Compaction()
    merged: dict[str, tuple[int, int]] = {}
    for table, _ in con.execute(SMALL_FILES, {"small": small, "least": least}).fetchall():
        merged[table] = retry_conflicts(functools.partial(_merge, con, table, small), f"compact {table}")
    return Compaction(merged, round(time.perf_counter() - started, 3))


def _merge(con: duckdb.DuckDBPyConnection, table: str, small: int) -> tuple[int, int]:
    rows = con.execute(MERGE.format(table=sql_literal(table), small=int(small))).fetchall()
    return sum(row[2] for row in rows), sum(row[3] for row in rows)  # (schema, table, processed, created)
