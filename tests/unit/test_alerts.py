"""Alerts: the failure callback's line and webhook, the zero-article alert, and no leaked secret.

A real HTTP receiver on 127.0.0.1 stands in for the webhook (Slack-style: the secret is in
the URL), so what is posted is what a receiver would get.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import threading
import types
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsmon import alerts

ROOT = Path(__file__).resolve().parents[2]
SECRET = "T000/B000/XXXXsecretXXXX"


class _Receiver:
    """A webhook on 127.0.0.1 that records JSON bodies and answers `status`."""

    def __init__(self, status: int = 200):
        self.status, self.bodies, self.paths = status, [], []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                owner.paths.append(self.path)
                owner.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(owner.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/services/{SECRET}?token=abc123"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(monkeypatch):
    with _Receiver() as rec:
        monkeypatch.setenv(alerts.WEBHOOK_ENV, rec.url)
        yield rec


def test_failure_alert_is_one_clear_line_and_posts_json(receiver, caplog):
    caplog.set_level(logging.INFO)
    reason = RuntimeError("afgazad 2020-01-02: data-quality batch check failed,\n nothing loaded")
    alert = alerts.alert_failure("afgazad", dt.date(2020, 1, 2), "validate", reason,
                                 dag_id="newsmon_afgazad", run_id="manual__1", try_number=3)
    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert lines == [alert.line()]
    assert lines[0] == ("newsmon FAILED task_failed source=afgazad date=2020-01-02 stage=validate "
                        "reason=afgazad 2020-01-02: data-quality batch check failed, nothing loaded")
    [body] = receiver.bodies
    assert receiver.paths == [f"/services/{SECRET}?token=abc123"]
    assert {k: body[k] for k in ("kind", "source", "date", "stage", "severity", "dag_id", "run_id", "try_number")} == {
        "kind": "task_failed", "source": "afgazad", "date": "2020-01-02", "stage": "validate",
        "severity": "error", "dag_id": "newsmon_afgazad", "run_id": "manual__1", "try_number": 3}
    assert body["text"] == alert.line()
    assert SECRET not in caplog.text and "abc123" not in caplog.text


def test_zero_articles_is_a_warning_and_an_alert(receiver, caplog):
    caplog.set_level(logging.INFO)
    counts = {"discovered": 0, "fetched": 0, "parsed": 0, "valid": 0, "quarantined": 0}
    alert = alerts.check_loaded("afgazad", "2020-01-20", 0, counts, run_id="backfill__2020-01-20")
    assert alert is not None and alert.severity == "warning"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["newsmon WARNING zero_articles source=afgazad date=2020-01-20 stage=load "
                        "reason=0 articles loaded (discovered=0, fetched=0, parsed=0, valid=0, quarantined=0)"]
    [body] = receiver.bodies
    assert body["kind"] == "zero_articles" and body["extra"]["counts"] == counts


def test_a_day_with_articles_raises_no_alert(receiver, caplog):
    assert alerts.check_loaded("afgazad", "2020-01-02", 6, {"valid": 6}) is None
    assert receiver.bodies == [] and "newsmon" not in caplog.text


def test_without_a_webhook_only_the_line(monkeypatch, caplog):
    monkeypatch.delenv(alerts.WEBHOOK_ENV, raising=False)
    alert = alerts.alert_failure("afgazad", "2020-01-02", "fetch", "timeout")
    assert alert.line() in caplog.text
    assert alerts.post_webhook(alert) is False


def test_an_unreachable_or_failing_webhook_never_raises_nor_leaks(monkeypatch, caplog):
    with _Receiver(status=500) as rec:
        monkeypatch.setenv(alerts.WEBHOOK_ENV, rec.url)
        assert alerts.emit(alerts.task_failed("afgazad", "2020-01-02", "load", "disk full")) is False
        assert len(rec.bodies) == 1
    dead = f"http://127.0.0.1:9/hooks/{SECRET}"  # port 9 (discard): nothing listens here
    monkeypatch.setenv(alerts.WEBHOOK_ENV, dead)
    monkeypatch.setenv(alerts.TIMEOUT_ENV, "2")
    assert alerts.emit(alerts.task_failed("afgazad", "2020-01-02", "load", "disk full")) is False
    assert "not delivered to http://127.0.0.1:9/…" in caplog.text
    assert SECRET not in caplog.text


def test_redact_keeps_only_scheme_and_host():
    assert alerts.redact_url("https://hooks.example.org/services/T0/B0/sekret?x=1") == "https://hooks.example.org/…"
    assert alerts.redact_url("https://user:pw@example.org:8443/a") == "https://example.org:8443/…"
    assert alerts.redact_url("not a url") == "<webhook>"


def test_long_reasons_are_folded_and_cut():
    reason = "Traceback (most recent call last):\n" + "  line\n" * 500
    assert "\n" not in alerts.one_line(reason) and len(alerts.one_line(reason)) == alerts.MAX_REASON_CHARS


def dag_callback():
    """The failure callback every DAG's tasks have (dags/_common.py), imported as the DAG files do."""
    sys.path.insert(0, str(ROOT / "dags"))
    try:
        import _common
    finally:
        sys.path.remove(str(ROOT / "dags"))
    return _common


def run_callback(common, context: dict) -> list[str]:
    """`on_failure(context)`, and the lines it logged."""
    seen: list[str] = []  # importing Airflow reconfigures logging: listen on the DAG's logger itself
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())
    common.log.addHandler(handler)
    try:
        common.on_failure(context)
    finally:
        common.log.removeHandler(handler)
    return seen


def test_dag_failure_callback_uses_the_alert(receiver, caplog):
    """The DAGs' `on_failure` with a context like Airflow's: source from the DAG id, the task as stage."""
    common = dag_callback()
    ti = types.SimpleNamespace(dag_id="newsmon_afgazad", task_id="fetch", run_id="scheduled__2020-01-03", try_number=3)
    context = {"task_instance": ti, "logical_date": dt.datetime(2020, 1, 3, tzinfo=dt.timezone.utc),
               "exception": ConnectionError("mirror unreachable")}
    seen = run_callback(common, context)
    assert seen == ["newsmon FAILED task_failed source=afgazad date=2020-01-03 stage=fetch reason=mirror unreachable"]
    [body] = receiver.bodies
    assert (body["source"], body["stage"], body["run_id"]) == ("afgazad", "fetch", "scheduled__2020-01-03")


def test_the_report_dags_failures_use_the_same_callback(receiver):
    """An asset-triggered run has no logical date: the day it was due to run is the date."""
    common = dag_callback()
    ti = types.SimpleNamespace(dag_id="newsmon_report", task_id="write_reports", run_id="asset_triggered__x",
                               try_number=3)
    context = {"task_instance": ti, "logical_date": None, "exception": OSError("disk full"),
               "dag_run": types.SimpleNamespace(run_after=dt.datetime(2020, 1, 4, 0, 5, tzinfo=dt.timezone.utc))}
    seen = run_callback(common, context)
    assert seen == ["newsmon FAILED task_failed source=report date=2020-01-04 stage=write_reports reason=disk full"]
    [body] = receiver.bodies
    assert (body["source"], body["dag_id"], body["stage"]) == ("report", "newsmon_report", "write_reports")
