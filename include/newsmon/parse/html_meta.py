"""The metadata of an HTML article from the page's own evidence, each field by a fallback
chain from the most explicit evidence (JSON-LD, written for machines) to the least (the
visible text, written for people). Microdata items (`html_microdata`) are read into the shape
of JSON-LD objects and follow them in the same step (its evidence is named "json-ld ..."), but
for the date, which comes after the meta tags; an author that JSON-LD gives by reference
(`{"@id": ...}`) comes after every stated one:

- title: JSON-LD `headline`, `og:title`, the article's `<h1>`, `<title>`; the site's name
  removed (" | Site", " - Site", "Site: "), the names the page itself gives for the site;
- author: JSON-LD `author`, `<meta name="author">`, `article:author`, `rel=author` links, a
  visible byline; prefixes stripped with the PDF header reader's list (`header.BYLINE_PREFIX`);
  several authors as "A, B";
- date: JSON-LD `datePublished`, published-time meta tags, `<time datetime>`, a visible
  dateline read by `dates.find_date` (Gregorian and Solar Hijri, Latin and Persian digits),
  htmldate's markup and URL rules (Gregorian only: ahead of the dateline, a date it guesses
  from a URL or a copyright line would hide the Solar Hijri dateline the page prints), and
  last htmldate's search of the running text; a UTC timestamp gives way to the local day the
  article's URL states when the two are a day apart;
- section: JSON-LD `articleSection`, `article:section`, breadcrumbs, `rel=category` links;
- captions: the `<figcaption>`s of the content.

Each field records where it came from (`evidence`), so a maintainer can see why.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from newsmon.parse.dates import find_date, parse_date, to_ascii_digits
from newsmon.parse.header import BYLINE_PREFIX, is_bare_name, strip_byline_prefix
from newsmon.parse.html_page import Page, clean, content_elements, in_content, text_of, types_of, url_like
from newsmon.sources.profile import SourceProfile

_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ", " » ", " « ", " / ")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|،|;|&|\s(?:and|und|et|y|e|و|او)\s)\s*", re.IGNORECASE)
_NAME_EDGES = " .:–—-|·•/»«"
_IN_NAME_URL = re.compile(r"\s*[-–|]?\s*(?:https?://|www\.)\S*")  # "Frank B - http://b.de"
_DIGITS_ON = re.compile(r"\s\S*\d.*$")  # a time or a date after the name
# Bylines of web pages that the PDF header's prefixes (`header.BYLINE_PREFIX`) do not cover:
# longer phrases, and labels that are a byline only with their colon ("Text: A", not "Text of").
_WEB_BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|published)\s+by|(?:erstellt|geschrieben|verfasst)\s+von|vom|publié\s+par"
    r"|escrito\s+por|(?:author|autor|autorin|auteur|text|interview)\s*:)\s*", re.IGNORECASE)
# The word that leads from a name to its date ("Anna Weber am 3. Mai", "Miami Today on"),
# and whatever a page prints after it (the date in another element, "Tipp drucken").
# Lower case only: "Le Clerc", "The Mail On Sunday" are names.
_TO_THE_DATE = re.compile(r"\s+(?:(?:am|on)(?:[\s,].*)?|le|el|um)$")
_A_TIME = re.compile(r"^\d{1,2}[:.]\d{2}")  # "lupa, 03:48 pm"
_INITIAL_END = re.compile(r"(?:^|\s)\w\.$")  # "Joe S.": the stop of an initial is the name's
# Words a byline element holds when it holds no name: its label, a weekday, "NEWS", the CMS
# account a page names as its author ("admin").
_NOT_A_NAME = frozenset((
    "admin", "administrator", "author", "autor", "auteur", "posted", "published", "updated", "veröffentlicht",
    "aktualisiert", "erscheinungsdatum", "publiziert", "stand", "beitragvon", "publié", "news", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "montag", "dienstag", "mittwoch", "donnerstag",
    "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"))
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_MAX_BYLINE_WORDS = 12
_MAX_DATELINE_CHARS = 80
_BYLINE_MARKS = "contains(@class,'byline') or contains(@class,'author') or contains(@itemprop,'author')"
_DATE_MARKS = ("contains(@class,'date') or contains(@class,'time') or contains(@class,'posted')"
               " or contains(@class,'meta') or contains(@itemprop,'date')")
# A timestamp in UTC ("Z", "+00:00", "+0000"): its date may be a day off the site's own.
_IN_UTC = re.compile(r"T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)\s*$")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)")
_PUBLISHED_META = ("article:published_time", "og:published_time", "article:published", "datepublished",
                   "date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "dcterms.date")


@dataclass
class PageMeta:
    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    date_raw: str | None = None
    section: str | None = None
    captions: list[str] = field(default_factory=list)
    language_hint: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)  # field -> where its value came from
    used_lines: set[str] = field(default_factory=set)  # visible byline/dateline texts, kept out of the body


def read_meta(page: Page, profile: SourceProfile, url: str | None = None) -> PageMeta:
    meta = PageMeta(language_hint=_language_hint(page))
    site_names = _site_names(page, profile)
    meta.title = _title(page, site_names, meta)
    meta.author = _author(page, meta, site_names)
    meta.date, meta.date_raw = _date(page, url, meta)
    meta.section = _section(page, meta.title, meta)
    meta.captions = _captions(page)
    return meta


# -- title -------------------------------------------------------------------------------

def _site_names(page: Page, profile: SourceProfile) -> list[str]:
    names = [page.first_meta("og:site_name"), page.first_meta("application-name"), profile.title]
    for obj in [*page.articles, *page.others]:
        publisher = obj.get("publisher")
        if isinstance(publisher, dict):
            names.append(clean(publisher.get("name")))
        if {"website", "organization", "newsmediaorganization"} & types_of(obj):
            names.append(clean(obj.get("name")))
    return sorted({n for n in names if n}, key=len, reverse=True)


def _title(page: Page, site_names: list[str], meta: PageMeta) -> str | None:
    h1s = content_elements(page.tree, "//h1")
    candidates = [("json-ld headline", clean(page.article_value("headline"))),
                  ("og:title", page.first_meta("og:title", "twitter:title")),
                  ("<h1>", text_of(h1s[0]) if h1s else ""),
                  ("<title>", text_of(next(iter(page.tree.xpath("//title")), None)))]
    values = [without_site_name(value or "", site_names) for _, value in candidates]
    for (evidence, _), title in zip(candidates, values):
        if title:
            meta.evidence["title"] = evidence
            return _part_named_elsewhere(title, [v for v in values if v and v != title])
    return None


def _part_named_elsewhere(title: str, others: list[str]) -> str:
    """The part of "Headline | Unnamed Site" that another piece of evidence states alone (the
    page's <h1> or <title> is "Headline"): a site name the page does not declare, removed."""
    for sep in _SEPARATORS:
        if sep in title:
            parts = [part.strip() for part in title.split(sep)]
            for part in parts:
                if part and part in others:
                    return part
    return title


def without_site_name(title: str, site_names: list[str]) -> str | None:
    """`title` without a site name before or after it ("T | Site", "Site: T"); None when the
    title is only the site's name (a page whose `<title>` names the site and nothing else)."""
    title = title.strip()
    for name in site_names:
        if title.lower() == name.lower():
            return None
        for sep in _SEPARATORS:
            suffix = sep + name
            if len(title) > len(suffix) and title[-len(suffix):].lower() == suffix.lower():
                return title[: -len(suffix)].strip() or None
        for sep in (*_SEPARATORS, ": "):
            prefix = name + sep
            if len(title) > len(prefix) and title[: len(prefix)].lower() == prefix.lower():
                return title[len(prefix):].strip() or None
    return title or None


# -- author ------------------------------------------------------------------------------

def _author(page: Page, meta: PageMeta, site_names: list[str]) -> str | None:
    chain: tuple[tuple[str, Callable[[], str | None]], ...]
    chain = (("json-ld author", lambda: _article_author(page)),
             ("<meta name=author>", lambda: _names(page.meta.get("author", []))),
             ("article:author", lambda: _names(page.meta.get("article:author", []))),
             ("rel=author", lambda: _names([text_of(a) for a in _byline_links(page)])),
             ("visible byline", lambda: _visible_byline(page, meta)))
    not_people = {name.casefold() for name in site_names}
    for evidence, read in chain:
        value = read()
        if value and value.casefold() not in not_people:  # a site naming itself the author
            meta.evidence["author"] = evidence
            return value
    return None


def _byline_links(page: Page) -> list[Any]:
    """The rel=author links of the article's byline: the first one and those beside it (the
    same parent), not the author links of teasers further down the page."""
    links = content_elements(page.tree, "//a[contains(concat(' ', @rel, ' '), ' author ')]")
    return [a for a in links if a.getparent() is links[0].getparent()] if links else []


def _article_author(page: Page) -> str | None:
    """The first article object's author that names someone (an object whose author is a
    reference the page does not resolve gives way to the next)."""
    return next((names for value in page.article_values("author") if (names := _json_ld_people(value))), None)


def _json_ld_people(value: Any) -> str | None:
    """The names of an author value: persons before organisations and bare strings, which a
    page lists beside its reporters ("Alexander Karper" and "LAOLA1.at")."""
    people = value if isinstance(value, list) else [value]
    persons = [p for p in people if isinstance(p, dict) and "person" in types_of(p)]
    return _names([p.get("name") if isinstance(p, dict) else p for p in persons or people])


def _names(values: list[Any]) -> str | None:
    """Author names as "A, B": prefixes stripped, several names in one value split, links
    (a profile URL in `article:author`, a `javascript:` href text) refused, duplicates once."""
    names: list[str] = []
    for value in values:
        text = _IN_NAME_URL.sub(" ", clean(value))
        if not text.strip() or url_like(text):
            continue
        for name in split_authors(strip_byline_prefix(_WEB_BYLINE_PREFIX.sub("", text)) or ""):
            name = _name_alone(name)
            if (name and name not in names and not url_like(name) and not BYLINE_PREFIX.match(name + " ")
                    and name.casefold() not in _NOT_A_NAME and not _A_TIME.match(name)):
                names.append(name)
    return ", ".join(names) or None


def _name_alone(text: str) -> str:
    """A name without what a byline prints after it: a time or a date ("Evan Symon 2:30 pm"),
    the word that leads to one ("Anna Weber am"); the stop of a last initial kept ("Joe S.")."""
    return _edges_off(_TO_THE_DATE.sub("", _DIGITS_ON.sub("", text)))


def _edges_off(name: str) -> str:
    """A name without the punctuation around it, but with the stop of a last initial."""
    initial = _INITIAL_END.search(name.rstrip(_NAME_EDGES.replace(".", "")))
    name = name.strip(_NAME_EDGES)
    return f"{name}." if initial and name else name


def split_authors(text: str) -> list[str]:
    """The names of a byline: "A and B", "A, B & C", "الف و ب", "A und B"."""
    return [name for name in map(_edges_off, _AUTHOR_SPLIT.split(text)) if name]


def _visible_byline(page: Page, meta: PageMeta) -> str | None:
    """A byline element of the content (class or itemprop 'author'/'byline'), else the first
    short text block that opens with a byline prefix, or holds a date and a bare name beside
    it (as the PDF header reader takes one)."""
    marked = content_elements(page.tree, f"//*[{_BYLINE_MARKS}]")
    is_marked = set(marked)
    blocks = marked + [el for el in content_elements(page.tree, "//p | //div | //span | //li | //address")
                       if el not in is_marked]
    for element in blocks:
        text = text_of(element)
        if not text or len(text.split()) > _MAX_BYLINE_WORDS:
            continue
        found = find_date(text)
        name_part = found.rest if found else text
        beside_date = bool(found) and is_bare_name(name_part.strip(_NAME_EDGES))  # "Omid Noori · 6 January 2020"
        if element in is_marked or BYLINE_PREFIX.match(name_part) or beside_date:
            names = _names([name_part])
            if names:
                meta.used_lines.add(text)
                return names
    return None


# -- date --------------------------------------------------------------------------------

def _date(page: Page, url: str | None, meta: PageMeta) -> tuple[dt.date | None, str | None]:
    time_elements = content_elements(page.tree, "//time[@datetime]")
    chain: tuple[tuple[str, Callable[[], tuple[dt.date, str] | None]], ...]
    chain = (("json-ld datePublished", lambda: _stated(clean(page.article_value("datePublished", microdata=False)))),
             ("published-time meta", lambda: _stated(page.first_meta(*_PUBLISHED_META))),
             # after the meta tags: on real pages a microdata datePublished is as often the day of the
             # last update (le Figaro, drk.de, forstpraxis.de in trafilatura's evaluation set)
             ("microdata datePublished", lambda: _stated(clean(page.article_value("datePublished", json_ld=False)))),
             ("<time datetime>", lambda: _stated(clean(_published_time(time_elements)))),
             ("visible dateline", lambda: _visible_dateline(page, meta)),
             ("htmldate", lambda: _htmldate(page, url)))
    for evidence, read in chain:
        found = read()
        if found:
            meta.evidence["published_date"] = evidence
            return _local_day(found, url, meta)
    guessed = _htmldate(page, url, extensive=True)
    if guessed:
        meta.evidence["published_date"] = "htmldate (extensive search of the text)"
    return guessed or (None, None)


def _local_day(found: tuple[dt.date, str], url: str | None, meta: PageMeta) -> tuple[dt.date, str]:
    """The site's own day for a timestamp stated in UTC. "2023-11-09T03:28:35Z" is the 8th in
    New York and the 9th in Kabul: the UTC date is a day off for every site east or west of
    Greenwich, on either side of midnight. The date a site's CMS writes into the article's URL
    (/2023/11/08/) is the local day; when it is the UTC date or the day beside it, it decides."""
    date, raw = found
    if not _IN_UTC.search(raw):
        return found
    in_url = _url_date(url)
    if in_url and in_url != date and abs((in_url - date).days) == 1:
        meta.evidence["published_date"] += " (the URL's local day)"
        return in_url, raw
    return found


def _url_date(url: str | None) -> dt.date | None:
    """A full date in a URL's path (/2023/11/08/, /2017/7/12/), as CMSs write it."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def _stated(value: str | None) -> tuple[dt.date, str] | None:
    """A machine-readable date (ISO 8601, or a date `dates.parse_date` reads) and its text."""
    if not value:
        return None
    match = _ISO_DATE.match(to_ascii_digits(value))
    if match:
        try:
            return dt.date(*map(int, match.groups())), value
        except ValueError:
            return None
    date = parse_date(value)
    return (date, value) if date else None


def _published_time(elements: list[Any]) -> str | None:
    """The `datetime` of the `<time>` marked as the publication's, else of the first one."""
    for element in elements:
        marks = f"{element.get('itemprop') or ''} {element.get('class') or ''}".lower()
        if "publish" in marks or element.get("pubdate") is not None or "entry-date" in marks:
            return element.get("datetime")
    return elements[0].get("datetime") if elements else None


def _visible_dateline(page: Page, meta: PageMeta) -> tuple[dt.date, str] | None:
    """The first short text of the content that states a date: elements marked as dates
    first, then any short block."""
    marked = content_elements(page.tree, f"//*[{_DATE_MARKS}]")
    blocks = marked + content_elements(page.tree, "//p | //div | //span | //li | //small | //time")
    for element in blocks:
        text = text_of(element)
        if not text or len(text) > _MAX_DATELINE_CHARS or not any(ch.isdigit() for ch in text):
            continue
        found = find_date(text)
        if found:
            meta.used_lines.add(text)
            return found.date, found.raw
    return None


def _htmldate(page: Page, url: str | None, extensive: bool = False) -> tuple[dt.date, str] | None:
    """htmldate's reading of the page: its markup and URL rules, or with `extensive` also its
    search of the free text (a guess, taken only when the page states no date anywhere else)."""
    import htmldate

    try:
        value = htmldate.find_date(page.tree, url=url, original_date=True, extensive_search=extensive,
                                   outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - a heuristic's failure is no date, not a failed page
        return None
    return _stated(value) if value else None


# -- section, captions, language ------------------------------------------------------------

def _section(page: Page, title: str | None, meta: PageMeta) -> str | None:
    section = page.article_value("articleSection")
    chain: tuple[tuple[str, Callable[[], str | None]], ...]
    chain = (("json-ld articleSection",
              lambda: clean(section[0] if isinstance(section, list) and section else section)),
             ("article:section", lambda: page.first_meta("article:section")),
             ("breadcrumbs", lambda: _breadcrumb(page, title)),
             ("rel=category", lambda: next((text_of(a) for a in content_elements(
                 page.tree, "//a[contains(concat(' ', @rel, ' '), ' category ')]") if text_of(a)), None)))
    for evidence, read in chain:
        value = read()
        if value and not url_like(value):
            meta.evidence["section"] = evidence
            return value
    return None


def _breadcrumb(page: Page, title: str | None) -> str | None:
    """The last crumb that is not the article itself, when there is one past the home link
    (JSON-LD BreadcrumbList first, then a breadcrumb trail of the page)."""
    crumbs: list[str] = []
    for obj in page.typed("breadcrumblist"):
        items = obj.get("itemListElement") or []
        for item in sorted((i for i in items if isinstance(i, dict)), key=lambda i: _int(i.get("position"))):
            inner = item.get("item")
            crumbs.append(clean(item.get("name") or (inner.get("name") if isinstance(inner, dict) else "")))
        break
    if not crumbs:
        for trail in page.tree.xpath("//*[contains(@class,'breadcrumb') or contains(@aria-label,'readcrumb')]")[:1]:
            # the linked crumbs: the current page's own crumb (unlinked, or aria-current) is the article
            items = [li for li in trail.xpath(".//li") if li.xpath(".//a") and not li.get("aria-current")] \
                or [a for a in trail.xpath(".//a") if not a.get("aria-current")]
            crumbs = [text_of(item) for item in items]
    crumbs = [c for c in crumbs if c and c != title]
    return crumbs[-1] if len(crumbs) >= 2 else None


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _captions(page: Page) -> list[str]:
    captions: list[str] = []
    for element in page.tree.xpath("//figure//figcaption"):
        text = text_of(element)
        if text and text not in captions and in_content(element):
            captions.append(text)
    return captions


def _language_hint(page: Page) -> str | None:
    """`<html lang>`, `og:locale` or JSON-LD `inLanguage` as a two-letter code: a hint only."""
    root = page.tree.getroottree().getroot()
    for value in (root.get("lang"), page.first_meta("og:locale"), clean(page.article_value("inLanguage"))):
        code = clean(value).lower()[:2]
        if code.isalpha() and len(code) == 2:
            return code
    return None

