"""Read one section or index page for `section_crawl` discovery: its article links, each with
the date the page or the URL gives it, and the next page.

A site that lists articles by section rather than by date still says something about each
link's date, in one of three places, tried in this order:

1. the link's context (`link_date_xpath`, evaluated from the link: a `<time datetime>` beside
   it, a `data-date` attribute...), an ISO 8601 date or date-time, read in the source's zone;
2. the link's URL (`url_date_regex`, with named groups year, month and day);
3. nowhere on the page: the link stays undated and the fetched document will tell.

A date that is there but unreadable (a typo, an impossible day) counts as absent, so the
next place is tried: never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from newsmon.sources.profile import DiscoveryMethod
from newsmon.sources.xmlsafe import local_date


@dataclass(frozen=True)
class SectionLink:
    href: str               # absolute URL
    text: str               # the link's text, whitespace folded
    date: dt.date | None    # in the source's time zone; None when the page does not say
    date_from: str = ""     # "link" (its context), "url", or "" when undated


@dataclass(frozen=True)
class SectionPage:
    links: list[SectionLink]
    next_url: str | None


def parse_section_page(html: bytes, page_url: str, method: DiscoveryMethod, timezone: str) -> SectionPage:
    """The article links of a section page with their dates, and the next page's URL."""
    if not html.strip():
        return SectionPage([], None)
    try:
        doc = lxml.html.fromstring(html)
    except lxml.etree.ParserError:  # a comment or noise only: no links
        return SectionPage([], None)
    url_pattern = re.compile(method.url_date_regex) if method.url_date_regex else None
    links = []
    for anchor in doc.xpath(method.link_xpath):
        href = absolute_href(page_url, anchor.get("href", ""))
        text = " ".join(anchor.text_content().split())
        when = _context_date(anchor, method.link_date_xpath, timezone)
        if when is not None:
            links.append(SectionLink(href, text, when, "link"))
            continue
        when = url_date(href, url_pattern)
        links.append(SectionLink(href, text, when, "url" if when else ""))
    next_url = None
    if method.next_page_xpath:
        found = doc.xpath(method.next_page_xpath)
        if found:
            next_url = absolute_href(page_url, _text(found[0]))
    return SectionPage(links, next_url)


def _context_date(anchor: lxml.html.HtmlElement, xpath: str | None, timezone: str) -> dt.date | None:
    if not xpath:
        return None
    try:
        found = anchor.xpath(xpath)
    except lxml.etree.XPathError:
        return None
    values = found if isinstance(found, list) else [found]
    for value in values:
        when = iso_date(_text(value), timezone)
        if when is not None:
            return when
    return None


def _text(value: Any) -> str:
    """An XPath result as text: an attribute value or string as is; an element's `datetime`
    attribute (a `<time>`) or else its text."""
    if isinstance(value, str):
        return str(value)
    if hasattr(value, "get"):
        return value.get("datetime") or value.get("href") or value.text_content()
    return str(value)


def iso_date(text: str, timezone: str) -> dt.date | None:
    """The date of an ISO 8601 date or date-time in the source's zone (a time with an offset is
    converted: 00:15 in Kabul is the evening before in UTC), or None if it is not one."""
    text = text.strip()
    try:
        return local_date(dt.datetime.fromisoformat(text), timezone)
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def url_date(href: str, pattern: re.Pattern[str] | None) -> dt.date | None:
    """The date a URL carries by `pattern` (named groups year, month, day), or None."""
    match = pattern.search(href) if pattern else None
    if not match:
        return None
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except (ValueError, TypeError):
        return None


def absolute_href(page_url: str, href: str) -> str:
    """An href made absolute; a malformed one (e.g. "http://[::1") is kept as written, so that
    discovery refuses and records it instead of one bad link ending the whole walk."""
    try:
        return urljoin(page_url, href.strip())
    except ValueError:
        return href.strip()
