"""The DuckDB warehouse: one connection factory, numbered migrations, the day's load, reads.

    from newsmon.warehouse import open_for_write, read_only_query
    from newsmon.warehouse.load import load_day      # imports pandas/pyarrow

    from newsmon.warehouse.search import refresh_search_index, search   # full-text (fts)
    from newsmon.warehouse.queries import export_marts

Tables and views (sql/migrations/, described column by column in docs/warehouse.md):
articles, article_versions, runs, failures, fetch_log, quarantine, quarantine_releases,
dq_results, search_documents, schema_version; stg_* staging and mart_* reporting views.
A DuckDB file by default, DuckLake with NEWSMON_WAREHOUSE_KIND=ducklake (see connection.py).
"""

from newsmon.warehouse.connection import (
    WarehouseBusy,
    WarehouseError,
    WarehouseMissing,
    connect,
    connect_with_retry,
    default_warehouse_path,
)
from newsmon.warehouse.queries import QueryRefused, articles_per_date_language, read_only_query
from newsmon.warehouse.migrate import open_for_write

__all__ = [
    "QueryRefused",
    "WarehouseBusy",
    "WarehouseError",
    "WarehouseMissing",
    "articles_per_date_language",
    "connect",
    "connect_with_retry",
    "default_warehouse_path",
    "open_for_write",
    "read_only_query",
]
