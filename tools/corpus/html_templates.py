"""Page templates of the HTML gold corpus: one function per CMS style, each writing an
article page with its boilerplate and saying which evidence on the page states each field.

A template returns the page and the fields whose expected value depends on how the page
states them (the date as printed, the section); the rest of the truth comes from the story.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from html import escape

import jdatetime

from tools.corpus.html_texts import GREGORIAN_MONTHS, SOLAR_MONTHS, TEXTS

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
RTL = ("fa", "ps")
SITES = {
    "wordpress": {"*": "Valley Voice"},
    "portal_jsonld": {"*": "Daily Meridian"},
    "minimal_blog": {"*": "Notes from the Pass"},
    "rtl_portal": {"fa": "آینهٔ کابل", "ps": "د کابل هینداره", "*": "Kabul Mirror"},
    "og_only": {"*": "Northern Courier"},
    "visible_only": {"*": "The Highland Post"},
    "microdata": {"*": "Crossroads Review"},
}
VISIBLE_BY = {"en": "By", "de": "Von", "fr": "Par", "fa": "از", "ps": "لیکنه:"}


@dataclass
class Story:
    """What a page tells: the truth of every field that does not depend on the template."""

    lang: str
    title: str
    authors: list[str]
    date: dt.date
    blocks: list[str]  # paragraphs and subheadings of the body, in order
    subhead_at: int | None  # index in `blocks` of the subheading, if any
    captions: list[str]
    section: str
    related: list[str]
    rng: random.Random = field(repr=False, default_factory=random.Random)

    @property
    def words(self) -> dict:
        return TEXTS[self.lang]

    def site(self, template: str) -> str:
        names = SITES[template]
        return names.get(self.lang, names["*"])


@dataclass
class Page:
    html: str
    date_raw: str
    section: str | None
    authors: list[str] | None = None  # the authors the page names, when not all of the story's


# -- dates as pages print them -------------------------------------------------------------

def iso_time(story: Story) -> str:
    hour = story.rng.randrange(6, 20)
    return f"{story.date.isoformat()}T{hour:02d}:{story.rng.choice(['00', '15', '30', '45'])}:00+04:30"


def visible_date(story: Story) -> str:
    """The date in the language's own calendar and words: Solar Hijri for Dari and Pashto
    (month names or numbers, Persian or Latin digits), Gregorian otherwise."""
    rng, day = story.rng, story.date
    if story.lang in RTL:
        solar = jdatetime.date.fromgregorian(date=day)
        names = SOLAR_MONTHS["pashto" if story.lang == "ps" else rng.choice(["dari", "iranian"])]
        style = rng.choice(["named", "named", "numeric"])
        text = (f"{solar.day} {names[solar.month - 1]} {solar.year}" if style == "named"
                else f"{solar.year}/{solar.month:02d}/{solar.day:02d}")
        return text.translate(PERSIAN_DIGITS) if rng.random() < 0.7 else text
    if story.lang == "en":
        month = GREGORIAN_MONTHS["en"][day.month - 1]
        return rng.choice([f"{day.day} {month} {day.year}", f"{month} {day.day}, {day.year}"])
    if story.lang == "de":
        return rng.choice([f"{day.day}. {GREGORIAN_MONTHS['de'][day.month - 1]} {day.year}", day.strftime("%d.%m.%Y")])
    return f"{day.day} {GREGORIAN_MONTHS['fr'][day.month - 1]} {day.year}"


# -- boilerplate -----------------------------------------------------------------------------

def head(story: Story, title: str, extra: str = "") -> str:
    direction = "rtl" if story.lang in RTL else "ltr"
    return (f'<!DOCTYPE html>\n<html lang="{story.lang}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
            f'<link rel="stylesheet" href="/assets/site.css">\n{extra}</head>\n')


def nav(story: Story, cls: str = "main-nav") -> str:
    items = "".join(f'<li><a href="/{story.lang}/{i}">{escape(t)}</a></li>' for i, t in enumerate(story.words["nav"]))
    return f'<nav class="{cls}"><ul class="menu">{items}</ul></nav>\n'


def cookie_banner(story: Story) -> str:
    return (f'<div class="cookie-banner" id="cookie-consent"><p>{escape(story.words["cookie"])}</p>'
            '<button>OK</button></div>\n')


def related(story: Story, cls: str = "related-posts") -> str:
    items = "".join(f'<li><a href="/{story.lang}/story-{story.rng.randrange(1000)}.html">{escape(t)}</a>'
                    f' <span class="date">{escape(visible_date(story))}</span></li>' for t in story.related)
    return f'<aside class="{cls}"><h3>{escape(story.words["related"])}</h3><ul>{items}</ul></aside>\n'


def comments(story: Story) -> str:
    items = "".join(f'<li class="comment"><div class="comment-author">{escape(name)}</div>'
                    f'<div class="comment-date">{escape(visible_date(story))}</div><p>{escape(text)}</p></li>'
                    for name, text in zip(story.rng.sample(story.words["authors"], 2), story.words["comment_texts"]))
    return (f'<section id="comments" class="comments-area"><h2>{escape(story.words["comments"])}</h2>'
            f'<ol class="comment-list">{items}</ol></section>\n')


def footer(story: Story, site: str) -> str:
    return (f'<footer class="site-footer"><p>© {story.date.year} {escape(site)}. {escape(story.words["footer"])}</p>'
            f'<p>{escape(story.words["newsletter"])}</p></footer>\n')


def body_html(story: Story, figure_after: int = 1) -> str:
    """The article's paragraphs and subheading, with its figure(s) after paragraph `figure_after`."""
    out = []
    for i, block in enumerate(story.blocks):
        tag = "h2" if i == story.subhead_at else "p"
        out.append(f"<{tag}>{escape(block)}</{tag}>")
        if i == figure_after:
            out += [f'<figure class="wp-caption"><img src="/img/{story.rng.randrange(10**6)}.jpg" alt="">'
                    f"<figcaption>{escape(c)}</figcaption></figure>" for c in story.captions]
    return "\n".join(out) + "\n"


def byline_names(story: Story) -> str:
    and_word = f" {story.words['and']} "
    return and_word.join(story.authors) if len(story.authors) <= 2 else \
        ", ".join(story.authors[:-1]) + and_word + story.authors[-1]


# -- templates -------------------------------------------------------------------------------

def wordpress(story: Story) -> Page:
    """WordPress-like: OpenGraph and article:published_time in the head, the theme's entry
    header with rel=author links, a <time> and a category link; sidebar, comments, footer."""
    site, stamp = story.site("wordpress"), iso_time(story)
    meta = (f'<meta property="og:title" content="{escape(story.title)}">\n'
            f'<meta property="og:site_name" content="{escape(site)}">\n<meta property="og:type" content="article">\n'
            f'<meta property="article:published_time" content="{stamp}">\n')
    authors = f" {story.words['and']} ".join(f'<a rel="author" href="/author/{i}">{escape(a)}</a>'
                                             for i, a in enumerate(story.authors))
    html = (head(story, f"{story.title} – {site}", meta) + '<body class="single-post">\n' + cookie_banner(story)
            + f'<header class="site-header"><div class="site-title">{escape(site)}</div>{nav(story)}</header>\n'
            + '<div id="primary"><main id="main"><article class="post type-post">\n<header class="entry-header">'
            + f'<span class="cat-links"><a href="/c/{story.lang}" rel="category tag">{escape(story.section)}</a></span>'
            + f'<h1 class="entry-title">{escape(story.title)}</h1><div class="entry-meta"><span class="byline">'
            + f'{escape(story.words["by"])} {authors}</span> <time class="entry-date published" datetime="{stamp}">'
            + f'{escape(visible_date(story))}</time></div></header>\n<div class="entry-content">\n{body_html(story)}</div>\n'
            + '</article>\n' + comments(story) + '</main></div>\n' + related(story, "widget-area sidebar")
            + footer(story, site) + "</body></html>\n")
    return Page(html, stamp, story.section)


def portal_jsonld(story: Story) -> Page:
    """A news portal: a JSON-LD NewsArticle (headline, authors, datePublished, section) and a
    BreadcrumbList; the visible date in the reader's calendar; related stories, newsletter box."""
    site, stamp = story.site("portal_jsonld"), iso_time(story)
    article = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
               "author": [{"@type": "Person", "name": a} for a in story.authors], "datePublished": stamp,
               "articleSection": story.section, "inLanguage": story.lang,
               "publisher": {"@type": "NewsMediaOrganization", "name": site}}
    crumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": story.words["home"]},
        {"@type": "ListItem", "position": 2, "name": story.section}]}
    meta = "".join(f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>\n'
                   for obj in (article, crumbs))
    html = (head(story, f"{story.title} - {site}", meta) + "<body>\n" + nav(story, "top-nav")
            + f'<div class="breadcrumb"><a href="/">{escape(story.words["home"])}</a> › '
            + f'<a href="/s">{escape(story.section)}</a></div>\n<div class="article-wrap"><article>\n'
            + f'<h1>{escape(story.title)}</h1>\n<div class="article-info"><span class="authors">'
            + f'{escape(byline_names(story))}</span> · <span class="pub-date">{escape(visible_date(story))}</span></div>\n'
            + f'<div class="article-body">\n{body_html(story, 0)}</div></article>\n'
            + f'<div class="newsletter-box"><p>{escape(story.words["newsletter"])}</p></div>\n'
            + related(story) + "</div>\n" + footer(story, site) + "</body></html>\n")
    return Page(html, stamp, story.section)


def minimal_blog(story: Story) -> Page:
    """A minimal blog: <title>, <meta name=author>, <h1>, the date in a paragraph; no
    OpenGraph, no JSON-LD, no section."""
    site = story.site("minimal_blog")
    date = visible_date(story)
    meta = f'<meta name="author" content="{escape(story.authors[0])}">\n'
    html = (head(story, f"{story.title} · {site}", meta) + "<body>\n"
            + f'<div class="header"><a href="/">{escape(site)}</a></div>\n<div class="post">\n'
            + f'<h1>{escape(story.title)}</h1>\n<p class="date">{escape(date)}</p>\n{body_html(story, 2)}</div>\n'
            + f'<div class="footer"><p>{escape(story.words["footer"])}</p></div>\n</body></html>\n')
    return Page(html, date, None, story.authors[:1])


def rtl_portal(story: Story) -> Page:
    """An Afghan portal (RTL for Dari and Pashto): og:title with the site name, breadcrumbs, a
    byline and a visible dateline (Solar Hijri in Dari and Pashto), cookie banner, comments."""
    site = story.site("rtl_portal")
    date = visible_date(story)
    if story.lang in RTL and story.rng.random() < 0.5:
        date = f"{'تاریخ' if story.lang == 'fa' else 'نېټه'}: {date}"
    meta = (f'<meta property="og:title" content="{escape(story.title)} | {escape(site)}">\n'
            f'<meta property="og:site_name" content="{escape(site)}">\n')
    html = (head(story, f"{site} | {story.title}", meta) + "<body>\n" + cookie_banner(story) + nav(story)
            + f'<ol class="breadcrumb"><li><a href="/">{escape(story.words["home"])}</a></li>'
            + f'<li><a href="/s">{escape(story.section)}</a></li><li>{escape(story.title)}</li></ol>\n'
            + f'<div class="news-detail"><h1 class="news-title">{escape(story.title)}</h1>\n'
            + f'<div class="author">{escape(story.words["by"])} {escape(byline_names(story))}</div>\n'
            + f'<span class="date">{escape(date)}</span>\n<div class="news-text">\n{body_html(story)}</div></div>\n'
            + related(story, "related-news") + comments(story) + footer(story, site) + "</body></html>\n")
    return Page(html, date, story.section)


def og_only(story: Story) -> Page:
    """Only OpenGraph/article: tags describe the page; the visible page has a headline in a
    <div>, no byline and no date."""
    site, stamp = story.site("og_only"), iso_time(story)
    meta = (f'<meta property="og:title" content="{escape(story.title)} | {escape(site)}">\n'
            f'<meta property="og:site_name" content="{escape(site)}">\n'
            f'<meta property="article:published_time" content="{stamp}">\n'
            + "".join(f'<meta property="article:author" content="{escape(a)}">\n' for a in story.authors)
            + f'<meta property="article:section" content="{escape(story.section)}">\n')
    html = (head(story, f"{site}: {story.title}", meta) + "<body>\n" + nav(story) + cookie_banner(story)
            + f'<div class="content"><div class="headline">{escape(story.title)}</div>\n{body_html(story)}</div>\n'
            + related(story) + footer(story, site) + "</body></html>\n")
    return Page(html, stamp, story.section)


def visible_only(story: Story) -> Page:
    """No metadata in the head at all (the <title> is the site's name): the byline and the
    dateline exist only as visible text above the body."""
    site = story.site("visible_only")
    date = visible_date(story)
    dateline = f"{story.words['city']}{'،' if story.lang in RTL else ','} {date}" if story.rng.random() < 0.5 else date
    html = (head(story, site) + "<body>\n" + nav(story) + '<div id="page"><div class="story">\n'
            + f'<h1>{escape(story.title)}</h1>\n<p><b>{escape(VISIBLE_BY[story.lang])} {escape(byline_names(story))}'
            + f'</b></p>\n<p><i>{escape(dateline)}</i></p>\n{body_html(story)}</div>\n' + related(story)
            + comments(story) + "</div>\n" + footer(story, site) + "</body></html>\n")
    return Page(html, date, None)


def microdata(story: Story) -> Page:
    """schema.org microdata in the body (itemprop headline, author, datePublished,
    articleSection), nothing in the head but the <title>. Held-out only: no rule was written
    against it."""
    site, stamp = story.site("microdata"), iso_time(story)
    authors = ", ".join(f'<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
                        f'<span itemprop="name">{escape(a)}</span></span>' for a in story.authors)
    html = (head(story, f"{story.title} — {site}") + "<body>\n" + nav(story) + cookie_banner(story)
            + '<article itemscope itemtype="https://schema.org/NewsArticle">\n'
            + f'<span itemprop="articleSection">{escape(story.section)}</span>\n'
            + f'<h1 itemprop="headline">{escape(story.title)}</h1>\n<div class="meta">{authors} · '
            + f'<time itemprop="datePublished" datetime="{stamp}">{escape(visible_date(story))}</time></div>\n'
            + f'<div itemprop="articleBody">\n{body_html(story)}</div></article>\n' + related(story)
            + footer(story, site) + "</body></html>\n")
    return Page(html, stamp, story.section)


TEMPLATES = {f.__name__: f for f in (wordpress, portal_jsonld, minimal_blog, rtl_portal, og_only, visible_only,
                                     microdata)}
