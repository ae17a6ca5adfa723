"""`newsmon discover`: a dry run of discovery that fetches no article (the mirror's log shows it)."""

from __future__ import annotations

import json
import re

from newsmon.cli import main
from newsmon.testing.mirror import load_ground_truth
from newsmon.testing import darya as site


def _requests(server) -> list[str]:
    return [path for _, path, _, _ in server.requests]


def test_dry_run_lists_candidates_with_method_and_metadata_and_fetches_no_article(darya, capsys, newsmon_home):
    darya.clear_requests()
    assert main(["discover", "--source", "darya", "--date", "2020-01-06", "--base-url", darya.base_url]) == 0
    out = capsys.readouterr().out
    asked = _requests(darya)
    articles = {rec["url"].removeprefix(site.BASE_URL) for day in load_ground_truth(site.CORPUS_DIR).values()
                for rec in day}
    assert asked and not set(asked) & articles  # robots.txt, section pages, feed and sitemap only
    assert all(p == "/robots.txt" or re.match(r"/(news|culture|opinion)/(page/\d+/)?$", p)
               or p in ("/rss.xml", "/sitemaps/news.xml") for p in asked), asked
    for rec in load_ground_truth(site.CORPUS_DIR)[__import__("datetime").date(2020, 1, 6)]:
        assert darya.base_url + rec["url"].removeprefix(site.BASE_URL) in out
        assert rec["title"] in out  # the link text
    assert "section_crawl 2020-01-06 (link)" in out and "(url)" in out and "undated (the document will tell)" in out
    assert re.search(r"\d+ candidate\(s\) on \d+ page\(s\): section_crawl:/news/,/culture/,/opinion/=\d+", out)


def test_dry_run_json_and_escaped_text(darya, capsys, newsmon_home, monkeypatch):
    darya.clear_requests()
    assert main(["discover", "--source", "darya", "--date", "2020-01-05", "--base-url", darya.base_url,
                 "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    by_url = {c["canonical_url"]: c for c in found["candidates"]}
    opinion = [c for c in by_url.values() if "/opinion/view-on-exam-dates" in c["url"]]
    assert [(c["method"], c["date"], c["date_from"]) for c in opinion] == [("section_crawl", "2020-01-05", "feed")]
    assert found["failures"] == [] and found["pages_read"] >= 3
    assert not [p for p in _requests(darya) if p.endswith(".html") or re.search(r"/\d{4}/\d{2}/\d{2}/", p)]

    # Link text from a page goes through the same escaping as every other CLI output.
    from newsmon.sources import discovery

    real = discovery.discover

    def hostile(*args, **kwargs):
        result = real(*args, **kwargs)
        result.candidates[0].link_text = "evil\x1b]0;title\x07text"
        return result

    monkeypatch.setattr(discovery, "discover", hostile)
    assert main(["discover", "--source", "darya", "--date", "2020-01-05", "--base-url", darya.base_url]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "evil" in out


def test_dry_run_refuses_a_bad_base_url(capsys, newsmon_home):
    assert main(["discover", "--source", "darya", "--date", "2020-01-05", "--base-url", "ftp://x"]) == 1
    assert "refused" in capsys.readouterr().err
