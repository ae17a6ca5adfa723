"""Where newsmon keeps its files, from environment variables with sensible defaults.

NEWSMON_HOME       root of everything newsmon writes (default ./data)
NEWSMON_WAREHOUSE  the DuckDB file (default $NEWSMON_HOME/warehouse.duckdb)
NEWSMON_NEAR_DUPLICATE_THRESHOLD  shingle Jaccard similarity from which two articles are
                   near-duplicates (default 0.5; a change recomputes the pairs on the next load)

It also names the Airflow pool that serialises the warehouse's writers: the DAGs, the Makefile,
scripts/up.sh and the tests all read it from here (`python -m newsmon.settings pools` writes it
as a file for `airflow pools import`), so the pool a task asks for is the one that was created.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

# DuckDB lets one process write the file at a time: every task that writes takes this pool's one slot.
DUCKDB_POOL = "newsmon_duckdb"
DUCKDB_POOL_SLOTS = 1
DUCKDB_POOL_DESCRIPTION = "one writer at a time on the DuckDB warehouse"


def home() -> Path:
    return Path(os.environ.get("NEWSMON_HOME", "./data")).resolve()


def warehouse_path() -> Path:
    """$NEWSMON_WAREHOUSE (a DuckLake `ducklake:...` location as written: a PostgreSQL catalog is
    no file path to resolve), else $NEWSMON_HOME/warehouse.duckdb."""
    explicit = os.environ.get("NEWSMON_WAREHOUSE")
    if explicit and explicit.startswith("ducklake:"):
        return Path(explicit)
    return Path(explicit).resolve() if explicit else home() / "warehouse.duckdb"


NEAR_DUPLICATE_THRESHOLD_DEFAULT = 0.5


def near_duplicate_threshold() -> float:
    """The similarity (0 < t <= 1) from which two articles count as near-duplicates (mart_near_duplicates)."""
    raw = os.environ.get("NEWSMON_NEAR_DUPLICATE_THRESHOLD", "").strip()
    if not raw:
        return NEAR_DUPLICATE_THRESHOLD_DEFAULT
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 0.0 < value <= 1.0:  # NaN fails too
        raise ValueError(f"NEWSMON_NEAR_DUPLICATE_THRESHOLD={raw!r}: must be a number above 0 and at most 1")
    return value


def staging_dir(source: str, day: dt.date) -> Path:
    """Files one (source, date) run hands from stage to stage; replaced on a re-run."""
    return home() / "staging" / safe_name(source) / day.isoformat()


def raw_dir(source: str) -> Path:
    """The raw archive (WARC files), kept so any date can be re-parsed offline."""
    return home() / "raw" / safe_name(source)


def safe_name(name: str) -> str:
    """Refuse a source name that could escape NEWSMON_HOME when used in a path."""
    if not _SAFE_NAME.match(name):
        raise ValueError(f"source name {name!r}: must be lower-case letters, digits, '-' or '_'")
    return name


def airflow_pools() -> dict[str, dict[str, Any]]:
    """The pools newsmon's DAGs use, in `airflow pools import` form (name -> slots, description)."""
    return {DUCKDB_POOL: {"slots": DUCKDB_POOL_SLOTS, "description": DUCKDB_POOL_DESCRIPTION,
                          "include_deferred": False}}


def main(argv: list[str] | None = None) -> int:
    """`python -m newsmon.settings pools`: the pools file `airflow pools import` reads (Makefile, up.sh)."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["pools"]:
        print("usage: python -m newsmon.settings pools   (the Airflow pools as JSON, for `airflow pools import`)",
              file=sys.stderr)
        return 2
    print(json.dumps(airflow_pools(), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
