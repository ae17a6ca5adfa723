"""What a re-run may skip, and the small politeness rules, against `FaultServer` on 127.0.0.1.

- HTTP freshness (RFC 9111): a document the server declared fresh (`max-age`) is not asked for
  again until it goes stale, then it is revalidated (304) and fresh again; `no-cache` (the
  mirror's default, what the conditional-request tests rely on) is always revalidated;
- robots.txt is read once per run: the discover and fetch stages (separate fetchers, the
  state file between them) ask for it once; after `robots_cache_s` it is asked conditionally;
- a fractional `Crawl-delay` is honoured, for the group that names our product token;
- `max_redirects` comes from the profile.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from newsmon import pipeline
from newsmon.crawl.archive import WarcArchive
from newsmon.crawl.fetcher import Fetcher, freshness_lifetime
from newsmon.crawl.robots import crawl_delay
from newsmon.crawl.state import HttpCache
from newsmon.sources import load_profile
from newsmon.testing.faults import Fault, FaultServer

DAY = "2020-01-02"
PDF = ("application/pdf",)


class Clocks:
    """A fake monotonic clock with sleep, and a wall clock the test moves on by hand."""

    def __init__(self) -> None:
        self.mono, self.wall, self.sleeps = 1000.0, 1_700_000_000.0, []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.mono += seconds


def profile(**fetch):
    """The afgazad profile with test-sized limits; a read timeout no busy machine's slow answer
    reaches (no test here times a read out: an answer past it would be a retry these outcomes do
    not expect, as test_fetcher_faults saw on a CI machine at load 13)."""
    base = load_profile("afgazad")
    limits = dict(requests_per_second=0, connect_timeout_s=1.0, read_timeout_s=3.0, retries=1, backoff_s=0.01)
    return dataclasses.replace(base, fetch=dataclasses.replace(base.fetch, **{**limits, **fetch}))


@pytest.fixture
def paths(mirror_dir) -> list[str]:
    manifest = json.loads((mirror_dir / "manifest.json").read_text(encoding="utf-8"))
    return [f"/pdf/{DAY.replace('-', '/')}/{slug}.pdf" for slug in manifest["dates"][DAY]["articles"][:3]]


def run(server, paths, tmp_path, name, cache=None, clocks=None, prof=None):
    """One fetcher over `paths` with its own WARC file; (results by path, fetcher)."""
    clocks = clocks or Clocks()
    with WarcArchive(tmp_path / f"{name}-fetch.warc.gz") as archive:
        fetcher = Fetcher(prof or profile(), archive, base_url=server.base_url, cache=cache,
                          sleep=clocks.sleep, clock=lambda: clocks.mono, now=lambda: clocks.wall)
        results = {p: fetcher.get(server.base_url + p, accept=PDF) for p in paths}
    return results, fetcher


def article_hits(server, paths):
    return [(r[1], r[2], r[3]) for r in server.requests if r[1] in paths]


# -- freshness
def test_a_document_declared_fresh_is_not_asked_for_until_it_goes_stale(mirror_dir, paths, tmp_path):
    clocks = Clocks()
    with FaultServer(mirror_dir, cache_control="max-age=600") as server:
        cache = HttpCache(tmp_path / "state.json")
        first, _ = run(server, paths, tmp_path, "first", cache, clocks)
        cache.save()
        server.clear_requests()

        clocks.wall += 599  # still fresh: no request at all, the archived copy answers
        cache = HttpCache(tmp_path / "state.json")
        again, fetcher = run(server, paths, tmp_path, "again", cache, clocks)
        assert article_hits(server, paths) == []
        for p in paths:
            assert (again[p].outcome, again[p].ok, again[p].bytes_received) == ("fresh", True, 0)
            assert again[p].raw_ref == first[p].raw_ref and again[p].fetched_at == first[p].fetched_at
            assert again[p].body == first[p].body
        assert [(e.outcome, e.status, e.bytes) for e in fetcher.log] == [("fresh", None, 0)] * 3
        assert not (tmp_path / "again-fetch.warc.gz").exists()  # nothing received, no empty WARC file

        clocks.wall += 2  # stale: revalidated, and the 304 makes it fresh again
        stale, _ = run(server, paths, tmp_path, "stale", cache, clocks)
        assert article_hits(server, paths) == [(p, 304, 0) for p in paths]
        assert {r.outcome for r in stale.values()} == {"not_modified"}
        server.clear_requests()
        clocks.wall += 300
        refreshed, _ = run(server, paths, tmp_path, "refreshed", cache, clocks)
        assert article_hits(server, paths) == [] and {r.outcome for r in refreshed.values()} == {"fresh"}


def test_no_cache_is_always_revalidated_and_a_change_is_fetched(mirror_dir, paths, tmp_path):
    clocks = Clocks()
    with FaultServer(mirror_dir) as server:  # the mirror's default: Cache-Control: no-cache
        cache = HttpCache(tmp_path / "state.json")
        run(server, paths, tmp_path, "first", cache, clocks)
        server.clear_requests()
        again, _ = run(server, paths, tmp_path, "again", cache, clocks)
        assert article_hits(server, paths) == [(p, 304, 0) for p in paths]
        server.set_fault(paths[0], Fault.wrong_type("application/pdf", b"%PDF-1.4 a corrected edition"))
        server.clear_requests()
        changed, _ = run(server, paths, tmp_path, "changed", cache, clocks)
    assert changed[paths[0]].outcome == "fetched" and changed[paths[0]].body == b"%PDF-1.4 a corrected edition"
    assert [r.outcome for r in changed.values()][1:] == ["not_modified"] * 2


@pytest.mark.parametrize("headers, seconds", [
    ({"Cache-Control": "max-age=600"}, 600.0),
    ({"Cache-Control": "public, max-age=600", "Age": "100"}, 500.0),
    ({"Cache-Control": "max-age=600, no-cache"}, 0.0),
    ({"Cache-Control": "no-store"}, 0.0),
    ({"Expires": "Thu, 01 Jan 2026 01:00:00 GMT", "Date": "Thu, 01 Jan 2026 00:00:00 GMT"}, 3600.0),
    ({"Cache-Control": "max-age=60", "Expires": "Thu, 01 Jan 2026 01:00:00 GMT"}, 60.0),  # max-age wins
    ({"Expires": "0"}, 0.0),                                                           # invalid: expired
    ({"Last-Modified": "Wed, 01 Jan 2020 00:00:00 GMT"}, 0.0),                         # no heuristics
    ({}, 0.0),
])
def test_freshness_lifetime(headers, seconds):
    assert freshness_lifetime(headers, now=0.0) == seconds


# -- robots.txt once per run
def test_robots_txt_is_read_once_per_run_then_revalidated(mirror_dir, tmp_path, newsmon_home):
    fast = profile()
    day = dt.date.fromisoformat(DAY)
    with FaultServer(mirror_dir) as server:
        pipeline.discover_stage(fast, day, server.base_url)
        fetched = pipeline.fetch_stage(fast, day, server.base_url)["fetched"]
        robots = [r for r in server.requests if r[1] == "/robots.txt"]
        assert fetched > 0 and robots == [("GET", "/robots.txt", 200, robots[0][3])]

        # an hour later (robots_cache_s), the next run asks again, conditionally
        entry = HttpCache.for_source("afgazad").entry(server.base_url + "/robots.txt")
        assert entry["status"] == 200 and entry["etag"]
        clocks = Clocks()
        clocks.wall = entry["checked_at"] + fast.fetch.robots_cache_s + 1
        server.clear_requests()
        run(server, [], tmp_path, "later", HttpCache.for_source("afgazad"), clocks, fast)
        fetcher = run(server, ["/pdf/x.pdf"], tmp_path, "later", HttpCache.for_source("afgazad"), clocks, fast)[1]
        assert [r[1:3] for r in server.requests if r[1] == "/robots.txt"] == [("/robots.txt", 304)]
        sent = [h for p, h in server.seen_headers if p == "/robots.txt"][-1]
        assert sent.get("If-None-Match") == entry["etag"]
        assert fetcher.log[0].outcome == "not_modified"


# -- Crawl-delay with fractions
def test_a_fractional_crawl_delay_is_honoured(mirror_dir, paths, tmp_path):
    robots = ("User-agent: otherbot\nCrawl-delay: 30\n\n"
              "User-agent: newsmon\nCrawl-delay: 0.5\nAllow: /\n\n"
              "User-agent: *\nCrawl-delay: 7\n")
    clocks = Clocks()
    with FaultServer(mirror_dir, robots_txt=robots) as server:
        results, _ = run(server, paths, tmp_path, "delay", clocks=clocks)
    assert all(r.ok for r in results.values())
    assert clocks.sleeps == [0.5] * 3  # robots.txt, then each article half a second after the one before


@pytest.mark.parametrize("text, agent, seconds", [
    ("User-agent: *\nCrawl-delay: 2.5\n", "newsmon/0.1", 2.5),
    ("User-agent: *\nCrawl-delay: 1\n", "newsmon/0.1", 1.0),
    ("User-agent: newsmon\nCrawl-delay: 0.25\nUser-agent: *\nCrawl-delay: 9\n", "newsmon/0.1 (+x)", 0.25),
    ("User-agent: a\nUser-agent: newsmon\nDisallow: /x\nCrawl-delay: 3 # slow\n", "newsmon/0.1", 3.0),
    ("User-agent: *\nCrawl-delay: soon\n", "newsmon/0.1", 0.0),
    ("User-agent: *\nCrawl-delay: -4\n", "newsmon/0.1", 0.0),
    ("User-agent: *\nCrawl-delay: nan\n", "newsmon/0.1", 0.0),
    ("Crawl-delay: 5\n", "newsmon/0.1", 0.0),  # outside any group
    ("User-agent: otherbot\nCrawl-delay: 5\n", "newsmon/0.1", 0.0),
])
def test_crawl_delay_parsing(text, agent, seconds):
    assert crawl_delay(text.splitlines(), agent) == seconds


# -- max_redirects from the profile
def test_max_redirects_comes_from_the_profile(mirror_dir, paths, tmp_path):
    assert load_profile("afgazad").fetch.max_redirects == 5  # the default
    with FaultServer(mirror_dir) as server:
        server.set_fault(paths[0], Fault.redirect("/r/1.pdf"))
        server.set_fault("/r/1.pdf", Fault.redirect(paths[1]))  # two hops, to a real article
        allowed, _ = run(server, paths[:1], tmp_path, "two", prof=profile(max_redirects=2))
        refused, _ = run(server, paths[:1], tmp_path, "one", prof=profile(max_redirects=1))
    assert allowed[paths[0]].outcome == "fetched" and allowed[paths[0]].body.startswith(b"%PDF-")
    assert refused[paths[0]].outcome == "failed: more than 1 redirects"
