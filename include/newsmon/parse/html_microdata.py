"""schema.org microdata (`itemscope`, `itemtype`, `itemprop`) read into the shape of JSON-LD
objects, so that one chain of evidence serves both ways a page can describe its article.

Many sites (blog engines, WordPress themes, older CMSs) mark their article with microdata and
write no JSON-LD: the author is a `<span itemprop="author" itemscope itemtype=".../Person">`
with an `itemprop="name"` inside, the date a `<meta itemprop="datePublished" content=...>`.
Values follow the WHATWG microdata rules: an element's property value is its `content`
(meta), `datetime` (time), `href` (link), `src` (img ...) or its text; a property that is
itself an item becomes a nested object. One departure: a link (`<a itemprop="author"
href="/authors/x">Ann Lee</a>`) gives its text, not its address: the fields read from
these objects are names, dates and labels, never addresses. Values are the page's raw strings, as JSON-LD's are:
the readers of each field clean them (`html_page.clean`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_ATTRIBUTE_VALUE = {
    "meta": "content", "area": "href", "link": "href", "object": "data", "data": "value",
    "meter": "value", "audio": "src", "embed": "src", "iframe": "src", "img": "src", "source": "src",
    "track": "src", "video": "src",
}
_MAX_ITEMS = 200  # top-level items read from one page
_MAX_DEPTH = 8  # items nested in items
_MAX_ELEMENTS = 20_000  # elements walked inside one item


def microdata_items(tree: Any) -> Iterator[tuple[Any, dict[str, Any]]]:
    """The page's top-level microdata items, each as its element and a JSON-LD-like dict
    ("@type" plus properties; a property given once is a value, more than once a list)."""
    for element in tree.xpath("//*[@itemscope][not(@itemprop)]")[:_MAX_ITEMS]:
        yield element, _item(element, 0)


def _item(scope: Any, depth: int) -> dict[str, Any]:
    kinds = [_last_part(kind) for kind in (scope.get("itemtype") or "").split()]
    properties: dict[str, list[Any]] = {}
    stack = list(reversed(_elements(scope)))
    walked = 0
    while stack and walked < _MAX_ELEMENTS:
        element = stack.pop()
        walked += 1
        is_item = element.get("itemscope") is not None
        names = [_last_part(name) for name in (element.get("itemprop") or "").split()]
        if names and (not is_item or depth < _MAX_DEPTH):
            value = _item(element, depth + 1) if is_item else _value(element)
            for name in names:
                properties.setdefault(name, []).append(value)
        if not is_item:  # an item's own properties are its, not its parent's
            stack.extend(reversed(_elements(element)))
    obj: dict[str, Any] = {"@type": kinds[0] if len(kinds) == 1 else kinds}
    obj.update({name: values[0] if len(values) == 1 else values for name, values in properties.items()})
    return obj


def _elements(element: Any) -> list[Any]:
    return [child for child in element.iterchildren() if isinstance(child.tag, str)]


def _value(element: Any) -> str:
    tag = element.tag.lower()
    if tag == "time" and element.get("datetime"):
        return str(element.get("datetime"))
    attribute = _ATTRIBUTE_VALUE.get(tag)
    return str((element.get(attribute) if attribute else element.text_content()) or "")


def _last_part(name: str) -> str:
    """`https://schema.org/NewsArticle` -> `NewsArticle`, `http://schema.org/author` -> `author`."""
    return name.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
