"""The params of a manual run (the trigger form) do what their descriptions say.

Through the functions the DAG's tasks call with those params (`discover_stage`/`fetch_stage`
with `force=params["force_refetch"]`, `validate_stage` with `quarantine_only=...`), the mirror
on 127.0.0.1, real staging files, real Great Expectations and a real DuckDB file. How the DAG
declares the params for the form: tests/dags/test_trigger_form.py.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from newsmon import pipeline, settings
from tests.conftest import ground_truth
from tests.profiles import fast_profile
from tests.quality_rows import DAY as QDAY  # the day the quality helpers' records are dated
from tests.quality_rows import load_history, record, stage_day

DAY = dt.date(2020, 1, 3)
PROFILE = fast_profile("afgazad")  # without its 2 requests/s pace: the mirror is on loopback


def crawl(base_url: str, force: bool) -> tuple[dict, dict]:
    """The two network tasks of a run, as the DAG calls them."""
    return (pipeline.discover_stage(PROFILE, DAY, base_url, force=force),
            pipeline.fetch_stage(PROFILE, DAY, base_url, force=force))


def query(sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path()), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_force_refetch_downloads_everything_again(mirror, newsmon_home):
    articles = len(ground_truth(DAY.isoformat()))
    first = pipeline.run_day(PROFILE, DAY, mirror.base_url)
    assert first["fetched"] == articles

    mirror.clear_requests()
    _, fetched = crawl(mirror.base_url, force=False)  # a plain re-run: conditional, nothing transferred
    assert fetched["requests"].get("not_modified") == articles and fetched["requests"]["bytes"] == 0
    assert {r[2] for r in mirror.requests if r[1].startswith("/pdf/")} == {304}

    mirror.clear_requests()
    discovered, fetched = crawl(mirror.base_url, force=True)  # force_refetch
    pdfs = [r for r in mirror.requests if r[1].startswith("/pdf/")]
    listings = [r for r in mirror.requests if r[1].startswith("/archive/")]
    assert len(pdfs) == articles and {r[2] for r in pdfs} == {200} and all(r[3] > 10_000 for r in pdfs)
    assert listings and {r[2] for r in listings} == {200}
    assert "not_modified" not in fetched["requests"] and fetched["requests"]["fetched"] >= articles
    assert fetched["requests"]["bytes"] >= sum(r[3] for r in pdfs)
    assert discovered["candidates"] == articles

    # The re-downloaded day parses and loads to the same articles; the fetch log keeps both runs.
    parsed = pipeline.parse_stage(PROFILE, DAY)
    validated = pipeline.validate_stage(PROFILE, DAY)
    pipeline.load_stage(PROFILE, DAY, {"parsed": parsed["parsed"], "valid": validated["valid"]})
    assert {r[0] for r in query("SELECT article_id FROM articles WHERE run_date = ?", [DAY])} == {
        t["article_id"] for t in ground_truth(DAY.isoformat())}
    kinds = query("SELECT outcome_kind, count(*) FROM fetch_log WHERE stage = 'fetch' AND url LIKE '%.pdf' "
                  "GROUP BY ALL ORDER BY 1")
    assert kinds == [("fetched", 2 * articles)]  # the first run's 200s and the forced run's 200s

    # A forced fetch leaves the remembered validators alone: the next plain run is conditional again.
    mirror.clear_requests()
    crawl(mirror.base_url, force=False)
    assert {r[2] for r in mirror.requests if r[1].startswith("/pdf/")} == {304}


def rejectable_day() -> list[dict]:
    """After four normal weeks (6 articles a day): one good record and two broken ones.
    Both batch checks fail: volume (1 < 25 % of the median 6) and the quarantine share (2/3)."""
    return [record(0), record(8, language="xx"), record(9, title="")]


def test_without_quarantine_only_the_batch_is_rejected(newsmon_home):
    load_history(QDAY)
    stage_day(QDAY, rejectable_day())
    with pytest.raises(pipeline.BatchRejected, match="nothing loaded"):
        pipeline.validate_stage(PROFILE, QDAY, quarantine_only=False)
    assert query("SELECT count(*) FROM articles WHERE run_date = ?", [QDAY]) == [(0,)]
    assert query("SELECT count(*) FROM quarantine WHERE run_date = ?", [QDAY]) == [(0,)]
    assert query("SELECT status FROM runs WHERE run_date = ?", [QDAY]) == [("failed",)]


def test_quarantine_only_loads_the_good_rows_and_quarantines_the_rest(newsmon_home):
    load_history(QDAY)
    stage_day(QDAY, rejectable_day())
    with pytest.raises(pipeline.BatchRejected):  # first the scheduled run: rejected
        pipeline.validate_stage(PROFILE, QDAY)

    validated = pipeline.validate_stage(PROFILE, QDAY, quarantine_only=True)  # the operator's re-run
    assert (validated["valid"], validated["quarantined"]) == (1, 2)
    loaded = pipeline.load_stage(PROFILE, QDAY, {"parsed": 3, "valid": 1, "quarantined": 2})
    assert loaded["articles"] == 1

    assert query("SELECT article_id FROM articles WHERE run_date = ?", [QDAY]) == [(record(0)["article_id"],)]
    quarantined = dict(query("SELECT article_id, reasons FROM quarantine WHERE run_date = ?", [QDAY]))
    assert set(quarantined) == {record(8)["article_id"], record(9)["article_id"]}
    assert all(quarantined.values())
    # The batch checks' failures are kept with the run, which succeeded (the rejected try is replaced).
    assert query("SELECT status, valid, quarantined FROM runs WHERE run_date = ?", [QDAY]) == [("success", 1, 2)]
    failed = {r[0] for r in query("SELECT expectation FROM dq_results d JOIN runs r USING (run_id) "
                                  "WHERE r.run_date = ? AND NOT d.success", [QDAY])}
    assert any(name.endswith(":volume") for name in failed), failed
