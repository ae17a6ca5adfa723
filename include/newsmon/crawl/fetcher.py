"""A polite HTTP fetcher: one host at a time, at the profile's rate, with retries.

Why a class of its own: every request the pipeline makes (listing pages and articles)
must obey the same rules (robots.txt, allowed hosts, rate, size and time limits), and
every response must land in the raw archive, so there is exactly one way to make one.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests

from newsmon.crawl.archive import WarcArchive
from newsmon.sources.profile import SourceProfile

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
MAX_RETRY_AFTER_S = 120.0


@dataclass
class FetchResult:
    url: str
    status: int | None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    elapsed_s: float = 0.0
    raw_ref: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200


class Fetcher:
    """Fetch URLs of one source, archiving every response.

    `base_url` lets the same profile be served from somewhere else (the offline mirror):
    its host is then allowed too.
    """

    def __init__(
        self,
        profile: SourceProfile,
        archive: WarcArchive | None = None,
        base_url: str | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.profile = profile
        self.policy = profile.fetch
        self.archive = archive
        self.base_url = base_url
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.policy.user_agent
        self._last_request = 0.0
        self._lock = threading.Lock()
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def get(self, url: str) -> FetchResult:
        """GET a URL politely; never raises for network or HTTP faults (see `.error`)."""
        if not self.profile.host_allowed(url, self.base_url):
            return FetchResult(url, None, error=f"host not allowed: {urlsplit(url).hostname}")
        if not self._robots_allow(url):
            return FetchResult(url, None, error="disallowed by robots.txt")
        attempt = 0
        while True:
            result = self._get_following_redirects(url)
            retry_in = self._retry_delay(result, attempt)
            if retry_in is None:
                return result
            attempt += 1
            log.info("retry %d for %s in %.1fs (%s)", attempt, url, retry_in, result.error or result.status)
            time.sleep(retry_in)

    def _retry_delay(self, result: FetchResult, attempt: int) -> float | None:
        """Seconds to wait before another try, or None when the result is final."""
        if attempt >= self.policy.retries:
            return None
        transient = result.status in RETRY_STATUSES or (result.status is None and result.error
                                                        and result.error.startswith("connection"))
        if not transient:
            return None
        backoff = self.policy.backoff_s * (2 ** attempt)
        retry_after = _parse_retry_after(result.headers.get("Retry-After"))
        return min(max(backoff, retry_after or 0.0), MAX_RETRY_AFTER_S)

    def _get_following_redirects(self, url: str) -> FetchResult:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            result = self._get_once(current)
            if result.status not in (301, 302, 303, 307, 308):
                result.url = url  # the URL asked for, whatever it redirected to
                return result
            target = urljoin(current, result.headers.get("Location", ""))
            if not self.profile.host_allowed(target, self.base_url):
                return FetchResult(url, result.status, error=f"redirect to another host refused: {target}")
            current = target
        return FetchResult(url, None, error=f"more than {MAX_REDIRECTS} redirects")

    def _get_once(self, url: str) -> FetchResult:
        self._wait_for_rate_limit()
        started = time.monotonic()
        try:
            with self.session.get(
                url,
                timeout=(self.policy.connect_timeout_s, self.policy.read_timeout_s),
                allow_redirects=False,
                stream=True,
            ) as resp:
                body = self._read_limited(resp)
                headers = dict(resp.headers)
                status = resp.status_code
                reason = resp.reason or ""
        except _BodyTooLarge as exc:
            return FetchResult(url, None, error=str(exc), elapsed_s=time.monotonic() - started)
        except requests.RequestException as exc:
            return FetchResult(url, None, error=f"connection error: {exc.__class__.__name__}: {exc}",
                               elapsed_s=time.monotonic() - started)
        elapsed = time.monotonic() - started
        raw_ref = self.archive.write_response(url, status, reason, headers, body) if self.archive else None
        error = None if status == 200 else f"HTTP {status}"
        return FetchResult(url, status, body, headers, elapsed, raw_ref, error)

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
        return b"".join(chunks)

    def _wait_for_rate_limit(self) -> None:
        rate = self.policy.requests_per_second
        if rate <= 0:
            return
        with self._lock:
            wait = self._last_request + 1.0 / rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_request = time.monotonic()

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._load_robots(root)
        parser = self._robots[root]
        return parser is None or parser.can_fetch(self.policy.user_agent, url)

    def _load_robots(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        """robots.txt of a host; a missing one (4xx) allows everything."""
        result = self._get_once(root + "/robots.txt")
        if result.status is None or result.status >= 400:
            return None
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(result.body.decode("utf-8", "replace").splitlines())
        return parser


class _BodyTooLarge(Exception):
    pass


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
