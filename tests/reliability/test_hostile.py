"""Hostile content: links that try to leave the source, names that try to leave NEWSMON_HOME,
and secrets that must never reach a log, a failure line, an alert, the fetch log or a report.

Everything runs against real servers on 127.0.0.1: the mirror (the configured host, which
must stay allowed) and a canary on another port that must never be asked for anything.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from pathlib import Path

import duckdb

from newsmon import alerts
from newsmon.redaction import clean_url
from newsmon.testing.faults import Fault, FaultServer
from newsmon.testing.server import MirrorServer
from tests.conftest import ground_truth
from tests.reliability.ledger import record
from tests.security import probe
from tests.reliability.test_fuzz_documents import run_measured
from tools import broken

NEWSMON = str(Path(sys.executable).with_name("newsmon"))
DAY = dt.date(2020, 1, 2)
LISTING = "/archive/2020/01/02/index.html"
LONG_NAME = "/pdf/2020/01/02/" + "a" * 5000 + ".pdf"
WEBHOOK_TOKEN = "XOXB-WEBHOOK-SECRET-7f3a"
QUERY_TOKEN = "QUERY-SECRET-91c2"
PG_PASSWORD = "PG-SECRET-5b1e"
CONN_PASSWORD = "CONN-SECRET-d44f"


def _tree(root: Path, skip: Path) -> dict[str, int]:
    """Every file under `root` (but not under `skip`) with its size."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        if Path(dirpath) == skip or skip in Path(dirpath).parents:
            dirnames[:] = []
            continue
        for name in filenames:
            path = Path(dirpath, name)
            out[str(path)] = path.stat().st_size if path.is_file() else -1
    return out


def _hostile_links(server: MirrorServer, canary: MirrorServer) -> tuple[list[str], list[str]]:
    """(links that must be refused without a request, links on the mirror with hostile names)."""
    mirror, other = server.port, canary.port
    refused = [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x.pdf",
        "gopher://127.0.0.1:6379/_INFO",
        "javascript:alert(1)",
        "http://10.0.0.1/a.pdf",
        "http://192.168.1.1/a.pdf",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        f"http://[::1]:{other}/a.pdf",
        f"http://[::1]:{mirror}/pdf/2020/01/02/a.pdf",
        f"http://127.0.0.1:{other}/a.pdf",
        f"http://localhost:{other}/a.pdf",
        f"http://localhost:{mirror}/pdf/2020/01/02/a.pdf",
        f"http://localtest.me:{mirror}/pdf/2020/01/02/a.pdf",
        "http://evil.example/a.pdf",
        f"http://127.0.0.1:{mirror}@127.0.0.1:{other}/a.pdf",
        f"http://127.0.0.1:{other}\\@127.0.0.1:{mirror}/pdf/2020/01/02/a.pdf",  # urlsplit and urllib3 disagree
        "http://[::1",
    ]
    named = [
        "/pdf/2020/01/02/../../../../../../../../etc/passwd",
        "/pdf/2020/01/02/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/tmp/newsmon-escape.pdf",
        "/pdf/2020/01/02/..%2f..%2f..%2f..%2f..%2fnewsmon-escape.pdf",
        "/pdf/2020/01/02/ctl-\x01\x1b[31m-\x7f-name.pdf",
        LONG_NAME,
    ]
    return refused, named


def test_hostile_links_and_names_are_refused_and_nothing_escapes_newsmon_home(mirror_dir, tmp_path):
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    cwd.mkdir()
    (tmp_path / "canary").mkdir()
    truth = ground_truth(DAY.isoformat())
    good = [(f"/pdf/2020/01/02/{t['url'].rsplit('/', 1)[1]}", t["title"]) for t in truth]
    with FaultServer(mirror_dir) as server, MirrorServer(tmp_path / "canary") as canary:
        refused, named = _hostile_links(server, canary)
        page = broken.listing_page(good + [(h, "x") for h in refused + named])
        server.set_fault(LISTING, Fault.wrong_type("text/html; charset=utf-8", body=page))
        # the 5,000-character name is served a real article: it goes all the way to the warehouse
        server.set_fault(LONG_NAME, Fault.wrong_type("application/pdf", body=broken.good_pdfs()[-1].read_bytes()))
        before = _tree(tmp_path, home)
        env = {**os.environ, "NEWSMON_HOME": str(home), "GX_ANALYTICS_ENABLED": "false"}
        env.pop("NEWSMON_WAREHOUSE", None)
        m = run_measured([NEWSMON, "run", "--source", "afgazad", "--date", DAY.isoformat(), "--base-url",
                          server.base_url, "-v"], 300, out_dir=home / "out", cwd=cwd, env=env)
        seen = server.seen_headers
    assert m.returncode == 0, m.stderr[-3000:]

    # nothing was asked of the canary, nor of the mirror under another name than its own
    assert canary.requests == [], canary.requests
    hosts = {headers.get("Host") for _, headers in seen}
    assert hosts == {f"127.0.0.1:{server.port}"}, hosts
    # ... and every refused link is on record as refused, with the reason
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        failures = con.execute("SELECT url, stage, error FROM failures WHERE run_date = ?", [DAY]).fetchall()
        loaded = {r[0] for r in con.execute("SELECT url FROM articles WHERE run_date = ?", [DAY]).fetchall()}
        quarantined = {r[0] for r in con.execute("SELECT url FROM quarantine WHERE run_date = ?", [DAY]).fetchall()}
    finally:
        con.close()
    refused_on_record = {url for url, stage, error in failures if stage == "discover" and "not allowed" in error}
    # (stored as every URL is: credentials masked, "127.0.0.1:PORT@" read as user:password)
    missing = [h for h in refused if clean_url(h) not in refused_on_record]
    assert not missing, f"refused links without a failure record: {missing}\n{failures}"
    assert {t["url"] for t in truth} <= loaded
    # (an article of another date: it reaches the warehouse, quarantined for its date)
    assert "https://www.afgazad.com" + LONG_NAME in loaded | quarantined

    # nothing was written outside NEWSMON_HOME: not beside it, not in the working directory
    after = _tree(tmp_path, home)
    assert after == before, sorted(set(after) ^ set(before))
    assert not (Path("/tmp") / "newsmon-escape.pdf").exists() and not (Path("/etc") / "passwd.pdf").exists()
    record("hostile links on a listing page: file://, ftp://, gopher://, javascript:, 10.x, 192.168.x, "
           "169.254.169.254, [::1] (mirror's and another port), 127.0.0.1 on another port, localhost names, "
           "another host, userinfo and backslash tricks, a malformed IPv6 URL",
           trials=len(refused),
           outcome=f"{len(refused)} links refused and recorded in failures; 0 requests reached the canary server, "
                   f"every request to the mirror named its own host; the {len(truth)} good articles loaded")
    probe("hostile names on the source's own host: ../ and %2e%2e path traversal, control characters, a "
          "5,000-character file name, through a whole `newsmon run`", trials=len(named), area="crawled content",
          outcome="0 new files outside NEWSMON_HOME (its temp dir, the run's working directory, /tmp, /etc checked)")
    record("hostile names on the configured host: ../ and %2e%2e traversal, control characters, "
           "a 5,000-character file name (served a real article)",
           trials=len(named),
           outcome=f"whole `newsmon run`: 0 new files outside NEWSMON_HOME (its temp dir, the run's working "
                   f"directory, /tmp and /etc checked); the 5,000-character article reached the warehouse")


def test_secrets_never_reach_logs_failures_alerts_fetch_log_or_report(mirror, tmp_path, caplog):
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    cwd.mkdir()
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    with MirrorServer(hook_dir) as hook:  # answers 501 to the POST: a failed delivery is logged
        webhook = f"http://127.0.0.1:{hook.port}/services/T000/{WEBHOOK_TOKEN}?token={QUERY_TOKEN}"
        env = {**os.environ, "NEWSMON_HOME": str(home), "GX_ANALYTICS_ENABLED": "false",
               "NEWSMON_ALERT_WEBHOOK": webhook, "NEWSMON_ALERT_TIMEOUT": "2",
               "AIRFLOW_CONN_NEWSMON_WAREHOUSE": f"postgresql://newsmon:{CONN_PASSWORD}@127.0.0.1:1/newsmon"}
        env.pop("NEWSMON_WAREHOUSE", None)
        outputs = []
        for args in (["run", "--source", "afgazad", "--date", DAY.isoformat(), "--base-url", mirror.base_url, "-v"],
                     ["report", "--date", DAY.isoformat(), "--out", str(home / "reports" / "r.html")]):
            m = run_measured([NEWSMON, *args], 300, out_dir=tmp_path / "out" / args[0], cwd=cwd, env=env)
            assert m.returncode == 0, m.stderr[-3000:]
            outputs.append(m.stdout + m.stderr)
        # a warehouse location with a password in it, named by a one-line error
        for location in (f"ducklake:{tmp_path}/lake dbname=lake user=newsmon password={PG_PASSWORD}",
                         f"postgresql://newsmon:{PG_PASSWORD}@127.0.0.1:1/newsmon"):
            m = run_measured([NEWSMON, "sql", "SELECT 1"], 120, out_dir=tmp_path / "out" / "sql", cwd=cwd,
                             env={**env, "NEWSMON_WAREHOUSE": location})
            assert m.returncode != 0 and len(m.stderr.strip().splitlines()) == 1, m.stderr
            outputs.append(m.stdout + m.stderr)
        # alerts: the failure line, the payload, and the log of a delivery that failed
        caplog.set_level(logging.INFO)
        os.environ["NEWSMON_ALERT_WEBHOOK"] = webhook
        try:
            alert = alerts.alert_failure("afgazad", DAY, "load", RuntimeError(f"boom at {webhook}"))
            delivered_to_closed = alerts.post_webhook(alert, url=webhook.replace(str(hook.port), "1"), timeout_s=2)
        finally:
            del os.environ["NEWSMON_ALERT_WEBHOOK"]
    assert "not delivered" in caplog.text, "the alert was never posted: the delivery path was not exercised"
    assert not delivered_to_closed
    outputs += [caplog.text, alert.line(), json.dumps(alert.payload())]

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        for table in ("fetch_log", "failures", "runs", "quarantine"):
            outputs.append(json.dumps(con.execute(f"SELECT * FROM {table}").fetchall(), default=str))
    finally:
        con.close()
    files = [p for p in home.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".jsonl", ".log", ".txt")]
    outputs += [p.read_text(encoding="utf-8", errors="replace") for p in files]
    secrets = (WEBHOOK_TOKEN, QUERY_TOKEN, PG_PASSWORD, CONN_PASSWORD)
    leaks = [(s, text[max(0, text.find(s) - 80): text.find(s) + 40]) for text in outputs for s in secrets if s in text]
    assert not leaks, leaks
    record("secrets: a webhook URL with a token in its path and query (delivery failing), a password in "
           "NEWSMON_WAREHOUSE (ducklake/libpq and URI forms), an Airflow connection URI in the environment",
           trials=len(outputs),
           outcome=f"0 of 4 secrets in {len(outputs)} outputs: `newsmon run -v`/`report`/`sql` stdout+stderr, "
                   f"alert line, payload and delivery-failure log, fetch_log/failures/runs/quarantine tables, "
                   f"{len(files)} files under NEWSMON_HOME (HTML report, GX docs, staging JSON)")
