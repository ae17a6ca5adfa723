"""The runs table beyond the load: the volume history data quality is judged by, and the record
of a rejected day, which the pipeline stores through the warehouse (quality/ stays pure)."""

from __future__ import annotations

import datetime as dt
import logging

import duckdb
import pytest

from newsmon import pipeline
from newsmon.quality.validate import ValidationOutcome
from newsmon.staging import Staging
from newsmon.warehouse import WarehouseBusy, open_for_write, record_rejected_run, weekday_volumes
from newsmon.warehouse.load import load_day
from newsmon.warehouse.runs import rejected_run_row
from tests.unit.test_warehouse import hold_lock

DAY = dt.date(2024, 3, 5)  # a Tuesday
STARTED = "2024-03-05T06:00:00+00:00"
DQ = [{"expectation": "expect_table_row_count_to_be_between:volume", "column_name": None, "success": False,
       "unexpected_count": None, "observed": '{"rows": 0}'}]


def run(con, day: dt.date, status: str, loaded_rows: int, finished: dt.datetime, run_id: str) -> None:
    load_day(con, source="afgazad", run_date=day, articles=None,
             run={"run_id": run_id, "status": status, "valid": loaded_rows, "finished_at": finished})
    con.execute("UPDATE runs SET loaded = ? WHERE run_id = ?", [loaded_rows, run_id])  # as a load of that many


def test_no_warehouse_or_no_runs_table_is_no_history(tmp_path):
    assert weekday_volumes("afgazad", DAY, path=tmp_path / "none.duckdb") == {}
    duckdb.connect(str(tmp_path / "empty.duckdb")).close()
    assert weekday_volumes("afgazad", DAY, path=tmp_path / "empty.duckdb") == {}


def test_history_is_the_latest_successful_run_of_each_earlier_same_weekday(tmp_path):
    path = tmp_path / "w.duckdb"
    con = open_for_write(path)
    t = dt.datetime(2024, 3, 1)
    run(con, DAY - dt.timedelta(weeks=1), "success", 6, t, "w1-first")
    run(con, DAY - dt.timedelta(weeks=1), "success", 7, t + dt.timedelta(hours=1), "w1-rerun")  # latest counts
    run(con, DAY - dt.timedelta(weeks=2), "failed", 0, t, "w2-rejected")  # a rejected day is no history
    run(con, DAY - dt.timedelta(weeks=3), "success", 5, t, "w3")
    run(con, DAY - dt.timedelta(days=1), "success", 9, t, "monday")  # another weekday
    run(con, DAY - dt.timedelta(weeks=5), "success", 4, t, "outside")  # before the 28-day window
    run(con, DAY, "success", 3, t, "the-day-itself")
    con.close()
    assert weekday_volumes("afgazad", DAY, 28, path) == {DAY - dt.timedelta(weeks=3): 5, DAY - dt.timedelta(weeks=1): 7}
    assert weekday_volumes("darya", DAY, 28, path) == {}


def test_a_rejected_run_is_recorded_and_a_later_load_of_the_same_run_replaces_it(tmp_path):
    path = tmp_path / "w.duckdb"
    run_id = record_rejected_run("afgazad", DAY, STARTED, "no articles", {"parsed": 0, "valid": 0, "failed": 2},
                                 DQ, path)
    assert run_id == "afgazad/2024-03-05/2024-03-05T06:00:00"  # load_day's default id for that start
    con = open_for_write(path)
    assert con.execute("SELECT status, loaded, failed, message FROM runs").fetchall() == [("failed", 0, 2, "no articles")]
    assert con.execute("SELECT expectation, success FROM dq_results WHERE run_id = ?", [run_id]).fetchall() == \
        [("expect_table_row_count_to_be_between:volume", False)]
    load_day(con, source="afgazad", run_date=DAY, articles=None, run={"started_at": STARTED})
    assert con.execute("SELECT run_id, status FROM runs").fetchall() == [(run_id, "success")]
    con.close()


def test_the_rejected_row_keeps_the_counts_it_was_given_and_nothing_else():
    row = rejected_run_row("afgazad", DAY, None, "why", {"discovered": 4, "valid": None, "bogus": 1})
    assert (row["status"], row["loaded"], row["discovered"], row["valid"], row["message"]) == ("failed", 0, 4, None, "why")
    assert "bogus" not in row and row["run_id"].startswith("afgazad/2024-03-05/")


def test_recording_a_rejected_day_is_best_effort_when_the_warehouse_stays_locked(newsmon_home, monkeypatch, caplog):
    path = newsmon_home / "warehouse.duckdb"
    path.parent.mkdir(parents=True)
    open_for_write(path).close()
    staging = Staging("afgazad", DAY)
    staging.write_json(pipeline.STARTED, {"started_at": STARTED})
    outcome = ValidationOutcome(valid=None, quarantine=None, success=False, message="no articles",
                                metrics={"records": 0}, results=DQ, docs_index=None)
    holder = hold_lock(path, 60)
    try:
        with pytest.raises(WarehouseBusy):
            record_rejected_run("afgazad", DAY, STARTED, "no articles", {}, DQ, path, timeout_s=0.2)
        from newsmon.warehouse import runs

        real = runs.connect_with_retry
        monkeypatch.setattr(runs, "connect_with_retry", lambda *a, **k: real(*a, **{**k, "timeout_s": 0.2}))
        with caplog.at_level(logging.WARNING, logger="newsmon.pipeline"):
            assert pipeline._record_rejected(staging, outcome) is False
    finally:
        holder.kill()
        holder.wait()
    assert "could not record the rejected run of afgazad 2024-03-05" in caplog.text
    assert pipeline._record_rejected(staging, outcome) is True  # the lock gone, it is recorded
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT status, message FROM runs").fetchall() == [("failed", "no articles")]
