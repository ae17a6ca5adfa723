"""The fetch log: one row per URL a stage asked for, handed to the warehouse by the load task.

Why a log of its own (and not only `failures`): a news monitor fails quietly when it cannot
say what it asked for, what it got, and what it skipped. Every `Fetcher.get` leaves one entry,
whatever happened (fetched, not modified, retried, failed, refused), with its validators, so
an operator can answer "did the re-run really transfer nothing?" in SQL.

A stage writes its entries to the staging area (`fetch_log-<stage>.json`, replaced when the
stage re-runs); the load task reads them all. Entries carry `fetch_run` (the stage run's WARC
file name, unique per stage run), which keys idempotence in the warehouse: re-loading the
same entries replaces them, a new network run adds its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from newsmon.staging import Staging

FETCH_LOG_PREFIX = "fetch_log-"


@dataclass
class FetchLogEntry:
    fetch_run: str           # the stage run (its WARC file name without .warc.gz)
    stage: str               # discover | fetch
    url: str                 # the URL asked for
    requested_at: str        # ISO 8601 UTC, when the first attempt started
    status: int | None       # the final HTTP status (None when nothing usable came back)
    bytes: int               # body bytes received for the final answer (0 for a 304)
    etag: str | None
    last_modified: str | None
    elapsed_s: float         # wall seconds for this URL, retries and their waits included
    attempts: int
    outcome: str             # fetched | not_modified | retried_then_fetched | failed: … | refused: …
    raw_ref: str | None      # the archived bytes the stage used (the earlier 200 on a 304)

    def to_dict(self) -> dict[str, Any]:
        # Shallow (every field is a scalar): `asdict` deep-copies, which a re-run pays per URL.
        return {name: getattr(self, name) for name in FETCH_LOG_FIELDS}


FETCH_LOG_FIELDS = list(FetchLogEntry.__dataclass_fields__)


def write_fetch_log(staging: Staging, stage: str, entries: list[FetchLogEntry]) -> None:
    """Replace this stage's fetch log in the staging area."""
    staging.write_json(f"{FETCH_LOG_PREFIX}{stage}.json", [e.to_dict() for e in entries])


def read_fetch_log(staging: Staging) -> pd.DataFrame:
    """Every stage's fetch log of this (source, date), with the warehouse's column types."""
    import json

    rows: list[dict[str, Any]] = []
    for path in sorted(staging.dir.glob(f"{FETCH_LOG_PREFIX}*.json")):
        rows.extend(json.loads(path.read_text(encoding="utf-8")))
    frame = pd.DataFrame(rows, columns=FETCH_LOG_FIELDS)
    frame["requested_at"] = pd.to_datetime(frame["requested_at"], utc=True)
    return frame


def summarise(entries: list[FetchLogEntry]) -> dict[str, int]:
    """Counts by outcome kind and body bytes: what a stage reports in its summary."""
    out: dict[str, int] = {"bytes": sum(e.bytes for e in entries)}
    for entry in entries:
        kind = entry.outcome.split(":", 1)[0]
        out[kind] = out.get(kind, 0) + 1
    return out
