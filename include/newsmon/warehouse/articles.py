"""One article's facts by its id, for the routes that serve an article (the archived copy).

Why a read of its own: the plugin serves an article's archived document by its id, and the
only place that says where that document lies is the article's `raw_ref` (WARC file and
record offset), which no mart carries. The id is checked for the warehouse's shape before
anything is opened, and goes to DuckDB as a parameter, never into the SQL text.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from newsmon.records import is_article_id
from newsmon.warehouse.connection import connect_with_retry

ARTICLE_RAW_REF = "SELECT raw_ref FROM articles WHERE article_id = $article_id"


def article_raw_ref(article_id: str, path: Path | str | None = None, timeout_s: float = 10.0) -> str | None:
    """The `raw_ref` of the article `article_id`, or None when the warehouse holds no such
    article (or it has none). Raises ValueError for an id that does not have the shape of one
    (`newsmon.records.is_article_id`), `WarehouseMissing` without a warehouse and
    `WarehouseBusy` when a writer holds the file longer than `timeout_s`."""
    if not is_article_id(article_id):
        raise ValueError("not an article id (32 lower-case hex digits)")
    con = connect_with_retry(path, read_only=True, timeout_s=timeout_s)
    try:
        row = con.execute(ARTICLE_RAW_REF, {"article_id": article_id}).fetchone()
    except duckdb.CatalogException:  # a warehouse no load has written to yet: no articles table
        return None
    finally:
        con.close()
    return str(row[0]) if row and row[0] else None
