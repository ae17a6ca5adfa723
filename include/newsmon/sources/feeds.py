"""News feeds (RSS 2.0, RSS 1.0/RDF, Atom 1.0): the latest entries a site announces, with dates.

One reader for all three, by element local names, because sites mix versions and namespaces
freely. An entry's link is Atom's `<link rel="alternate" href>` (or a link without `rel`), or
RSS's `<link>` (else a permalink `<guid>`); its date is the publication date (`pubDate`,
`dc:date`, Atom `published`), else the last update (Atom `updated`). A feed holds only the
newest entries, so it can find a recent date's articles but not an old date's: that limit is
the site's, and a profile that needs backfills lists a listing or sitemap method as well.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lxml import etree

from newsmon.sources.xmlsafe import XmlRefused, child_text, children, local, parse_when, parse_xml


@dataclass
class FeedEntry:
    link: str
    when: dt.datetime | dt.date | None
    title: str = ""


def parse_feed(data: bytes, max_bytes: int) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed; anything else is refused with a reason."""
    root = parse_xml(data, max_bytes)
    kind = local(root)
    if kind == "feed":
        return [_atom_entry(node) for node in children(root, "entry")]
    if kind == "rss":
        items = [item for channel in children(root, "channel") for item in children(channel, "item")]
    elif kind == "RDF":
        items = children(root, "item")
    else:
        raise XmlRefused(f"not an RSS or Atom feed: root element <{kind}>")
    return [_rss_entry(item) for item in items]


def _atom_entry(node: etree._Element) -> FeedEntry:
    links = children(node, "link")
    href = next((link.get("href") for link in links if link.get("rel", "alternate") == "alternate"
                 and link.get("href")), "")
    when = parse_when(child_text(node, "published")) or parse_when(child_text(node, "updated"))
    return FeedEntry((href or "").strip(), when, child_text(node, "title") or "")


def _rss_entry(item: etree._Element) -> FeedEntry:
    link = child_text(item, "link")
    if not link:
        guid = next(iter(children(item, "guid")), None)
        if guid is not None and guid.get("isPermaLink", "true") != "false":
            link = (guid.text or "").strip()
    when = parse_when(child_text(item, "pubDate", "date"))
    return FeedEntry(link or "", when, child_text(item, "title") or "")
