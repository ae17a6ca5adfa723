"""Discovery and fetching against the mirror served on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json

from newsmon.crawl.archive import WarcArchive, iter_responses, read_record
from newsmon.crawl.fetcher import Fetcher
from newsmon.sources import load_profile
from newsmon.sources.discovery import discover

PROFILE = load_profile("afgazad")


def _manifest(mirror_dir):
    return json.loads((mirror_dir / "manifest.json").read_text(encoding="utf-8"))


def test_discovery_follows_pagination_and_finds_every_article(mirror, mirror_dir):
    manifest = _manifest(mirror_dir)
    day, info = next((d, i) for d, i in manifest["dates"].items() if i["listing_pages"] > 1)
    result = discover(PROFILE, dt.date.fromisoformat(day), Fetcher(PROFILE, base_url=mirror.base_url), mirror.base_url, mirror=True)
    slugs = [c.url.rsplit("/", 1)[1].removesuffix(".pdf") for c in result.candidates]
    assert sorted(slugs) == sorted(info["articles"])
    assert result.pages_read == info["listing_pages"]
    assert result.failures == []
    # Candidates are fetched from the mirror but keep the source's own URL as identity.
    assert all(c.canonical_url.startswith("https://www.afgazad.com/pdf/") for c in result.candidates)


def test_a_listing_that_links_nowhere_and_a_missing_listing_give_zero(mirror, mirror_dir):
    fetcher = Fetcher(PROFILE, base_url=mirror.base_url)
    empty_day = max(dt.date.fromisoformat(d) for d in _manifest(mirror_dir)["dates"])
    for day in (empty_day, dt.date(2019, 6, 1)):
        result = discover(PROFILE, day, fetcher, mirror.base_url, mirror=True)
        assert (result.candidates, result.failures) == ([], [])


def test_fetch_archives_every_response_as_warc(mirror, mirror_dir, tmp_path):
    manifest = _manifest(mirror_dir)
    day = next(d for d, i in manifest["dates"].items() if i["articles"])
    with WarcArchive(tmp_path / "day.warc.gz") as archive:
        fetcher = Fetcher(PROFILE, archive, base_url=mirror.base_url)
        found = discover(PROFILE, dt.date.fromisoformat(day), fetcher, mirror.base_url, mirror=True)
        results = [fetcher.get(c.url) for c in found.candidates]
    assert all(r.ok and r.body.startswith(b"%PDF-") for r in results)
    again = read_record(results[0].raw_ref)
    assert (again.url, again.status, again.body) == (results[0].url, 200, results[0].body)
    archived = list(iter_responses(tmp_path / "day.warc.gz"))
    assert {r.url for r in archived} >= {r.url for r in results}


def test_fetch_refuses_other_hosts_and_reports_http_errors(mirror):
    fetcher = Fetcher(PROFILE, base_url=mirror.base_url)
    refused = fetcher.get("http://example.org/pdf/x.pdf")
    assert not refused.ok and "host not allowed" in refused.error
    missing = fetcher.get(mirror.base_url + "/pdf/2020/01/07/no-such-article.pdf")
    assert (missing.status, missing.error) == (404, "HTTP 404")
    assert fetcher.get(mirror.base_url + "/private/x.pdf").error == "disallowed by robots.txt"
