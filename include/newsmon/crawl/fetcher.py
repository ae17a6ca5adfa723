"""A polite, incremental HTTP fetcher: one way to make a request, with every rule applied.

Why a class of its own: every request the pipeline makes (robots.txt, listing pages,
articles) must obey the same rules, and every response must land in the raw archive, so
there is exactly one way to make one. The rules, in the order they apply:

- scope: only http(s) URLs on the profile's allowed hosts (plus the host of `base_url`, the
  offline mirror); a redirect to any other host is refused, not followed; and only to public
  addresses, or ones the operator allows (`crawl.addresses`, checked on every hop);
- robots.txt (RFC 9309): obeyed for the User-Agent; a 4xx robots.txt allows everything, a 5xx
  or unreachable one forbids everything (the RFC's rule: a server that cannot say what is
  allowed is asked for nothing). With an `HttpCache` it is remembered, so the stages of one
  run ask for it once: used as is for `robots_cache_s` (default an hour, RFC 9309 allows a
  day), then asked for again conditionally;
- pace: one request at a time per host, at most `requests_per_second`, and no faster than the
  host's robots.txt Crawl-delay, fractions included (the larger of the two intervals wins); with
  a shared `HostPace` (the pipeline's), the schedule holds across every task process on the
  machine, so overlapping runs of a backfill do not multiply the rate;
- identity: one User-Agent with a contact address, from the profile, or `NEWSMON_USER_AGENT`;
- retries: connection errors, timeouts, bodies cut short, 408, 429 and 5xx are retried with
  exponential backoff, waiting at least what Retry-After asks (capped);
- incremental: with an `HttpCache`, a URL seen before is asked for with If-None-Match /
  If-Modified-Since; a 304 answers with the bytes archived from the earlier 200 (its
  `raw_ref`), so a re-run transfers no body and still has every document. A document the
  server declared fresh (RFC 9111: `Cache-Control: max-age`, or `Expires`; never with
  `no-cache` or `no-store`, and no heuristic freshness) is not asked for at all until it goes
  stale: the archived copy answers, with the outcome `fresh`;
- limits: connect and read timeouts, a maximum body size (checked against Content-Length
  and while streaming), a maximum number of redirects (the profile's `max_redirects`; loops
  caught at once), and an expected Content-Type per request (`accept`);
- transport: `crawl.transport` (urllib3 connection pools shared by every fetcher of the process,
  so connections stay alive from one stage to the next; proxies and CA bundle from the
  environment; no netrc credentials are ever sent to the sites it reads);
- archive: every response that came back (any status, 304s included) goes into the WARC
  file, before anything else looks at it;
- log: every `get` leaves one `FetchLogEntry` in `.log`, whatever happened.

`get` never raises for network or HTTP faults: the result says what happened (`.outcome`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsmon.crawl import transport
from newsmon.crawl.addresses import AddressRefused
from newsmon.crawl.archive import WarcArchive, read_record, warc_date
from newsmon.crawl.fetchlog import FetchLogEntry
from newsmon.crawl.pace import HostPace
from newsmon.crawl.robots import Robots
from newsmon.crawl.state import HttpCache
from newsmon.redaction import clean_url
from newsmon.sources.profile import FetchPolicy, SourceProfile

log = logging.getLogger(__name__)

USER_AGENT_ENV = "NEWSMON_USER_AGENT"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_RETRY_AFTER_S = 120.0
ROBOTS_MAX_CACHE_S = 24 * 3600.0  # RFC 9309 §2.4: a cached robots.txt is not used for more than a day
# Media types a document of each profile `document_type` may be served as. A PDF served as a
# generic binary is common on real sites, so that passes too; the parser has the last word.
DOCUMENT_CONTENT_TYPES: dict[str, tuple[str, ...]] = {
    "pdf": ("application/pdf", "application/x-pdf", "application/octet-stream", "binary/octet-stream"),
    "html": ("text/html", "application/xhtml+xml"),
}

FETCHED = "fetched"
NOT_MODIFIED = "not_modified"
RETRIED_THEN_FETCHED = "retried_then_fetched"
FRESH = "fresh"  # answered from the archive without a request: the server said it was still fresh


@dataclass
class FetchResult:
    url: str                        # the URL asked for (whatever it redirected to)
    status: int | None              # the final HTTP status, None when no usable answer came
    _body: bytes | None = b""       # see `body`; None: not read from the archive yet
    headers: Mapping[str, str] = field(default_factory=dict)  # from the transport: case-insensitive
    elapsed_s: float = 0.0
    raw_ref: str | None = None      # the archived record of `body`
    error: str | None = None
    refused: bool = False           # refused by policy (scope, robots, size), not a fault
    transient: bool = False         # worth another try (network fault, 408, 429, 5xx)
    attempts: int = 1
    bytes_received: int = 0         # body bytes that crossed the network for the final answer
    fetched_at: str | None = None   # WARC-Date of the bytes in `body`
    final_url: str | None = None    # where the answer came from after redirects
    outcome: str = ""               # fetched | not_modified | fresh | retried_then_fetched | failed: … | refused: …
    from_cache: bool = False        # no request made: a fresh archived copy answered

    @property
    def body(self) -> bytes:
        """The document; on a 304 or a fresh copy, the archived bytes of the earlier 200, read
        from the archive the first time they are asked for (the fetch stage only needs the
        `raw_ref`, so a re-run of a date does not inflate every document it confirms)."""
        if self._body is None:
            self._body = read_record(self.raw_ref).body if self.raw_ref else b""
        return self._body

    @body.setter
    def body(self, value: bytes | None) -> None:  # None: read from the archive when asked
        self._body = value

    @property
    def ok(self) -> bool:
        """A usable document: a 200, a 304 answered from the archive, or a fresh archived copy."""
        return self.error is None and (self.status in (200, 304) or self.from_cache)

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
    `clock` that the fake sleep advances); `now` is the wall clock that freshness and the
    robots.txt cache are judged by. `pace` is the schedule of turns per host: by default this
    fetcher's own (on `clock`); the pipeline passes the machine-wide one (`HostPace.shared`).
    """

    def __init__(
        self,
        profile: SourceProfile,
        archive: WarcArchive | None = None,
        base_url: str | None = None,
        *,
        cache: HttpCache | None = None,
        stage: str = "fetch",
        max_redirects: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        pace: HostPace | None = None,
    ) -> None:
        self.profile = profile
        self.policy = profile.fetch
        self.archive = archive
        self.base_url = base_url
        self.cache = cache
        self.stage = stage
        self.max_redirects = self.policy.max_redirects if max_redirects is None else max_redirects
        self.user_agent = user_agent_for(self.policy)
        self.fetch_run = archive.path.name.removesuffix(".warc.gz") if archive else f"unarchived-{warc_date()}"
        self.log: list[FetchLogEntry] = []
        self._sleep, self._clock, self._now = sleep, clock, now
        self._pace = pace or HostPace(clock=clock)
        self._robots: dict[str, Robots] = {}

    # -- the one public verb
    def get(self, url: str, accept: tuple[str, ...] | None = None) -> FetchResult:
        """GET a URL politely; `accept` lists the media types a 200 must have to count.

        Never raises for network or HTTP faults: see `.ok`, `.outcome` and `.error`.
        """
        requested_at = dt.datetime.now(dt.UTC)
        started = self._clock()
        refusal = self._refusal(url)
        if refusal:
            result = FetchResult(url, None, error=refusal, refused=True, attempts=0)
        else:
            result = self._fresh_copy(url, accept) or self._with_retries(url, accept, use_cache=True)
        result.elapsed_s = self._clock() - started
        result.outcome = _outcome(result)
        self.log.append(self._log_entry(result, requested_at))
        if not result.ok:
            log.info("%s %s: %s", self.stage, clean_url(url), clean_url(result.outcome))
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
            log.info("retry %d for %s in %.2fs (%s)", attempt, clean_url(url), delay, clean_url(result.error or ""))
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
        cached = self.cache.get(url) if (use_cache and revalidate) else None  # type: ignore[union-attr]
        self._wait_turn(urlsplit(url).netloc)
        try:
            resp = transport.send(url, {"User-Agent": self.user_agent, **_validators(cached)},
                                  self.policy.connect_timeout_s, self.policy.read_timeout_s, self.policy.max_bytes)
        except (transport.BodyTooLarge, AddressRefused) as exc:
            return FetchResult(url, None, error=str(exc), refused=True)
        except transport.TransportError as exc:
            return FetchResult(url, None, error=str(exc), transient=exc.transient)
        status, reason, headers, body = resp.status, resp.reason, resp.headers, resp.body
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
            entry: dict[str, Any] = {"etag": result.headers.get("ETag"),
                                     "last_modified": result.headers.get("Last-Modified"),
                                     "raw_ref": result.raw_ref, "fetched_at": result.fetched_at, "content_type": media}
            lifetime = freshness_lifetime(result.headers, self._now())
            if lifetime > 0:
                entry["fresh_until"] = round(self._now() + lifetime, 3)
                entry["lifetime_s"] = lifetime
            self.cache.remember(result.url, entry)  # type: ignore[union-attr]
        return result

    def _fresh_copy(self, url: str, accept: tuple[str, ...] | None) -> FetchResult | None:
        """The archived copy of a document the server declared fresh until later than now, or None.

        No request at all (RFC 9111 §4.2): the server promised the document would not change
        before `fresh_until`. A copy that cannot be read, or of a type no longer accepted, is
        not used (the document is then asked for as usual)."""
        entry = self.cache.get(url) if self.cache is not None else None
        if not entry or entry.get("fresh_until", 0) <= self._now():
            return None
        if accept and entry.get("content_type") and entry["content_type"] not in accept:
            return None
        if not _record_present(entry["raw_ref"]):
            return None
        return FetchResult(url, None, None, {}, raw_ref=entry["raw_ref"], fetched_at=entry.get("fetched_at"),
                           final_url=url, attempts=0, from_cache=True)

    def _answer_from_archive(self, result: FetchResult, cached: dict[str, Any] | None,
                             accept: tuple[str, ...] | None) -> FetchResult:
        """A 304: the document is the archived body of the earlier 200 (no bytes transferred).

        A 304 to a request we did not make conditional is the server's mistake (a failure); an
        archived copy that cannot be read is ours: then ask once more, unconditionally.
        """
        if cached is None:
            result.error = "HTTP 304 to an unconditional request"
            return result
        if not _record_present(cached["raw_ref"]):
            log.warning("archived copy of %s unreadable (%s): fetching it again",
                        clean_url(result.url), cached["raw_ref"])
            self.cache.forget(result.url)  # type: ignore[union-attr]
            return self._get_once(result.url, accept, use_cache=True, revalidate=False)
        result.body, result.raw_ref, result.fetched_at = None, cached["raw_ref"], cached.get("fetched_at")
        # RFC 9111 §4.3.4: a 304 refreshes the stored response; its own caching headers, if
        # any, replace the stored ones, else the stored response's lifetime runs again.
        has_policy = any(k.lower() in ("cache-control", "expires") for k in result.headers)
        lifetime = (freshness_lifetime(result.headers, self._now()) if has_policy
                    else float(cached.get("lifetime_s") or 0.0))
        if lifetime > 0:
            self.cache.remember(result.url, {**cached, "fresh_until": round(self._now() + lifetime, 3),  # type: ignore[union-attr]
                                             "lifetime_s": lifetime})
        elif has_policy and "fresh_until" in cached:  # the server now says: revalidate every time
            self.cache.remember(result.url, {k: v for k, v in cached.items()  # type: ignore[union-attr]
                                             if k not in ("fresh_until", "lifetime_s")})
        return result

    # -- politeness
    def _wait_turn(self, host: str) -> None:
        """Space requests to one host by the larger of the profile's rate and Crawl-delay."""
        interval = self._interval(host)  # known rules now (robots.txt may have arrived since)
        turn, now = self._pace.reserve(host, interval)
        if turn > now:
            self._sleep(turn - now)

    def _interval(self, host: str) -> float:
        rate = self.policy.requests_per_second
        by_rate = 1.0 / rate if rate > 0 else 0.0
        robots = self._robots.get(host)
        return max(by_rate, robots.crawl_delay if robots else 0.0)

    def _refusal(self, url: str) -> str | None:
        """Why a URL must not be requested at all, or None."""
        out_of_scope = self.profile.scope_refusal(url, self.base_url)  # a malformed URL too: `get` never raises
        if out_of_scope:
            return out_of_scope
        parts = urlsplit(url)
        robots = self._robots_for(parts.scheme, parts.netloc)
        if robots.unreachable:
            return f"robots.txt unreachable ({robots.unreachable}): host not crawled"
        if not robots.allows(self.user_agent, url):
            return "disallowed by robots.txt"
        return None

    def _robots_for(self, scheme: str, netloc: str) -> Robots:
        if netloc not in self._robots:
            self._robots[netloc] = self._load_robots(f"{scheme}://{netloc}/robots.txt")
        return self._robots[netloc]

    def _load_robots(self, url: str) -> Robots:
        """robots.txt of a host (RFC 9309): 2xx rules, 4xx allows all, 5xx/unreachable forbids all.

        A copy the cache confirmed less than `robots_cache_s` ago is used without a request;
        an older one is asked for conditionally (a 304 confirms it again)."""
        self._robots[urlsplit(url).netloc] = Robots()  # no rules while asking for the rules
        known = self.cache.entry(url) if self.cache is not None else None
        keep = min(self.policy.robots_cache_s, ROBOTS_MAX_CACHE_S)
        if known and 0 <= self._now() - known.get("checked_at", float("-inf")) < keep:
            robots = self._robots_from(known)
            if robots is not None:
                return robots
        requested_at = dt.datetime.now(dt.UTC)
        started = self._clock()
        result = self._with_retries(url, None, use_cache=self.cache is not None)
        result.elapsed_s = self._clock() - started
        result.outcome = _outcome(result)
        self.log.append(self._log_entry(result, requested_at))
        if result.ok:
            if self.cache is not None and result.raw_ref:
                entry = self.cache.entry(url) or {}
                self.cache.remember(url, {**entry, "status": 200, "checked_at": round(self._now(), 3)})
            return Robots.from_text(result.body.decode("utf-8", "replace"), self.user_agent)
        if result.status is not None and 400 <= result.status < 500:
            if self.cache is not None:
                self.cache.remember(url, {"status": result.status, "checked_at": round(self._now(), 3)})
            return Robots()
        if result.refused and result.status in REDIRECT_STATUSES:
            return Robots()  # robots.txt redirected off-site: treated as unavailable (allow)
        return Robots(unreachable=result.error or f"HTTP {result.status}")

    def _robots_from(self, entry: dict[str, Any]) -> Robots | None:
        """Rules from a remembered robots.txt entry, or None when its archived copy is unreadable."""
        status = entry.get("status")
        if status is not None and 400 <= status < 500:
            return Robots()
        if status != 200 or not entry.get("raw_ref"):
            return None
        body = _ROBOTS_BODIES.get(entry["raw_ref"])
        if body is None:
            try:
                body = read_record(entry["raw_ref"]).body
            except (OSError, ValueError, EOFError):
                return None
            if len(_ROBOTS_BODIES) >= 256:
                _ROBOTS_BODIES.clear()
            _ROBOTS_BODIES[entry["raw_ref"]] = body  # a raw_ref names bytes that never change
        return Robots.from_text(body.decode("utf-8", "replace"), self.user_agent)

    def _log_entry(self, result: FetchResult, requested_at: dt.datetime) -> FetchLogEntry:
        """The URL's row of the fetch log: the URL and outcome as they may be stored (credentials
        masked, control characters escaped: a crawled href is whatever its page wrote)."""
        return FetchLogEntry(
            fetch_run=self.fetch_run, stage=self.stage, url=clean_url(result.url),
            requested_at=requested_at.isoformat(), status=result.status, bytes=result.bytes_received,
            etag=result.headers.get("ETag"), last_modified=result.headers.get("Last-Modified"),
            elapsed_s=round(result.elapsed_s, 6), attempts=result.attempts, outcome=clean_url(result.outcome),
            raw_ref=result.raw_ref if result.ok else None,
        )


_ROBOTS_BODIES: dict[str, bytes] = {}  # robots.txt bodies by raw_ref, for the stages of one process


def _record_present(raw_ref: str) -> bool:
    """Whether a `raw_ref` (`file#offset`) points at the start of a gzip member in an existing
    file: the cheap check that the archived copy is there, without inflating it."""
    path, _, offset = raw_ref.rpartition("#")
    try:
        with open(path, "rb") as fh:
            fh.seek(int(offset))
            return fh.read(2) == b"\x1f\x8b"
    except (OSError, ValueError):
        return False


def _outcome(result: FetchResult) -> str:
    if result.ok:
        if result.from_cache:
            return FRESH
        if result.status == 304:
            return NOT_MODIFIED
        return RETRIED_THEN_FETCHED if result.attempts > 1 else FETCHED
    return f"{'refused' if result.refused else 'failed'}: {result.error or f'HTTP {result.status}'}"


def _failed(url: str, status: int | None, error: str) -> FetchResult:
    return FetchResult(url, status, error=error)


def _validators(cached: dict[str, Any] | None) -> dict[str, str]:
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


def freshness_lifetime(headers: Mapping[str, str], now: float) -> float:
    """Seconds a response stays fresh by what the server said (RFC 9111 §4.2.1), 0 if none.

    `no-cache`, `no-store` and `must-revalidate`-only answers are never fresh here; `max-age`
    wins over `Expires`; the response's `Age` is taken off. No heuristic freshness: a page that
    says nothing about caching is always revalidated (a 304 costs no body anyway)."""
    lower = {k.lower(): v for k, v in headers.items()}
    directives = {}
    for part in lower.get("cache-control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name.lower()] = value.strip().strip('"')
    if "no-cache" in directives or "no-store" in directives:
        return 0.0
    lifetime: float | None = None
    if re.fullmatch(r"\d+", directives.get("max-age", "")):
        lifetime = float(directives["max-age"])
    elif lower.get("expires"):
        try:
            expires = parsedate_to_datetime(lower["expires"]).timestamp()
            date = parsedate_to_datetime(lower["date"]).timestamp() if lower.get("date") else now
        except (TypeError, ValueError, IndexError, OverflowError):
            return 0.0  # an invalid Expires means "already expired" (RFC 9111 §5.3)
        lifetime = expires - date
    if not lifetime or lifetime <= 0:
        return 0.0
    age = lower.get("age", "")
    return max(0.0, lifetime - (float(age) if age.isdigit() else 0.0))


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
