"""Clean strings: what a crawled page or a URL carries (terminal escapes, credentials,
`javascript:` links) reaches no terminal, log line, table or report unchecked, and a webhook's
credentials go where HTTP puts them (a header), never into a log.

Real servers on 127.0.0.1 throughout: the mirror with a hostile listing page, a webhook
receiver, and Debian's Chromium for the report a person reads."""

from __future__ import annotations

import base64
import datetime as dt
import http.server
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import duckdb

from newsmon import alerts
from newsmon.testing.faults import Fault, FaultServer
from tests.browser import Chromium
from tests.conftest import ground_truth
from tests.security import probe
from tools import broken

NEWSMON = str(Path(sys.executable).with_name("newsmon"))
DAY = dt.date(2020, 1, 2)
LISTING = "/archive/2020/01/02/index.html"
CONTROL = ("\x1b", "\x07", "\x9b", "\r")


def test_terminal_escapes_in_hrefs_reach_no_log_table_or_terminal(mirror_dir, tmp_path):
    home = tmp_path / "home"
    hostile = ["/pdf/2020/01/02/title-\x1b]0;pwned\x07-\x1b[2J.pdf",       # OSC title + clear screen
               "/pdf/2020/01/02/cr-\roverwritten-\x9b31m.pdf",              # CR rewrites a log line; C1 CSI
               "http://evil.example/\x1b]8;;http://phish.example\x07link"]   # OSC 8 hyperlink
    truth = ground_truth(DAY.isoformat())
    good = [(f"/pdf/2020/01/02/{t['url'].rsplit('/', 1)[1]}", t["title"]) for t in truth]
    with FaultServer(mirror_dir) as server:
        server.set_fault(LISTING, Fault.wrong_type("text/html; charset=utf-8",
                                                   body=broken.listing_page(good + [(h, "x") for h in hostile])))
        env = {**os.environ, "NEWSMON_HOME": str(home), "GX_ANALYTICS_ENABLED": "false"}
        env.pop("NEWSMON_WAREHOUSE", None)
        proc = subprocess.run([NEWSMON, "run", "--source", "afgazad", "--date", DAY.isoformat(), "--base-url",
                               server.base_url, "-v"], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        stored = [r[0] for r in con.execute("SELECT url FROM failures UNION ALL SELECT error FROM failures "
                                            "UNION ALL SELECT url FROM fetch_log UNION ALL SELECT outcome "
                                            "FROM fetch_log").fetchall() if r[0]]
    texts = {"terminal output": proc.stdout + proc.stderr, "failures and fetch_log": "\n".join(stored)}
    dirty = {name: [c for c in CONTROL if c in text] for name, text in texts.items()}
    assert not any(dirty.values()), dirty
    escaped = [s for s in stored if "\\x1b" in s or "\\x07" in s or "\\x9b" in s or "\\r" in s]
    assert len({s for s in escaped if s.startswith("http")}) >= len(hostile), stored  # kept, visibly escaped
    probe("hrefs carrying terminal escapes (OSC title, clear screen, OSC 8 hyperlink, CR, C1 CSI) on a "
          "listing page, through `newsmon run -v`", trials=len(hostile), area="crawled content",
          outcome=f"0 control characters in the terminal output, failures or fetch_log; "
                  f"{len(escaped)} stored values keep them visibly escaped (\\x1b...)")


class _Receiver(http.server.BaseHTTPRequestHandler):
    """A webhook endpoint: records each POST's path and headers, answers 200."""

    seen: list[tuple[str, dict[str, str]]] = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append((self.path, dict(self.headers)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):  # quiet
        pass


def test_webhook_userinfo_becomes_an_authorization_header_and_no_token_is_logged(caplog):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Receiver.seen = []
    try:
        port = server.server_address[1]
        alert = alerts.task_failed("afgazad", DAY, "load", "boom")
        delivered = alerts.post_webhook(alert, url=f"http://hook-user:S3CRET-PASS@127.0.0.1:{port}/hooks/T1",
                                        timeout_s=5)
    finally:
        server.shutdown()
    assert delivered and len(_Receiver.seen) == 1
    path, headers = _Receiver.seen[0]
    assert path == "/hooks/T1"
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"hook-user:S3CRET-PASS").decode()

    # A failed delivery whose error quotes the URL in another form (no userinfo), and a failure
    # reason quoting it: neither the query token nor the password reaches the log or the alert.
    token, password = "QTOKEN-5d8e1", "PW-77c2"
    webhook = f"http://user:{password}@127.0.0.1:1/services/x?token={token}&channel=ops"
    caplog.set_level(logging.INFO)
    os.environ[alerts.WEBHOOK_ENV] = webhook
    try:
        failed = alerts.alert_failure("afgazad", DAY, "load", RuntimeError(
            f"POST http://127.0.0.1:1/services/x?token={token}&channel=ops failed"), logger=logging.getLogger("t"))
    finally:
        del os.environ[alerts.WEBHOOK_ENV]
    texts = [caplog.text, failed.line(), json.dumps(failed.payload())]
    leaks = [s for s in (token, password) for t in texts if s in t]
    assert not leaks, (leaks, caplog.text)
    probe("webhook URL with userinfo (https://user:pass@host/...); a query-string token quoted by an error "
          "in another form of the URL (without the userinfo)", trials=2, area="alerts",
          outcome="delivered with an Authorization: Basic header and the userinfo out of the URL; "
                  "0 of 2 secrets in the log, the alert line or its payload")


def test_the_report_links_only_http_urls_in_a_real_browser(newsmon_home):
    """Stored URLs are whatever a page or a writer put there: `javascript:` and `data:` are not
    links in the report, neither in its tables nor in the search results its script draws."""
    from newsmon.report import build_report
    from newsmon.warehouse.migrate import migrate

    hostile = {"a1": "javascript:alert(document.domain)", "a2": "data:text/html,<script>alert(1)</script>",
               "a3": " JavaScript:alert(2)", "a4": "https://www.afgazad.com/pdf/a4.pdf"}
    path = newsmon_home / "warehouse.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        migrate(con)
        for aid, url in hostile.items():
            con.execute("""INSERT INTO articles (article_id, source, url, section, language, title, author,
                           published_date, body_text, word_count, fetched_at, run_date, loaded_at)
                           VALUES (?, 'afgazad', ?, 'x', 'en', ?, 'A', ?, 'body', 1, now(), ?, now())""",
                        [aid, url, f"Report title {aid}", DAY, DAY])
    page = newsmon_home / "report.html"
    page.write_text(build_report(DAY), encoding="utf-8")
    with Chromium() as browser:
        browser.navigate(page.as_uri())
        table = browser.evaluate("Array.from(document.querySelectorAll('table a')).map(a => a.href)")
        browser.evaluate("(() => { const box = document.getElementById('search'); box.value = 'Report title';"
                         " box.dispatchEvent(new Event('input')); })()")
        found = browser.wait_for("(() => { const l = Array.from(document.querySelectorAll('#search-results a'))"
                                 ".map(a => a.href); return l.length ? l : null; })()")
    links = table + found
    assert len(table) == len(hostile) and len(found) == len(hostile), (table, found)
    assert not [h for h in links if h.strip().lower().startswith(("javascript:", "data:"))], links
    assert links.count("https://www.afgazad.com/pdf/a4.pdf") == 2  # the control: an http(s) URL stays a link
    probe("stored article URLs javascript:, data:text/html and ' JavaScript:' in the report (tables and "
          "the search results its script draws), opened in Chromium", trials=3, area="report",
          outcome=f"{len(links)} links in the page: none javascript: or data: (those point to '#'); "
                  "the https URL stays a link in both places")
