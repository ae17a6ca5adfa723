"""The fetcher against a misbehaving server (`newsmon.testing.faults`), one fault per test.

Each test fetches one faulty article between good ones of the same day and checks three
things: the faulty URL's outcome (retried and got, skipped with a recorded reason, or
refused), that the good ones were still fetched, and what was logged. Waits (backoff,
Retry-After, Crawl-delay) go through a fake clock, so they are checked exactly and cost
nothing; timeouts are real but short.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import json
import shutil
import socket

import pytest

from newsmon.crawl.archive import WarcArchive, iter_responses, read_record
from newsmon.crawl.fetcher import Fetcher, accepted_types
from newsmon.crawl.state import HttpCache
from newsmon.sources import load_profile
from newsmon.testing.faults import Fault, FaultServer

DAY = "2020-01-02"
PDF = ("application/pdf",)


def fast_profile(**fetch):
    """The afgazad profile with test-sized limits: no rate limit, tiny backoff, and a read timeout
    short enough for a test yet long enough that a busy machine's slow answer is no timeout (a
    robots.txt read past 0.3 s on a CI machine at load 13 made a retry the log test did not expect):
    the hang test sets its own short one."""
    profile = load_profile("afgazad")
    limits = dict(requests_per_second=0, connect_timeout_s=1.0, read_timeout_s=3.0, retries=2, backoff_s=0.01)
    policy = dataclasses.replace(profile.fetch, **{**limits, **fetch})
    return dataclasses.replace(profile, fetch=policy)


class FakeClock:
    """monotonic() and sleep() for the fetcher: sleeping advances time and is recorded."""

    def __init__(self) -> None:
        self.now, self.sleeps = 1000.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
def paths(mirror_dir) -> list[str]:
    """Site paths of three articles of DAY."""
    manifest = json.loads((mirror_dir / "manifest.json").read_text(encoding="utf-8"))
    return [f"/pdf/{DAY.replace('-', '/')}/{slug}.pdf" for slug in manifest["dates"][DAY]["articles"][:3]]


@pytest.fixture
def server(mirror_dir):
    with FaultServer(mirror_dir) as srv:
        yield srv


def make_fetcher(server, tmp_path, profile=None, cache=None, clock=None, name="run"):
    archive = WarcArchive(tmp_path / f"{name}-fetch.warc.gz").__enter__()
    clock = clock or FakeClock()
    fetcher = Fetcher(profile or fast_profile(), archive, base_url=server.base_url, cache=cache,
                      sleep=clock.sleep, clock=clock)
    return fetcher, archive, clock


def fetch_all(fetcher, archive, server, paths, accept=PDF):
    try:
        return {p: fetcher.get(server.base_url + p, accept=accept) for p in paths}
    finally:
        archive.__exit__(None, None, None)


def assert_others_fetched(results, faulty):
    for path, result in results.items():
        if path != faulty:
            assert result.ok and result.outcome == "fetched" and result.body.startswith(b"%PDF-"), (path, result)


def served(server, path):
    return [r for r in server.requests if r[1] == path]


# -- retried and got
def test_500_then_200_is_retried_and_fetched(server, paths, tmp_path):
    server.set_fault(paths[1], Fault.status_code(500, times=1))
    fetcher, archive, clock = make_fetcher(server, tmp_path)
    results = fetch_all(fetcher, archive, server, paths)
    got = results[paths[1]]
    assert (got.outcome, got.attempts, got.status) == ("retried_then_fetched", 2, 200)
    assert got.body.startswith(b"%PDF-") and clock.sleeps == [0.01]
    assert [r[2] for r in served(server, paths[1])] == [500, 200]
    assert_others_fetched(results, paths[1])
    # Both responses are in the archive, the 500 too.
    assert sorted(r.status for r in iter_responses(archive.path) if r.url.endswith(paths[1])) == [200, 500]


def test_503_with_retry_after_waits_as_long_as_asked(server, paths, tmp_path):
    server.set_fault(paths[0], Fault.status_code(503, times=1, Retry_After="7"))
    later = email.utils.formatdate(dt.datetime.now(dt.timezone.utc).timestamp() + 30, usegmt=True)
    server.set_fault(paths[2], Fault.status_code(503, times=1, Retry_After=later))
    fetcher, archive, clock = make_fetcher(server, tmp_path)
    results = fetch_all(fetcher, archive, server, paths)
    assert results[paths[0]].outcome == results[paths[2]].outcome == "retried_then_fetched"
    assert clock.sleeps[0] == 7.0  # Retry-After in seconds beats the 0.01 s backoff
    assert 25 < clock.sleeps[1] <= 30  # Retry-After as an HTTP date
    assert results[paths[1]].outcome == "fetched"


def test_429_is_retried_with_exponential_backoff_then_recorded(server, paths, tmp_path):
    server.set_fault(paths[1], Fault.status_code(429, times=None))
    fetcher, archive, clock = make_fetcher(server, tmp_path)
    results = fetch_all(fetcher, archive, server, paths)
    got = results[paths[1]]
    assert got.outcome == "failed: HTTP 429 (after 3 attempts)" and not got.ok
    assert clock.sleeps == [0.01, 0.02]
    assert len(served(server, paths[1])) == 3
    assert_others_fetched(results, paths[1])


def test_408_and_a_dropped_connection_are_retried(server, paths, tmp_path):
    server.set_fault(paths[0], Fault.status_code(408, times=2))
    server.set_fault(paths[2], Fault.drop(times=1))
    fetcher, archive, _ = make_fetcher(server, tmp_path)
    results = fetch_all(fetcher, archive, server, paths)
    assert (results[paths[0]].outcome, results[paths[0]].attempts) == ("retried_then_fetched", 3)
    assert (results[paths[2]].outcome, results[paths[2]].attempts) == ("retried_then_fetched", 2)
    assert results[paths[1]].outcome == "fetched"


def test_connection_refused_is_retried_then_recorded(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    clock = FakeClock()
    fetcher = Fetcher(fast_profile(), base_url=f"http://127.0.0.1:{port}", sleep=clock.sleep, clock=clock)
    got = fetcher.get(f"http://127.0.0.1:{port}/pdf/x.pdf")
    # robots.txt could not be asked for: RFC 9309 says crawl nothing on that host.
    assert got.outcome.startswith("refused: robots.txt unreachable (connection error")
    assert clock.sleeps == [0.01, 0.02]  # the robots.txt request was retried like any other


def test_hang_past_the_read_timeout_is_retried_then_recorded(server, paths, tmp_path):
    server.set_fault(paths[1], Fault.hang(5.0, times=None))
    server.set_fault(paths[2], Fault.hang(5.0, times=1))
    fetcher, archive, _ = make_fetcher(server, tmp_path, profile=fast_profile(retries=1, read_timeout_s=0.3))
    results = fetch_all(fetcher, archive, server, paths)
    hung = results[paths[1]]
    assert hung.outcome == "failed: read timeout: no data for 0.3s (after 2 attempts)"
    assert results[paths[2]].outcome == "retried_then_fetched"
    assert results[paths[0]].outcome == "fetched"
    assert hung.elapsed_s < 5


def test_a_body_cut_short_is_retried_then_recorded(server, paths, tmp_path):
    server.set_fault(paths[0], Fault.cut_short(times=None))
    server.set_fault(paths[1], Fault.cut_short(times=1))
    fetcher, archive, _ = make_fetcher(server, tmp_path)
    results = fetch_all(fetcher, archive, server, paths)
    assert results[paths[0]].outcome.startswith("failed: body cut short")
    assert results[paths[0]].outcome.endswith("(after 3 attempts)")
    assert results[paths[1]].outcome == "retried_then_fetched"
    assert results[paths[2]].outcome == "fetched"
    # A cut body is never archived as if it were the document.
    assert all(r.status == 200 and r.body.startswith(b"%PDF-") for r in iter_responses(archive.path)
               if r.url.endswith(".pdf"))


# -- skipped with a recorded reason
def test_wrong_content_type_is_recorded_not_retried_and_not_remembered(server, paths, tmp_path):
    server.set_fault(paths[1], Fault.wrong_type("text/html; charset=utf-8"))
    cache = HttpCache(tmp_path / "state.json")
    fetcher, archive, _ = make_fetcher(server, tmp_path, cache=cache)
    results = fetch_all(fetcher, archive, server, paths, accept=accepted_types(fast_profile()))
    got = results[paths[1]]
    assert got.outcome == "failed: wrong Content-Type: text/html (expected application/pdf)"
    assert got.attempts == 1 and not got.ok
    assert_others_fetched(results, paths[1])
    assert cache.get(server.base_url + paths[1]) is None  # never sent as a conditional next time
    assert cache.get(server.base_url + paths[0]) is not None
    # Still archived: every response is (the login page is evidence).
    assert any(r.url.endswith(paths[1]) and b"log in" in r.body for r in iter_responses(archive.path))


def test_304_to_an_unconditional_request_is_recorded(server, paths, tmp_path):
    server.set_fault(paths[0], Fault.not_modified())
    fetcher, archive, _ = make_fetcher(server, tmp_path)
    results = fetch_all(fetcher, archive, server, paths)
    assert results[paths[0]].outcome == "failed: HTTP 304 to an unconditional request"
    assert_others_fetched(results, paths[0])


# -- refused
@pytest.mark.parametrize("declare_length", [True, False])
def test_an_oversized_body_is_refused(server, paths, tmp_path, declare_length):
    server.set_fault(paths[2], Fault.oversized(3_000_000, declare_length=declare_length))
    fetcher, archive, _ = make_fetcher(server, tmp_path, profile=fast_profile(max_bytes=200_000))
    results = fetch_all(fetcher, archive, server, paths)
    got = results[paths[2]]
    expected = ("refused: body larger than 200000 bytes (Content-Length 3000000)" if declare_length
                else "refused: body larger than 200000 bytes")
    assert (got.outcome, got.attempts) == (expected, 1)
    assert_others_fetched(results, paths[2])


def test_a_redirect_loop_and_a_long_chain_are_recorded(server, paths, tmp_path):
    server.set_fault(paths[0], Fault.redirect("/loop/b.pdf"))
    server.set_fault("/loop/b.pdf", Fault.redirect(paths[0]))
    server.set_fault(paths[1], Fault.redirect("/chain/1.pdf"))
    for n in range(1, 4):
        server.set_fault(f"/chain/{n}.pdf", Fault.redirect(f"/chain/{n + 1}.pdf"))
    fetcher, archive, _ = make_fetcher(server, tmp_path)
    fetcher.max_redirects = 3
    results = fetch_all(fetcher, archive, server, paths)
    assert results[paths[0]].outcome == (f"failed: redirect loop: {server.base_url}/loop/b.pdf -> "
                                         f"{server.base_url}{paths[0]}")
    assert results[paths[1]].outcome == "failed: more than 3 redirects"
    assert results[paths[2]].outcome == "fetched"


def test_a_redirect_within_the_host_is_followed(server, paths, tmp_path):
    server.set_fault("/moved.pdf", Fault.redirect(paths[0], status=301))
    fetcher, archive, _ = make_fetcher(server, tmp_path)
    results = fetch_all(fetcher, archive, server, ["/moved.pdf"])
    got = results["/moved.pdf"]
    assert got.outcome == "fetched" and got.final_url == server.base_url + paths[0]
    assert got.url == server.base_url + "/moved.pdf"


def test_a_redirect_to_another_host_is_refused_and_never_followed(server, paths, tmp_path):
    server.set_fault(paths[1], Fault.redirect("http://elsewhere.example/pdf/x.pdf"))
    fetcher, archive, _ = make_fetcher(server, tmp_path)
    results = fetch_all(fetcher, archive, server, paths)
    got = results[paths[1]]
    assert got.outcome == "refused: redirect to another host refused: http://elsewhere.example/pdf/x.pdf"
    assert got.status == 302 and not got.ok
    assert_others_fetched(results, paths[1])
    assert fetcher.log[-2].outcome == got.outcome  # recorded (the last entry is paths[2])


def test_robots_txt_disallow_refuses_the_path_without_asking_for_it(mirror_dir, paths, tmp_path):
    robots = f"User-agent: *\nDisallow: {paths[1]}\n"
    with FaultServer(mirror_dir, robots_txt=robots) as server:
        fetcher, archive, _ = make_fetcher(server, tmp_path)
        results = fetch_all(fetcher, archive, server, paths)
        assert results[paths[1]].outcome == "refused: disallowed by robots.txt"
        assert results[paths[1]].attempts == 0
        assert served(server, paths[1]) == []
        assert_others_fetched(results, paths[1])


def test_robots_crawl_delay_and_the_profile_rate_the_larger_wins(mirror_dir, paths, tmp_path):
    robots = "User-agent: *\nCrawl-delay: 2\nAllow: /\n"
    for rate, interval in ((0, 2.0), (10.0, 2.0), (0.25, 4.0)):
        with FaultServer(mirror_dir, robots_txt=robots) as server:
            fetcher, archive, clock = make_fetcher(server, tmp_path, profile=fast_profile(requests_per_second=rate),
                                                   name=f"rate{rate}")
            fetch_all(fetcher, archive, server, paths)
        # robots.txt, then three articles, each a full interval after the request before it.
        assert clock.sleeps == [interval] * 3, (rate, clock.sleeps)


def test_robots_txt_unavailable_allows_and_unreachable_forbids(mirror_dir, paths, tmp_path):
    with FaultServer(mirror_dir, {"/robots.txt": Fault.status_code(404, times=None)}) as server:
        fetcher, archive, _ = make_fetcher(server, tmp_path, name="404")
        assert all(r.ok for r in fetch_all(fetcher, archive, server, paths).values())
    with FaultServer(mirror_dir, {"/robots.txt": Fault.status_code(503, times=None)}) as server:
        fetcher, archive, _ = make_fetcher(server, tmp_path, name="503")
        results = fetch_all(fetcher, archive, server, paths)
        assert {r.outcome for r in results.values()} == {
            "refused: robots.txt unreachable (HTTP 503 (after 3 attempts)): host not crawled"}
        assert [r[1] for r in server.requests] == ["/robots.txt"] * 3


def test_one_user_agent_from_the_profile_or_the_environment(server, paths, tmp_path, monkeypatch):
    fetcher, archive, _ = make_fetcher(server, tmp_path, name="a")
    fetch_all(fetcher, archive, server, paths[:1])
    monkeypatch.setenv("NEWSMON_USER_AGENT", "newsmon-test/9 (+mailto:ops@example.org)")
    fetcher, archive, _ = make_fetcher(server, tmp_path, name="b")
    fetch_all(fetcher, archive, server, paths[:1])
    agents = [h.get("User-Agent") for _, h in server.seen_headers]
    profile_agent = load_profile("afgazad").fetch.user_agent
    assert agents == [profile_agent] * 2 + ["newsmon-test/9 (+mailto:ops@example.org)"] * 2
    assert "@" in profile_agent  # a contact address


# -- conditional requests
def test_a_second_fetch_is_conditional_and_answered_from_the_archive(server, paths, tmp_path):
    cache = HttpCache(tmp_path / "state.json")
    fetcher, archive, _ = make_fetcher(server, tmp_path, cache=cache, name="first")
    first = fetch_all(fetcher, archive, server, paths)
    cache.save()
    server.clear_requests()
    cache = HttpCache(tmp_path / "state.json")  # a new run reads the state file
    fetcher, archive, _ = make_fetcher(server, tmp_path, cache=cache, name="second")
    second = fetch_all(fetcher, archive, server, paths)
    for path in paths:
        again, before = second[path], first[path]
        assert (again.outcome, again.status, again.bytes_received) == ("not_modified", 304, 0)
        assert again.body == before.body and again.raw_ref == before.raw_ref
        assert again.fetched_at == before.fetched_at
        assert read_record(again.raw_ref).body == before.body
    sent = {p: h for p, h in server.seen_headers if p in paths}
    assert all("If-None-Match" in h and "If-Modified-Since" in h for h in sent.values())
    assert [(r[1], r[2], r[3]) for r in server.requests if r[1] in paths] == [(p, 304, 0) for p in paths]
    # robots.txt was read by the first run and is remembered: the second does not ask again
    assert [e.outcome for e in fetcher.log] == ["not_modified"] * 3
    assert "/robots.txt" not in [r[1] for r in server.requests]
    # The 304s are archived too (every response), as 304s.
    assert sorted(r.status for r in iter_responses(archive.path)) == [304, 304, 304]


def test_a_forced_304_to_a_conditional_request_uses_the_archive(server, paths, tmp_path):
    cache = HttpCache(tmp_path / "state.json")
    fetcher, archive, _ = make_fetcher(server, tmp_path, cache=cache, name="first")
    first = fetch_all(fetcher, archive, server, paths[:1])
    server.set_fault(paths[0], Fault.not_modified())
    fetcher, archive, _ = make_fetcher(server, tmp_path, cache=cache, name="second")
    got = fetch_all(fetcher, archive, server, paths[:1])[paths[0]]
    assert got.outcome == "not_modified" and got.body == first[paths[0]].body


def test_a_lost_archive_means_an_unconditional_fetch(server, paths, tmp_path):
    cache = HttpCache(tmp_path / "state.json")
    fetcher, archive, _ = make_fetcher(server, tmp_path, cache=cache, name="first")
    fetch_all(fetcher, archive, server, paths[:2])
    archive.path.unlink()  # the raw archive of the first run is gone
    fetcher, archive, _ = make_fetcher(server, tmp_path, cache=cache, name="second")
    results = fetch_all(fetcher, archive, server, paths[:2])
    assert {r.outcome for r in results.values()} == {"fetched"}
    assert all("If-None-Match" not in h for p, h in server.seen_headers[-2:])


def test_a_changed_document_is_fetched_again_with_its_new_etag(mirror_dir, paths, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(mirror_dir, site)
    cache = HttpCache(tmp_path / "state.json")
    with FaultServer(site) as server:
        fetcher, archive, _ = make_fetcher(server, tmp_path, cache=cache, name="first")
        first = fetch_all(fetcher, archive, server, paths)
        changed = site / paths[0].lstrip("/")
        changed.write_bytes(changed.read_bytes() + b"\n% corrected edition\n")
        fetcher, archive, _ = make_fetcher(server, tmp_path, cache=cache, name="second")
        second = fetch_all(fetcher, archive, server, paths)
    assert second[paths[0]].outcome == "fetched" and second[paths[0]].body.endswith(b"corrected edition\n")
    assert second[paths[0]].headers["ETag"] != first[paths[0]].headers["ETag"]
    assert second[paths[0]].raw_ref != first[paths[0]].raw_ref
    assert cache.get(server.base_url + paths[0])["raw_ref"] == second[paths[0]].raw_ref
    assert [second[p].outcome for p in paths[1:]] == ["not_modified"] * 2


def test_state_saves_merge_concurrent_runs(tmp_path):
    path = tmp_path / "state" / "http_cache.json"
    a, b = HttpCache(path), HttpCache(path)
    raw = tmp_path / "x.warc.gz"
    raw.write_bytes(b"")
    a.remember("http://h/a", {"etag": '"a"', "raw_ref": f"{raw}#0"})
    b.remember("http://h/b", {"etag": '"b"', "raw_ref": f"{raw}#0"})
    a.save()
    b.save()
    merged = HttpCache(path)
    assert merged.get("http://h/a")["etag"] == '"a"' and merged.get("http://h/b")["etag"] == '"b"'


def test_every_get_leaves_one_log_entry(server, paths, tmp_path):
    server.set_fault(paths[1], Fault.status_code(500, times=1))
    fetcher, archive, _ = make_fetcher(server, tmp_path)
    fetch_all(fetcher, archive, server, paths + ["/private/secret.pdf"])
    entries = [(e.url.removeprefix(server.base_url), e.status, e.attempts, e.outcome) for e in fetcher.log]
    assert entries == [("/robots.txt", 200, 1, "fetched"), (paths[0], 200, 1, "fetched"),
                       (paths[1], 200, 2, "retried_then_fetched"), (paths[2], 200, 1, "fetched"),
                       ("/private/secret.pdf", None, 0, "refused: disallowed by robots.txt")]
    article = fetcher.log[1]
    assert article.bytes > 1000 and article.etag and article.last_modified and article.raw_ref
    assert article.fetch_run == "run-fetch" and article.stage == "fetch"
