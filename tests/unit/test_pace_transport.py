"""The politeness schedule shared between processes, and the HTTP transport under the fetcher.

- two processes crawling one host with the pipeline's shared pace (`HostPace.shared`) take
  turns: their requests, together, keep the profile's interval (each process alone would keep it
  only for its own requests, and the host would see twice the rate);
- the schedule file cannot stall a crawl (a far-future or corrupt entry is not believed) and a
  host name cannot leave the pace folder;
- the transport honours the environment's proxy (and `no_proxy`), undoes a Content-Encoding
  before archiving, and stops a compressed body at the size limit while inflating it.

All traffic goes to 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import gzip
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsmon.crawl.archive import WarcArchive, read_record
from newsmon.crawl.fetcher import Fetcher
from newsmon.crawl.pace import HostPace
from newsmon.crawl.state import HttpCache
from newsmon.sources import load_profile
from newsmon.testing.faults import FaultServer

ROOT = Path(__file__).resolve().parents[2]
PDF_BODY = b"%PDF-1.4\n" + b"x" * 2000 + b"\n%%EOF\n"


class _Recorder(BaseHTTPRequestHandler):
    """Answers from `server.routes` (path -> (headers, body)); records when each request arrived."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        self.server.arrivals.append((time.monotonic(), self.path))  # type: ignore[attr-defined]
        self.server.seen.append(dict(self.headers))  # type: ignore[attr-defined]
        headers, body = self.server.routes.get(self.path, ({"Content-Type": "application/pdf"}, PDF_BODY))  # type: ignore[attr-defined]
        if self.path == "/robots.txt":
            headers, body = {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"
        self.send_response(200)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def recorder():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    httpd.daemon_threads = True
    httpd.arrivals, httpd.routes, httpd.seen = [], {}, []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def profile(**fetch):
    base = load_profile("afgazad")
    limits = dict(requests_per_second=0, connect_timeout_s=1.0, read_timeout_s=2.0, retries=0, backoff_s=0.01)
    return dataclasses.replace(base, fetch=dataclasses.replace(base.fetch, **{**limits, **fetch}))


CRAWLER = """
import dataclasses, sys, time
from pathlib import Path
from newsmon.crawl.fetcher import Fetcher
from newsmon.crawl.pace import HostPace
from newsmon.sources import load_profile
base, home, tag, n, rate, go = sys.argv[1:7]
profile = load_profile("afgazad")
profile = dataclasses.replace(profile, fetch=dataclasses.replace(profile.fetch, requests_per_second=float(rate)))
fetcher = Fetcher(profile, base_url=base, pace=HostPace.shared(Path(home)))
Path(home, "ready-" + tag).touch()
while not Path(go).exists():
    time.sleep(0.005)
results = [fetcher.get(f"{base}/{tag}-{i}.pdf") for i in range(int(n))]
sys.exit(0 if all(r.ok for r in results) else 1)
"""


def test_two_processes_share_one_pace_per_host(recorder, tmp_path):
    base = f"http://127.0.0.1:{recorder.server_address[1]}"
    home, go, per_process, rate = tmp_path / "home", tmp_path / "go", 4, 4.0  # 0.25 s between requests
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'include'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    procs = [subprocess.Popen([sys.executable, "-c", CRAWLER, base, str(home), tag, str(per_process), str(rate),
                               str(go)], env=env) for tag in ("a", "b")]
    deadline = time.monotonic() + 60
    while not all((home / f"ready-{tag}").exists() for tag in ("a", "b")) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()  # both start together: their crawls overlap
    assert [p.wait(timeout=60) for p in procs] == [0, 0]

    arrivals = sorted(recorder.arrivals)
    tags = [path.lstrip("/")[0] for _, path in arrivals if path.endswith(".pdf")]
    assert len(arrivals) == 2 * (per_process + 1)  # each: robots.txt, then its articles
    # The two crawls really overlapped (their articles interleave)...
    assert tags != sorted(tags), tags
    # ...and the host still saw one request per interval: 9 intervals between 10 requests
    # (each process alone would have spanned 4; less one interval for a late first arrival).
    span = arrivals[-1][0] - arrivals[0][0]
    assert span >= (len(arrivals) - 2) / rate, (span, arrivals)


def test_the_schedule_file_cannot_stall_a_crawl_or_escape_its_folder(tmp_path):
    wall = [1_000_000.0]
    pace = HostPace(tmp_path / "pace", clock=lambda: wall[0])
    assert pace.reserve("example.org", 2.0) == (1_000_000.0, 1_000_000.0)
    assert pace.reserve("example.org", 2.0) == (1_000_002.0, 1_000_000.0)  # one interval after the last
    other = HostPace(tmp_path / "pace", clock=lambda: wall[0])  # another process: it knows only the file
    assert other.reserve("example.org", 2.0) == (1_000_004.0, 1_000_000.0)
    (tmp_path / "pace" / "example.org").write_text(str(wall[0] + 10 * 24 * 3600))  # clock set back 10 days...
    assert HostPace(tmp_path / "pace", clock=lambda: wall[0]).reserve("example.org", 2.0) == (wall[0], wall[0])
    (tmp_path / "pace" / "example.org").write_bytes(b"\x00garbage")  # ...or a torn file: not waited for
    assert HostPace(tmp_path / "pace", clock=lambda: wall[0]).reserve("example.org", 2.0) == (wall[0], wall[0])
    for host in ("../../etc", "[::1]:8080", "a/b\\c", ".."):
        pace.reserve(host, 1.0)
    assert {p.parent for p in (tmp_path / "pace").iterdir()} == {tmp_path / "pace"}
    assert not (tmp_path / "etc").exists()


def test_the_environment_proxy_is_used_and_no_proxy_bypasses_it(mirror_dir, tmp_path, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        unused = s.getsockname()[1]  # nothing listens here: only the proxy can answer
    target = f"http://127.0.0.1:{unused}"
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY", "https_proxy", "HTTPS_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with FaultServer(mirror_dir) as proxy:
        monkeypatch.setenv("http_proxy", proxy.base_url)
        result = Fetcher(profile(), base_url=target).get(f"{target}/index.html")
        assert result.ok and b"<html" in result.body.lower()
        # robots.txt, then the page, both in the absolute form a proxy is sent
        assert [r[1] for r in proxy.requests] == [f"{target}/robots.txt", f"{target}/index.html"]

        monkeypatch.setenv("no_proxy", "127.0.0.1")
        result = Fetcher(profile(), base_url=target).get(f"{target}/index.html")
        assert "connection error" in result.outcome, result.outcome  # straight to the port where nothing listens
        assert len(proxy.requests) == 2


def test_a_compressed_body_is_archived_inflated_and_a_bomb_stops_at_the_limit(recorder, tmp_path):
    base = f"http://127.0.0.1:{recorder.server_address[1]}"
    recorder.routes["/zipped.pdf"] = ({"Content-Type": "application/pdf", "Content-Encoding": "gzip"},
                                      gzip.compress(PDF_BODY))
    recorder.routes["/bomb.pdf"] = ({"Content-Type": "application/pdf", "Content-Encoding": "gzip"},
                                    gzip.compress(b"%PDF-1.4\n" + bytes(8 * 1024 * 1024)))
    with WarcArchive(tmp_path / "run-fetch.warc.gz") as archive:
        fetcher = Fetcher(profile(max_bytes=1024 * 1024), archive, base_url=base)
        zipped, bomb = fetcher.get(f"{base}/zipped.pdf"), fetcher.get(f"{base}/bomb.pdf")
    assert zipped.ok and zipped.body == PDF_BODY
    stored = read_record(zipped.raw_ref)
    assert stored.body == PDF_BODY and "Content-Encoding" not in stored.headers
    assert bomb.refused and bomb.outcome == f"refused: body larger than {1024 * 1024} bytes", bomb.outcome
    assert len(gzip.compress(b"%PDF-1.4\n" + bytes(8 * 1024 * 1024))) < 1024 * 1024  # the limit was the inflated size


def test_header_names_are_matched_whatever_their_case(recorder, tmp_path):
    """A server may send `etag` and `content-type` in lower case (HTTP names are case-insensitive):
    the validators are still remembered and sent back, the type still checked."""
    base = f"http://127.0.0.1:{recorder.server_address[1]}"
    recorder.routes["/lower.pdf"] = ({"content-type": "application/pdf", "etag": '"v1"',
                                      "last-modified": "Wed, 01 Jan 2020 00:00:00 GMT"}, PDF_BODY)
    recorder.routes["/login.pdf"] = ({"content-type": "text/html"}, b"<html>log in</html>")
    cache = HttpCache(tmp_path / "http_cache.json")
    with WarcArchive(tmp_path / "run1-fetch.warc.gz") as archive:
        fetcher = Fetcher(profile(), archive, base_url=base, cache=cache)
        first = fetcher.get(f"{base}/lower.pdf", accept=("application/pdf",))
        wrong = fetcher.get(f"{base}/login.pdf", accept=("application/pdf",))
    with WarcArchive(tmp_path / "run2-fetch.warc.gz") as archive:  # the next run asks conditionally
        Fetcher(profile(), archive, base_url=base, cache=cache).get(f"{base}/lower.pdf", accept=("application/pdf",))
    assert first.ok and wrong.outcome == "failed: wrong Content-Type: text/html (expected application/pdf)"
    entry = cache.get(f"{base}/lower.pdf")
    assert (entry["etag"], entry["last_modified"], entry["content_type"]) == (
        '"v1"', "Wed, 01 Jan 2020 00:00:00 GMT", "application/pdf")
    assert recorder.seen[-1].get("If-None-Match") == '"v1"'
