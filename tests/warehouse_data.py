"""A warehouse holding the offline mirror's ground truth, loaded as the pipeline would, and the
`newsmon` command run against it.

A helper module: the warehouse unit tests, the search tests, the DuckLake integration test and
the SQL sandbox's security tests all start from this warehouse, and none imports another's
test file for it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pandas as pd

from newsmon.records import ARTICLE_FIELDS
from newsmon.testing.mirror import load_ground_truth
from newsmon.warehouse.load import load_day

MARTS = ["mart_articles", "mart_articles_daily", "mart_authors", "mart_dq_daily", "mart_dq_results",
         "mart_freshness", "mart_near_duplicates", "mart_quarantine", "mart_republished", "mart_runs",
         "mart_top_terms_daily"]
STARTED = dt.datetime(2024, 1, 1, 6, 0)


def ground_truth_frame(rows: list[dict]) -> pd.DataFrame:
    """Ground-truth records as the parse stage hands them on (dates as dates, UTC times)."""
    frame = pd.DataFrame(rows, columns=ARTICLE_FIELDS)
    for column in ("published_date", "original_published_date"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    frame["fetched_at"] = pd.to_datetime(frame["fetched_at"], utc=True)
    return frame


def load_mirror(con, dq_failing_day: dt.date | None = None) -> dict[dt.date, list[dict]]:
    """Every mirror date through `load_day`, as the pipeline would; returns the ground truth."""
    truth = load_ground_truth()
    for day, rows in truth.items():
        dq = [{"expectation": "expect_column_values_to_not_be_null", "column_name": "title", "success": True,
               "unexpected_count": 0, "observed": "{}"},
              {"expectation": "expect_column_values_to_be_unique", "column_name": "url",
               "success": day != dq_failing_day, "unexpected_count": 0, "observed": "{}"}]
        load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(rows), dq_results=dq,
                 run={"run_id": f"afgazad-{day}", "started_at": STARTED})
    return truth


def newsmon(*args: str, env_path=None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`newsmon ARGS` in a subprocess, on the warehouse file `env_path` when given."""
    env = {"NEWSMON_WAREHOUSE": str(env_path)} if env_path else {}
    return subprocess.run([sys.executable, "-m", "newsmon.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=timeout)
