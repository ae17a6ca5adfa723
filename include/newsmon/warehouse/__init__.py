"""The DuckDB warehouse: one connection factory, numbered migrations, the day's load, reads.

    from newsmon.warehouse import open_for_write, read_only_query
    from newsmon.warehouse.load import load_day      # imports pandas/pyarrow

Tables (see sql/migrations/): articles, article_versions, runs, failures, quarantine,
dq_results, schema_version; views articles_per_date_language, dq_pass_rates.
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
