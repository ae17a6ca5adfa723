"""One HTTP request on the wire, with the body read within a size limit: the fetcher's transport.

Why urllib3 and not requests: the fetcher already decides everything requests would (no
redirects followed, no retries, no cookies, no netrc, its own headers), so requests' per-request
work (preparing, merging settings, hooks) bought nothing and cost about half of a conditional
request on a re-run (0.97 ms against 0.52 ms a request on loopback, measured in the fetch
benchmark's bare loops). urllib3 is the library requests itself sends with.

- connection pools: one `PoolManager` per process and per (proxy, CA bundle), thread-safe, so
  connections stay alive from one request, stage and fetcher to the next;
- environment: `http_proxy` / `https_proxy` / `all_proxy` / `no_proxy` (either case) and
  `REQUESTS_CA_BUNDLE` / `CURL_CA_BUNDLE` are honoured as requests honoured them, read once per
  origin while they are unchanged; otherwise TLS uses the system's trust store;
- limits: connect and read timeouts, a maximum body size checked against Content-Length and
  while streaming (after any Content-Encoding is undone, so a gzip bomb stops at the limit), and
  a body shorter than its Content-Length is an error (`body cut short`).

`send` raises `TransportError` (with a one-line reason and whether another try may help) or
`BodyTooLarge`; any HTTP status is a `RawResponse`, never an exception.
"""

from __future__ import annotations

import os
import sys
import threading
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from urllib3 import exceptions as u3

# Asked for by default, and undone before the body is archived or parsed (as requests did).
ACCEPT_ENCODING = "gzip, deflate"
CHUNK = 64 * 1024


@dataclass
class RawResponse:
    status: int
    reason: str
    headers: Mapping[str, str]  # case-insensitive (a server may well send `etag` or `content-type`)
    body: bytes


class TransportError(Exception):
    """A request that brought no HTTP answer: `str()` is the reason, `transient` says retry."""

    def __init__(self, reason: str, transient: bool) -> None:
        super().__init__(reason)
        self.transient = transient


class BodyTooLarge(Exception):
    """The body is over the limit: refused by policy, not a fault of the network."""


def send(url: str, headers: dict[str, str], connect_timeout_s: float, read_timeout_s: float,
         max_bytes: int) -> RawResponse:
    """GET `url` once (no redirects followed, no retries) and read its body within `max_bytes`."""
    manager = _manager_for(url)
    try:
        resp = manager.request("GET", url, headers={"Accept-Encoding": ACCEPT_ENCODING, **headers},
                               redirect=False, retries=False, preload_content=False,
                               timeout=urllib3.Timeout(connect=connect_timeout_s, read=read_timeout_s))
    except u3.HTTPError as exc:
        raise _transport_error(exc, connect_timeout_s, read_timeout_s) from exc
    try:
        body = _read_limited(resp, max_bytes)
    except BodyTooLarge:
        resp.close()  # do not download the rest just to keep the connection
        raise
    except u3.HTTPError as exc:
        resp.close()
        raise _transport_error(exc, connect_timeout_s, read_timeout_s) from exc
    finally:
        resp.release_conn()
    return RawResponse(resp.status, resp.reason or "", urllib3.HTTPHeaderDict(resp.headers), body)


def _read_limited(resp: urllib3.BaseHTTPResponse, limit: int) -> bytes:
    declared = resp.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"body larger than {limit} bytes (Content-Length {declared})")
    chunks, size = [], 0
    for chunk in resp.stream(CHUNK, decode_content=True):
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"body larger than {limit} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    encoded = resp.headers.get("Content-Encoding", "identity").strip().lower() not in ("", "identity")
    if declared and declared.isdigit() and not encoded and len(body) < int(declared):
        raise TransportError(f"body cut short: {len(body)} of {declared} bytes", transient=True)
    return body


def _transport_error(exc: u3.HTTPError, connect_timeout_s: float, read_timeout_s: float) -> TransportError:
    """One clear reason for a network fault, and whether it is worth retrying."""
    text = str(exc)
    if isinstance(exc, u3.NewConnectionError):  # refused, unreachable, no such host (before timeouts:
        return TransportError(f"connection error: {exc.__class__.__name__}: {text}"[:300], True)  # a subclass)
    if isinstance(exc, u3.ConnectTimeoutError):
        return TransportError(f"connect timeout: no connection within {connect_timeout_s:g}s", True)
    if isinstance(exc, u3.ReadTimeoutError) or "timed out" in text:
        return TransportError(f"read timeout: no data for {read_timeout_s:g}s", True)
    if isinstance(exc, u3.ProtocolError) and "IncompleteRead" in text:
        return TransportError(f"body cut short: {text}"[:300], True)
    if isinstance(exc, (u3.ProtocolError, u3.ProxyError)):
        return TransportError(f"connection error: {exc.__class__.__name__}: {text}"[:300], True)
    return TransportError(f"request error: {exc.__class__.__name__}: {text}"[:300], False)


# -- pools and the environment

_LOCK = threading.Lock()
_MANAGERS: dict[tuple[str | None, str | None], urllib3.PoolManager] = {}
# The variables that decide the proxy and CA bundle of a request (`<scheme>_proxy`, `all_proxy`,
# `no_proxy` in either case; under CGI, REQUEST_METHOD makes urllib ignore HTTP_PROXY).
_ENV_NAMES = tuple(name for base in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
                   for name in (base, base.upper())) + ("REQUEST_METHOD", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
_SETTINGS: dict[tuple, tuple[str | None, str | None]] = {}


def _manager_for(url: str) -> urllib3.PoolManager:
    """The pool manager for a URL: direct or through the environment's proxy, with its CA bundle."""
    key = environment_settings(url)
    manager = _MANAGERS.get(key)
    if manager is None:
        with _LOCK:
            manager = _MANAGERS.get(key)
            if manager is None:
                proxy, bundle = key
                options = {"num_pools": 32, "maxsize": 8, "retries": False}
                if bundle:
                    options["ca_certs"] = bundle
                manager = urllib3.proxy_from_url(proxy, **options) if proxy else urllib3.PoolManager(**options)
                _MANAGERS[key] = manager
    return manager


def environment_settings(url: str) -> tuple[str | None, str | None]:
    """(proxy URL or None, CA bundle path or None) for `url`, from the environment.

    Remembered per origin while the variables are unchanged (on Linux proxies come only from
    the environment; elsewhere the system's settings may change, so they are read every time)."""
    parts = urlsplit(url)
    key = (parts.scheme, parts.netloc, tuple(os.environ.get(name) for name in _ENV_NAMES))
    known = _SETTINGS.get(key) if sys.platform.startswith("linux") else None
    if known is not None:
        return known
    proxies = urllib.request.getproxies()  # urllib's reading of the variables (and of CGI's rule)
    proxy = None
    if proxies and not urllib.request.proxy_bypass(parts.hostname or ""):
        proxy = proxies.get(parts.scheme) or proxies.get("all")
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None
    if len(_SETTINGS) >= 256:
        _SETTINGS.clear()
    _SETTINGS[key] = (proxy, bundle)
    return proxy, bundle
