"""The HTML article path: each metadata field from each kind of evidence and its fallbacks,
the body without boilerplate, Dari and Pashto pages (Solar Hijri datelines, RTL, ZWNJ), pages
that are no article, hostile text, and `newsmon parse` on an HTML file and an HTML URL."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import re
import subprocess
import sys
import threading
from html import escape
from pathlib import Path

import pytest

from newsmon.cli import main
from newsmon.parse.article import ParseError
from newsmon.parse.document import parse_document, sniff_document_type
from newsmon.parse.guard import GuardedParser
from newsmon.parse.html import parse_html_article
from newsmon.parse.html_meta import split_authors, without_site_name
from newsmon.sources import load_profile

PROFILE = load_profile(Path(__file__).resolve().parents[2] / "corpus" / "html" / "profile.yaml")
URL = "https://news.example.org/en/story.html"
EN_BODY = [
    "The council met on Monday evening to discuss the repair of the covered market, whose roof was damaged by "
    "heavy snow in the last days of January and has leaked ever since.",
    "Traders said that they had lost customers during the winter because the stalls under the broken part of the "
    "roof had to be closed, and that the damp had spoiled much of their stock of cloth and spices.",
    "The engineers who inspected the building estimated that the repairs would take about ten weeks and asked the "
    "council to find temporary space for the traders in the square beside the mosque.",
]
FA_BODY = [
    "شورای شهر روز دوشنبه برای گفتگو دربارهٔ ترمیم بازار سرپوشیده گرد آمد که سقف آن در روزهای پایانی زمستان زیر "
    "برف سنگین آسیب دید و از آن زمان آب از آن می‌چکد.",
    "دکانداران گفتند که در زمستان مشتری‌های خود را از دست داده‌اند، زیرا غرفه‌های زیر بخش شکستهٔ سقف باید بسته "
    "می‌شد و نم بخش بزرگی از پارچه و ادویهٔ آن‌ها را خراب کرد.",
    "انجنیرانی که ساختمان را بررسی کردند تخمین زدند که ترمیم حدود ده هفته طول می‌کشد و از شورا خواستند برای "
    "دکانداران در میدان کنار مسجد جای موقتی پیدا کند.",
]
PS_BODY = [
    "د ښار شورا د دوشنبې په ماښام د پوښل شوي بازار د ترمیم په اړه خبرې وکړې، چې چت یې د ژمي په وروستیو ورځو کې "
    "د درنو واورو له امله زیانمن شو او له هغه وخته څاڅي.",
    "دوکاندارانو وویل چې په ژمي کې یې خپل پېرودونکي له لاسه ورکړل، ځکه چې د چت د ماتې برخې لاندې دوکانونه باید "
    "تړل شوي وای او لندبل د دوی د ټوکرو او مسالو ډېره برخه خرابه کړه.",
    "هغو انجنیرانو چې ودانۍ یې وکتله اټکل وکړ چې ترمیم به نږدې لس اونۍ وخت ونیسي او له شورا یې وغوښتل چې د "
    "دوکاندارانو لپاره د جومات تر څنګ په میدان کې لنډمهاله ځای پیدا کړي.",
]


def page(*, head: str = "", before: str = "", body: list[str] | None = None, after: str = "", lang: str = "en",
         title: str = "Market roof to be repaired before spring") -> bytes:
    """An article page: `head` in <head>, `before` between the <h1> and the body, `after` past the article."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in (EN_BODY if body is None else body))
    direction = "rtl" if lang in ("fa", "ps") else "ltr"
    h1 = f"<h1>{escape(title)}</h1>" if title else ""
    return (f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">{head}</head><body>'
            f'<nav class="menu"><a href="/">Home</a> <a href="/world">World news from every region</a></nav>'
            f"<article>{h1}{before}<div class=\"entry-content\">{paragraphs}</div></article>{after}"
            "</body></html>").encode("utf-8")


def parse(data: bytes, url: str = URL):
    return parse_html_article(data, url=url, profile=PROFILE)


# -- title ---------------------------------------------------------------------------------

def test_title_prefers_json_ld_then_og_then_h1_then_title():
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "From JSON-LD"}</script>'
    og = '<meta property="og:title" content="From OpenGraph">'
    tt = "<title>From the title element</title>"
    assert parse(page(head=ld + og + tt)).title == "From JSON-LD"
    assert parse(page(head=og + tt)).title == "From OpenGraph"
    assert parse(page(head=tt)).title == "Market roof to be repaired before spring"
    assert parse(page(head=tt, title="")).title == "From the title element"


@pytest.mark.parametrize("printed", ["Roof repair | Kabul Mirror", "Roof repair - Kabul Mirror",
                                     "Roof repair – Kabul Mirror", "Kabul Mirror: Roof repair",
                                     "Kabul Mirror | Roof repair", "Roof repair"])
def test_the_site_name_is_removed_from_the_title(printed):
    head = f'<meta property="og:site_name" content="Kabul Mirror"><meta property="og:title" content="{printed}">'
    assert parse(page(head=head)).title == "Roof repair"


def test_a_title_that_is_only_the_site_name_falls_back_to_the_h1():
    head = '<meta property="og:site_name" content="The Highland Post"><title>The Highland Post</title>'
    assert parse(page(head=head)).title == "Market roof to be repaired before spring"
    assert without_site_name("Site", ["Site"]) is None
    assert without_site_name("A - B", ["Site"]) == "A - B"  # a dash of the title itself stays


def test_the_site_name_from_json_ld_publisher_is_removed():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Roof repair | Daily Meridian",'
          ' "publisher": {"@type": "Organization", "name": "Daily Meridian"}}</script>')
    assert parse(page(head=ld)).title == "Roof repair"


# -- author --------------------------------------------------------------------------------

def test_author_from_json_ld_people_list():
    ld = ('<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "X"}, {"@type": "NewsArticle",'
          ' "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "Omar Saleh"}]}]}</script>')
    record = parse(page(head=ld))
    assert record.author == "Jane Doe, Omar Saleh" and "no_byline" not in record.parse_warnings


def test_author_falls_back_from_meta_to_article_author_to_rel_author_to_visible_byline():
    assert parse(page(head='<meta name="author" content="Jane Doe">')).author == "Jane Doe"
    url_only = '<meta property="article:author" content="https://www.facebook.com/someone">'
    assert parse(page(head=url_only + '<meta property="article:author" content="Omar Saleh">')).author == "Omar Saleh"
    assert parse(page(head=url_only, before='<a rel="author" href="/a/1">Laura Benning</a>')).author == "Laura Benning"
    assert parse(page(before="<p>By Peter Lowe and Nadia Karimi</p>")).author == "Peter Lowe, Nadia Karimi"


def test_an_article_described_only_by_microdata():
    """A WordPress-style page: no JSON-LD, no meta tags; the article, its author (a nested
    Person item), its date (a meta inside the item), its section and headline are microdata."""
    item = ('<div itemscope itemtype="https://schema.org/BlogPosting">'
            '<meta itemprop="datePublished" content="2024-03-05T08:00:00+01:00">'
            '<span itemprop="headline">Roof of the old market repaired</span>'
            '<span itemprop="articleSection">Kabul</span>'
            '<div class="post-info">Written: <span itemprop="author" itemscope itemtype="https://schema.org/Person">'
            '<a itemprop="url" href="/author/jd/"><span itemprop="name">Jane Doe</span></a></span></div></div>')
    record = parse(page(before=item, title=""))
    assert (record.title, record.author, record.published_date) == (
        "Roof of the old market repaired", "Jane Doe", dt.date(2024, 3, 5))
    assert record.section == "Kabul"
    # a microdata date is as often the last update's: the published-time meta tag comes first
    published = '<meta property="article:published_time" content="2024-03-01T10:00:00Z">'
    assert parse(page(head=published, before=item, title="")).published_date == dt.date(2024, 3, 1)


def test_microdata_values_follow_the_element_that_holds_them():
    from newsmon.parse.html_microdata import microdata_items
    from newsmon.parse.html_page import parse_tree

    tree = parse_tree(page(before=(
        '<div itemscope itemtype="http://schema.org/NewsArticle http://schema.org/Article">'
        '<time itemprop="datePublished" datetime="2023-11-06">6 Nov</time>'
        '<a itemprop="author" href="/authors/ganesh">Ganesh S</a> <a itemprop="author" href="/x">Lina P</a>'
        '<link itemprop="http://schema.org/mainEntityOfPage" href="https://news.example.org/s">'
        '<div itemprop="publisher" itemscope itemtype="https://schema.org/Organization">'
        '<meta itemprop="name" content="Daily Meridian"></div></div>'
        '<span itemprop="name">outside every item</span>')))
    (element, obj), = microdata_items(tree)
    assert obj == {"@type": ["NewsArticle", "Article"], "datePublished": "2023-11-06",
                   "author": ["Ganesh S", "Lina P"], "mainEntityOfPage": "https://news.example.org/s",
                   "publisher": {"@type": "Organization", "name": "Daily Meridian"}}
    assert element.get("itemtype").startswith("http://schema.org/NewsArticle")


def test_a_microdata_item_in_a_side_column_is_not_the_article():
    teaser = ('<aside><div itemscope itemtype="https://schema.org/NewsArticle">'
              '<span itemprop="author">Somebody Else</span></div></aside>')
    assert parse(page(after=teaser)).author is None


def test_a_json_ld_author_given_by_reference_is_resolved_after_stated_ones():
    """Yoast's graph names the author as {"@id": ...} and states the Person elsewhere: it is
    read, but a byline the page states (microdata beside it) names the reporters first, and a
    CMS account ("admin") is no name."""
    def graph(person: str) -> str:
        return ('<script type="application/ld+json">{"@graph": [{"@type": "Article", "author": {"@id": "#p1"}},'
                f' {{"@type": "Person", "@id": "#p1", "name": "{person}"}}]}}</script>')
    assert parse(page(head=graph("Celia Parbey"))).author == "Celia Parbey"
    stated = ('<div itemscope itemtype="https://schema.org/BlogPosting">'
              '<span itemprop="author">By Jess Holly</span></div>')
    assert parse(page(head=graph("Kathleen Ditton"), before=stated)).author == "Jess Holly"
    assert parse(page(head=graph("admin"), before="<p>By Tobias Kuske</p>")).author == "Tobias Kuske"


def test_persons_come_before_organisations_in_an_author_list():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Person", "name":'
          ' "Alexander Karper"}, "LAOLA1.at"]}</script>')
    assert parse(page(head=ld)).author == "Alexander Karper"
    org = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Organization",'
           ' "name": "Reuters"}}</script>')
    assert parse(page(head=org)).author == "Reuters"


@pytest.mark.parametrize("byline, lang, body, expected", [
    ("By Jane Doe", "en", EN_BODY, "Jane Doe"),
    ("Von Katrin Vogel und Jonas Brenner", "de", EN_BODY, "Katrin Vogel, Jonas Brenner"),
    ("Par Claire Dumont", "fr", EN_BODY, "Claire Dumont"),
    ("نویسنده: احمد رحیمی و فریبا نوری", "fa", FA_BODY, "احمد رحیمی, فریبا نوری"),
    ("از زهرا احمدی", "fa", FA_BODY, "زهرا احمدی"),
    ("لیکوال: ګل احمد ځدراڼ او ښکلا مومند", "ps", PS_BODY, "ګل احمد ځدراڼ, ښکلا مومند"),
])
def test_byline_prefixes_of_every_language_are_stripped(byline, lang, body, expected):
    record = parse(page(before=f"<p>{escape(byline)}</p>", body=body, lang=lang))
    assert record.author == expected
    assert byline not in record.body_text  # the byline is metadata, not body


def test_a_byline_sharing_its_line_with_the_date_gives_both():
    record = parse(page(before='<div class="byline">By Jane Doe | 5 March 2025</div>'))
    assert (record.author, record.published_date) == ("Jane Doe", dt.date(2025, 3, 5))


def test_rel_author_links_of_teasers_and_site_names_are_no_authors():
    byline = '<p class="meta"><a rel="author" href="/a">Jane Doe</a> and <a rel="author" href="/b">Omar Saleh</a></p>'
    teaser = '<div class="more"><p>Next: <a rel="author" href="/c">Laura Benning</a></p></div>'
    assert parse(page(before=byline, after=teaser)).author == "Jane Doe, Omar Saleh"
    site = '<meta property="og:site_name" content="Valley Voice"><meta name="author" content="Valley Voice">'
    assert parse(page(head=site, before="<p>By Nadia Karimi</p>")).author == "Nadia Karimi"


def test_links_times_and_line_breaks_are_cut_from_a_name():
    assert parse(page(head='<meta name="author" content="Frank Weber - http://weber.example">')).author \
        == "Frank Weber"
    assert parse(page(before='<span class="author">Evan Moore 2:30 pm</span>')).author == "Evan Moore"
    assert parse(page(before='<span class="author">\n  Christoph Hein\n  </span>')).author == "Christoph Hein"


@pytest.mark.parametrize("byline, expected", [
    ("Written by Anna Weber on", "Anna Weber"),  # the date in the next element
    ("Erstellt von Andri Bryner", "Andri Bryner"),
    ("vom Support Team", "Support Team"),
    ("Auteur: Anna Kubišta", "Anna Kubišta"),
    ("Interview: Julia Lauter", "Julia Lauter"),
    ("MORITZ GATHMANN am", "MORITZ GATHMANN"),
    ("Marianne1 am Tipp drucken Tipp favorisieren", "Marianne1"),
    ("lupa am, 03:48 pm", "lupa"),
    ("Joe S.", "Joe S."),  # an initial keeps its stop
    ("R. R. am um", "R. R."),
    ("Loïc Le Clerc", "Loïc Le Clerc"),  # capitalised "Le", "On": part of the name
    ("Glen Owen For The Mail On Sunday", "Glen Owen For The Mail On Sunday"),
    ("r23 »", "r23"),
])
def test_what_a_web_byline_prints_around_the_name_is_cut(byline, expected):
    assert parse(page(before=f'<span class="author">{escape(byline)}</span>')).author == expected


@pytest.mark.parametrize("label", ["Dienstag", "Wednesday", "Veröffentlicht", "Posted", "Author", "NEWS"])
def test_a_byline_element_holding_a_label_or_a_weekday_names_no_author(label):
    record = parse(page(before=f'<span class="author">{label}</span>'))
    assert record.author is None and "no_byline" in record.parse_warnings


def test_a_site_name_the_page_does_not_declare_is_cut_when_other_evidence_names_the_headline():
    head = '<meta property="og:title" content="Market roof to be repaired before spring | Parco News Service">'
    assert parse(page(head=head)).title == "Market roof to be repaired before spring"


def test_split_authors():
    assert split_authors("A, B & C") == ["A", "B", "C"]
    assert split_authors("الف و ب") == ["الف", "ب"]


# -- date ----------------------------------------------------------------------------------

def test_date_prefers_json_ld_then_meta_then_time():
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-04-02T09:00:00+04:30"}</script>'
    meta = '<meta property="article:published_time" content="2025-04-03T10:00:00Z">'
    time = '<time datetime="2025-04-04">4 April</time>'
    record = parse(page(head=ld + meta, before=time))
    assert (record.published_date, record.published_date_raw) == (dt.date(2025, 4, 2), "2025-04-02T09:00:00+04:30")
    assert parse(page(head=meta, before=time)).published_date == dt.date(2025, 4, 3)
    assert parse(page(before=time)).published_date == dt.date(2025, 4, 4)


@pytest.mark.parametrize("dateline, lang, body, expected", [
    ("۱۴ حوت ۱۴۰۳", "fa", FA_BODY, dt.date(2025, 3, 4)),  # Dari month, Persian digits
    ("تاریخ: ۱۴ اسفند ۱۴۰۳", "fa", FA_BODY, dt.date(2025, 3, 4)),  # Iranian month, with a label
    ("1403/12/14", "fa", FA_BODY, dt.date(2025, 3, 4)),  # numeric, Latin digits
    ("۱۴۰۳/۱۲/۱۴", "ps", PS_BODY, dt.date(2025, 3, 4)),  # numeric, Persian digits
    ("کندهار، ۱۴ کب ۱۴۰۳", "ps", PS_BODY, dt.date(2025, 3, 4)),  # Pashto month, after the place
])
def test_solar_hijri_datelines_in_html(dateline, lang, body, expected):
    record = parse(page(before=f'<span class="date">{dateline}</span>', body=body, lang=lang, title="عنوان"))
    assert record.published_date == expected
    assert "no_header_date" not in record.parse_warnings
    assert dateline not in record.body_text


def test_a_gregorian_dateline_in_plain_text_is_read():
    record = parse(page(before="<p><i>Kabul, 5 March 2025</i></p>"))
    assert (record.published_date, record.published_date_raw) == (dt.date(2025, 3, 5), "5 March 2025")


def test_htmldate_is_the_last_resort():
    record = parse(page(head='<meta name="og:updated_time" content="x">'), url="https://news.example.org/2025/06/07/story")
    assert record.published_date == dt.date(2025, 6, 7)


@pytest.mark.parametrize("stated, url, expected", [
    # A UTC timestamp past midnight: the URL holds the site's own (New York) day.
    ("2023-11-09T03:28:35Z", "https://news.example.org/2023/11/08/roof", dt.date(2023, 11, 8)),
    ("2018-12-31T23:11:59+00:00", "https://news.example.org/2019/01/01/roof/", dt.date(2019, 1, 1)),
    ("2022-01-04T07:29:00.000Z", "https://news.example.org/2022/1/5/roof", dt.date(2022, 1, 5)),
    # The URL's day is the timestamp's, or two days off it (not a time zone's doing): the stated date.
    ("2023-11-09T03:28:35Z", "https://news.example.org/2023/11/09/roof", dt.date(2023, 11, 9)),
    ("2023-11-09T03:28:35Z", "https://news.example.org/2023/11/07/roof", dt.date(2023, 11, 9)),
    # A local offset states the site's own day already; no date in the URL: the stated date.
    ("2023-11-09T03:02:34-05:00", "https://news.example.org/2023/11/08/roof", dt.date(2023, 11, 9)),
    ("2023-11-09T03:28:35Z", "https://news.example.org/world/roof-2023", dt.date(2023, 11, 9)),
])
def test_a_utc_timestamp_takes_the_local_day_the_url_states(stated, url, expected):
    ld = f'<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{stated}"}}</script>'
    record = parse(page(head=ld), url=url)
    assert (record.published_date, record.published_date_raw) == (expected, stated)


def test_a_date_stated_only_in_running_text_is_found_last():
    """No date markup, no dateline and none in the URL: htmldate's search of the text finds it."""
    body = [*EN_BODY[:2], "This report was first published on the council's notice board on 12 January 2017 "
            "and has been updated with the engineers' estimate since then."]
    record = parse(page(body=body), url="https://news.example.org/world/roof")
    assert record.published_date == dt.date(2017, 1, 12)


def test_no_date_at_all_is_a_warning():
    record = parse(page())
    assert record.published_date is None and "no_header_date" in record.parse_warnings


# -- language, section, captions, body ------------------------------------------------------

@pytest.mark.parametrize("body, expected", [(FA_BODY, "fa"), (PS_BODY, "ps"), (EN_BODY, "en")])
def test_language_is_decided_by_the_text_not_the_lang_attribute(body, expected):
    assert parse(page(body=body, lang="de")).language == expected


def test_section_from_json_ld_meta_breadcrumbs_and_category_links():
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "articleSection": ["Economy", "Asia"]}</script>'
    assert parse(page(head=ld)).section == "Economy"
    assert parse(page(head='<meta property="article:section" content="Society">')).section == "Society"
    crumbs = '<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/p">Politics</a></li><li>Roof</li></ol>'
    assert parse(page(after=crumbs)).section == "Politics"
    ld_crumbs = ('<script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": ['
                 '{"@type": "ListItem", "position": 2, "name": "Culture"}, {"@type": "ListItem", "position": 1, '
                 '"name": "Home"}]}</script>')
    assert parse(page(head=ld_crumbs)).section == "Culture"
    assert parse(page(before='<a rel="category tag" href="/c">Kultur</a>')).section == "Kultur"


def test_a_section_the_profile_does_not_know_is_a_warning():
    record = parse(page(head='<meta property="article:section" content="Sports">'))
    assert record.section == "Sports" and "unknown_section" in record.parse_warnings
    assert "no_section" in parse(page()).parse_warnings


def test_dari_section_letter_forms_are_normalised():
    record = parse(page(head='<meta property="article:section" content="سياسي">', body=FA_BODY, lang="fa"))
    assert record.section == "سیاسی" and "unknown_section" not in record.parse_warnings


def test_captions_are_figcaptions_and_stay_out_of_the_body():
    figure = '<figure><img src="a.jpg"><figcaption>Traders wait outside the closed market.</figcaption></figure>'
    record = parse(page(before=figure))
    assert record.captions == ["Traders wait outside the closed market."]
    assert "Traders wait outside" not in record.body_text


def test_boilerplate_stays_out_of_the_body():
    after = ('<aside class="related-posts"><h3>Related stories</h3><ul><li><a href="/x">Bridge closed after flood '
             'waters rose overnight in the valley</a></li></ul></aside>'
             '<section id="comments" class="comments-area"><p>Great article, thank you for telling us about the '
             'market and the roof and the traders who lost their stock.</p></section>'
             '<div class="cookie-banner"><p>We use cookies to improve your experience. By continuing you accept.</p></div>'
             '<footer><p>All rights reserved. Reproduction requires written permission of the publisher.</p></footer>')
    record = parse(page(after=after))
    assert record.body_text == "\n\n".join(EN_BODY)
    assert record.word_count == len(" ".join(EN_BODY).split())
    for text in ("Bridge closed", "Great article", "cookies", "All rights reserved", "World news"):
        assert text not in record.body_text


def test_an_rtl_page_keeps_zwnj_and_loses_bidi_controls():
    title = "\u200fبازار سرپوشیده‌ی شهر ترمیم می‌شود\u200e"
    record = parse(page(body=FA_BODY, lang="fa", title=title))
    assert record.language == "fa"
    assert record.title == "بازار سرپوشیده‌ی شهر ترمیم می‌شود"
    assert "می\u200cچکد" in record.body_text and "مشتری\u200cهای" in record.body_text
    assert not re.search("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", record.body_text + record.title)


def test_arabic_letter_variants_become_persian_in_a_dari_page():
    record = parse(page(body=[p.replace("ی", "ي").replace("ک", "ك") for p in FA_BODY], lang="fa"))
    assert "ي" not in record.body_text and "ك" not in record.body_text


# -- not an article, hostile text ------------------------------------------------------------

@pytest.mark.parametrize("data, reason", [
    (b"", "empty document"),
    (b"   \n", "empty document"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not an HTML document"),
    (b"just some words, no markup at all", "not an HTML document"),
    (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article body"),
    (b"<html><head><title>Not found</title></head><body><p>404 Not Found</p></body></html>", "no article body"),
])
def test_a_page_that_is_no_article_is_a_parse_error(data, reason):
    with pytest.raises(ParseError, match=reason):
        parse(data)


def test_control_characters_and_javascript_urls_reach_no_field():
    head = ('<title>Roof\x1b[31m repair\x07</title><meta property="article:author" content="javascript:alert(1)">'
            '<meta property="article:section" content="javascript:alert(2)">'
            '<meta name="author" content="\u009b31mMallory">')  # a raw C1 CSI
    before = '<a rel="author" href="javascript:alert(3)">javascript:alert(3)</a><p>\u202eevil\u202c</p>'
    record = parse(page(head=head, before=before, title="Roof \x1b]0;pwned\x07 repair"))
    fields = [record.title, record.author, record.section, record.published_date_raw, *record.captions]
    text = " ".join(f for f in fields if f) + record.body_text.replace("\n", " ")
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e]", text), ascii(text)
    assert "javascript:" not in text
    assert record.author == "31mMallory"  # the C1 CSI is gone; what is left is harmless text
    assert record.section is None


def test_pages_that_sniffing_must_not_refuse():
    utf16 = "\ufeff" + page().decode("utf-8")
    assert parse(utf16.encode("utf-16-le")).title == "Market roof to be repaired before spring"
    padded = page(head="<!--" + " " * 1100 + "-->")
    late_nul = padded.replace(b"</article>", b"\x00\x00</article>")  # a stray run in a CMS template
    assert parse(late_nul).body_text == "\n\n".join(EN_BODY)
    assert sniff_document_type(b"<html>\x00\x00\x00") is None  # NULs at once: a binary file


def test_a_short_chinese_article_is_an_article():
    body = ["北京市今天发布新的公共交通计划，夜间公交线路将延长到凌晨两点，方便医护人员和面包师下班回家。"]
    assert body[0] in parse(page(body=body, lang="zh")).body_text  # before: "no article body (1 word)"


def test_a_page_using_every_zwnj_stand_in_still_parses():
    stand_ins = "".join(map(chr, range(0x2BD1, 0x2BE1)))
    record = parse(page(body=[FA_BODY[0] + " " + stand_ins, *FA_BODY[1:]], lang="fa"))
    assert stand_ins in record.body_text and record.language == "fa"


# -- one entry point, the worker guard, the CLI ------------------------------------------------

def test_parse_document_follows_the_profile_or_the_given_type():
    data = page()
    assert parse_document(data, url=URL, profile=PROFILE).title == "Market roof to be repaired before spring"
    with pytest.raises(ParseError):  # afgazad publishes PDFs
        parse_document(data, url=URL, profile=load_profile("afgazad"))
    assert parse_document(data, url=URL, profile=load_profile("afgazad"), document_type="html").language == "en"
    with pytest.raises(ParseError, match="unknown"):
        parse_document(data, url=URL, profile=PROFILE, document_type="docx")
    assert (sniff_document_type(data), sniff_document_type(b"%PDF-1.4 x"), sniff_document_type(b"\x00\x01")) \
        == ("html", "pdf", None)


def test_the_guarded_parser_reads_html_for_an_html_profile():
    with GuardedParser(timeout_s=60) as parser:
        record = parser.parse(page(), url=URL, profile=PROFILE, canonical_url="https://c.example/x")
    assert record.url == "https://c.example/x" and record.source == "htmlgold"


def test_newsmon_parse_an_html_file(tmp_path):
    path = tmp_path / "story.html"
    path.write_bytes(page(head='<meta property="article:published_time" content="2025-04-03">',
                          before="<p>By Jane Doe</p>"))
    newsmon = str(Path(sys.executable).with_name("newsmon"))
    proc = subprocess.run([newsmon, "parse", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert (record["title"], record["author"], record["published_date"], record["language"]) == \
        ("Market roof to be repaired before spring", "Jane Doe", "2025-04-03", "en")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"<html><body><nav>Home</nav></body></html>")
    proc = subprocess.run([newsmon, "parse", str(empty)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and str(empty) in proc.stderr and "no article body" in proc.stderr


def test_newsmon_parse_an_html_url(newsmon_home, capsys):
    data = page(head='<meta property="article:published_time" content="2025-04-03">')

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            body = data if self.path == "/story.html" else b"not found"
            self.send_response(200 if self.path == "/story.html" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/story.html"
        assert main(["parse", url, "--format", "text"]) == 0
    finally:
        server.shutdown()
        server.server_close()
    out = capsys.readouterr().out
    assert out.startswith("Market roof to be repaired before spring\n") and "2025-04-03 · en" in out
