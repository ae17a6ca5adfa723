"""Load and check a source profile (a YAML file beside this module).

A profile is the only place a source's URL layout lives, so adding a source whose
layout fits the model is a new file, not new code.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

import yaml

PROFILE_DIR = Path(__file__).resolve().parent
# host[:port] and nothing else. Userinfo ("a@b"), a backslash, spaces or controls in the
# authority are read one way by urlsplit and another by the HTTP client (urllib3): with
# "http://10.0.0.1\@127.0.0.1:8765/" urlsplit sees the mirror, requests connects to 10.0.0.1.
_PLAIN_AUTHORITY = re.compile(r"(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?\Z")


class ProfileError(ValueError):
    """A profile file is missing or malformed."""


DISCOVERY_KINDS = ("listing", "sitemap", "feed", "section_crawl")


@dataclass(frozen=True)
class DiscoveryMethod:
    """One way to list a date's articles; a profile lists its methods in the order to try them.

    - `listing`: the dated listing pages (`listing_path`, `article_xpath`, pagination);
    - `sitemap`: a sitemap or sitemap index at `url` (a strftime pattern, so a per-month or
      per-day sitemap works too); `<urlset>` entries are dated by `<news:publication_date>`
      (Google news sitemaps) or else `<lastmod>`;
    - `feed`: an RSS 2.0 / RSS 1.0 / Atom feed at `url`, entries dated by their publication date;
    - `section_crawl`: paginated section or index pages, newest first, from each of
      `start_paths`: the links `link_xpath` selects, each dated by `link_date_xpath` (evaluated
      from the link: an ISO 8601 date or date-time in its context), else by `url_date_regex`
      (named groups year, month, day), else left undated for the document to tell; pages are
      followed by `next_page_xpath` until one holds a dated link older than the run's date, or
      `max_pages` pages of a start path were read. It needs no guess of a dated URL layout.

    Every method contributes the entries dated on the run's day (in the profile's time zone;
    `section_crawl` also its undated links); `url_regex`, when set, keeps only entries whose URL
    it matches (a sitemap lists every page of a site, not only articles). `max_documents` caps
    the sitemaps one run reads (index + children).
    """

    kind: str
    url: str = ""
    url_regex: str | None = None
    max_documents: int = 50
    start_paths: tuple[str, ...] = ()
    link_xpath: str = ""
    link_date_xpath: str | None = None
    url_date_regex: str | None = None
    next_page_xpath: str | None = None
    max_pages: int = 10

    def __post_init__(self) -> None:
        if self.kind not in DISCOVERY_KINDS:
            raise ProfileError(f"discovery method {self.kind!r}: unknown (known: {', '.join(DISCOVERY_KINDS)})")
        object.__setattr__(self, "start_paths", tuple(self.start_paths))
        if self.kind == "section_crawl":
            if not (self.start_paths and self.link_xpath):
                raise ProfileError("discovery method 'section_crawl' needs start_paths and link_xpath")
            if self.max_pages < 1:
                raise ProfileError("discovery method 'section_crawl': max_pages must be at least 1")
            _check_date_regex(self.url_date_regex)
        elif self.kind != "listing" and not self.url:
            raise ProfileError(f"discovery method {self.kind!r} needs a url")


def _check_date_regex(pattern: str | None) -> None:
    """A `url_date_regex` compiles and names the groups year, month and day."""
    if pattern is None:
        return
    try:
        groups = set(re.compile(pattern).groupindex)
    except re.error as exc:
        raise ProfileError(f"url_date_regex {pattern!r}: {exc}") from None
    if not {"year", "month", "day"} <= groups:
        raise ProfileError(f"url_date_regex {pattern!r}: needs the named groups year, month and day")


@dataclass(frozen=True)
class Discovery:
    kind: str = "dated_listing"
    front_page: str = "/index.html"
    listing_path: str = ""
    article_xpath: str = ""
    article_path: str = ""
    next_page_xpath: str | None = None
    max_listing_pages: int = 20
    # Ways to list a date, in order; every method runs and candidates are deduplicated by URL.
    methods: tuple[DiscoveryMethod, ...] = (DiscoveryMethod("listing"),)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Discovery:
        methods = tuple(DiscoveryMethod(**m) for m in raw.get("methods") or [{"kind": "listing"}])
        found = cls(**{**raw, "methods": methods})
        if any(m.kind == "listing" for m in methods) and not (found.listing_path and found.article_xpath):
            raise ProfileError("discovery method 'listing' needs listing_path and article_xpath")
        return found


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str
    requests_per_second: float = 1.0
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    max_bytes: int = 50 * 1024 * 1024
    retries: int = 3
    backoff_s: float = 1.0
    max_redirects: int = 5
    # How long a host's robots.txt is used before it is asked for again (conditionally).
    # RFC 9309 §2.4: no longer than 24 hours; within a run (discover, then fetch) it is read once.
    robots_cache_s: float = 3600.0


@dataclass(frozen=True)
class QualityPolicy:
    """Data-quality thresholds of a source (the `quality:` block of its profile).

    Row level (a failing row is quarantined): body and title floors, date tolerance.
    Day level (a failing day loads nothing): volume against the trailing median article
    count of the same weekday, and the share of the day that was quarantined.
    """

    min_body_words: int = 20
    min_body_chars: int = 200
    title_min_chars: int = 3
    title_max_chars: int = 400
    date_tolerance_days: int = 0
    # Day level. Volume checks only judge a day once `volume_min_history_days` earlier
    # same-weekday dates in the trailing `volume_window_days` loaded successfully and
    # their median article count is above `volume_min_median` (a quiet source may have
    # empty days).
    volume_window_days: int = 28
    volume_min_history_days: int = 2
    volume_min_median: float = 2.0
    volume_min_fraction: float = 0.25
    max_quarantine_share: float = 0.5


@dataclass(frozen=True)
class SourceProfile:
    name: str
    title: str
    base_url: str
    allowed_hosts: tuple[str, ...]
    languages: tuple[str, ...]
    discovery: Discovery
    fetch: FetchPolicy
    quality: QualityPolicy
    timezone: str = "UTC"
    document_type: str = "pdf"
    sections: tuple[dict[str, str], ...] = field(default_factory=tuple)
    # Text that only the site's own header block holds (its web address, e-mail, name):
    # the parser drops the block up to the last line holding one of them.
    masthead: tuple[str, ...] = ()

    def listing_url(self, day: dt.date, base_url: str | None = None) -> str:
        return urljoin(self.root(base_url), day.strftime(self.discovery.listing_path).lstrip("/"))

    def article_url(self, day: dt.date, slug: str, base_url: str | None = None) -> str:
        path = day.strftime(self.discovery.article_path).replace("{slug}", slug)
        return urljoin(self.root(base_url), path.lstrip("/"))

    def fetch_url(self, url: str, base_url: str | None = None) -> str:
        """Where to fetch a source URL found in a sitemap or feed (which name the source's own
        URLs) when the source is served from `base_url` (e.g. the mirror): the inverse of
        `canonical_url`."""
        root = self.root()
        if base_url and url.startswith(root):
            return self.root(base_url) + url[len(root):]
        return url

    def root(self, base_url: str | None = None) -> str:
        return (base_url or self.base_url).rstrip("/") + "/"

    def canonical_url(self, url: str, base_url: str | None = None) -> str:
        """The source's own URL for a document fetched from `base_url` (e.g. the mirror).

        Article ids hash the canonical URL, so the same article has the same id whether
        it came from the live site or from the offline mirror on any port.
        """
        root = self.root(base_url)
        if base_url and url.startswith(root):
            return self.root() + url[len(root):]
        return url

    def section_names(self) -> frozenset[str]:
        """Every name of every section, in each of its languages (made once: the parser asks
        for each document)."""
        return self._section_names

    @functools.cached_property
    def _section_names(self) -> frozenset[str]:
        return frozenset(name for entry in self.sections for name in entry.values())

    def scope_refusal(self, url: str, base_url: str | None = None) -> str | None:
        """Why `url` is outside what this source may fetch, or None: a malformed URL (e.g.
        "http://[::1" from a hostile page), a scheme other than http(s), a host not allowed."""
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            return f"malformed URL: {exc}"
        if parts.scheme not in ("http", "https"):
            return f"scheme not allowed: {parts.scheme or '(none)'}"
        if not self.host_allowed(url, base_url):
            return f"host not allowed: {parts.hostname}"
        return None

    @staticmethod
    def base_url_refusal(base_url: str) -> str | None:
        """Why a `base_url` override cannot serve as where a source is fetched from, or None:
        only an http(s) origin (with a path prefix at most) of a plain host and port, with no
        credentials (they would be stored with every URL), query or fragment."""
        try:
            parts = urlsplit(base_url)
            _port(parts)
        except ValueError as exc:
            return f"malformed URL: {exc}"
        if parts.scheme not in ("http", "https"):
            return f"scheme not allowed: {parts.scheme or '(none)'} (http or https only)"
        if "@" in parts.netloc:
            return "credentials in the URL are not accepted"
        if not parts.hostname or not _PLAIN_AUTHORITY.match(parts.netloc):
            return f"not a plain host[:port]: {parts.netloc or '(none)'}"
        if parts.query or parts.fragment or any(ch.isspace() or ord(ch) < 32 for ch in base_url):
            return "query, fragment, spaces or control characters are not accepted"
        return None

    def host_allowed(self, url: str, base_url: str | None = None) -> bool:
        """Whether `url` is on one of the profile's hosts, or exactly on the host and port of
        `base_url` (the mirror on 127.0.0.1: another port there is another service, not the
        mirror). An authority the HTTP client could read differently from `urlsplit` is never
        allowed (see `_PLAIN_AUTHORITY`)."""
        try:
            parts = urlsplit(url)
            port = _port(parts)
        except ValueError:  # malformed, or a port out of range
            return False
        if not _PLAIN_AUTHORITY.match(parts.netloc):
            return False
        host = (parts.hostname or "").lower()
        if host in {h.lower() for h in self.allowed_hosts}:
            return True
        if not base_url:
            return False
        base = urlsplit(base_url)
        return host == (base.hostname or "").lower() and port == _port(base)


def _port(parts: SplitResult) -> int | None:
    """The port a URL connects to, its scheme's default when none is written."""
    return parts.port or {"http": 80, "https": 443}.get(parts.scheme)


def available_sources() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


_LOADED: dict[tuple[str, int, int], SourceProfile] = {}  # by (path, mtime, size): an edited file is read again


def load_profile(name_or_path: str | Path) -> SourceProfile:
    path = Path(name_or_path)
    if not path.suffix:
        path = PROFILE_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        raise ProfileError(
            f"source profile {name_or_path!r}: not found (known: {', '.join(available_sources())})"
        )
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key in _LOADED:
        return _LOADED[key]  # profiles are frozen: every stage of a process may share one
    try:
        # libyaml's loader: profiles are read by every stage, and the pure-Python one is slow
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders only
        profile = _from_dict(raw)
        _LOADED[key] = profile
        return profile
    except ProfileError as exc:
        raise ProfileError(f"source profile {path}: {exc}") from exc
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise ProfileError(f"source profile {path}: malformed ({exc.__class__.__name__}: {exc})") from exc


def _from_dict(raw: dict[str, Any]) -> SourceProfile:
    return SourceProfile(
        name=raw["name"],
        title=raw.get("title", raw["name"]),
        base_url=raw["base_url"],
        allowed_hosts=tuple(raw["allowed_hosts"]),
        languages=tuple(raw["languages"]),
        discovery=Discovery.from_dict(raw["discovery"]),
        fetch=FetchPolicy(**raw["fetch"]),
        quality=QualityPolicy(**raw.get("quality", {})),
        timezone=raw.get("timezone", "UTC"),
        document_type=raw.get("document_type", "pdf"),
        sections=tuple(raw.get("sections", [])),
        masthead=tuple(str(marker) for marker in raw.get("masthead", [])),
    )
