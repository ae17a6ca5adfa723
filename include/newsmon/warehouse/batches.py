"""What a load's batch of only new articles lets the tables derived from `articles` skip.

A table that holds one row per article (search documents, topic term texts, signatures,
counted articles) cannot hold a row of an article `articles` did not have before this load
when its row count plus the batch's equals `articles`' count now: then the batch's ids need
not be looked up there (each lookup scans the table's `article_id` column, ~0.1 s cold at a
million articles; a count reads no column). An article an operator removed by hand keeps its
rows until the next full check, and then the counts differ and the careful path is taken.
"""

from __future__ import annotations

import duckdb

# `{table}`: one of the per-article tables named by the callers (constants, never input);
# `{batch}`: the load's registered frame.
_ROWS_ALL_BUT_BATCH = """
SELECT (SELECT count(*) FROM {table}) + (SELECT count(*) FROM {batch}) = (SELECT count(*) FROM articles)
"""


def holds_all_but_batch(con: duckdb.DuckDBPyConnection, table: str, batch: str) -> bool:
    """Whether `table` holds one row per article but the batch's (by counts: see the module)."""
    row = con.execute(_ROWS_ALL_BUT_BATCH.format(table=table, batch=batch)).fetchone()
    return bool(row and row[0])
