"""Lay the committed Darya News corpus out as a static copy of www.darya-news.example.

    build_mirror(out_dir) -> manifest

Darya News is fictional: a multilingual (English, Dari, Pashto) HTML news site, the mirror's
second source, which lists its articles by section rather than by date. Its article pages and
their ground truth are committed in ``corpus_darya/`` (made by ``tools/corpus/darya.py``); this
module builds the rest of the site from them:

    /<url path of each article>          news/%Y/%m/%d/<slug>.html, culture/%Y/%m/%d/<slug>/,
                                         opinion/<slug>-<n>.html (no date in the URL)
    <same, .json> (index.json for a dir) its ground truth (ArticleRecord fields)
    /<section>/, /<section>/page/N/      paginated section pages, newest first, PAGE_SIZE links
                                         each; news links carry a <time datetime> beside them,
                                         culture and opinion links carry no date
    /index.html                          front page: the latest articles
    /rss.xml                             RSS 2.0 feed of every article
    /sitemaps/news.xml                   Google news sitemap of every article
    /robots.txt, /manifest.json

Times are Kabul wall-clock times; the first article of a date goes out at 00:15 there, the
evening before in UTC. Every section page also shows a "most read" box and navigation whose
links are not articles of the page (what the profile's link XPath must not pick up).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import os
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

from newsmon.testing import mirror

CORPUS_DIR = Path(__file__).resolve().parent / "corpus_darya"
SOURCE = "darya"
BASE_URL = "https://www.darya-news.example"
PAGE_SIZE = 4
SECTIONS = ("news", "culture", "opinion")
DATED_LINK_SECTIONS = ("news",)  # sections whose links carry a date beside them
RSS_FEED = "/rss.xml"
NEWS_SITEMAP = "/sitemaps/news.xml"
MIRROR_FORMAT = 1
_LABELS = {"news": "News · خبرها · خبرونه", "culture": "Culture · فرهنگ · کلتور", "opinion": "Opinion · دیدگاه · نظر"}


def corpus_digest(corpus_dir: Path = CORPUS_DIR) -> str:
    """Hash of the corpus files and of this builder's format, to tell stale builds apart."""
    return mirror.corpus_digest(corpus_dir, builder=f"darya format {MIRROR_FORMAT}")


def articles(corpus_dir: Path = CORPUS_DIR) -> list[dict[str, Any]]:
    """Every article's ground truth plus its page path, slug and corpus file, newest first."""
    out = []
    for truth in sorted(corpus_dir.glob("*/*.json")):
        rec = json.loads(truth.read_text(encoding="utf-8"))
        path = rec["url"].removeprefix(BASE_URL)
        out.append({**rec, "path": path, "slug": truth.stem, "html": truth.with_suffix(".html")})
    return sorted(out, key=lambda a: a["published_at"], reverse=True)


def _page_file(path: str) -> str:
    """The file a URL path is served from: a directory URL from its index.html."""
    rel = path.lstrip("/")
    return rel + "index.html" if rel.endswith("/") else rel


def truth_file(path: str) -> str:
    """Where the ground truth of the page at `path` lies: beside it, .json for .html."""
    return str(PurePosixPath(_page_file(path)).with_suffix(".json"))


def section_page_path(section: str, page: int) -> str:
    return f"/{section}/" if page == 1 else f"/{section}/page/{page}/"


def _write(out_dir: Path, rel: str, data: str | bytes, stamp: dt.datetime) -> None:
    path = out_dir / rel.lstrip("/")
    if rel.endswith("/"):
        path = path / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    ts = stamp.astimezone(dt.UTC).timestamp()
    os.utime(path, (ts, ts))


def _when(article: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(article["published_at"])


def _page(title: str, body: str) -> str:
    nav = "".join(f'<a href="/{s}/">{html.escape(_LABELS[s])}</a> ' for s in SECTIONS)
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head><meta charset="utf-8"><title>{html.escape(title)} – Darya News</title></head>
<body>
<div id="cookie-banner">We use cookies to remember your language. <button>Accept</button></div>
<header class="masthead"><a href="/">Darya News</a><nav class="menu">{nav}</nav></header>
<main>
{body}
</main>
<footer>© 2020 Darya News · <a href="/about/">About</a> · news@darya-news.example</footer>
</body>
</html>
"""


def _teaser(article: dict[str, Any], dated: bool) -> str:
    rtl = article["language"] != "en"
    time = (f'<time datetime="{article["published_at"]}">{html.escape(article["published_date_raw"])}</time>'
            if dated else "")
    summary = html.escape(article["body_text"].split("\n\n")[0][:140])
    return (f'<article class="teaser" lang="{article["language"]}" dir="{"rtl" if rtl else "ltr"}">'
            f'<h2><a href="{html.escape(article["path"])}">{html.escape(article["title"])}</a></h2>'
            f"{time}<p>{summary}</p></article>")


def _section_pages(out_dir: Path, section: str, items: list[dict[str, Any]],
                   most_read: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    pages = [items[i:i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]
    box = "".join(f'<li><a href="{html.escape(a["path"])}">{html.escape(a["title"])}</a></li>' for a in most_read)
    for n, chunk in enumerate(pages, start=1):
        nav = []
        if n > 1:
            nav.append(f'<a rel="prev" href="{section_page_path(section, n - 1)}">Newer</a>')
        if n < len(pages):
            nav.append(f'<a class="next" rel="next" href="{section_page_path(section, n + 1)}">Older</a>')
        teasers = "\n".join(_teaser(a, section in DATED_LINK_SECTIONS) for a in chunk)
        body = (f'<h1>{html.escape(_LABELS[section])}</h1>\n<div class="teasers">\n{teasers}\n</div>\n'
                f'<nav class="pagination">{" ".join(nav)}</nav>\n'
                f'<aside class="most-read"><h2>Most read</h2><ul>{box}</ul></aside>')
        stamp = _when(chunk[0]) if chunk else dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        _write(out_dir, section_page_path(section, n), _page(f"{_LABELS[section]} – page {n}", body), stamp)
    return pages


def build_mirror(out_dir: Path, corpus_dir: Path = CORPUS_DIR) -> dict[str, Any]:
    """Write the static site into `out_dir` (replacing a previous build) and return the manifest.
    File times are fixed (each article's publication time), so builds serve the same ETags."""
    out_dir = Path(out_dir)
    for top in (*SECTIONS, "sitemaps"):
        shutil.rmtree(out_dir / top, ignore_errors=True)
    items = articles(corpus_dir)
    stamp = _when(items[0])
    manifest: dict[str, Any] = {"source": SOURCE, "corpus_digest": corpus_digest(corpus_dir), "page_size": PAGE_SIZE,
                                "dated_link_sections": list(DATED_LINK_SECTIONS), "dates": {}, "sections": {}}
    for art in items:
        _write(out_dir, art["path"], art["html"].read_bytes(), _when(art))
        truth = {k: v for k, v in art.items() if k not in ("path", "slug", "html")}
        _write(out_dir, truth_file(art["path"]), json.dumps(truth, ensure_ascii=False, indent=2) + "\n", _when(art))
        day = manifest["dates"].setdefault(art["published_date"], {"articles": [], "paths": []})
        day["articles"].append(art["slug"])
        day["paths"].append(art["path"])
    for section in SECTIONS:
        pages = _section_pages(out_dir, section, [a for a in items if a["path"].startswith(f"/{section}/")],
                               items[5:8])
        manifest["sections"][section] = [[{"path": a["path"], "date": a["published_date"]} for a in page]
                                          for page in pages]
    front = "\n".join(_teaser(a, True) for a in items[:6])
    _write(out_dir, "/index.html", _page("Darya News", f'<div class="teasers">\n{front}\n</div>'), stamp)
    _write(out_dir, "/robots.txt", "User-agent: *\nDisallow: /private/\nDisallow: /search\nAllow: /\n", stamp)
    _write_feeds(out_dir, items, stamp)
    manifest["feeds"] = {"rss": RSS_FEED, "news_sitemap": NEWS_SITEMAP}
    _write(out_dir, "/manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", stamp)
    return manifest


def _write_feeds(out_dir: Path, items: list[dict[str, Any]], stamp: dt.datetime) -> None:
    """An RSS 2.0 feed and a Google news sitemap of every article, under the site's own URLs."""
    esc = html.escape
    rss = "".join(f"<item><title>{esc(a['title'])}</title><link>{esc(a['url'])}</link><guid>{esc(a['url'])}</guid>"
                  f"<pubDate>{email.utils.format_datetime(_when(a))}</pubDate></item>\n" for a in items)
    _write(out_dir, RSS_FEED, '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
           f"<title>Darya News</title><link>{BASE_URL}/</link><description>Darya News</description>\n{rss}"
           "</channel></rss>\n", stamp)
    news = "".join(
        f"<url><loc>{esc(a['url'])}</loc><news:news><news:publication><news:name>Darya News</news:name>"
        f"<news:language>{a['language']}</news:language></news:publication>"
        f"<news:publication_date>{a['published_at']}</news:publication_date>"
        f"<news:title>{esc(a['title'])}</news:title></news:news></url>\n" for a in items)
    _write(out_dir, NEWS_SITEMAP, '<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
           'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + news + "</urlset>\n", stamp)
