"""Date-based discovery: which article URLs did a source publish on a given day?

The profile names the listing page of a date and the XPath of its article links;
discovery walks the listing's pages and returns candidates. An empty result is a fact
(the count 0 is checked downstream), never an error in itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import lxml.html

from newsmon.records import FailureRecord
from newsmon.sources.profile import SourceProfile


@dataclass
class Candidate:
    url: str             # where to fetch it (the mirror when one is used)
    canonical_url: str   # the source's own URL: the article's identity
    link_text: str
    listing_url: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class DiscoveryResult:
    candidates: list[Candidate]
    failures: list[FailureRecord]
    pages_read: int


class PageGetter(Protocol):
    def get(self, url: str): ...  # returns a FetchResult


def discover(profile: SourceProfile, day: dt.date, fetcher: PageGetter,
             base_url: str | None = None) -> DiscoveryResult:
    """Candidates listed for `day`, following the listing's pagination."""
    url: str | None = profile.listing_url(day, base_url)
    seen_pages: set[str] = set()
    candidates: dict[str, Candidate] = {}
    failures: list[FailureRecord] = []
    while url and url not in seen_pages and len(seen_pages) < profile.discovery.max_listing_pages:
        seen_pages.add(url)
        result = fetcher.get(url)
        if not result.ok:
            if result.status == 404 and len(seen_pages) == 1:
                break  # no listing page for this date: nothing published
            failures.append(FailureRecord(profile.name, url, "discover", result.error or "no body", day))
            break
        links, url = parse_listing(result.body, url, profile)
        for href, text in links:
            if href in candidates:
                continue
            if not profile.host_allowed(href, base_url) or urlsplit(href).scheme not in ("http", "https"):
                failures.append(FailureRecord(profile.name, href, "discover", "link to a host not allowed", day))
                continue
            candidates[href] = Candidate(href, profile.canonical_url(href, base_url), text, result.url)
    return DiscoveryResult(list(candidates.values()), failures, len(seen_pages))


def parse_listing(html: bytes, page_url: str, profile: SourceProfile) -> tuple[list[tuple[str, str]], str | None]:
    """(absolute href, link text) of every article link, and the next page's URL."""
    if not html.strip():
        return [], None
    doc = lxml.html.fromstring(html)
    links = []
    for anchor in doc.xpath(profile.discovery.article_xpath):
        href = urljoin(page_url, anchor.get("href", "").strip())
        links.append((href, " ".join(anchor.text_content().split())))
    next_url = None
    if profile.discovery.next_page_xpath:
        found = doc.xpath(profile.discovery.next_page_xpath)
        if found:
            next_url = urljoin(page_url, str(found[0]).strip())
    return links, next_url
