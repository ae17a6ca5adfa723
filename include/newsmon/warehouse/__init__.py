"""The DuckDB warehouse: the one package of newsmon that runs SQL.

Its public surface is the names below (`__all__`): the report, data quality, parsing and
crawling reach the warehouse through them only, never through its modules
(tests/unit/test_house_rules.py keeps that). The pipeline, the CLI and the DAGs, which run
loads and migrations, also use the modules themselves:

    from newsmon.warehouse import open_for_write, read_only_query, read_report
    from newsmon.warehouse.load import load_day      # imports pandas/pyarrow

    from newsmon.warehouse.search import refresh_search_index, search   # full-text (fts)
    from newsmon.warehouse.queries import export_marts
    from newsmon.warehouse import article_raw_ref    # where an article's archived document lies

Tables (sql/migrations/, numbered, tables only) and views (sql/views/, re-created whenever
they differ: `stg_*` read the tables, `mart_*` read only `stg_*`), described column by column
in docs/warehouse.md: articles, article_versions, runs, failures, fetch_log, quarantine,
quarantine_releases, dq_results, search_documents, topics, topic_documents, topic_matches,
topic_alerts (watched topics: topics.py, docs/topics.md), schema_version.
A DuckDB file by default, DuckLake with NEWSMON_WAREHOUSE_KIND=ducklake (see connection.py).
"""

from newsmon.warehouse.articles import article_raw_ref
from newsmon.warehouse.connection import (
    WarehouseBusy,
    WarehouseError,
    WarehouseMissing,
    connect,
    connect_with_retry,
    default_warehouse_path,
)
from newsmon.warehouse.migrate import open_for_write, upgrade_if_needed
from newsmon.warehouse.queries import QueryRefused, articles_per_date_language, read_only_query
from newsmon.warehouse.report_reads import ReportFigures, TopicFigures, read_report, read_topics, report_run_ids
from newsmon.warehouse.runs import record_rejected_run, weekday_volumes
from newsmon.warehouse.search import SearchUnavailable, substring_search
from newsmon.warehouse.search import search as full_text_search

__all__ = [
    "QueryRefused",
    "ReportFigures",
    "SearchUnavailable",
    "TopicFigures",
    "WarehouseBusy",
    "WarehouseError",
    "WarehouseMissing",
    "article_raw_ref",
    "articles_per_date_language",
    "connect",
    "connect_with_retry",
    "default_warehouse_path",
    "full_text_search",
    "open_for_write",
    "read_only_query",
    "read_report",
    "read_topics",
    "record_rejected_run",
    "report_run_ids",
    "substring_search",
    "upgrade_if_needed",
    "weekday_volumes",
]
