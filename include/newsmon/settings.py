"""Where newsmon keeps its files, from environment variables with sensible defaults.

NEWSMON_HOME       root of everything newsmon writes (default ./data)
NEWSMON_WAREHOUSE  the DuckDB file (default $NEWSMON_HOME/warehouse.duckdb)
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def home() -> Path:
    return Path(os.environ.get("NEWSMON_HOME", "./data")).resolve()


def warehouse_path() -> Path:
    explicit = os.environ.get("NEWSMON_WAREHOUSE")
    return Path(explicit).resolve() if explicit else home() / "warehouse.duckdb"


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
