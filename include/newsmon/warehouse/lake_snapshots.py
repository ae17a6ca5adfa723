"""On DuckLake, whether anything but a load changed `articles` or the derived tables since the
last load: then the load's whole-history "is the rest in step" check can be skipped.

Why: a day's load ends by comparing two aggregates over every row of `articles`,
`article_minhash` and `term_count_articles` (`derived.IN_STEP_BOTH`), to notice an article
deleted or edited by hand since the last load. On DuckLake that scan is the largest statement of
a day's load (~0.1 s at 200,000 articles, growing with the history). But DuckLake already
records every write: each commit is a snapshot, and the catalog lists, per snapshot, which tables
it inserted into or deleted from (`ducklake_snapshot_changes`, part of the DuckLake format). So:

- every transaction that leaves the derived tables in step with `articles` (a load, or a whole
  refresh) marks its commit (`mark`: author `newsmon`, message `MARK_MESSAGE`, and in the extra
  info the snapshot it read, `read`);
- the next load looks at every snapshot after the marked one's `read`, up to the snapshot it
  reads itself (`undisturbed`). When each of them is the marked commit itself or wrote none of
  the watched tables (only inserts or deletes of other tables) or only merged files
  (`merge_adjacent`, what `newsmon.warehouse.compaction` runs: the same rows in fewer files),
  nothing but that load changed them since it left them in step, and the check is skipped.
  Anything else (a hand edit of a watched table, a schema change, another kind of compaction, an
  unknown kind of change, a gap in the snapshot ids after an expiry, no mark at all) and the
  check runs as before.

Why from the marked commit's `read` and not from its own snapshot: a writer that does not claim
(`load.CLAIM_WRITE`), e.g. a hand edit, may commit while a load is in flight; the load never saw
it, so it lies between the load's read snapshot and its commit, and the next load looks there.
Two loads never overlap (each rewrites the `write_claims` row, so the later is retried), so no
other load's commit lies in that range. A DuckDB file has no snapshots: its loads always check.
"""

from __future__ import annotations

import json
import re

import duckdb

from newsmon.warehouse.connection import LAKE_ALIAS, is_lake, scalar, sql_literal

MARK_AUTHOR = "newsmon"
MARK_MESSAGE = "derived tables in step"
# DuckLake attaches its catalog database as this (the format's metadata tables live there).
METADATA = f"__ducklake_metadata_{LAKE_ALIAS}"
WATCHED = ("articles", "article_minhash", "term_count_articles")
READ_SNAPSHOT = f"SELECT id FROM {LAKE_ALIAS}.current_snapshot()"
SET_MARK = f"CALL {LAKE_ALIAS}.set_commit_message(?, ?, extra_info => ?)"
# The latest marked commit at or before the snapshot this transaction reads ($now), and every
# snapshot after the snapshot that commit read, up to $now (the marked one included: it is
# recognised by its id). The author and message are constants, compared as text.
SINCE_MARK = f"""
WITH marked AS (
    SELECT snapshot_id, TRY_CAST(json_extract_string(commit_extra_info, '$.read') AS BIGINT) AS read
    FROM {METADATA}.ducklake_snapshot_changes
    WHERE author = {sql_literal(MARK_AUTHOR)} AND commit_message = {sql_literal(MARK_MESSAGE)}
      AND snapshot_id <= $now
    ORDER BY snapshot_id DESC LIMIT 1)
SELECT m.snapshot_id AS marked, m.read, c.snapshot_id, c.changes_made
FROM marked m LEFT JOIN {METADATA}.ducklake_snapshot_changes c
  ON c.snapshot_id > m.read AND c.snapshot_id <= $now
ORDER BY c.snapshot_id
"""
# The current ids of the watched tables (a table dropped and made again gets a new id).
WATCHED_IDS = f"""
SELECT t.table_id FROM {METADATA}.ducklake_table t
JOIN {METADATA}.ducklake_schema s ON s.schema_id = t.schema_id
WHERE s.schema_name = 'main' AND s.end_snapshot IS NULL AND t.end_snapshot IS NULL
  AND t.table_name IN ({", ".join(sql_literal(name) for name in WATCHED)})
"""
# Changes that write rows of one table, named by its id; any other kind (tables or schemas made,
# dropped or altered, rewrites of files with deletes, kinds a later DuckLake adds) counts as a
# change of everything.
_ROW_CHANGE = re.compile(r"^(inserted_into_table|deleted_from_table|inlined_insert|inlined_delete):(\d+)$")
# Merges of a table's files (`ducklake_merge_adjacent_files`): its rows stay as they were.
_FILES_MERGED = re.compile(r"^merge_adjacent:\d+$")


def undisturbed(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether, on DuckLake, no commit but the last marked one changed a watched table since that
    commit's read snapshot, up to the snapshot this transaction reads (module docstring). False
    on a DuckDB file, without a mark, or when anything else may have changed them."""
    if not is_lake(con):
        return False
    now = scalar(con, READ_SNAPSHOT)
    rows = con.execute(SINCE_MARK, {"now": now}).fetchall()
    if not rows or rows[0][1] is None:
        return False
    marked, read = rows[0][0], rows[0][1]
    seen = [row[2] for row in rows if row[2] is not None]
    if seen != list(range(read + 1, now + 1)):  # a gap: snapshots expired, their changes unknown
        return False
    watched = {str(row[0]) for row in con.execute(WATCHED_IDS).fetchall()}
    return all(snapshot == marked or _writes_none_of(changes, watched) for _, _, snapshot, changes in rows)


def mark(con: duckdb.DuckDBPyConnection) -> None:
    """Mark this transaction's commit as leaving the derived tables in step (DuckLake only)."""
    if not is_lake(con):
        return
    read = scalar(con, READ_SNAPSHOT)
    con.execute(SET_MARK, [MARK_AUTHOR, MARK_MESSAGE, json.dumps({"read": read})])


def _writes_none_of(changes: str | None, watched: set[str]) -> bool:
    """Whether a snapshot's `changes_made` only writes rows of tables not in `watched` (or merges
    files, of any table)."""
    for entry in (changes or "").split(","):
        if _FILES_MERGED.match(entry.strip()):
            continue
        match = _ROW_CHANGE.match(entry.strip())
        if match is None or match.group(2) in watched:
            return False
    return True


# The range of a column's values in the catalog's statistics of a current table of `main`
# (DuckLake keeps them per table as its files are written; a delete leaves them as they were, so
# they only ever widen: every value the table holds lies in the range).
COLUMN_RANGE = f"""
SELECT st.min_value, st.max_value FROM {METADATA}.ducklake_table_column_stats st
JOIN {METADATA}.ducklake_table t ON t.table_id = st.table_id AND t.end_snapshot IS NULL AND t.table_name = $table
JOIN {METADATA}.ducklake_schema s ON s.schema_id = t.schema_id AND s.end_snapshot IS NULL AND s.schema_name = 'main'
JOIN {METADATA}.ducklake_column c ON c.table_id = st.table_id AND c.column_id = st.column_id
  AND c.end_snapshot IS NULL AND c.column_name = $column
"""


def holds_only(con: duckdb.DuckDBPyConnection, table: str, column: str, value: str) -> bool:
    """Whether the catalog's statistics show that, on DuckLake, every row of `table` has `value`
    in `column` (False where they do not tell: another value within the range, no statistics,
    a DuckDB file). A read of the catalog where the table's column would be scanned whole."""
    if not is_lake(con):
        return False
    rows = con.execute(COLUMN_RANGE, {"table": table, "column": column}).fetchall()
    return len(rows) == 1 and rows[0][0] == value and rows[0][1] == value
