"""Sitemaps (sitemaps.org 0.9, Google news sitemaps): what a site says it published, and when.

A sitemap is either an index (`<sitemapindex>`: links to more sitemaps) or a `<urlset>` of
page entries. An entry is dated by `<news:publication_date>` when the site writes a news
sitemap (the publication date is what a dated run asks for), else by `<lastmod>` (the last
change: for a news article that is almost always its publication day). Entries without a
usable date cannot be placed on a day and are left out. Parsing is `xmlsafe`'s: no network,
no entities, gzip inflated with a cap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from newsmon.sources.xmlsafe import XmlRefused, child_text, children, local, parse_when, parse_xml


@dataclass
class SitemapEntry:
    loc: str
    when: dt.datetime | dt.date | None   # publication date if given, else lastmod
    title: str = ""


@dataclass
class Sitemap:
    kind: str                                               # "index" or "urlset"
    entries: list[SitemapEntry] = field(default_factory=list)
    sitemaps: list[SitemapEntry] = field(default_factory=list)  # an index's children (loc, lastmod)


def parse_sitemap(data: bytes, max_bytes: int) -> Sitemap:
    """A sitemap index or url set; anything else is refused with a reason."""
    root = parse_xml(data, max_bytes)
    kind = local(root)
    if kind == "sitemapindex":
        return Sitemap("index", sitemaps=[SitemapEntry(loc, parse_when(child_text(node, "lastmod")))
                                          for node in children(root, "sitemap")
                                          if (loc := child_text(node, "loc"))])
    if kind == "urlset":
        entries = []
        for node in children(root, "url"):
            loc = child_text(node, "loc")
            if not loc:
                continue
            news = next(iter(children(node, "news")), None)
            published = child_text(news, "publication_date") if news is not None else None
            title = (child_text(news, "title") if news is not None else None) or ""
            entries.append(SitemapEntry(loc, parse_when(published) or parse_when(child_text(node, "lastmod")), title))
        return Sitemap("urlset", entries=entries)
    raise XmlRefused(f"not a sitemap: root element <{kind}>")
