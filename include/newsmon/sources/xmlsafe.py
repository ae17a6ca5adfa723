"""Parse XML from the web (sitemaps, feeds) without trusting it, and read the dates it carries.

Why a module of its own: a sitemap or feed is a document written by someone else, and an XML
parser with default settings will fetch external entities, expand entity bombs or build huge
trees. Here lxml runs with no network, no entity resolution, no DTD loading and `huge_tree`
off, and a document that declares a DTD subset at all is refused (no sitemap or feed needs
one). Gzipped documents (`sitemap.xml.gz`) are inflated with a cap, so a small download
cannot become gigabytes in memory.
"""

from __future__ import annotations

import datetime as dt
import zlib
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from lxml import etree

GZIP_MAGIC = b"\x1f\x8b"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class XmlRefused(ValueError):
    """A document that is not safe or not well-formed XML."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def inflate(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a gzipped document (or `data` itself when not gzipped), at most `max_bytes`."""
    if not data.startswith(GZIP_MAGIC):
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise XmlRefused(f"bad gzip data: {exc}") from exc
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise XmlRefused(f"gzipped document inflates past {max_bytes} bytes")
    return out


def parse_xml(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> etree._Element:
    """The root element of a (possibly gzipped) XML document, parsed safely."""
    data = inflate(data, max_bytes)
    if not data.strip():
        raise XmlRefused("empty document")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise XmlRefused(f"not well-formed XML: {exc}") from exc
    if root is None:
        raise XmlRefused("no root element")
    if root.getroottree().docinfo.internalDTD is not None:
        raise XmlRefused("document declares a DTD subset (entities are never resolved): refused")
    return root


def local(element: etree._Element) -> str:
    """An element's name without its namespace (sitemap and feed versions differ in namespaces)."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if local(c) == name]


def child_text(element: etree._Element, *names: str) -> str | None:
    """Stripped text of the first child with one of `names` (first name first), or None."""
    for name in names:
        for child in element:
            if local(child) == name:
                text = "".join(child.itertext()).strip()
                if text:
                    return text
    return None


def parse_when(text: str | None) -> dt.datetime | dt.date | None:
    """A sitemap/Atom (W3C datetime, ISO 8601) or RSS (RFC 822) date; None when unreadable.

    A date without a time comes back as a `date`; a time without an offset as a naive datetime
    (the caller reads it in the source's time zone).
    """
    if not text:
        return None
    text = text.strip()
    try:
        if len(text) == 10 and text[4] == "-":
            return dt.date.fromisoformat(text)
        if len(text) == 7 and text[4] == "-":  # W3C "YYYY-MM": no day, cannot be placed
            return None
        return dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def local_date(when: dt.datetime | dt.date | None, timezone: str) -> dt.date | None:
    """The calendar date of `when` in the source's time zone (what "published on day D" means)."""
    if when is None:
        return None
    if not isinstance(when, dt.datetime):
        return when
    zone = ZoneInfo(timezone)
    if when.tzinfo is None:
        return when.date()  # already the source's wall-clock time
    return when.astimezone(zone).date()
