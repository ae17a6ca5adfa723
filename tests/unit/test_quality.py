"""Validation of a day's ArticleRecords with the real Great Expectations suites (include/gx)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pandas as pd
import pytest

from newsmon.quality.context import GX_DIR
from newsmon.quality.history import VolumeHistory
from newsmon.quality.validate import BATCH_SUITE_PATH, host_regex, load_suite_dict, validate_day
from newsmon.records import ARTICLE_FIELDS
from newsmon.sources.profile import QualityPolicy, load_profile
from tests.quality_rows import BROKEN_ROWS, DAY, article


@pytest.fixture(scope="module")
def profile():
    """The afgazad profile with the quality settings these tests are written against."""
    return dataclasses.replace(
        load_profile("afgazad"),
        allowed_hosts=("www.afgazad.com", "afgazad.com"),
        languages=("en", "de", "fr", "fa", "ps"),
        quality=QualityPolicy(min_body_words=20, min_body_chars=100, title_max_chars=50, date_tolerance_days=0),
    )


@pytest.fixture(autouse=True)
def _home(newsmon_home):
    """GX results and Data Docs of every test go to its own tmp NEWSMON_HOME."""
    return newsmon_home


def batch(n: int = 10, **row_changes: dict) -> pd.DataFrame:
    """n good rows; `row_changes={"r3": {...}}` alters row 3."""
    rows = [article(i, **row_changes.get(f"r{i}", {})) for i in range(n)]
    return pd.DataFrame(rows, columns=ARTICLE_FIELDS)


def test_suite_files_are_gx_suites():
    import great_expectations as gx

    for path, name in ((None, "articles"), (BATCH_SUITE_PATH, "articles_batch")):
        raw = load_suite_dict(path) if path else load_suite_dict()
        suite = gx.ExpectationSuite(**raw)
        assert suite.name == name
        assert len(suite.expectations) == len(raw["expectations"])


def test_a_run_writes_nothing_into_the_gx_project(profile, newsmon_home):
    before = {p: p.stat().st_mtime_ns for p in GX_DIR.rglob("*")}
    validate_day(batch(3), DAY, profile)
    assert {p: p.stat().st_mtime_ns for p in GX_DIR.rglob("*")} == before
    assert (newsmon_home / "gx_results").is_dir()


def test_data_docs_are_written_and_contain_the_run(profile, newsmon_home):
    outcome = validate_day(batch(3), DAY, profile, run_name="afgazad-2024-03-05-docs")
    index = newsmon_home / "gx_docs" / "index.html"
    assert outcome.docs_index == index and index.is_file()
    assert "afgazad-2024-03-05-docs" in index.read_text(encoding="utf-8")
    pages = list((newsmon_home / "gx_docs" / "validations").rglob("*.html"))
    assert {p.relative_to(newsmon_home / "gx_docs" / "validations").parts[:2] for p in pages} == {
        ("articles", "afgazad-2024-03-05-docs"), ("articles_batch", "afgazad-2024-03-05-docs")}


def test_good_batch_passes_with_every_row_valid(profile):
    df = batch(10)
    outcome = validate_day(df, DAY, profile)
    assert outcome.success, outcome.message
    assert len(outcome.valid) == 10 and outcome.quarantine.empty
    assert outcome.valid["captions"].tolist() == df["captions"].tolist()  # rows travel unchanged
    assert all(r["success"] for r in outcome.results)
    by_name = {(r["expectation"], r["column_name"]) for r in outcome.results}
    assert ("expect_column_values_to_be_unique", "url") in by_name
    assert ("expect_column_values_to_be_between:quarantine_share", "quarantine_share") in by_name
    assert ("expect_column_values_to_be_between:not_empty", "articles") in by_name
    for r in outcome.results:
        json.loads(r["observed"])


def test_dates_as_timestamps_or_strings_are_accepted(profile):
    df = batch(4)
    df["published_date"] = pd.to_datetime(df["published_date"])
    assert validate_day(df, DAY, profile).success
    df["published_date"] = DAY.isoformat()
    assert len(validate_day(df, DAY, profile).valid) == 4


def test_mild_parse_warnings_and_none_pass(profile):
    df = batch(5)
    df["parse_warnings"] = pd.Series([["no_byline"], ["unknown_section", "no_section"], [], None,
                                      ["no_byline", "unknown_section"]], dtype=object)
    outcome = validate_day(df, DAY, profile)
    assert outcome.quarantine.empty, outcome.quarantine["reasons"].tolist()


def test_good_authors_and_null_author_pass(profile):
    authors = ["Camille Laurent", "عزیزالله صبوری", "احمد ولي ځدراڼ", "Dr. A. Smith", None, "Friedrich Albers"]
    df = batch(6)
    df["author"] = authors
    outcome = validate_day(df, DAY, profile)
    assert outcome.quarantine.empty, outcome.quarantine["reasons"].tolist()



@pytest.mark.parametrize("label,change,expected", BROKEN_ROWS, ids=[b[0] for b in BROKEN_ROWS])
def test_each_broken_row_is_quarantined_with_the_expectation_named(profile, label, change, expected):
    df = batch(6, r2=change)
    outcome = validate_day(df, DAY, profile)
    assert outcome.success, outcome.message  # 1 of 6 bad: the batch still passes
    assert len(outcome.valid) == 5
    assert len(outcome.quarantine) == 1
    bad = outcome.quarantine.iloc[0]
    assert bad["url"] == df.loc[2, "url"]
    assert expected in bad["failed_expectations"]
    assert bad["reasons"]
    failed = {(r["expectation"], r["column_name"]) for r in outcome.results if not r["success"]}
    kind, rest = expected.split("(", 1)
    column, _, check = rest.partition("):")
    assert (kind + (f":{check}" if check else ""), column.rstrip(")")) in failed


@pytest.mark.parametrize("column", ["url", "article_id"])
def test_duplicates_quarantine_every_copy(profile, column):
    df = batch(6)
    df.loc[4, column] = df.loc[1, column]
    outcome = validate_day(df, DAY, profile)
    assert sorted(outcome.quarantine["title"]) == ["Article number 1", "Article number 4"]
    for names in outcome.quarantine["failed_expectations"]:
        assert f"expect_column_values_to_be_unique({column})" in names


def test_reasons_name_the_value_and_several_failures_add_up(profile):
    df = batch(5, r0={"language": "xx", "title": None})
    bad = validate_day(df, DAY, profile).quarantine.iloc[0]
    assert set(bad["failed_expectations"]) == {
        "expect_column_values_to_be_in_set(language)",
        "expect_column_values_to_not_be_null(title)",
    }
    assert "'xx'" in bad["reasons"]


def test_date_tolerance_comes_from_the_profile(profile):
    lenient = dataclasses.replace(profile, quality=dataclasses.replace(profile.quality, date_tolerance_days=1))
    df = batch(4, r1={"published_date": DAY - dt.timedelta(days=1)}, r2={"published_date": DAY + dt.timedelta(days=2)})
    outcome = validate_day(df, DAY, lenient)
    assert len(outcome.valid) == 3
    assert outcome.quarantine["url"].tolist() == [df.loc[2, "url"]]


def test_empty_batch_passes(profile):
    for empty in (batch(3).iloc[0:0], pd.DataFrame(columns=ARTICLE_FIELDS), pd.DataFrame()):
        outcome = validate_day(empty, DAY, profile)
        assert outcome.success, outcome.message
        assert outcome.valid.empty and outcome.quarantine.empty
        assert "failed_expectations" in outcome.quarantine.columns


def test_more_than_half_bad_fails_the_batch(profile):
    bad = {"language": "xx"}
    df = batch(5, r0=bad, r1=bad, r2=bad)
    outcome = validate_day(df, DAY, profile)
    assert not outcome.success
    assert len(outcome.quarantine) == 3 and len(outcome.valid) == 2
    assert "60%" in outcome.message and "exceeds max_quarantine_share 50%" in outcome.message
    assert "expect_column_values_to_be_in_set(language)" in outcome.message
    batch_row = next(r for r in outcome.results if r["expectation"].endswith(":quarantine_share"))
    assert batch_row["success"] is False
    assert json.loads(batch_row["observed"])["metrics"]["quarantined"] == 3


def test_exactly_half_bad_still_passes(profile):
    bad = {"language": "xx"}
    assert validate_day(batch(4, r0=bad, r1=bad), DAY, profile).success


def test_an_expectation_that_cannot_run_fails_the_batch(profile, monkeypatch):
    import newsmon.quality.validate as validate

    monkeypatch.setattr(validate, "host_regex", lambda hosts: "(unclosed")
    outcome = validate_day(batch(3), DAY, profile)
    assert not outcome.success
    assert "could not be evaluated" in outcome.message and "match_regex(url)" in outcome.message
    assert len(outcome.valid) == 3  # no row is blamed for a broken check


def test_host_regex_is_anchored_and_escaped():
    import re

    pattern = re.compile(host_regex(("www.afgazad.com", "afgazad.com")))
    assert pattern.search("https://www.afgazad.com/pdf/a.pdf")
    assert pattern.search("HTTP://AFGAZAD.COM:8080/x")
    assert not pattern.search("https://wwwxafgazad.com/x")
    assert not pattern.search("ftp://afgazad.com/x")
    assert not re.search(host_regex(()), "https://afgazad.com/")


def test_the_reused_gx_context_validates_100_rows_as_the_first_call_did(profile):
    # Speed is measured in benchmarks/bench_validate.py, not asserted here; this checks that
    # the context the first call builds and later calls reuse gives the same verdict.
    df = batch(100)
    first = validate_day(df, DAY, profile)  # builds the GX context
    again = validate_day(df, DAY, profile)
    assert first.success and again.success
    assert [(r["expectation"], r["success"]) for r in again.results] == \
        [(r["expectation"], r["success"]) for r in first.results]


def history(*counts: int, day: dt.date = DAY) -> VolumeHistory:
    """Same-weekday history: counts for the weeks before `day`, oldest first."""
    weeks = len(counts)
    return VolumeHistory(day, 28, {day - dt.timedelta(weeks=weeks - i): n for i, n in enumerate(counts)})


def test_zero_articles_after_busy_weekdays_fails_with_the_median(profile):
    outcome = validate_day(batch(0), DAY, profile, history(6, 5, 7, 6))
    assert not outcome.success
    assert "no articles" in outcome.message and "median for Tuesdays is 6" in outcome.message
    assert "4 earlier Tuesday(s)" in outcome.message and "volume_min_median 2" in outcome.message
    row = next(r for r in outcome.results if r["expectation"].endswith(":not_empty"))
    assert row["success"] is False and json.loads(row["observed"])["history"]["median"] == 6.0


def test_too_few_articles_against_the_median_fails(profile):
    outcome = validate_day(batch(1), DAY, profile, history(8, 8, 8))
    assert not outcome.success
    assert "1 articles is below volume_min_fraction 25%" in outcome.message


@pytest.mark.parametrize("counts", [(1, 2, 1, 2), (9,), ()], ids=["quiet source", "one week", "no history"])
def test_zero_articles_is_fine_without_a_busy_history(profile, counts):
    assert validate_day(batch(0), DAY, profile, history(*counts)).success


def test_a_normal_day_passes_against_its_history(profile):
    outcome = validate_day(batch(5), DAY, profile, history(6, 5, 7, 6))
    assert outcome.success, outcome.message
    assert outcome.metrics == {"records": 5, "articles": 5, "quarantined": 0, "quarantine_share": 0.0}


def test_share_threshold_comes_from_the_profile(profile):
    strict = dataclasses.replace(profile, quality=dataclasses.replace(profile.quality, max_quarantine_share=0.1))
    outcome = validate_day(batch(5, r0={"language": "xx"}), DAY, strict)
    assert not outcome.success and "exceeds max_quarantine_share 10%" in outcome.message
