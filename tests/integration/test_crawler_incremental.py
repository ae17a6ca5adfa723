"""The crawler through the real pipeline: `pipeline.run_day` with the mirror on 127.0.0.1, a
temporary NEWSMON_HOME, real WARC files, real Great Expectations and a real DuckDB file.

- a second run of a date sends conditional requests only, transfers no article body (every
  article answers 304) and leaves the warehouse's articles unchanged;
- `newsmon reparse` rebuilds the day from the raw archive with the server stopped (and any
  HTTP request made an error);
- a document that changed on the server is fetched again and versioned;
- faults on some articles are recorded (fetch log and failures in the warehouse) while the
  run goes on with the others.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil

import duckdb
import urllib3.connectionpool

from newsmon import pipeline
from newsmon.testing.faults import Fault, FaultServer
from newsmon.testing.server import MirrorServer
from tests.conftest import ground_truth
from tests.profiles import FAST_RETRIES, fast_profile

DAY = dt.date(2020, 1, 2)
CHANGED_SLUG = "election-dispute-new-year"  # two pages; its "corrected edition" keeps one
# The afgazad profile with the rate limit lifted and test-sized retries.
PROFILE = fast_profile("afgazad", **FAST_RETRIES, read_timeout_s=2.0)


def warehouse(home) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)


def snapshot(home) -> dict[str, list]:
    """The day's articles as stored (every column, timestamps included), versions and failures."""
    with warehouse(home) as con:
        return {
            "articles": con.execute("SELECT * FROM articles ORDER BY article_id").fetchall(),
            "versions": con.execute("SELECT article_id, content_sha256, first_seen FROM article_versions "
                                    "ORDER BY ALL").fetchall(),
            "failures": con.execute("SELECT url, stage, error FROM failures ORDER BY ALL").fetchall(),
        }


def article_requests(server) -> list[tuple[str, str, int, int]]:
    return [r for r in server.requests if r[1].startswith("/pdf/")]


def test_a_second_run_transfers_no_article_bodies_and_changes_nothing(mirror, newsmon_home):
    first = pipeline.run_day(PROFILE, DAY, mirror.base_url)
    assert first["valid"] == len(ground_truth(DAY.isoformat())) == first["fetched"]
    before = snapshot(newsmon_home)

    mirror.clear_requests()
    second = pipeline.run_day(PROFILE, DAY, mirror.base_url)
    articles = article_requests(mirror)
    assert len(articles) == first["fetched"]
    assert {(status, sent) for _, _, status, sent in articles} == {(304, 0)}  # zero body bytes
    listings = [r for r in mirror.requests if r[1].startswith("/archive/")]
    assert listings and {r[2] for r in listings} == {304}
    assert second["valid"] == first["valid"]
    assert snapshot(newsmon_home) == before  # not a single article row touched (loaded_at too)

    with warehouse(newsmon_home) as con:
        runs = con.execute("SELECT fetch_run, outcome_kind, count(*), sum(bytes) FROM fetch_log "
                           "WHERE stage = 'fetch' AND url LIKE '%.pdf' GROUP BY ALL ORDER BY 1").fetchall()
    assert [(kind, n) for _, kind, n, _ in runs] == [("fetched", first["fetched"]), ("not_modified", first["fetched"])]
    assert runs[0][3] > 100_000 and runs[1][3] == 0  # the history keeps the first run's 200s


def test_reparse_rebuilds_the_day_with_the_server_stopped(mirror_dir, newsmon_home, monkeypatch):
    from newsmon.cli import main

    with MirrorServer(mirror_dir) as server:
        pipeline.run_day(PROFILE, DAY, server.base_url)
        pipeline.run_day(PROFILE, DAY, server.base_url)  # all 304: the 200s are in the first WARC
    before = snapshot(newsmon_home)

    def no_network(*args, **kwargs):
        raise AssertionError("reparse made an HTTP request")

    monkeypatch.setattr(urllib3.connectionpool.HTTPConnectionPool, "urlopen", no_network)
    assert main(["reparse", "--source", "afgazad", "--date", DAY.isoformat()]) == 0
    after = snapshot(newsmon_home)
    assert after["articles"] == before["articles"]  # same ids, text, raw_ref and fetched_at
    assert len(after["articles"]) == len(ground_truth(DAY.isoformat()))


def test_a_changed_document_is_fetched_again_and_versioned(mirror_dir, newsmon_home, tmp_path):
    import pypdfium2 as pdfium

    site = tmp_path / "site"
    shutil.copytree(mirror_dir, site)
    with MirrorServer(site) as server:
        pipeline.run_day(PROFILE, DAY, server.base_url)
        target = site / "pdf" / DAY.strftime("%Y/%m/%d") / f"{CHANGED_SLUG}.pdf"
        original = pdfium.PdfDocument(target.read_bytes())
        edition = pdfium.PdfDocument.new()
        edition.import_pages(original, [0])
        buffer = io.BytesIO()
        edition.save(buffer)
        target.write_bytes(buffer.getvalue())
        server.clear_requests()
        pipeline.run_day(PROFILE, DAY, server.base_url)
        got = {path.rsplit("/", 1)[1]: (status, sent) for _, path, status, sent in article_requests(server)}
    assert got.pop(f"{CHANGED_SLUG}.pdf") == (200, len(buffer.getvalue()))
    assert set(got.values()) == {(304, 0)}
    with warehouse(newsmon_home) as con:
        versions = con.execute("SELECT count(*) FROM article_versions v JOIN articles a USING (article_id) "
                               "WHERE a.url LIKE ?", [f"%{CHANGED_SLUG}.pdf"]).fetchone()[0]
        current = con.execute("SELECT a.content_sha256 = (SELECT content_sha256 FROM article_versions v "
                              "WHERE v.article_id = a.article_id ORDER BY first_seen DESC LIMIT 1) "
                              "FROM articles a WHERE a.url LIKE ?", [f"%{CHANGED_SLUG}.pdf"]).fetchone()[0]
        changed = con.execute("SELECT outcome FROM fetch_log WHERE url LIKE ? ORDER BY requested_at",
                              [f"%{CHANGED_SLUG}.pdf"]).fetchall()
    assert versions == 2 and current
    assert [o for (o,) in changed] == ["fetched", "fetched"]


def test_faults_are_recorded_and_the_run_goes_on(mirror_dir, newsmon_home):
    slugs = ground_truth(DAY.isoformat())
    paths = [f"/pdf/{DAY.strftime('%Y/%m/%d')}/{t['url'].rsplit('/', 1)[1]}" for t in slugs]
    faults = {
        paths[0]: Fault.status_code(500, times=1),                          # retried and got
        paths[1]: Fault.wrong_type("text/html; charset=utf-8"),             # skipped, reason recorded
        paths[2]: Fault.redirect("http://elsewhere.example/stolen.pdf"),   # refused
    }
    with FaultServer(mirror_dir, faults) as server:
        summary = pipeline.run_day(PROFILE, DAY, server.base_url)
    assert summary["fetched"] == len(paths) - 2 and summary["valid"] == len(paths) - 2
    with warehouse(newsmon_home) as con:
        outcomes = dict(con.execute("SELECT regexp_extract(url, '[^/]+$'), outcome FROM fetch_log "
                                    "WHERE stage = 'fetch' AND url LIKE '%.pdf'").fetchall())
        failures = dict(con.execute("SELECT regexp_extract(url, '[^/]+$'), error FROM failures "
                                    "WHERE stage = 'fetch'").fetchall())
    name = [p.rsplit("/", 1)[1] for p in paths]
    assert outcomes[name[0]] == "retried_then_fetched"
    assert outcomes[name[1]] == failures[name[1]] == "failed: wrong Content-Type: text/html (expected application/pdf)"
    assert outcomes[name[2]] == failures[name[2]] == \
        "refused: redirect to another host refused: http://elsewhere.example/stolen.pdf"
    assert all(outcomes[n] == "fetched" for n in name[3:])


def test_a_rerun_rewrites_only_the_files_whose_content_changed(mirror, newsmon_home):
    """A no-cache re-run of the stages still revalidates everything and logs every request, but
    leaves files whose bytes would not change (candidates, failures, the HTTP cache state) as they
    were, and leaves no temporary file behind; a changed file is replaced whole."""
    from newsmon.crawl.fetchlog import read_fetch_log
    from newsmon.crawl.state import state_path
    from newsmon.staging import Staging

    pipeline.discover_stage(PROFILE, DAY, mirror.base_url)
    fetched = pipeline.fetch_stage(PROFILE, DAY, mirror.base_url)["fetched"]
    staging = Staging("afgazad", DAY)
    pipeline.discover_stage(PROFILE, DAY, mirror.base_url)
    pipeline.fetch_stage(PROFILE, DAY, mirror.base_url)  # fetched.json now says not_modified

    def identity(path):
        st = path.stat()
        return st.st_ino, st.st_mtime_ns

    unchanged = [staging.path(n) for n in (pipeline.CANDIDATES, pipeline.FETCHED, "failures-discover.json",
                                           "failures-fetch.json")] + [state_path("afgazad")]
    before = {p: identity(p) for p in unchanged}
    logs_before = read_fetch_log(staging)

    mirror.clear_requests()
    again = pipeline.fetch_stage(PROFILE, DAY, mirror.base_url)
    assert again["fetched"] == fetched and again["requests"]["not_modified"] == fetched
    assert {r[2] for r in article_requests(mirror)} == {304} and len(article_requests(mirror)) == fetched
    assert {p: identity(p) for p in unchanged} == before
    logs = read_fetch_log(staging)
    fetch_logs = logs[logs["stage"] == "fetch"]
    assert len(fetch_logs) == fetched and set(fetch_logs["outcome"]) == {"not_modified"}
    assert set(fetch_logs["fetch_run"]).isdisjoint(set(logs_before["fetch_run"]))  # rewritten: a new run
    assert not list(staging.dir.glob(".*.tmp")) and not list(state_path("afgazad").parent.glob(".*.tmp"))

    staging.write_json("probe.json", [{"a": 1}])
    first = identity(staging.path("probe.json"))
    staging.write_json("probe.json", [{"a": 1}])
    assert identity(staging.path("probe.json")) == first
    staging.write_json("probe.json", [{"a": 2}, {"b": "é"}])
    assert staging.read_json("probe.json") == [{"a": 2}, {"b": "é"}]
    assert identity(staging.path("probe.json"))[0] != first[0]  # replaced by rename, never edited in place
