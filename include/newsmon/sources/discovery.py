"""Date-based discovery: which article URLs did a source publish on a given day?

The profile lists its discovery methods in order (`discovery.methods`): the dated listing
pages with their pagination, sitemaps (an index, url sets, Google news sitemaps) and RSS/Atom
feeds. Every method runs; each contributes the entries dated on the day (in the source's time
zone), and candidates are deduplicated by URL (the first method to find a URL names where it
was found). Sitemaps and feeds name the source's own URLs, which are mapped onto `base_url`
when the source is served from elsewhere (the offline mirror).

An empty result is a fact, never an error in itself: `by_method` reports every method's
count, zeros included, and the count 0 is checked downstream. A method that could not be read
(an HTTP error, a document that is not a sitemap or feed) leaves a failure record, and the
other methods still run. A 404 for the first page of a dated listing, or for a sitemap or feed
whose URL is dated (a strftime pattern), means nothing was published that day.

Every candidate says what dated it (`date_from`): the dated listing, the sitemap or feed entry,
a date in the link's context or in its URL (`section_crawl`), or nothing yet. An undated one
(`date` None) is only a possible article of the day: the pipeline fetches and parses it and
lets the document's own date decide (`pipeline.date_decision`). Discovery itself never fetches
an article, which is what makes `newsmon discover` a dry run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from newsmon.records import FailureRecord
from newsmon.sources.feeds import parse_feed
from newsmon.sources.profile import DiscoveryMethod, SourceProfile
from newsmon.sources.sections import SectionLink, parse_section_page
from newsmon.sources.sitemaps import parse_sitemap
from newsmon.sources.xmlsafe import XmlRefused, local_date

if TYPE_CHECKING:
    from newsmon.crawl.fetcher import FetchResult

MAX_SITEMAP_DEPTH = 3  # index -> index -> url set is as deep as real sites go


@dataclass
class Candidate:
    url: str             # where to fetch it (the mirror when one is used)
    canonical_url: str   # the source's own URL: the article's identity
    link_text: str
    listing_url: str     # the listing page, sitemap or feed that named it
    method: str = "listing"
    date: str | None = None  # ISO date the listing gave it; None: the document will tell
    date_from: str = ""      # listing | sitemap | feed | link | url, or "" when undated

    def to_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


@dataclass
class DiscoveryResult:
    candidates: list[Candidate]
    failures: list[FailureRecord]
    pages_read: int
    # Entries dated on the day found by each method (before deduplication), zeros included.
    by_method: dict[str, int] = field(default_factory=dict)


class PageGetter(Protocol):
    def get(self, url: str) -> FetchResult: ...


class Entry(NamedTuple):
    """A link one method found: where, its text, the page that named it, and its date if known."""

    href: str
    text: str
    found_at: str
    date: dt.date | None = None
    date_from: str = ""


def method_key(method: DiscoveryMethod) -> str:
    if method.kind == "section_crawl":
        return f"section_crawl:{','.join(method.start_paths)}"
    return method.kind if method.kind == "listing" else f"{method.kind}:{method.url}"


def discover(profile: SourceProfile, day: dt.date, fetcher: PageGetter,
             base_url: str | None = None, *, mirror: bool) -> DiscoveryResult:
    """Candidates published on `day`, by every discovery method of the profile, in order.

    `mirror`: whether `base_url` is a mirror of the source that the operator declared (see
    `crawl.addresses.is_declared_mirror`), whose documents are filed under the source's own
    URLs; from any other base URL they keep the URL they were fetched from, so an override
    cannot replace the source's articles."""
    found = _Found(profile, day, base_url, mirror)
    entries: list[tuple[str, str, str]] | list[Entry]
    for method in profile.discovery.methods:
        if method.kind == "listing":
            entries = _from_listing(found, fetcher)
        elif method.kind == "sitemap":
            entries = _from_sitemaps(found, method, fetcher)
        elif method.kind == "section_crawl":
            entries = _from_sections(found, method, fetcher)
        else:
            entries = _from_feed(found, method, fetcher)
        found.by_method[method_key(method)] = found.add_all(entries, method)
    return DiscoveryResult(list(found.candidates.values()), found.failures, found.pages_read, found.by_method)


@dataclass
class _Found:
    """What discovery of one day has found so far, and the rules a found URL must pass."""

    profile: SourceProfile
    day: dt.date
    base_url: str | None
    mirror: bool
    candidates: dict[str, Candidate] = field(default_factory=dict)
    failures: list[FailureRecord] = field(default_factory=list)
    pages_read: int = 0
    by_method: dict[str, int] = field(default_factory=dict)

    def fail(self, url: str, error: str) -> None:
        self.failures.append(FailureRecord(self.profile.name, url, "discover", error, self.day))

    def allowed(self, url: str) -> bool:
        """In the source's scope (a malformed URL is refused like a link to another host)."""
        return self.profile.scope_refusal(url, self.base_url) is None

    def add_all(self, entries: Iterable[tuple[Any, ...]], method: DiscoveryMethod) -> int:
        """Add (href, text, found at[, date, dated by]) entries that pass the rules; the number of
        distinct URLs this method found for the day (a URL another method found first counts for
        both). Entries of the dated methods are dated by the method; a URL first found undated
        takes the date a later method gives it."""
        pattern = re.compile(method.url_regex) if method.url_regex else None
        mine: set[str] = set()
        for entry in (self._dated(raw, method) for raw in entries):
            href = entry.href
            if (pattern and not pattern.search(href)) or href in mine:
                continue
            mine.add(href)
            if href in self.candidates:
                self._learn_date(self.candidates[href], entry)
                continue
            if not self.allowed(href):
                self.fail(href, "link to a host not allowed")
                continue
            canonical = self.profile.canonical_url(href, self.base_url if self.mirror else None)
            self.candidates[href] = Candidate(href, canonical, entry.text, entry.found_at, method.kind,
                                              entry.date.isoformat() if entry.date else None, entry.date_from)
        return len(mine)

    def _dated(self, raw: tuple[Any, ...], method: DiscoveryMethod) -> Entry:
        """An entry with its date: the day itself for the methods that only return the day's entries."""
        entry = Entry(*raw)
        if entry.date is None and method.kind != "section_crawl":
            return entry._replace(date=self.day, date_from=method.kind)
        return entry

    @staticmethod
    def _learn_date(candidate: Candidate, entry: Entry) -> None:
        if candidate.date is None and entry.date is not None:
            candidate.date, candidate.date_from = entry.date.isoformat(), entry.date_from

    def start_url(self, method: DiscoveryMethod) -> str:
        """A sitemap's or feed's URL for the day: a path on the source's root, or a URL of the source."""
        dated = self.day.strftime(method.url)
        if urlsplit(dated).scheme:
            return self.profile.fetch_url(dated, self.base_url)
        return urljoin(self.profile.root(self.base_url), dated.lstrip("/"))

    def on_day(self, when: dt.datetime | dt.date | None) -> bool:
        return local_date(when, self.profile.timezone) == self.day


def _from_listing(found: _Found, fetcher: PageGetter) -> list[tuple[str, str, str]]:
    """Links of the day's listing pages, following the listing's pagination."""
    profile = found.profile
    url: str | None = profile.listing_url(found.day, found.base_url)
    seen_pages: set[str] = set()
    links: list[tuple[str, str, str]] = []
    while url and url not in seen_pages and len(seen_pages) < profile.discovery.max_listing_pages:
        seen_pages.add(url)
        result = fetcher.get(url)
        if not result.ok:
            if result.status == 404 and len(seen_pages) == 1:
                break  # no listing page for this date: nothing published
            found.fail(url, result.error or "no body")
            break
        page_links, url = parse_listing(result.body, url, profile)
        links.extend((href, text, result.url) for href, text in page_links)
    found.pages_read += len(seen_pages)
    return links


def _from_sitemaps(found: _Found, method: DiscoveryMethod, fetcher: PageGetter) -> list[tuple[str, str, str]]:
    """Entries dated on the day from a sitemap, following an index to its sitemaps.

    A child sitemap whose `<lastmod>` in the index is more than a day before the run's day
    cannot hold that day's entries, so it is not fetched (a site with years of monthly
    sitemaps costs one index and a few children per run, not hundreds of documents).
    """
    start = found.start_url(method)
    queue: list[tuple[str, int]] = [(start, 0)]
    seen: set[str] = set()
    links: list[tuple[str, str, str]] = []
    earliest = found.day - dt.timedelta(days=1)
    while queue:
        url, depth = queue.pop(0)
        if url in seen:
            continue
        if len(seen) >= method.max_documents:
            found.fail(url, f"sitemap not read: more than {method.max_documents} sitemaps for one run")
            break
        seen.add(url)
        body = _read(found, fetcher, url, dated=url == start and "%" in method.url)
        if body is None:
            continue
        try:
            sitemap = parse_sitemap(body, found.profile.fetch.max_bytes)
        except XmlRefused as exc:
            found.fail(url, f"sitemap unreadable: {exc}")
            continue
        if sitemap.kind == "index":
            if depth >= MAX_SITEMAP_DEPTH:
                found.fail(url, f"sitemap index nested deeper than {MAX_SITEMAP_DEPTH}: not followed")
                continue
            for child in sitemap.sitemaps:
                child_url = found.profile.fetch_url(urljoin(url, child.loc), found.base_url)
                if not found.allowed(child_url):
                    found.fail(child_url, "sitemap on a host not allowed")
                    continue
                changed = local_date(child.when, found.profile.timezone)
                if changed is None or changed >= earliest:
                    queue.append((child_url, depth + 1))
            continue
        links.extend((found.profile.fetch_url(urljoin(url, e.loc), found.base_url), e.title, url)
                     for e in sitemap.entries if found.on_day(e.when))
    found.pages_read += len(seen)
    return links


def _from_feed(found: _Found, method: DiscoveryMethod, fetcher: PageGetter) -> list[tuple[str, str, str]]:
    """Entries of an RSS or Atom feed dated on the day."""
    url = found.start_url(method)
    found.pages_read += 1
    body = _read(found, fetcher, url, dated="%" in method.url)
    if body is None:
        return []
    try:
        entries = parse_feed(body, found.profile.fetch.max_bytes)
    except XmlRefused as exc:
        found.fail(url, f"feed unreadable: {exc}")
        return []
    return [(found.profile.fetch_url(urljoin(url, e.link), found.base_url), e.title, url)
            for e in entries if e.link and found.on_day(e.when)]


def _from_sections(found: _Found, method: DiscoveryMethod, fetcher: PageGetter) -> list[Entry]:
    """Links of the day, and undated links, from every start path's pages (see `_crawl_section`)."""
    entries: list[Entry] = []
    for start in method.start_paths:
        entries.extend(_crawl_section(found, method, fetcher, urljoin(found.profile.root(found.base_url),
                                                                       start.lstrip("/"))))
    return entries


def _crawl_section(found: _Found, method: DiscoveryMethod, fetcher: PageGetter, url: str | None) -> list[Entry]:
    """Walk one section's pages, newest first: keep the links dated on the day and the undated
    ones; stop after the first page holding a link dated before the day (the pages after it are
    older still), at the page cap, or where the pagination ends or loops."""
    seen: set[str] = set()
    entries: list[Entry] = []
    while url and url not in seen and len(seen) < method.max_pages:
        seen.add(url)
        result = fetcher.get(url)
        if not result.ok:
            found.fail(url, result.error or "no body")
            break
        page = parse_section_page(result.body, result.url or url, method, found.profile.timezone)
        entries.extend(_entry(link, result.url or url) for link in page.links if link.date in (None, found.day))
        if any(link.date is not None and link.date < found.day for link in page.links):
            break
        url = page.next_url
    found.pages_read += len(seen)
    return entries


def _entry(link: SectionLink, found_at: str) -> Entry:
    return Entry(link.href, link.text, found_at, link.date, link.date_from)


def _read(found: _Found, fetcher: PageGetter, url: str, dated: bool) -> bytes | None:
    """The body of a sitemap or feed, or None (a failure recorded unless a dated URL is a 404)."""
    result = fetcher.get(url)
    if result.ok:
        return result.body
    if not (dated and result.status == 404):
        found.fail(url, result.error or "no body")
    return None


def parse_listing(html: bytes, page_url: str, profile: SourceProfile) -> tuple[list[tuple[str, str]], str | None]:
    """(absolute href, link text) of every article link, and the next page's URL."""
    if not html.strip():
        return [], None
    try:
        doc = lxml.html.fromstring(html)
    except lxml.etree.ParserError:  # only a comment, a doctype or noise: no document, so no links
        return [], None
    links = []
    for anchor in doc.xpath(profile.discovery.article_xpath):
        href = _absolute(page_url, anchor.get("href", ""))
        links.append((href, " ".join(anchor.text_content().split())))
    next_url = None
    if profile.discovery.next_page_xpath:
        found = doc.xpath(profile.discovery.next_page_xpath)
        if found:
            next_url = _absolute(page_url, str(found[0]))
    return links, next_url


def _absolute(page_url: str, href: str) -> str:
    """An href made absolute; a malformed one (e.g. "http://[::1") is kept as written, so that
    discovery refuses and records it instead of one bad link ending the whole listing."""
    try:
        return urljoin(page_url, href.strip())
    except ValueError:
        return href.strip()
