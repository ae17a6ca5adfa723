"""Read-only access to the warehouse for people (`newsmon sql`) and reports.

`read_only_query` opens the file read-only (waiting while a writer holds it) and refuses
anything but one reading statement. Two checks, because each alone has a gap: the first
keyword must be a reading one (DuckDB's parser would already *execute* part of
`IMPORT DATABASE` just to parse it), and DuckDB's own parser must see exactly one SELECT
(so `SELECT 1; DROP TABLE x` and comment tricks are caught). The read-only connection is the
last line of defence, and it is a sandbox (see `connection`): a SELECT cannot read files
(`read_csv('/etc/passwd')`), reach the network, load extensions or unlock the settings, and
`query_timeout_s` interrupts a query that runs too long.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from newsmon.warehouse.connection import ReaderLimits, WarehouseError, connect_with_retry

# First keywords of statements that only read. PRAGMA, CALL, EXPLAIN etc. are refused.
READING_KEYWORDS = frozenset({"SELECT", "WITH", "FROM", "SHOW", "DESCRIBE", "SUMMARIZE", "VALUES", "TABLE"})
_COMMENT_OR_SPACE = re.compile(r"\A(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*", re.DOTALL)
_FIRST_WORD = re.compile(r"[A-Za-z_]+")

ARTICLES_PER_DATE_LANGUAGE = """
SELECT run_date, language, count(*) AS articles
FROM stg_articles
GROUP BY run_date, language
ORDER BY run_date, language NULLS LAST
"""


class QueryRefused(WarehouseError):
    """A statement `newsmon sql` will not run because it is not a single read."""


class QueryInterrupted(WarehouseError):
    """A query stopped because it ran longer than its time limit."""

    def __init__(self, seconds: float, hint: str = "") -> None:
        super().__init__(f"query interrupted after {seconds:.1f} s" + (f" ({hint})" if hint else ""))
        self.seconds = seconds


def read_only_query(
    sql: str,
    params: Sequence[Any] | dict[str, Any] | None = None,
    path: Path | str | None = None,
    timeout_s: float = 30.0,
    on_wait: Callable[[str], None] | None = None,
    query_timeout_s: float | None = None,
    limits: ReaderLimits | None = None,
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one reading statement on a sandboxed read-only connection; return (column names, rows).

    Raises `QueryRefused` for anything else, `WarehouseBusy` when a writer holds the file
    longer than `timeout_s`, `QueryInterrupted` when executing and fetching take longer than
    `query_timeout_s` (None: no limit), and DuckDB's own error for a query that fails (e.g.
    `PermissionException` for a file read, `OutOfMemoryException` beyond `limits`).
    `on_wait` hears (once) that the file is locked and we are waiting.
    """
    check_read_only(sql)
    con = connect_with_retry(path, read_only=True, timeout_s=timeout_s, on_wait=on_wait, limits=limits)
    try:
        _check_parsed(con, sql)
        return _run_bounded(con, sql, params, query_timeout_s)
    finally:
        con.close()


def _run_bounded(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | dict[str, Any] | None,
    limit_s: float | None,
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Execute and fetch, interrupted from a timer thread after `limit_s` seconds.

    `interrupt()` is DuckDB's own cancel: the query stops at its next check (milliseconds,
    measured in tests/security/test_sql_sandbox.py) and the connection stays usable. Fetching
    is inside the bound too, since a huge result takes its time there.
    """
    fired = threading.Event()

    def stop() -> None:
        fired.set()
        con.interrupt()

    timer = threading.Timer(limit_s, stop) if limit_s is not None else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        cursor = con.execute(sql, params) if params is not None else con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        return columns, cursor.fetchall()
    except duckdb.InterruptException:
        if fired.is_set():  # only with a limit
            raise QueryInterrupted(limit_s or 0.0) from None
        raise
    finally:
        if timer is not None:
            timer.cancel()


def check_read_only(sql: str) -> None:
    """Refuse, without touching any database, a statement whose first keyword is not a read."""
    body = sql[_COMMENT_OR_SPACE.match(sql).end():]  # type: ignore[union-attr]  # matches the empty string
    body = body.lstrip("(")  # "(SELECT …) UNION (SELECT …)"
    word = _FIRST_WORD.match(body)
    if word is None:
        raise QueryRefused("refused: empty query (give one SELECT statement)")
    keyword = word.group(0).upper()
    if keyword not in READING_KEYWORDS:
        raise QueryRefused(f"refused: {keyword} is not allowed, the warehouse is read-only here "
                           "(give one SELECT statement)")


def _check_parsed(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse unless DuckDB parses exactly one statement and it is a SELECT."""
    statements = con.extract_statements(sql)
    if len(statements) != 1:
        raise QueryRefused(f"refused: {len(statements)} statements given, run one SELECT at a time")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise QueryRefused(f"refused: {kind.name} is not allowed, the warehouse is read-only here "
                           "(give one SELECT statement)")


def articles_per_date_language(
    con: duckdb.DuckDBPyConnection | None = None, path: Path | str | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Articles per run date and language, the warehouse's smallest useful summary.

    Uses `con` when given, else opens the warehouse (`path` or the default) read-only.
    """
    if con is not None:
        cursor = con.execute(ARTICLES_PER_DATE_LANGUAGE)
        return [d[0] for d in cursor.description], cursor.fetchall()
    own = connect_with_retry(path, read_only=True)
    try:
        return articles_per_date_language(own)
    finally:
        own.close()


MART_VIEWS = """
SELECT table_name FROM information_schema.tables
WHERE table_type = 'VIEW' AND table_name LIKE 'mart\\_%' ESCAPE '\\'
  AND table_catalog = current_database() AND table_schema = 'main'
ORDER BY table_name
"""
EXPORT_FORMATS = ("parquet", "csv")


def export_marts(
    directory: Path | str, fmt: str = "parquet", path: Path | str | None = None, timeout_s: float = 30.0,
    on_wait: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write every `mart_*` view to `directory/<view>.<fmt>`; return the files written.

    Read-only and short: the file is opened read-only (waiting while a load holds it) and each
    view is written through DuckDB's relation API, so no path or name is pasted into SQL.
    The reader sandbox lets this connection write in `directory` and nowhere else.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    con = connect_with_retry(path, read_only=True, timeout_s=timeout_s, on_wait=on_wait, allowed_directories=[out])
    try:
        written = []
        for (view,) in con.execute(MART_VIEWS).fetchall():
            target = out / f"{view}.{fmt}"
            relation = con.table(view)
            if fmt == "parquet":
                relation.write_parquet(str(target))
            else:
                relation.write_csv(str(target), header=True)
            written.append(target)
        return written
    finally:
        con.close()
