"""The one way newsmon reaches the DuckDB warehouse.

Everything (pipeline, CLI, report, plugin) connects through `connect` / `connect_with_retry`,
so moving the tables elsewhere (e.g. DuckLake) is a change here, not everywhere.

DuckDB lets one process hold the file for writing, and while it does no other process can
open it, not even read-only ("Could not set lock on file"). Writers are serialised by an
Airflow pool; readers and the odd concurrent writer wait here with backoff instead of failing
on the first try.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import duckdb

DEFAULT_HOME = "./data"
WAREHOUSE_FILE = "warehouse.duckdb"
_LOCK_MESSAGES = ("could not set lock on file", "conflicting lock")
_FIRST_DELAY_S = 0.05
_MAX_DELAY_S = 1.0


class WarehouseError(RuntimeError):
    """A problem reaching the warehouse, phrased for an operator in one line."""


class WarehouseBusy(WarehouseError):
    """Another process held the warehouse lock for longer than we were willing to wait."""


class WarehouseMissing(WarehouseError):
    """A read-only open of a warehouse file that does not exist yet."""


def default_warehouse_path() -> Path:
    """`$NEWSMON_WAREHOUSE`, else `$NEWSMON_HOME/warehouse.duckdb` (NEWSMON_HOME defaults to ./data)."""
    explicit = os.environ.get("NEWSMON_WAREHOUSE")
    if explicit:
        return Path(explicit).expanduser().resolve()
    home = Path(os.environ.get("NEWSMON_HOME", DEFAULT_HOME)).expanduser()
    return (home / WAREHOUSE_FILE).resolve()


def connect(path: Path | str | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (created on a read-write open), with session settings newsmon relies on.

    TimeZone is UTC so that timezone-aware timestamps from Python land in TIMESTAMP columns
    as UTC whatever the machine's zone.
    """
    target = Path(path) if path is not None else default_warehouse_path()
    if read_only and not target.exists():
        raise WarehouseMissing(f"warehouse {target} does not exist yet (run a load first)")
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(target), read_only=read_only)
    try:
        con.execute("SET TimeZone = 'UTC'")
    except Exception:
        con.close()
        raise
    return con


def connect_with_retry(
    path: Path | str | None = None, read_only: bool = False, timeout_s: float = 30.0
) -> duckdb.DuckDBPyConnection:
    """`connect`, retrying with backoff while another process holds the file lock.

    Raises `WarehouseBusy` (one line, naming the holder when DuckDB says who) after `timeout_s`.
    Other errors are not retried.
    """
    target = Path(path) if path is not None else default_warehouse_path()
    deadline = time.monotonic() + timeout_s
    delay = _FIRST_DELAY_S
    while True:
        try:
            return connect(target, read_only=read_only)
        except duckdb.IOException as exc:
            if not is_lock_error(exc):
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WarehouseBusy(_busy_message(target, timeout_s, str(exc))) from exc
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, _MAX_DELAY_S)


def is_lock_error(exc: BaseException) -> bool:
    """True for DuckDB's "another process holds the file" error."""
    text = str(exc).lower()
    return any(marker in text for marker in _LOCK_MESSAGES)


def _busy_message(target: Path, timeout_s: float, detail: str) -> str:
    holder = re.search(r"\(PID (\d+)\)", detail)
    who = f" (held by PID {holder.group(1)})" if holder else ""
    return f"warehouse {target} is locked by another process{who}; gave up after {timeout_s:g}s"
