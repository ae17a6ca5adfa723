"""Alerts for operators: one clear log line, and a JSON post to a webhook when one is set.

Why a module of its own: the DAG's failure callback, the zero-article check of the load
task and any future caller must say the same thing the same way, and none of them may
leak the webhook's secret (Slack-style URLs carry their token in the path, others in the
query string) into a log that many people read.

    NEWSMON_ALERT_WEBHOOK   URL that receives alerts as JSON (POST); unset = log only
    NEWSMON_ALERT_TIMEOUT   seconds to wait for the webhook (default 5)

Posting never raises: an alert that cannot be delivered is itself logged (with the URL
redacted), and the task's own outcome stays what it was.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from newsmon.redaction import mask_passwords

log = logging.getLogger("newsmon.alerts")

WEBHOOK_ENV = "NEWSMON_ALERT_WEBHOOK"
TIMEOUT_ENV = "NEWSMON_ALERT_TIMEOUT"
MAX_REASON_CHARS = 500


@dataclass(frozen=True)
class Alert:
    """What went wrong, for whom: the payload posted to the webhook, as JSON."""

    kind: str  # task_failed | zero_articles | topic_spike
    source: str
    date: str  # YYYY-MM-DD, the run's logical date
    stage: str  # discover | fetch | parse | validate | load | report
    reason: str
    severity: str = "error"  # error | warning
    dag_id: str | None = None
    run_id: str | None = None
    try_number: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        """The one line an operator greps for: source, date, stage and reason."""
        word = "FAILED" if self.severity == "error" else "WARNING"
        return (f"newsmon {word} {self.kind} source={self.source} date={self.date} "
                f"stage={self.stage} reason={self.reason}")

    def payload(self) -> dict[str, Any]:
        body = asdict(self)
        body["text"] = self.line()  # Slack/Mattermost-compatible webhooks show `text`
        body["sent_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return body


def one_line(reason: object, limit: int = MAX_REASON_CHARS) -> str:
    """A reason as a single trimmed line: tracebacks and multi-line messages folded."""
    text = " ".join(str(reason if reason is not None else "unknown").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def redact_url(url: str) -> str:
    """Scheme and host only: webhook URLs carry their secret in the path or query."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<webhook>"
    if not parts.scheme or not parts.hostname:
        return "<webhook>"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}/…"


def scrub(reason: object) -> str:
    """A failure reason without the secrets it may quote (an exception's text can hold the
    webhook URL, whole or in part, or a connection string): the alert line is logged and
    posted to many eyes."""
    text = str(reason if reason is not None else "unknown")
    url = webhook_url()
    if url:
        for secret in _url_secrets(url):
            text = text.replace(secret, "…")
    return mask_passwords(text)


def _url_secrets(url: str) -> list[str]:
    """The parts of a webhook URL that may hold its secret, longest first: the URL itself, its
    path and query, its userinfo, each path segment and query value (an error message may quote
    any of them, e.g. the URL without its userinfo)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return [url]
    pieces = [url, parts.path + (f"?{parts.query}" if parts.query else ""), parts.query,
              parts.netloc.rpartition("@")[0]]
    pieces += [p for p in parts.path.split("/") if len(p) >= 8]
    pieces += [v for _, v in parse_qsl(parts.query, keep_blank_values=True) if len(v) >= 4]
    return sorted({p for p in pieces if p and p != "/"}, key=len, reverse=True)


def webhook_url() -> str | None:
    url = (os.environ.get(WEBHOOK_ENV) or "").strip()
    return url or None


def webhook_request(url: str, data: bytes) -> urllib.request.Request:
    """The POST of an alert: userinfo in the URL (`https://user:token@host/...`) becomes an
    Authorization header (Basic), since no HTTP client sends it from the URL itself."""
    parts = urlsplit(url)
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "newsmon-alerts/1"}
    if "@" in parts.netloc:
        userinfo, _, host = parts.netloc.rpartition("@")
        user, _, password = userinfo.partition(":")
        token = base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
        url = urlunsplit(parts._replace(netloc=host))
    return urllib.request.Request(url, data=data, method="POST", headers=headers)  # noqa: S310 - the operator's URL


def post_webhook(alert: Alert, url: str | None = None, timeout_s: float | None = None) -> bool:
    """POST the alert as JSON; True when the receiver answered 2xx. Never raises."""
    url = url or webhook_url()
    if not url:
        return False
    if timeout_s is None:
        timeout_s = float(os.environ.get(TIMEOUT_ENV, "5"))
    data = json.dumps(alert.payload(), ensure_ascii=False, default=str).encode("utf-8")
    try:
        with urllib.request.urlopen(webhook_request(url, data), timeout=timeout_s) as response:  # noqa: S310 - operator's URL
            ok = 200 <= response.status < 300
    except (urllib.error.URLError, OSError, ValueError) as exc:
        log.warning("newsmon alert not delivered to %s: %s", redact_url(url), _without(url, exc))
        return False
    if not ok:
        log.warning("newsmon alert to %s answered %s", redact_url(url), response.status)
    return ok


def emit(alert: Alert, logger: logging.Logger | None = None) -> bool:
    """Log the alert's line (error or warning) and post it when a webhook is configured."""
    logger = logger or log
    level = logging.ERROR if alert.severity == "error" else logging.WARNING
    logger.log(level, "%s", alert.line())
    return post_webhook(alert)


def task_failed(source: str, day: dt.date | str, stage: str, reason: object, **context: Any) -> Alert:
    """The alert for a task that failed for good (after its retries)."""
    return Alert(kind="task_failed", source=source, date=str(day), stage=stage, reason=one_line(scrub(reason)),
                 **_known(context))


def zero_articles(source: str, day: dt.date | str, counts: dict[str, Any] | None = None,
                  **context: Any) -> Alert:
    """The alert for a run that loaded nothing: a quiet empty day must still be seen."""
    counts = {k: v for k, v in (counts or {}).items() if v is not None}
    detail = ", ".join(f"{k}={v}" for k, v in counts.items()) or "no counts"
    return Alert(kind="zero_articles", source=source, date=str(day), stage="load", severity="warning",
                 reason=one_line(f"0 articles loaded ({detail})"), extra={"counts": counts}, **_known(context))


def topic_spike(topic: str, source: str, day: dt.date | str, articles: int, median: float, factor: float,
                **context: Any) -> Alert:
    """The alert for a watched topic's day well above its trailing median (docs/topics.md)."""
    return Alert(kind="topic_spike", source=source, date=str(day), stage="report", severity="warning",
                 reason=one_line(f"topic {topic}: {articles} articles, trailing median {median:g} "
                                 f"(alerts above {factor:g}x)"),
                 extra={"topic": topic, "articles": articles, "median": median, "factor": factor}, **_known(context))


def alert_failure(source: str, day: dt.date | str, stage: str, reason: object,
                  logger: logging.Logger | None = None, **context: Any) -> Alert:
    """Build, log and post a failure alert; returns it (tests and callers may inspect it)."""
    alert = task_failed(source, day, stage, reason, **context)
    emit(alert, logger)
    return alert


def check_loaded(source: str, day: dt.date | str, loaded: int | None, counts: dict[str, Any] | None = None,
                 logger: logging.Logger | None = None, **context: Any) -> Alert | None:
    """Alert when a run loaded zero articles; None when it loaded some."""
    if loaded:
        return None
    alert = zero_articles(source, day, counts, **context)
    emit(alert, logger)
    return alert


def _known(context: dict[str, Any]) -> dict[str, Any]:
    keys = ("dag_id", "run_id", "try_number")
    unknown = set(context) - set(keys)
    if unknown:
        raise TypeError(f"unknown alert context: {sorted(unknown)}")
    return {k: context[k] for k in keys if context.get(k) is not None}


def _without(url: str, exc: BaseException) -> str:
    """An exception's text with the URL, and every part of it that may hold its secret, cut out."""
    text = str(exc).replace(url, redact_url(url))
    for secret in _url_secrets(url):
        text = text.replace(secret, "…")
    return one_line(mask_passwords(text), 200)
