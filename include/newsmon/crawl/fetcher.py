"""A polite, incremental HTTP fetcher: one way to make a request, with every rule applied.

Why a class of its own: every request the pipeline makes (robots.txt, listing pages,
articles) must obey the same rules, and every response must land in the raw archive, so
there is exactly one way to make one. The rules, in the order they apply:

- scope: only http(s) URLs on the profile's allowed hosts (plus the host of `base_url`, the
  offline mirror); a redirect to any other host is refused, not followed;
- robots.txt (RFC 9309): fetched once per host and obeyed for the User-Agent; a 4xx robots.txt
  allows everything, a 5xx or unreachable one forbids everything (the RFC's rule: a server
  that cannot say what is allowed is asked for nothing);
- pace: one request at a time per host, at most `requests_per_second`, and no faster than the
  host's robots.txt Crawl-delay (the larger of the two intervals wins);
- identity: one User-Agent with a contact address, from the profile, or `NEWSMON_USER_AGENT`;
- retries: connection errors, timeouts, bodies cut short, 408, 429 and 5xx are retried with
  exponential backoff, waiting at least what Retry-After asks (capped);
- incremental: with an `HttpCache`, a URL seen before is asked for with If-None-Match /
  If-Modified-Since; a 304 answers with the bytes archived from the earlier 200 (its
  `raw_ref`), so a re-run transfers no body and still has every document;
- limits: connect and read timeouts, a maximum body size (checked against Content-Length
  and while streaming), a maximum number of redirects (and loops caught at once), and an
  expected Content-Type per request (`accept`);
- archive: every response that came back (any status, 304s included) goes into the WARC
  file, before anything else looks at it;
- log: every `get` leaves one `FetchLogEntry` in `.log`, whatever happened.

`get` never raises for network or HTTP faults: the result says what happened (`.outcome`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests

from newsmon.crawl.archive import WarcArchive, read_record, warc_date
from newsmon.crawl.fetchlog import FetchLogEntry
from newsmon.crawl.state import HttpCache
from newsmon.sources.profile import FetchPolicy, SourceProfile

log = logging.getLogger(__name__)

USER_AGENT_ENV = "NEWSMON_USER_AGENT"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
MAX_RETRY_AFTER_S = 120.0
# Media types a document of each profile `document_type` may be served as. A PDF served as a
# generic binary is common on real sites, so that passes too; the parser has the last word.
DOCUMENT_CONTENT_TYPES: dict[str, tuple[str, ...]] = {
    "pdf": ("application/pdf", "application/x-pdf", "application/octet-stream", "binary/octet-stream"),
    "html": ("text/html", "application/xhtml+xml"),
}

FETCHED = "fetched"
NOT_MODIFIED = "not_modified"
RETRIED_THEN_FETCHED = "retried_then_fetched"


@dataclass
class FetchResult:
    url: str                        # the URL asked for (whatever it redirected to)
    status: int | None              # the final HTTP status, None when no usable answer came
    body: bytes = b""               # the document (on a 304: the archived bytes of the earlier 200)
    headers: dict[str, str] = field(default_factory=dict)
    elapsed_s: float = 0.0
    raw_ref: str | None = None      # the archived record of `body`
    error: str | None = None
    refused: bool = False           # refused by policy (scope, robots, size), not a fault
    transient: bool = False         # worth another try (network fault, 408, 429, 5xx)
    attempts: int = 1
    bytes_received: int = 0         # body bytes that crossed the network for the final answer
    fetched_at: str | None = None   # WARC-Date of the bytes in `body`
    final_url: str | None = None    # where the answer came from after redirects
    outcome: str = ""               # fetched | not_modified | retried_then_fetched | failed: … | refused: …

    @property
    def ok(self) -> bool:
        """A usable document: a 200, or a 304 answered from the archive."""
        return self.error is None and self.status in (200, 304)

    @property
    def not_modified(self) -> bool:
        return self.ok and self.status == 304


def user_agent_for(policy: FetchPolicy) -> str:
    """The one User-Agent of every request: `NEWSMON_USER_AGENT`, else the profile's."""
    return os.environ.get(USER_AGENT_ENV, "").strip() or policy.user_agent


def accepted_types(profile: SourceProfile) -> tuple[str, ...] | None:
    """Content-Types an article of this profile may come as (None: anything)."""
    return DOCUMENT_CONTENT_TYPES.get(profile.document_type)


class Fetcher:
    """Fetch URLs of one source, archiving every response and logging every URL.

    `base_url` lets the same profile be served from somewhere else (the offline mirror): its
    host is then allowed too. `cache` turns on conditional requests; `sleep` is injectable so
    tests can check the waits (backoff, Retry-After, Crawl-delay) without spending them (with a
    `clock` that the fake sleep advances).
    """

    def __init__(
        self,
        profile: SourceProfile,
        archive: WarcArchive | None = None,
        base_url: str | None = None,
        session: requests.Session | None = None,
        *,
        cache: HttpCache | None = None,
        stage: str = "fetch",
        max_redirects: int = MAX_REDIRECTS,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.profile = profile
        self.policy = profile.fetch
        self.archive = archive
        self.base_url = base_url
        self.cache = cache
        self.stage = stage
        self.max_redirects = max_redirects
        self.user_agent = user_agent_for(self.policy)
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.user_agent
        self.fetch_run = archive.path.name.removesuffix(".warc.gz") if archive else f"unarchived-{warc_date()}"
        self.log: list[FetchLogEntry] = []
        self._sleep, self._clock = sleep, clock
        self._lock = threading.Lock()
        self._last_turn: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}

    # -- the one public verb
    def get(self, url: str, accept: tuple[str, ...] | None = None) -> FetchResult:
        """GET a URL politely; `accept` lists the media types a 200 must have to count.

        Never raises for network or HTTP faults: see `.ok`, `.outcome` and `.error`.
        """
        requested_at = dt.datetime.now(dt.timezone.utc)
        started = self._clock()
        refusal = self._refusal(url)
        if refusal:
            result = FetchResult(url, None, error=refusal, refused=True, attempts=0)
        else:
            result = self._with_retries(url, accept, use_cache=True)
        result.elapsed_s = self._clock() - started
        result.outcome = _outcome(result)
        self.log.append(self._log_entry(result, requested_at))
        if not result.ok:
            log.info("%s %s: %s", self.stage, url, result.outcome)
        return result

    # -- retries, redirects, one request
    def _with_retries(self, url: str, accept: tuple[str, ...] | None, use_cache: bool) -> FetchResult:
        attempt = 0
        while True:
            result = self._follow_redirects(url, accept, use_cache)
            result.attempts = attempt + 1
            delay = self._retry_delay(result, attempt)
            if delay is None:
                if result.error and attempt:
                    result.error = f"{result.error} (after {attempt + 1} attempts)"
                return result
            attempt += 1
            log.info("retry %d for %s in %.2fs (%s)", attempt, url, delay, result.error)
            self._sleep(delay)

    def _retry_delay(self, result: FetchResult, attempt: int) -> float | None:
        """Seconds to wait before another try, or None when the result is final."""
        if not result.transient or attempt >= self.policy.retries:
            return None
        backoff = self.policy.backoff_s * (2 ** attempt)
        retry_after = _parse_retry_after(result.headers.get("Retry-After"))
        return min(max(backoff, retry_after or 0.0), MAX_RETRY_AFTER_S)

    def _follow_redirects(self, url: str, accept: tuple[str, ...] | None, use_cache: bool) -> FetchResult:
        current, seen = url, {url}
        for _ in range(self.max_redirects + 1):
            result = self._get_once(current, accept, use_cache)
            result.url, result.final_url = url, current
            if result.status not in REDIRECT_STATUSES:
                return result
            location = result.headers.get("Location")
            if not location:
                return _failed(url, result.status, f"HTTP {result.status} redirect without a Location")
            target = urljoin(current, location)
            refusal = self._refusal(target)
            if refusal:
                reason = (f"redirect to another host refused: {target}" if refusal.startswith("host not allowed")
                          else f"redirect to {target} refused: {refusal}")
                return FetchResult(url, result.status, error=reason, refused=True, final_url=current)
            if target in seen:
                return _failed(url, result.status, f"redirect loop: {current} -> {target}")
            seen.add(target)
            current = target
        return _failed(url, None, f"more than {self.max_redirects} redirects")

    def _get_once(self, url: str, accept: tuple[str, ...] | None, use_cache: bool,
                  revalidate: bool = True) -> FetchResult:
        """One request: wait our turn, send, read within limits, archive, interpret.

        With `use_cache`, a URL seen before is asked for conditionally (unless `revalidate` is
        off) and an accepted 200 is remembered."""
        use_cache = use_cache and self.cache is not None
        cached = self.cache.get(url) if (use_cache and revalidate) else None
        self._wait_turn(urlsplit(url).netloc)
        try:
            with self.session.get(url, headers=_validators(cached),
                                  timeout=(self.policy.connect_timeout_s, self.policy.read_timeout_s),
                                  allow_redirects=False, stream=True) as resp:
                status, reason, headers = resp.status_code, resp.reason or "", dict(resp.headers)
                body = self._read_limited(resp)
        except _BodyTooLarge as exc:
            return FetchResult(url, None, error=str(exc), refused=True)
        except requests.RequestException as exc:
            error, transient = _describe_exception(exc, self.policy)
            return FetchResult(url, None, error=error, transient=transient)
        fetched_at = warc_date()
        raw_ref = self.archive.write_response(url, status, reason, headers, body, fetched_at) if self.archive else None
        result = FetchResult(url, status, body, headers, raw_ref=raw_ref, bytes_received=len(body),
                             fetched_at=fetched_at)
        if status == 304:
            return self._answer_from_archive(result, cached, accept)
        if status == 200:
            return self._accept_200(result, accept, use_cache)
        if status not in REDIRECT_STATUSES:
            result.error = f"HTTP {status}"
            result.transient = status in (408, 429) or status >= 500
        return result

    def _accept_200(self, result: FetchResult, accept: tuple[str, ...] | None, remember: bool) -> FetchResult:
        """A 200 counts only with an expected Content-Type; then its validators are remembered."""
        media = _media_type(result.headers.get("Content-Type"))
        if accept and media and media not in accept:
            result.error = f"wrong Content-Type: {media} (expected {' or '.join(accept[:1])})"
            return result
        if remember and result.raw_ref:
            self.cache.remember(result.url, {  # type: ignore[union-attr]
                "etag": result.headers.get("ETag"), "last_modified": result.headers.get("Last-Modified"),
                "raw_ref": result.raw_ref, "fetched_at": result.fetched_at, "content_type": media,
            })
        return result

    def _answer_from_archive(self, result: FetchResult, cached: dict | None,
                             accept: tuple[str, ...] | None) -> FetchResult:
        """A 304: the document is the archived body of the earlier 200 (no bytes transferred).

        A 304 to a request we did not make conditional is the server's mistake (a failure); an
        archived copy that cannot be read is ours: then ask once more, unconditionally.
        """
        if cached is None:
            result.error = "HTTP 304 to an unconditional request"
            return result
        try:
            archived = read_record(cached["raw_ref"])
        except (OSError, ValueError, EOFError) as exc:
            log.warning("archived copy of %s unreadable (%s): fetching it again", result.url, exc)
            self.cache.forget(result.url)  # type: ignore[union-attr]
            return self._get_once(result.url, accept, use_cache=True, revalidate=False)
        result.body, result.raw_ref, result.fetched_at = archived.body, cached["raw_ref"], cached.get("fetched_at")
        return result

    def _read_limited(self, resp: requests.Response) -> bytes:
        limit = self.policy.max_bytes
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise _BodyTooLarge(f"body larger than {limit} bytes (Content-Length {declared})")
        chunks, size = [], 0
        for chunk in resp.iter_content(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise _BodyTooLarge(f"body larger than {limit} bytes")
            chunks.append(chunk)
        body = b"".join(chunks)
        if declared and declared.isdigit() and len(body) < int(declared) and resp.request.method != "HEAD":
            raise requests.exceptions.ChunkedEncodingError(f"body cut short: {len(body)} of {declared} bytes")
        return body

    # -- politeness
    def _wait_turn(self, host: str) -> None:
        """Space requests to one host by the larger of the profile's rate and Crawl-delay."""
        interval = self._interval(host)  # known rules now (robots.txt may have arrived since)
        with self._lock:
            now = self._clock()
            last = self._last_turn.get(host)
            turn = now if last is None else max(now, last + interval)
            self._last_turn[host] = turn
        if turn > now:
            self._sleep(turn - now)

    def _interval(self, host: str) -> float:
        rate = self.policy.requests_per_second
        by_rate = 1.0 / rate if rate > 0 else 0.0
        robots = self._robots.get(host)
        return max(by_rate, robots.crawl_delay if robots else 0.0)

    def _refusal(self, url: str) -> str | None:
        """Why a URL must not be requested at all, or None."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"scheme not allowed: {parts.scheme or '(none)'}"
        if not self.profile.host_allowed(url, self.base_url):
            return f"host not allowed: {parts.hostname}"
        robots = self._robots_for(parts.scheme, parts.netloc)
        if robots.unreachable:
            return f"robots.txt unreachable ({robots.unreachable}): host not crawled"
        if robots.parser is not None and not robots.parser.can_fetch(self.user_agent, url):
            return "disallowed by robots.txt"
        return None

    def _robots_for(self, scheme: str, netloc: str) -> "_Robots":
        if netloc not in self._robots:
            self._robots[netloc] = self._load_robots(f"{scheme}://{netloc}/robots.txt")
        return self._robots[netloc]

    def _load_robots(self, url: str) -> "_Robots":
        """robots.txt of a host (RFC 9309): 2xx rules, 4xx allows all, 5xx/unreachable forbids all."""
        self._robots[urlsplit(url).netloc] = _Robots()  # no rules while asking for the rules
        requested_at = dt.datetime.now(dt.timezone.utc)
        started = self._clock()
        result = self._with_retries(url, None, use_cache=False)
        result.elapsed_s = self._clock() - started
        result.outcome = _outcome(result)
        self.log.append(self._log_entry(result, requested_at))
        if result.status == 200 and result.error is None:
            parser = urllib.robotparser.RobotFileParser()
            parser.parse(result.body.decode("utf-8", "replace").splitlines())
            delay = parser.crawl_delay(self.user_agent)
            return _Robots(parser, float(delay or 0.0))
        if result.status is not None and 400 <= result.status < 500:
            return _Robots()
        if result.refused and result.status in REDIRECT_STATUSES:
            return _Robots()  # robots.txt redirected off-site: treated as unavailable (allow)
        return _Robots(unreachable=result.error or f"HTTP {result.status}")

    def _log_entry(self, result: FetchResult, requested_at: dt.datetime) -> FetchLogEntry:
        return FetchLogEntry(
            fetch_run=self.fetch_run, stage=self.stage, url=result.url,
            requested_at=requested_at.isoformat(), status=result.status, bytes=result.bytes_received,
            etag=result.headers.get("ETag"), last_modified=result.headers.get("Last-Modified"),
            elapsed_s=round(result.elapsed_s, 6), attempts=result.attempts, outcome=result.outcome,
            raw_ref=result.raw_ref if result.ok else None,
        )


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None = None
    crawl_delay: float = 0.0
    unreachable: str | None = None


class _BodyTooLarge(Exception):
    pass


def _outcome(result: FetchResult) -> str:
    if result.ok:
        if result.status == 304:
            return NOT_MODIFIED
        return RETRIED_THEN_FETCHED if result.attempts > 1 else FETCHED
    return f"{'refused' if result.refused else 'failed'}: {result.error or f'HTTP {result.status}'}"


def _failed(url: str, status: int | None, error: str) -> FetchResult:
    return FetchResult(url, status, error=error)


def _validators(cached: dict | None) -> dict[str, str]:
    """Conditional request headers from what the last 200 said."""
    if not cached:
        return {}
    headers = {}
    if cached.get("etag"):
        headers["If-None-Match"] = cached["etag"]
    if cached.get("last_modified"):
        headers["If-Modified-Since"] = cached["last_modified"]
    return headers


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _describe_exception(exc: requests.RequestException, policy: FetchPolicy) -> tuple[str, bool]:
    """One clear reason for a network fault, and whether it is worth retrying."""
    text = str(exc)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return f"connect timeout: no connection within {policy.connect_timeout_s:g}s", True
    if isinstance(exc, requests.exceptions.ReadTimeout) or "Read timed out" in text:
        return f"read timeout: no data for {policy.read_timeout_s:g}s", True
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        detail = text if text.startswith("body cut short") else f"body cut short: {text}"
        return detail[:300], True
    if isinstance(exc, requests.exceptions.ConnectionError):
        return f"connection error: {exc.__class__.__name__}: {text}"[:300], True
    return f"request error: {exc.__class__.__name__}: {text}"[:300], False


def _parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
