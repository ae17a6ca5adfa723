"""Idempotency: 10 mirror dates, each run three times in a random (seeded) order, leave the
warehouse identical to running each date once.

Real parts: `pipeline.run_day` (what `newsmon run` and the DAG's tasks call) against the
mirror on 127.0.0.1, real WARC files, Great Expectations and DuckDB files. Only the profile's
politeness delay is lifted (the rate limit would make 40 runs take minutes, and does not
touch what is loaded).

Identical means: the same tables, and for each the same row count and content hash
(`warehouse_state`) with only the per-run columns left out, each named with its reason in
`warehouse_state.PER_RUN_COLUMNS` (clock readings and ids made of them: loaded_at, fetched_at,
run_id, started_at, ...). Three tables are history by design, one entry per run, so they are
compared per run rather than as a whole:
- `runs` keeps one row per run (the audit trail the report shows): the latest run of every
  date must equal the reference's run, and there must be exactly one row per run made;
- `dq_results` keeps each run's results: those of the latest run of every date must equal the
  reference's, except `observed.history` (the trailing same-weekday volumes known when the run
  judged the day: in a random order, which earlier dates were loaded yet differs by nature);
- `fetch_log` is the crawler's request history: every run must have asked for exactly the URLs
  the reference run asked for, once each (a re-run answers 304 where the first got 200, so the
  statuses and byte counts of a re-run differ by design; the crawler tests check those), except
  robots.txt, asked once per host while the crawler's copy is fresh, so by whichever run is first.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import duckdb
import pytest

from newsmon import pipeline
from tests.conftest import ground_truth
from tests.profiles import FAST_RETRIES, fast_profile
from tests.reliability.ledger import record
from tests.reliability.warehouse_state import PER_RUN_COLUMNS, differences, fingerprint, warehouse_state

SOURCE = "afgazad"
PROFILE = fast_profile(SOURCE, **FAST_RETRIES, read_timeout_s=5.0)
DATES = [dt.date(2020, 1, d) for d in range(1, 11)]  # 10 dates with articles (01-07 also has failures)
SEED = 8
HISTORY = ("runs", "dq_results", "fetch_log")
LATEST_RUN = """
SELECT {columns} FROM {table}
WHERE run_id IN (SELECT arg_max(run_id, finished_at) FROM runs GROUP BY source, run_date)
"""
RUN_COLUMNS = "source, run_date, status, discovered, fetched, parsed, valid, quarantined, failed, loaded, message"
# observed without its "history": the same-weekday volumes the warehouse held when the run judged
# the day. In a random order that depends on which other dates happened to be loaded before
# (by nature of a trailing-volume check); the judgement itself (success, metrics, parameters) must
# be equal.
DQ_COLUMNS = ("source, run_date, expectation, column_name, success, unexpected_count, "
              """json_merge_patch(observed, '{"history": null}') AS observed""")
# robots.txt is asked for once per host while the crawler's copy is fresh, so which run asks for
# it depends on the order and the clock: left out of the per-run request comparison.
NOT_ROBOTS = "url NOT LIKE '%/robots.txt'"
REQUESTS_PER_RUN = f"SELECT run_date, stage, url, count(*) FROM fetch_log WHERE {NOT_ROBOTS} GROUP BY ALL"


def run_dates(home, monkeypatch, base_url: str, days: list[dt.date]) -> None:
    monkeypatch.setenv("NEWSMON_HOME", str(home))
    monkeypatch.delenv("NEWSMON_WAREHOUSE", raising=False)
    for day in days:
        summary = pipeline.run_day(PROFILE, day, base_url)
        assert summary["articles"] == len(ground_truth(day.isoformat())), (day, summary)


def compared_state(path) -> dict:
    """Every table; the three history tables as their latest run of each date."""
    queries = {
        "runs": LATEST_RUN.format(columns=RUN_COLUMNS, table="runs"),
        "dq_results": LATEST_RUN.format(columns=DQ_COLUMNS, table="dq_results"),
        "fetch_log": f"SELECT DISTINCT run_date, stage, url FROM fetch_log WHERE {NOT_ROBOTS}",
    }
    return warehouse_state(path, exclude=PER_RUN_COLUMNS, queries=queries)


def per_run_requests(path) -> tuple[int, Counter]:
    """(runs made, how many times each (date, stage, url) was asked for per run of its date)."""
    with duckdb.connect(str(path), read_only=True) as con:
        runs = dict(con.execute("SELECT run_date, count(*) FROM runs GROUP BY ALL").fetchall())
        asked = con.execute(REQUESTS_PER_RUN).fetchall()
    return sum(runs.values()), Counter({(d, s, u): n / runs[d] for d, s, u, n in asked})


@pytest.mark.slow
def test_three_runs_of_each_date_in_random_order_equal_one_run_each(mirror, tmp_path, monkeypatch):
    once_home, thrice_home = tmp_path / "once", tmp_path / "thrice"
    run_dates(once_home, monkeypatch, mirror.base_url, DATES)

    order = DATES * 3
    random.Random(SEED).shuffle(order)
    run_dates(thrice_home, monkeypatch, mirror.base_url, order)

    once, thrice = compared_state(once_home / "warehouse.duckdb"), compared_state(thrice_home / "warehouse.duckdb")
    assert not differences(once, thrice), differences(once, thrice)
    with duckdb.connect(str(thrice_home / "warehouse.duckdb"), read_only=True) as con:
        per_date = dict(con.execute("SELECT run_date, count(*) FROM articles GROUP BY ALL").fetchall())
        duplicate_ids = con.execute("SELECT count(*) - count(DISTINCT article_id) FROM articles").fetchone()[0]
    assert per_date == {d: len(ground_truth(d.isoformat())) for d in DATES}
    assert duplicate_ids == 0

    runs_once, asked_once = per_run_requests(once_home / "warehouse.duckdb")
    runs_thrice, asked_thrice = per_run_requests(thrice_home / "warehouse.duckdb")
    assert (runs_once, runs_thrice) == (len(DATES), 3 * len(DATES))  # every run recorded, once
    assert asked_thrice == asked_once and set(asked_once.values()) == {1}  # each URL once per run

    tables = len(once)
    record("each of 10 mirror dates run 3 times in a seeded random order (30 runs) vs once each",
           trials=len(order),
           outcome=f"identical: {tables} tables, {sum(r for r, _ in once.values())} rows, same row counts and "
                   f"content hash (state {fingerprint(once)}) with only per-run columns left out; "
                   f"{sum(per_date.values())} articles = ground truth, 0 duplicate ids; runs history "
                   f"{runs_thrice} rows for {runs_thrice} runs, each run asked for each URL once")
