"""Discovery by sitemaps and feeds, against the mirror served on 127.0.0.1.

The mirror serves, from the same ground truth as its listing pages, a sitemap index (a Google
news sitemap and gzipped monthly url sets) and Atom and RSS feeds. Each method alone must find
exactly the links of every date's listing (articles and deliberate failures alike, no more, no
fewer), in the source's time zone; a day without articles is a count of 0 per method; and
hostile or broken sitemaps and feeds become failure records while the other methods go on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from newsmon import pipeline
from newsmon.crawl.fetcher import Fetcher
from newsmon.sources.discovery import discover, method_key
from newsmon.sources.profile import DiscoveryMethod, ProfileError, load_profile
from newsmon.sources.xmlsafe import XmlRefused, local_date, parse_when, parse_xml
from newsmon.testing.faults import Fault, FaultServer
from newsmon.testing.mirror import EMPTY_DATE, FAILURE_DATE, published_at

ALL_METHODS = Path(pipeline.__file__).parent / "testing" / "profiles" / "afgazad_all_methods.yaml"
AS_FILED = load_profile(ALL_METHODS)
PROFILE = dataclasses.replace(AS_FILED, fetch=dataclasses.replace(AS_FILED.fetch, requests_per_second=0))  # no waits
METHODS = {
    "listing": DiscoveryMethod("listing"),
    "sitemap index": DiscoveryMethod("sitemap", "/sitemap_index.xml", r"\.pdf$"),
    "news sitemap": DiscoveryMethod("sitemap", "/sitemaps/news.xml"),
    "monthly gzipped url set": DiscoveryMethod("sitemap", "/sitemaps/pages-%Y-%m.xml.gz", r"\.pdf$"),
    "atom feed": DiscoveryMethod("feed", "/feed.atom"),
    "rss feed": DiscoveryMethod("feed", "/rss.xml"),
}
XML = "application/xml"


def with_methods(*methods: DiscoveryMethod, profile=PROFILE):
    return dataclasses.replace(profile, discovery=dataclasses.replace(profile.discovery, methods=methods))


def manifest(mirror_dir) -> dict:
    return json.loads((mirror_dir / "manifest.json").read_text(encoding="utf-8"))


def expected_urls(mirror_dir, base_url: str, day: str) -> set[str]:
    """Every link of a date's listing: its articles and its deliberate failures."""
    info = manifest(mirror_dir)["dates"][day]
    d = dt.date.fromisoformat(day)
    paths = [PROFILE.article_url(d, slug, base_url) for slug in info["articles"]]
    return set(paths) | {base_url + f["url_path"] for f in info["failures"]}


def test_the_test_profile_is_the_production_profile_but_for_its_methods():
    production = load_profile("afgazad")
    assert production.discovery.methods == (DiscoveryMethod("listing"),)
    assert with_methods(*production.discovery.methods, profile=AS_FILED) == production
    assert [m.kind for m in AS_FILED.discovery.methods] == ["listing", "sitemap", "feed"]


@pytest.mark.parametrize("name", list(METHODS))
def test_each_method_alone_finds_exactly_every_dates_links(name, mirror, mirror_dir):
    method = METHODS[name]
    profile = with_methods(method)
    fetcher = Fetcher(profile, base_url=mirror.base_url)
    dates = manifest(mirror_dir)["dates"]
    assert FAILURE_DATE.isoformat() in dates and EMPTY_DATE.isoformat() in dates
    for day in dates:
        result = discover(profile, dt.date.fromisoformat(day), fetcher, mirror.base_url, mirror=True)
        got = [c.url for c in result.candidates]
        assert len(got) == len(set(got)), (name, day)
        assert set(got) == expected_urls(mirror_dir, mirror.base_url, day), (name, day)
        assert result.failures == [], (name, day)
        assert result.by_method == {method_key(method): len(got)}
        # fetched from the mirror, identified by the source's own URL
        assert all(c.canonical_url.startswith("https://www.afgazad.com/pdf/") for c in result.candidates)
        assert {c.method for c in result.candidates} <= {method.kind}


def test_all_methods_together_are_deduplicated_and_counted_each(mirror, mirror_dir):
    fetcher = Fetcher(PROFILE, base_url=mirror.base_url)
    for day in manifest(mirror_dir)["dates"]:
        result = discover(PROFILE, dt.date.fromisoformat(day), fetcher, mirror.base_url, mirror=True)
        want = expected_urls(mirror_dir, mirror.base_url, day)
        assert [c.url for c in result.candidates] == sorted(set(c.url for c in result.candidates),
                                                           key=[c.url for c in result.candidates].index)
        assert {c.url for c in result.candidates} == want and result.failures == []
        assert set(result.by_method.values()) == {len(want)} and len(result.by_method) == 3
        if want:  # the listing runs first, so it names where every article was found
            assert {c.method for c in result.candidates} == {"listing"}


def test_dates_are_read_in_the_sources_time_zone(mirror, mirror_dir):
    """The first article of a date went out at 00:15 in Kabul: the evening before in UTC."""
    day = dt.date(2020, 1, 2)
    first = manifest(mirror_dir)["dates"][day.isoformat()]["articles"][0]
    when = published_at(day, 0)
    assert when.astimezone(dt.timezone.utc).date() == day - dt.timedelta(days=1)
    atom = (mirror_dir / "feed.atom").read_text(encoding="utf-8")
    assert f"{(day - dt.timedelta(days=1)).isoformat()}T19:45:00Z" in atom
    profile = with_methods(METHODS["atom feed"])
    fetcher = Fetcher(profile, base_url=mirror.base_url)
    on_day = discover(profile, day, fetcher, mirror.base_url, mirror=True)
    before = discover(profile, day - dt.timedelta(days=1), fetcher, mirror.base_url, mirror=True)
    assert any(c.url.endswith(f"/{first}.pdf") for c in on_day.candidates)
    assert not any(c.url.endswith(f"/{first}.pdf") for c in before.candidates)


def test_a_day_without_articles_is_reported_as_zero_by_every_method(mirror, newsmon_home):
    summary = pipeline.discover_stage(PROFILE, EMPTY_DATE, mirror.base_url)
    assert summary["candidates"] == 0 and summary["failures"] == 0
    assert summary["by_method"] == {"listing": 0, "sitemap:/sitemap_index.xml": 0, "feed:/feed.atom": 0}
    assert json.loads(Path(summary["path"]).read_text(encoding="utf-8")) == []
    asked = sum(n for kind, n in summary["requests"].items() if kind != "bytes")
    assert asked >= 5  # the listing, the index and its two sitemaps, the feed: all were asked


def test_hostile_sitemaps_and_feeds_are_refused_and_recorded(mirror_dir):
    """Off-site entries, entity declarations, a gzip bomb, a broken feed: each a failure with a
    reason; what is fine is still found, and nothing is ever fetched from elsewhere."""
    day = dt.date(2020, 1, 2)
    good = "https://www.afgazad.com/pdf/2020/01/02/a-good-one.pdf"
    urlset = (f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              f'<url><loc>{good}</loc><lastmod>2020-01-02T10:00:00+04:30</lastmod></url>'
              f'<url><loc>https://evil.example/pdf/x.pdf</loc><lastmod>2020-01-02</lastmod></url>'
              f'<url><loc>file:///etc/passwd</loc><lastmod>2020-01-02</lastmod></url></urlset>').encode()
    index = ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             '<sitemap><loc>/s/urlset.xml</loc></sitemap>'
             '<sitemap><loc>https://evil.example/sitemap.xml</loc></sitemap>'
             '<sitemap><loc>/s/entities.xml</loc></sitemap>'
             '<sitemap><loc>/s/bomb.xml.gz</loc></sitemap>'
             '<sitemap><loc>/s/old.xml</loc><lastmod>2019-06-01</lastmod></sitemap></sitemapindex>').encode()
    entities = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<urlset><url><loc>&x;</loc><lastmod>2020-01-02</lastmod></url></urlset>')
    bomb = gzip.compress(b"<urlset>" + b" " * (3 * 1024 * 1024) + b"</urlset>")
    faults = {"/s/index.xml": Fault.wrong_type(XML, index), "/s/urlset.xml": Fault.wrong_type(XML, urlset),
              "/s/entities.xml": Fault.wrong_type(XML, entities), "/s/bomb.xml.gz": Fault.wrong_type(XML, bomb),
              "/feed.atom": Fault.status_code(500, times=None)}
    fast = dataclasses.replace(PROFILE.fetch, requests_per_second=0, retries=0, max_bytes=1024 * 1024)
    profile = with_methods(DiscoveryMethod("sitemap", "/s/index.xml"), DiscoveryMethod("feed", "/feed.atom"),
                           DiscoveryMethod("feed", "/rss.xml"), profile=dataclasses.replace(PROFILE, fetch=fast))
    with FaultServer(mirror_dir, faults) as server:
        result = discover(profile, day, Fetcher(profile, base_url=server.base_url), server.base_url, mirror=True)
        asked = {path for _, path, _, _ in server.requests}
    reasons = {f.url.replace(server.base_url, ""): f.error for f in result.failures}
    assert [c.url for c in result.candidates if "a-good-one" in c.url] == [server.base_url + "/pdf/2020/01/02/a-good-one.pdf"]
    assert reasons["https://evil.example/pdf/x.pdf"] == "link to a host not allowed"
    assert reasons["file:///etc/passwd"] == "link to a host not allowed"
    assert reasons["https://evil.example/sitemap.xml"] == "sitemap on a host not allowed"
    assert "DTD" in reasons["/s/entities.xml"] and "inflates past" in reasons["/s/bomb.xml.gz"]
    assert reasons["/feed.atom"] == "HTTP 500"
    assert "/s/old.xml" not in asked  # last changed long before the day: cannot hold it
    # the RSS feed, listed after the broken ones, still ran and found the day's articles
    assert result.by_method["feed:/rss.xml"] == len(manifest(mirror_dir)["dates"][day.isoformat()]["articles"])
    assert result.by_method["feed:/feed.atom"] == 0


def test_a_missing_dated_sitemap_means_nothing_published_an_undated_one_is_a_failure(mirror):
    profile = with_methods(DiscoveryMethod("sitemap", "/sitemaps/pages-%Y-%m.xml.gz"),
                           DiscoveryMethod("feed", "/no-such-feed.xml"))
    result = discover(profile, dt.date(2019, 6, 1), Fetcher(profile, base_url=mirror.base_url), mirror.base_url, mirror=True)
    assert result.candidates == []
    assert [(f.url.rsplit("/", 1)[1], f.error) for f in result.failures] == [("no-such-feed.xml", "HTTP 404")]


@pytest.mark.parametrize("text, zone, day", [
    ("2020-01-02", "Asia/Kabul", dt.date(2020, 1, 2)),
    ("2020-01-01T19:45:00Z", "Asia/Kabul", dt.date(2020, 1, 2)),
    ("2020-01-01T19:45:00Z", "UTC", dt.date(2020, 1, 1)),
    ("2020-01-02T00:15:00+04:30", "Asia/Kabul", dt.date(2020, 1, 2)),
    ("2020-01-02T23:30:00", "Asia/Kabul", dt.date(2020, 1, 2)),       # no offset: the source's clock
    ("Wed, 01 Jan 2020 19:45:00 GMT", "Asia/Kabul", dt.date(2020, 1, 2)),
    ("Thu, 02 Jan 2020 00:15:00 +0430", "UTC", dt.date(2020, 1, 1)),
    ("2020-01", "UTC", None), ("yesterday", "UTC", None), ("", "UTC", None),
])
def test_sitemap_and_feed_dates(text, zone, day):
    assert local_date(parse_when(text), zone) == day


def test_profile_methods_are_checked():
    with pytest.raises(ProfileError, match="unknown"):
        DiscoveryMethod("carrier-pigeon")
    with pytest.raises(ProfileError, match="needs a url"):
        DiscoveryMethod("feed")


def test_xml_that_is_not_xml_is_refused():
    for data in (b"", b"<html><body>oops", b"\x1f\x8bnot gzip"):
        with pytest.raises(XmlRefused):
            parse_xml(data)
