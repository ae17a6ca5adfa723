"""What an HTML page says about itself, as plain values: its JSON-LD and microdata article
objects, its meta tags, and the elements of its content region.

Only reading here, no judging: `html_meta` decides which evidence wins. Every string
returned is normalised (`clean`): NFC, no control or bidi characters, single spaces, so
nothing a page author wrote reaches a record, a terminal or a log line raw.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from newsmon.parse.html_microdata import microdata_items
from newsmon.parse.text import normalize_text

_C1 = re.compile("[\x80-\x9f]")  # (normalize_text drops them too, but after str.split() took U+0085 for a space)
# A link rather than a name: a URL, or a scheme that runs or embeds something ("Politics: x" is text).
_URL_LIKE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*://|//|www\.|(?:javascript|vbscript|data|mailto|file|tel|about):)",
                       re.IGNORECASE)
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "livebloposting", "liveblogposting", "socialmediaposting",
    "report", "techarticle", "scholarlyarticle"})
# Containers where a byline, a date, a caption or an <h1> belongs to another story or to a
# reader's comment: navigation, side columns, comments, cookie banners, footers. A class or id
# token is one when its first or last part ("related-posts", "main-nav") is one of these words.
# Kept narrow on purpose: real pages put the article inside "widget", "banner" or "no-share"
# containers, and a wrong guess here hides the article's own evidence.
_BOILERPLATE_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "sidebar", "related", "comment", "comments", "cookie", "cookies",
    "consent", "footer", "newsletter"})
_BOILERPLATE_ROLES = frozenset({"navigation", "complementary", "contentinfo"})
_BOILERPLATE_TAGS = frozenset({"nav", "aside", "footer", "script", "style", "noscript", "template"})
_NOT_JUDGED = frozenset({"html", "body", "main", "article"})
_TOKEN_PARTS = re.compile(r"[-_]+")
_MAX_JSON_LD_CHARS = 1_000_000
_MAX_DEPTH = 8


def clean(text: object) -> str:
    """A page's string as a field may hold it: normalised, controls and bidi marks gone, one
    line (an element's text keeps the source's line breaks and indentation)."""
    if not isinstance(text, str):
        return ""
    return normalize_text(" ".join(_C1.sub("", text).split()))


def url_like(text: str) -> bool:
    """A value that is a link (a profile URL, `javascript:`, `mailto:`), not a name."""
    return bool(_URL_LIKE.match(text))


def text_of(element: Any) -> str:
    """An element's visible text, cleaned."""
    return clean(element.text_content()) if element is not None else ""


@dataclass
class Page:
    """One parsed page: its tree, its JSON-LD and microdata article objects and its meta tags."""

    tree: Any
    articles: list[dict[str, Any]] = field(default_factory=list)  # JSON-LD objects of an article type
    items: list[dict[str, Any]] = field(default_factory=list)  # microdata items of an article type
    others: list[dict[str, Any]] = field(default_factory=list)  # every other JSON-LD object (WebSite, Breadcrumbs...)
    meta: dict[str, list[str]] = field(default_factory=dict)  # name/property/itemprop (lower case) -> contents
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)  # JSON-LD objects by their "@id"

    @classmethod
    def of(cls, tree: Any) -> Page:
        page = cls(tree)
        for obj in _json_ld_objects(tree):
            (page.articles if types_of(obj) & ARTICLE_TYPES else page.others).append(obj)
            if isinstance(obj.get("@id"), str) and len(obj) > 2:  # more than "@id" and "@type"
                page.by_id.setdefault(obj["@id"], obj)
        for element, obj in microdata_items(tree):  # a teaser list in a side column is not the article
            if in_content(element) and types_of(obj) & ARTICLE_TYPES:
                page.items.append(obj)
        for element in tree.iter("meta"):
            key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
            value = clean(element.get("content"))
            if key and value:
                page.meta.setdefault(key, []).append(value)
        return page

    def first_meta(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, []):
                return value
        return None

    def article_value(self, key: str, json_ld: bool = True, microdata: bool = True) -> Any:
        """The first value of `key` among the page's article objects: JSON-LD's, then
        microdata's (either left out when its flag is False)."""
        for obj in [*(self.articles if json_ld else []), *(self.items if microdata else [])]:
            if obj.get(key) not in (None, "", []):
                return obj[key]
        return None

    def article_values(self, key: str) -> Iterator[Any]:
        """Every value of `key` among the page's article objects: those the objects state
        first, then those they name by reference (`{"@id": ...}`, as Yoast's graphs give the
        author), each replaced by the object it names. A reference names the CMS account that
        posted the article, where a stated byline (microdata beside it) names its reporters."""
        values = [obj.get(key) for obj in [*self.articles, *self.items] if obj.get(key) not in (None, "", [])]
        yield from (value for value in values if not self._is_reference(value))
        for value in filter(self._is_reference, values):
            yield [self.resolved(v) for v in value] if isinstance(value, list) else self.resolved(value)

    @staticmethod
    def _is_reference(value: Any) -> bool:
        first = value[0] if isinstance(value, list) and value else value
        return isinstance(first, dict) and isinstance(first.get("@id"), str) and not set(first) - {"@id", "@type"}

    def resolved(self, value: Any) -> Any:
        """The object a bare `{"@id": ...}` reference names, when the page has it; else `value`."""
        return self.by_id.get(value["@id"], value) if self._is_reference(value) else value

    def typed(self, name: str) -> Iterator[dict[str, Any]]:
        """The non-article JSON-LD objects of one type (lower case), e.g. 'breadcrumblist'."""
        return (obj for obj in self.others if name in types_of(obj))


def parse_tree(data: bytes) -> Any:
    """The page's element tree, or None when the bytes are no HTML document.

    Decoded by trafilatura's loader (the declared charset, else a detected one): lxml alone
    reads a UTF-8 page without a `<meta charset>` early on as Latin-1, and every accented
    letter comes out as two ("führte" as "fÃ¼hrte")."""
    from trafilatura import load_html

    return load_html(data)


def in_content(element: Any) -> bool:
    """Whether an element lies outside navigation, side columns, comments and footers."""
    node = element
    while node is not None:
        if is_boilerplate(node):
            return False
        node = node.getparent()
    return True


def is_boilerplate(node: Any) -> bool:
    """Whether one element is a container of page furniture (by its tag, role, class or id)."""
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in _BOILERPLATE_TAGS:
        return True
    if tag in _NOT_JUDGED:
        return False
    if (node.get("role") or "").lower() in _BOILERPLATE_ROLES:
        return True
    for token in f"{node.get('class') or ''} {node.get('id') or ''}".lower().split():
        parts = [part for part in _TOKEN_PARTS.split(token) if part]
        if parts and (parts[0] in _BOILERPLATE_WORDS or parts[-1] in _BOILERPLATE_WORDS):
            return True
    return False


def content_elements(tree: Any, xpath: str) -> list[Any]:
    return [element for element in tree.xpath(xpath) if in_content(element)]


def types_of(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _json_ld_objects(tree: Any) -> Iterator[dict[str, Any]]:
    for script in tree.xpath("//script[@type]"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        text = script.text or ""
        if len(text) > _MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue  # a broken block is no evidence; the other sources of each field remain
        yield from _walk(data, 0)


def _walk(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        if "@graph" in data:
            yield from _walk(data["@graph"], depth + 1)
