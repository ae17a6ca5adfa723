"""The second mirrored source, Darya News: a multilingual HTML site listed by section."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import requests

from newsmon.records import content_hash, count_words, make_article_id
from newsmon.sources import load_profile
from newsmon.sources.feeds import parse_feed
from newsmon.sources.sitemaps import parse_sitemap
from newsmon.testing import darya as site
from newsmon.testing.mirror import load_ground_truth
from newsmon.testing.server import MirrorServer, ensure_mirror

PROFILE = load_profile("darya")


def _manifest(darya_dir: Path) -> dict:
    return json.loads((darya_dir / "manifest.json").read_text(encoding="utf-8"))


def _articles() -> list[dict]:
    return [rec for day in load_ground_truth(site.CORPUS_DIR).values() for rec in day]


def test_three_languages_over_two_weeks_overlapping_afgazad():
    truth = load_ground_truth(site.CORPUS_DIR)
    afgazad = load_ground_truth()
    assert len(truth) >= 12 and set(truth) & set(afgazad)
    assert all(len(day) >= 3 for day in truth.values())
    assert {rec["language"] for rec in _articles()} == set(PROFILE.languages) == {"en", "fa", "ps"}
    assert {rec["template"] for rec in _articles()} == {"A", "B", "C"}


def test_ground_truth_is_consistent_with_the_page_beside_it(darya_dir):
    for rec in _articles():
        path = rec["url"].removeprefix(PROFILE.base_url)
        page = darya_dir / path.lstrip("/") / ("index.html" if path.endswith("/") else "")
        beside = json.loads((darya_dir / site.truth_file(path)).read_text(encoding="utf-8"))
        assert beside == rec
        doc = lxml.html.fromstring(page.read_bytes())
        assert doc.get("lang") == rec["language"]
        assert doc.get("dir") == ("ltr" if rec["language"] == "en" else "rtl")
        text = " ".join(doc.text_content().split())
        for part in [rec["title"], *rec["captions"], *rec["body_text"].split("\n\n")]:
            assert " ".join(part.split()) in text, (rec["url"], part)
        # the date as the page states it: JSON-LD or meta (A, B), or the visible dateline (C)
        assert rec["published_date_raw"] in (page.read_text(encoding="utf-8") if rec["template"] != "C" else text)
        if rec["author"]:
            assert rec["author"] in text
        assert rec["article_id"] == make_article_id("darya", rec["url"])
        assert (rec["word_count"], rec["content_sha256"]) == (count_words(rec["body_text"]),
                                                              content_hash(rec["body_text"]))
        assert rec["section"] in PROFILE.section_names()
        for boilerplate in ("cookie-banner", "related", "comments", "<footer>", "breadcrumb"):
            assert boilerplate in page.read_text(encoding="utf-8"), (rec["url"], boilerplate)


def test_solar_hijri_datelines_for_dari_and_pashto():
    """Every page prints its dateline: Solar Hijri in Dari (Dari and Iranian month names) and
    Pashto, Gregorian in English (the truth's published_date_raw of templates A and B is the
    JSON-LD / meta statement, which the parser reads first)."""
    by_lang: dict[str, str] = {}
    for path in sorted(site.CORPUS_DIR.glob("*/*.html")):
        rec = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        text = " ".join(lxml.html.fromstring(path.read_bytes()).text_content().split())
        by_lang[rec["language"]] = by_lang.get(rec["language"], "") + " | " + text
    assert "۱۱ جدی ۱۳۹۸" in by_lang["fa"] and "۱۱ مرغومی ۱۳۹۸" in by_lang["ps"]  # 2020-01-01
    assert " دی ۱۳۹۸" in by_lang["fa"]  # Iranian month names too
    assert re.search(r"\b1 January 2020\b", by_lang["en"])


def test_urls_sections_and_dates_vary(darya_dir):
    manifest = _manifest(darya_dir)
    paths = [p for day in manifest["dates"].values() for p in day["paths"]]
    assert any(re.search(r"/\d{4}/\d{2}/\d{2}/", p) for p in paths)
    assert any(not re.search(r"\d{4}/\d{2}/\d{2}", p) for p in paths)  # opinion URLs carry no date
    assert manifest["dated_link_sections"] == ["news"]
    # A day whose culture articles span two section pages (the section_crawl tests rely on it).
    pages = manifest["sections"]["culture"]
    assert {e["date"] for e in pages[0]} & {e["date"] for e in pages[1]}


def test_section_pages_paginate_and_only_news_links_carry_dates(darya_dir):
    manifest = _manifest(darya_dir)
    for section, pages in manifest["sections"].items():
        assert len(pages) >= 2 and all(0 < len(p) <= site.PAGE_SIZE for p in pages)
        for n, entries in enumerate(pages, start=1):
            doc = lxml.html.fromstring((darya_dir / section / ("" if n == 1 else f"page/{n}") / "index.html")
                                       .read_bytes())
            teasers = doc.xpath("//article[@class='teaser']")
            assert [t.xpath(".//h2/a/@href")[0] for t in teasers] == [e["path"] for e in entries]
            assert bool(doc.xpath("//article[@class='teaser']//time")) == (section == "news")
            assert bool(doc.xpath("//a[@rel='next']")) == (n < len(pages))
            assert doc.xpath("//aside[@class='most-read']//a")  # links that are not the page's articles


def test_feed_and_news_sitemap_list_every_article_under_the_sources_urls(darya_dir):
    urls = {rec["url"] for rec in _articles()}
    feed = parse_feed((darya_dir / "rss.xml").read_bytes(), 10**7)
    assert {e.link for e in feed} == urls
    sitemap = parse_sitemap((darya_dir / "sitemaps/news.xml").read_bytes(), 10**7)
    assert {e.loc for e in sitemap.entries} == urls


def test_builds_are_identical_and_served_with_etag_and_304(tmp_path, darya_dir):
    manifest = site.build_mirror(tmp_path / "again")
    assert manifest == _manifest(darya_dir)
    for path in ("culture/index.html", "rss.xml", "opinion/page/2/index.html"):
        assert (tmp_path / "again" / path).read_bytes() == (darya_dir / path).read_bytes()
        assert (tmp_path / "again" / path).stat().st_mtime == (darya_dir / path).stat().st_mtime
    with MirrorServer(tmp_path / "again") as server:
        page = requests.get(server.base_url + "/culture/2020/01/06/calligraphy-workshop/", timeout=10)
        assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
        assert page.headers["ETag"] and page.headers["Last-Modified"]
        again = requests.get(server.base_url + "/culture/2020/01/06/calligraphy-workshop/", timeout=10,
                             headers={"If-None-Match": page.headers["ETag"]})
        assert again.status_code == 304 and again.content == b""
        assert [r[2] for r in server.requests] == [200, 304]


def test_ensure_mirror_builds_darya_beside_afgazad(tmp_path):
    target = ensure_mirror(tmp_path / "d", source="darya")
    assert json.loads((target / "manifest.json").read_text())["source"] == "darya"
    assert (target / "news" / "index.html").is_file()
    assert not (target / "archive").exists()  # not afgazad's layout
