"""`section_crawl` discovery on Darya News, a site without dated listings, and the pipeline's
rule for candidates that only the document can date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest

from newsmon.crawl.fetcher import Fetcher
from newsmon.pipeline import NO_DATE, date_decision
from newsmon.sources import load_profile
from newsmon.sources.discovery import discover
from newsmon.sources.profile import DiscoveryMethod, ProfileError
from newsmon.sources.sections import parse_section_page
from newsmon.testing.mirror import load_ground_truth
from newsmon.testing import darya as site

# No politeness wait between the mirror's pages: these tests count requests, not seconds.
PROFILE = dataclasses.replace(load_profile("darya"), fetch=dataclasses.replace(load_profile("darya").fetch,
                                                                               requests_per_second=1000.0))
CRAWL = PROFILE.discovery.methods[0]


def _only(*start_paths: str, **changes):
    """The darya profile discovering by section_crawl alone, over `start_paths`."""
    method = dataclasses.replace(CRAWL, start_paths=start_paths, **changes)
    return dataclasses.replace(PROFILE, discovery=dataclasses.replace(PROFILE.discovery, methods=(method,)))


def _manifest(darya_dir) -> dict:
    return json.loads((darya_dir / "manifest.json").read_text(encoding="utf-8"))


def _run(profile, day, server):
    server.clear_requests()
    result = discover(profile, day, Fetcher(profile, base_url=server.base_url), server.base_url, mirror=True)
    pages = [path for method, path, _, _ in server.requests if not path.endswith("robots.txt")]
    return result, pages


def _paths_of(day: dt.date, section: str) -> set[str]:
    return {rec["url"].removeprefix(PROFILE.base_url) for rec in load_ground_truth(site.CORPUS_DIR)[day]
            if rec["url"].removeprefix(PROFILE.base_url).startswith(f"/{section}/")}


def test_a_day_whose_articles_span_two_index_pages(darya, darya_dir):
    pages = _manifest(darya_dir)["sections"]["culture"]
    day = dt.date.fromisoformat(next(iter({e["date"] for e in pages[0]} & {e["date"] for e in pages[1]})))
    result, asked = _run(_only("/culture/"), day, darya)
    found = {c.canonical_url.removeprefix(PROFILE.base_url) for c in result.candidates}
    assert found == _paths_of(day, "culture") and len(found) == 2
    assert {c.date for c in result.candidates} == {day.isoformat()}
    assert {c.date_from for c in result.candidates} == {"url"}  # culture links carry no date beside them
    assert {c.listing_url.removeprefix(darya.base_url) for c in result.candidates} == {"/culture/", "/culture/page/2/"}
    # The second page holds an older date: the walk stops there, the third page is never asked for.
    assert asked == ["/culture/", "/culture/page/2/"]
    assert result.failures == []


@pytest.mark.parametrize("section", ["news", "culture"])
def test_every_dated_article_of_every_day_is_found_and_paging_stops_at_older_pages(section, darya, darya_dir):
    pages = _manifest(darya_dir)["sections"][section]
    days = sorted({dt.date.fromisoformat(e["date"]) for page in pages for e in page})
    for day in days:
        result, asked = _run(_only(f"/{section}/"), day, darya)
        assert {c.canonical_url.removeprefix(PROFILE.base_url) for c in result.candidates} == _paths_of(day, section)
        # Pages read: up to and including the first one holding a date before the day (or the last page).
        needed = next((n for n, page in enumerate(pages, 1) if any(e["date"] < day.isoformat() for e in page)),
                      len(pages))
        assert len(asked) == needed == result.pages_read, (day, asked)
    assert result.pages_read < len(pages) or section == "news"


def test_dates_come_from_the_links_context_before_the_url(darya, darya_dir):
    day = dt.date(2020, 1, 1)  # the first article of a day went out at 00:15 Kabul, the evening before in UTC
    result, _ = _run(_only("/news/"), day, darya)
    assert result.candidates and {c.date_from for c in result.candidates} == {"link"}
    # Without the link's context, the URL tells the same dates.
    result, _ = _run(_only("/news/", link_date_xpath=None), day, darya)
    assert {c.date_from for c in result.candidates} == {"url"}
    assert {c.canonical_url for c in result.candidates} == {PROFILE.base_url + p for p in _paths_of(day, "news")}


def test_a_page_of_articles_with_no_date_gives_undated_candidates(darya, darya_dir):
    pages = _manifest(darya_dir)["sections"]["opinion"]
    result, asked = _run(_only("/opinion/"), dt.date(2020, 1, 6), darya)
    # Nothing on the pages dates them: every page is read (up to max_pages) and every link is a
    # candidate for the document to date; none is dropped and none is given a date.
    assert asked == ["/opinion/"] + [f"/opinion/page/{n}/" for n in range(2, len(pages) + 1)]
    assert [c.canonical_url.removeprefix(PROFILE.base_url) for c in result.candidates] == \
        [e["path"] for page in pages for e in page]
    assert {(c.date, c.date_from) for c in result.candidates} == {(None, "")}
    capped, asked = _run(_only("/opinion/", max_pages=1), dt.date(2020, 1, 6), darya)
    assert asked == ["/opinion/"] and len(capped.candidates) == len(pages[0])


def test_a_feed_dates_what_a_section_page_left_undated(darya):
    day = dt.date(2020, 1, 5)  # an opinion article (undated on its section page) of that day
    result = discover(PROFILE, day, Fetcher(PROFILE, base_url=darya.base_url), darya.base_url, mirror=True)
    dated = {c.canonical_url.removeprefix(PROFILE.base_url): (c.date, c.date_from) for c in result.candidates}
    opinion = _paths_of(day, "opinion")
    assert opinion and all(dated[p] == (day.isoformat(), "feed") for p in opinion)
    day_paths = {p for s in site.SECTIONS for p in _paths_of(day, s)}
    assert {p for p, (d, _) in dated.items() if d} == day_paths
    assert all(d is None for p, (d, _) in dated.items() if p not in day_paths)


def test_section_page_dates_are_read_in_the_sources_zone_and_bad_ones_fall_through():
    page = b"""<div class="teasers">
      <article class="teaser"><h2><a href="/a/2020/01/02/x.html">x</a></h2><time datetime="2020-01-01T20:00:00Z">?</time></article>
      <article class="teaser"><h2><a href="/a/2020/01/03/y.html">y</a></h2><time datetime="not a date">?</time></article>
      <article class="teaser"><h2><a href="/a/2020/02/31/z.html">z</a></h2></article>
    </div><nav class="pagination"><a rel="next" href="/a/page/2/">older</a></nav>"""
    read = parse_section_page(page, "http://h.example/a/", CRAWL, "Asia/Kabul")
    assert [(link.date, link.date_from) for link in read.links] == [
        (dt.date(2020, 1, 2), "link"),   # 20:00 UTC is 00:30 the next day in Kabul
        (dt.date(2020, 1, 3), "url"),    # an unreadable date beside the link: the URL's
        (None, "")]                      # no 31 February: undated, never guessed
    assert read.next_url == "http://h.example/a/page/2/"


def test_section_crawl_profile_fields_are_checked():
    with pytest.raises(ProfileError, match="start_paths and link_xpath"):
        DiscoveryMethod("section_crawl", link_xpath="//a")
    with pytest.raises(ProfileError, match="year, month and day"):
        DiscoveryMethod("section_crawl", start_paths=["/"], link_xpath="//a", url_date_regex=r"/(\d{4})/")
    assert DiscoveryMethod("section_crawl", start_paths=["/x/"], link_xpath="//a").start_paths == ("/x/",)


# -- The pipeline's date decision, a unit test of that one function (the HTML parser is built
# on another branch: the records' dates here are what a parser would report).
D = dt.date(2020, 1, 6)


@pytest.mark.parametrize("listed, published, expected", [
    ("2020-01-06", dt.date(2020, 1, 6), "keep"),        # dated by its listing, the document agrees
    ("2020-01-06", dt.date(2020, 1, 5), "keep"),        # ... disagrees: kept for the gate to quarantine
    ("2020-01-06", None, "keep"),                        # ... says nothing: the gate quarantines it too
    (None, dt.date(2020, 1, 6), "keep"),                 # undated, the document says D
    (None, dt.date(2020, 1, 3), "other_date"),           # undated, another day's article: left out
    (None, None, "no_date"),                             # no date anywhere: a failure
])
def test_date_decision(listed, published, expected):
    assert date_decision(listed, published, D) == expected


def test_undated_candidates_are_kept_dropped_or_failed_by_their_documents_date(darya, monkeypatch, newsmon_home):
    """parse_stage with a stand-in parser that reports constructed records: only D's are
    stored, another date's are listed apart, an undated one is a failure with its reason."""
    from newsmon import pipeline
    from newsmon.records import ArticleRecord
    from newsmon.staging import Staging

    dates = {"a": D, "b": dt.date(2020, 1, 3), "c": None, "d": dt.date(2020, 1, 2)}

    class StandIn:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def parse(self, data, *, url, canonical_url, profile, fetched_at, raw_ref):
            slug = url.rsplit("/", 1)[1]
            return ArticleRecord(article_id=slug * 32, source="darya", url=canonical_url, section=None,
                                 language="en", title=slug, author=None, published_date=dates[slug],
                                 original_published_date=None, body_text="text " * 50, raw_ref=raw_ref,
                                 fetched_at=fetched_at)

    monkeypatch.setattr(pipeline, "GuardedParser", StandIn)
    monkeypatch.setattr(pipeline, "read_record", lambda ref: type("R", (), {"body": b""})())
    docs = [{"url": f"http://m/{slug}", "canonical_url": f"https://www.darya-news.example/{slug}", "raw_ref": "x",
             "fetched_at": "2020-01-07T00:00:00+00:00", "date": "2020-01-06" if slug == "d" else None,
             "date_from": "link" if slug == "d" else ""} for slug in dates]
    staging = Staging("darya", D)
    staging.write_json(pipeline.FETCHED, docs)
    summary = pipeline.parse_stage(PROFILE, D)
    stored = staging.read_parquet(pipeline.ARTICLES)
    assert sorted(stored["title"]) == ["a", "d"]  # d: dated by its link, so the quality gate judges it
    assert (summary["parsed"], summary["other_dates"], summary["failures"]) == (2, 1, 1)
    assert staging.read_json(pipeline.OTHER_DATES) == [{"url": "https://www.darya-news.example/b",
                                                        "published_date": "2020-01-03"}]
    failures = staging.read_json("failures-parse.json")
    assert [(f["url"], f["error"]) for f in failures] == [("https://www.darya-news.example/c", NO_DATE)]
