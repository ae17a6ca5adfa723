"""The offline mirror of afgazad.com: committed corpus, site builder and loopback server.

Real files, a real HTTP server on 127.0.0.1; no LibreOffice needed (the PDFs are committed).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from lxml import html as lxml_html

from newsmon.records import ARTICLE_FIELDS, content_hash, count_words, make_article_id
from newsmon.sources.profile import load_profile
from newsmon.testing import CORPUS_DIR, MirrorServer, ensure_mirror
from newsmon.testing.mirror import listing_page_path

PROFILE = load_profile("afgazad")
# parse_warnings say what a parser could not establish: no fact of the document, no truth of it.
TRUTH_FIELDS = set(ARTICLE_FIELDS) - {"fetched_at", "raw_ref", "parse_warnings"} | {"producer", "tags"}


@pytest.fixture(scope="module")
def site(mirror_dir) -> Path:
    """The site as `newsmon mirror build` writes it (conftest's session build)."""
    return mirror_dir


@pytest.fixture(scope="module")
def manifest(site) -> dict:
    return json.loads((site / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server(mirror):
    return mirror


def _rel(path: str) -> str:
    return path.lstrip("/")


def _articles(site: Path, manifest: dict):
    for date, entry in manifest["dates"].items():
        day = dt.date.fromisoformat(date)
        for slug in entry["articles"]:
            pdf = site / _rel(day.strftime(PROFILE.discovery.article_path).replace("{slug}", slug))
            yield day, slug, pdf, json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))


def _get(url: str, headers: dict | None = None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def _page_text(pdf: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def _letters(text: str) -> str:
    """Letters only, presentation forms folded, Arabic yeh/kaf as Persian: a loose key."""
    text = unicodedata.normalize("NFKC", text).replace("\u064a", "\u06cc").replace("\u0643", "\u06a9")
    return "".join(ch for ch in text if unicodedata.category(ch).startswith("L"))


# --------------------------------------------------------------------------- the site


def test_site_has_dates_and_articles_by_profile_pattern(site, manifest):
    assert manifest["source"] == "afgazad"
    dated = {d: e for d, e in manifest["dates"].items() if e["articles"]}
    assert len(dated) >= 10
    for date, entry in dated.items():
        assert 5 <= len(entry["articles"]) <= 30, date
    for day, slug, pdf, truth in _articles(site, manifest):
        assert pdf.is_file(), pdf
        assert truth["url"] == PROFILE.article_url(day, slug)
        assert truth["url"].startswith("https://www.afgazad.com/")
    assert sum(len(e["articles"]) for e in manifest["dates"].values()) >= 65


def test_listing_pages_link_every_article_and_paginate(site, manifest):
    for date, entry in manifest["dates"].items():
        day = dt.date.fromisoformat(date)
        hrefs, page, n = [], 1, 0
        path = listing_page_path(PROFILE, day, 1)
        assert path == day.strftime(PROFILE.discovery.listing_path)
        while True:
            doc = lxml_html.fromstring((site / _rel(path)).read_bytes())
            links = doc.xpath(PROFILE.discovery.article_xpath)
            assert len(links) <= 5
            hrefs += [a.get("href") for a in links]
            for a in links:
                assert a.text_content().strip()
            n += 1
            nxt = doc.xpath(PROFILE.discovery.next_page_xpath)
            if not nxt:
                break
            page += 1
            path = str(Path(path).parent / nxt[0])
            assert path == listing_page_path(PROFILE, day, page)
        assert n == entry["listing_pages"]
        expected = {day.strftime(PROFILE.discovery.article_path).replace("{slug}", s) for s in entry["articles"]}
        expected |= {f["url_path"] for f in entry["failures"]}
        assert set(hrefs) == expected
        assert len(hrefs) == len(expected)
    front = lxml_html.fromstring((site / _rel(PROFILE.discovery.front_page)).read_bytes())
    linked = set(front.xpath("//a/@href"))
    for date in manifest["dates"]:
        assert dt.date.fromisoformat(date).strftime(PROFILE.discovery.listing_path) in linked
    assert "Disallow: /private/" in (site / "robots.txt").read_text()


def test_empty_listing_beyond_the_corpus(site, manifest):
    assert manifest["dates"]["2020-01-13"] == {"articles": [], "failures": [], "listing_pages": 1}
    doc = lxml_html.fromstring((site / "archive/2020/01/13/index.html").read_bytes())
    assert doc.xpath("//ul[@class='articles']")
    assert doc.xpath(PROFILE.discovery.article_xpath) == []


# --------------------------------------------------------------------------- ground truth


def test_every_pdf_has_consistent_ground_truth(site, manifest):
    languages = Counter()
    producers = Counter()
    for day, slug, pdf, t in _articles(site, manifest):
        assert TRUTH_FIELDS <= set(t), (slug, TRUTH_FIELDS - set(t))
        assert t["source"] == "afgazad"
        assert t["article_id"] == make_article_id("afgazad", t["url"])
        assert t["published_date"] == day.isoformat()
        assert t["published_date_raw"]
        if t["original_published_date"] is not None:
            dt.date.fromisoformat(t["original_published_date"])
        assert t["language"] in {"en", "de", "fr", "fa", "ps"}
        assert t["section"] in PROFILE.section_names()
        assert t["title"] and "\n" not in t["title"] and "  " not in t["title"]
        assert t["author"] is None or not re.match(r"(By|Von|Par|نویسنده:|لیکوال:)\s", t["author"])
        body = t["body_text"]
        assert body == unicodedata.normalize("NFC", body)
        assert "\n\n\n" not in body and body.strip() == body
        assert t["word_count"] == count_words(body) > 0
        assert t["content_sha256"] == content_hash(body)
        assert all(c and c not in body for c in t["captions"])
        assert t["producer"] in {"libreoffice", "reportlab"}
        assert isinstance(t["tags"], list)
        languages[t["language"]] += 1
        producers[(t["language"], t["producer"])] += 1
    assert set(languages) == {"en", "de", "fr", "fa", "ps"}
    for lang in ("en", "fa", "ps"):
        assert producers[(lang, "reportlab")] >= 2


def test_committed_corpus_matches_the_mirror(manifest):
    slugs = {(p.parent.name, p.stem) for p in CORPUS_DIR.glob("*/*.pdf")}
    listed = {(d, s) for d, e in manifest["dates"].items() for s in e["articles"]}
    assert slugs == listed
    size = sum(p.stat().st_size for p in CORPUS_DIR.rglob("*") if p.is_file())
    assert size < 20 * 1024 * 1024


def test_every_pdf_opens_and_shows_its_title(site, manifest):
    multipage = Counter()
    for day, slug, pdf, t in _articles(site, manifest):
        assert pdf.read_bytes()[:5] == b"%PDF-"
        pages = _page_text(pdf)
        assert pages, slug
        if len(pages) > 1:
            multipage[t["language"]] += 1
        first = pages[0]
        if t["language"] in ("fa", "ps"):
            have = _letters(first)
            for word in t["title"].split()[:3]:
                assert _letters(word) in have, (slug, word)
        else:
            norm = " ".join(first.replace("\ufffe", "-").split())
            assert " ".join(t["title"].split()[:4]) in norm, slug
    for lang in ("fa", "ps", "en", "de"):
        assert multipage[lang] >= 1, lang


def test_corpus_covers_the_layouts_a_parser_must_survive(site, manifest):
    tags = Counter(tag for *_, t in _articles(site, manifest) for tag in t["tags"])
    for tag in ("multipage:3+", "caption", "solar_hijri", "original_date", "no_author", "bare_byline",
                "page_break:mid_paragraph", "page_break:capitalised", "page_break:hyphenated_word",
                "line_break:hyphenated_word", "latin_in_rtl", "adversarial:short", "adversarial:umlauts",
                "adversarial:pashto_letters", "adversarial:title_digits", "adversarial:body_date",
                "adversarial:byline_like_paragraph"):
        assert tags[tag] >= 1, tag
    assert sum(n for tag, n in tags.items() if tag.startswith("adversarial:")) >= 10


def test_solar_hijri_header_dates_are_correct(site, manifest):
    months = {
        "fa": "حمل ثور جوزا سرطان اسد سنبله میزان عقرب قوس جدی دلو حوت".split(),
        "ps": "وری غویی غبرګولی چنګاښ زمری وږی تله لړم لیندۍ مرغومی سلواغه کب".split(),
    }
    digits = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    seen = 0
    for day, slug, pdf, t in _articles(site, manifest):
        if "solar_hijri" not in t["tags"]:
            assert t["published_date_raw"] == day.strftime("%d.%m.%Y")
            continue
        d, month, y = t["published_date_raw"].split()
        m = months[t["language"]].index(month) + 1
        # 1398 Jadi 11 = 2020-01-01; Jadi has 30 days, Dalv starts 2020-01-21
        base = dt.date(2020, 1, 1) - dt.timedelta(days=10)  # 1 Jadi 1398
        assert (int(y.translate(digits)), m) == (1398, 10)
        assert base + dt.timedelta(days=int(d.translate(digits)) - 1) == day, slug
        seen += 1
    assert seen >= 5


# --------------------------------------------------------------------------- the server


def test_server_serves_pdf_with_headers_and_304(server, manifest):
    day, slug = "2020-01-01", manifest["dates"]["2020-01-01"]["articles"][0]
    path = dt.date.fromisoformat(day).strftime(PROFILE.discovery.article_path).replace("{slug}", slug)
    status, headers, body = _get(server.base_url + path)
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert int(headers["Content-Length"]) == len(body) and body[:5] == b"%PDF-"
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")
    status, _, body = _get(server.base_url + path, {"If-None-Match": etag})
    assert status == 304 and body == b""
    status, _, _ = _get(server.base_url + path, {"If-Modified-Since": last_modified})
    assert status == 304
    status, _, _ = _get(server.base_url + path, {"If-None-Match": '"something-else"'})
    assert status == 200
    status, headers, _ = _get(server.base_url + path.replace(".pdf", ".json"))
    assert status == 200 and headers["Content-Type"] == "application/json"
    status, headers, _ = _get(server.base_url + "/index.html")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert any(r[1] == path and r[2] == 304 and r[3] == 0 for r in server.requests)
    assert any(r[1] == path and r[2] == 200 and r[3] > 1000 for r in server.requests)


def test_listed_failures_behave_as_listed(server, manifest):
    failures = manifest["dates"]["2020-01-07"]["failures"]
    assert {f["kind"] for f in failures} == {"http_404", "not_a_pdf"}
    for failure in failures:
        status, headers, body = _get(server.base_url + failure["url_path"])
        if failure["kind"] == "http_404":
            assert status == 404
        else:
            assert status == 200 and not body.startswith(b"%PDF") and b"<html" in body
        status, _, _ = _get(server.base_url + failure["url_path"].replace(".pdf", ".json"))
        assert status == 404
    other = [e["failures"] for d, e in manifest["dates"].items() if d != "2020-01-07"]
    assert all(f == [] for f in other)


def test_server_refuses_to_leave_its_directory(server):
    status, _, _ = _get(server.base_url + "/../../../../etc/passwd")
    assert status == 404
    status, _, _ = _get(server.base_url + "/%2e%2e/%2e%2e/etc/passwd")
    assert status == 404


def test_ensure_mirror_builds_once(tmp_path):
    target = tmp_path / "site"
    assert ensure_mirror(target) == target
    stamp = (target / "manifest.json").stat().st_ctime_ns
    assert ensure_mirror(target) == target
    assert (target / "manifest.json").stat().st_ctime_ns == stamp
    with MirrorServer(ensure_mirror(), port=0) as srv:
        status, _, body = _get(srv.base_url + "/robots.txt")
        assert status == 200 and b"Disallow: /private/" in body
