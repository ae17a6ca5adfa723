"""Data quality through the pipeline's own stage functions, a real DuckDB warehouse (built
with `load_day`), real Great Expectations and real Data Docs, all under a tmp NEWSMON_HOME."""

from __future__ import annotations

import json

import duckdb
import pytest

from newsmon import settings
from newsmon.pipeline import BatchRejected, load_stage, validate_stage
from newsmon.sources import load_profile
from tests.quality_rows import BROKEN_ROWS, DAY, SOURCE, article, load_history, record, stage_day

PROFILE = load_profile(SOURCE)


def query(sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path()), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_zero_articles_after_normal_days_fails_and_loads_nothing(newsmon_home):
    load_history(DAY)
    before = query("SELECT count(*) FROM articles")[0][0]
    stage_day(DAY, [])
    with pytest.raises(BatchRejected) as err:
        validate_stage(PROFILE, DAY)
    assert "nothing loaded" in str(err.value) and "no articles" in str(err.value)
    assert "median for Tuesdays is 6" in str(err.value)
    assert query("SELECT count(*) FROM articles")[0][0] == before
    assert query("SELECT count(*) FROM articles WHERE run_date = ?", [DAY])[0][0] == 0
    run_id, status, message, loaded = query(
        "SELECT run_id, status, message, loaded FROM runs WHERE run_date = ?", [DAY])[0]
    assert status == "failed" and loaded == 0 and "no articles" in message
    failed = query("SELECT expectation FROM dq_results WHERE run_id = ? AND NOT success", [run_id])
    assert ("expect_column_values_to_be_between:not_empty",) in failed


def test_a_normal_day_passes_loads_and_keeps_its_results(newsmon_home):
    load_history(DAY)
    stage_day(DAY, [record(i) for i in range(5)])
    assert validate_stage(PROFILE, DAY)["valid"] == 5
    load_stage(PROFILE, DAY)
    assert query("SELECT count(*) FROM articles WHERE run_date = ?", [DAY])[0][0] == 5
    (run_id,) = query("SELECT run_id FROM runs WHERE run_date = ? AND status = 'success'", [DAY])[0]
    rows = query("SELECT expectation, column_name, success, unexpected_count, observed FROM dq_results "
                 "WHERE run_id = ?", [run_id])
    assert len(rows) >= 30 and all(r[2] for r in rows)
    volume = next(r for r in rows if r[0].endswith(":volume"))
    assert json.loads(volume[4])["history"]["median"] == 6.0
    index = newsmon_home / "gx_docs" / "index.html"
    assert f"{SOURCE}-{DAY.isoformat()}" in index.read_text(encoding="utf-8")


# Every row expectation but those parse_stage's typed frame cannot carry (a free-text date,
# a null word_count); the unit tests cover those through validate_day.
# "long title" is re-cut for the real profile's title_max_chars (400).
ROW_BREAKS = [b if b[0] != "long title" else (b[0], {"title": "x" * 401}, b[2])
              for b in BROKEN_ROWS if b[0] not in ("unparseable date", "null word_count")]


def test_every_broken_row_lands_in_quarantine_with_its_reason(newsmon_home):
    broken = [record(100 + k, **change) for k, (_, change, _) in enumerate(ROW_BREAKS)]
    stage_day(DAY, [record(i) for i in range(len(broken))] + broken)
    validate_stage(PROFILE, DAY)
    load_stage(PROFILE, DAY)
    rows = query("SELECT url, failed_expectations, reasons, record FROM quarantine WHERE run_date = ?", [DAY])
    by_index = {}
    for url, names, reasons, rec in rows:
        rec = json.loads(rec)
        by_index[rec["raw_ref"]] = (names, reasons)
    assert len(rows) == len(ROW_BREAKS)
    for k, (label, _, expected) in enumerate(ROW_BREAKS):
        names, reasons = by_index[article(100 + k)["raw_ref"]]
        assert expected in names, (label, names)
        assert reasons, label
    loaded = {r[0] for r in query("SELECT url FROM articles WHERE run_date = ?", [DAY])}
    assert loaded == {record(i)["url"] for i in range(len(broken))}


def test_a_fixed_reparse_releases_the_quarantined_rows(newsmon_home):
    bad_title = "\ufe8e\ufedf\ufed8\ufe8e\ufee9 title"
    stage_day(DAY, [record(i) for i in range(4)] + [record(9, title=bad_title)])
    validate_stage(PROFILE, DAY)
    load_stage(PROFILE, DAY)
    assert query("SELECT count(*) FROM quarantine WHERE run_date = ?", [DAY])[0][0] == 1

    stage_day(DAY, [record(i) for i in range(4)] + [record(9, title="A fixed title")])  # parser fix, reparse
    assert validate_stage(PROFILE, DAY)["quarantined"] == 0
    result = load_stage(PROFILE, DAY)
    assert result["released"] == 1
    assert query("SELECT count(*) FROM quarantine WHERE run_date = ?", [DAY])[0][0] == 0
    assert query("SELECT title FROM articles WHERE article_id = ?", [record(9)["article_id"]]) == [("A fixed title",)]
    (outcome, names, run_id) = query("SELECT outcome, failed_expectations, released_by_run FROM quarantine_releases")[0]
    assert outcome == "loaded" and "expect_column_values_to_not_match_regex(title):presentation_forms" in names
    assert query("SELECT status FROM runs WHERE run_id = ?", [run_id]) == [("success",)]
    load_stage(PROFILE, DAY)  # a retried load releases nothing twice
    assert query("SELECT count(*) FROM quarantine_releases")[0][0] == 1


def test_a_row_that_still_fails_stays_quarantined_and_one_that_vanished_is_gone(newsmon_home):
    stage_day(DAY, [record(i) for i in range(4)] + [record(8, language="xx"), record(9, language="xx")])
    validate_stage(PROFILE, DAY)
    load_stage(PROFILE, DAY)
    stage_day(DAY, [record(i) for i in range(4)] + [record(8, language="xx")])
    validate_stage(PROFILE, DAY)
    load_stage(PROFILE, DAY)
    assert query("SELECT url FROM quarantine WHERE run_date = ?", [DAY]) == [(record(8)["url"],)]
    assert query("SELECT url, outcome FROM quarantine_releases") == [(record(9)["url"], "gone")]


def test_parse_warnings_are_stored_with_the_article_and_with_the_quarantined_record(newsmon_home):
    stage_day(DAY, [record(i, parse_warnings=["no_byline"] if i else []) for i in range(4)]
              + [record(9, parse_warnings=["no_header_date", "no_byline"])])
    validate_stage(PROFILE, DAY)
    load_stage(PROFILE, DAY)
    stored = dict(query("SELECT url, parse_warnings FROM articles WHERE run_date = ?", [DAY]))
    assert stored == {record(0)["url"]: [], **{record(i)["url"]: ["no_byline"] for i in range(1, 4)}}
    ((names, reasons, rec),) = query("SELECT failed_expectations, reasons, record FROM quarantine")
    assert names == ["expect_column_values_to_not_match_regex(parse_warnings):parse_warnings"]
    assert "no_header_date" in reasons and json.loads(rec)["parse_warnings"] == ["no_header_date", "no_byline"]
