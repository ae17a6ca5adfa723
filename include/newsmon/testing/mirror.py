"""Lay the committed corpus out as a static copy of afgazad.com.

    build_mirror(out_dir) -> manifest

Paths come from the source profile (``discovery.front_page``, ``listing_path``,
``article_path``), so the mirror follows the profile if the patterns change:

    /index.html                              front page linking every date's listing
    <listing_path of date>                   e.g. /archive/2020/01/01/index.html
    <listing dir>/index-2.html, ...          further pages when a date has > 5 articles
    <article_path of date, slug>             e.g. /pdf/2020/01/01/<slug>.pdf
    <same, .json>                            its ground truth (ArticleRecord fields)
    /robots.txt                              allow all but /private/
    /manifest.json                           dates -> article slugs and deliberate failures
    /sitemap_index.xml                       sitemap index -> the two kinds of sitemap below
    /sitemaps/news.xml                       Google news sitemap: every article, news:publication_date
    /sitemaps/pages-YYYY-MM.xml.gz           gzipped url set of a month: listing pages and articles, lastmod
    /feed.atom, /rss.xml                     Atom 1.0 and RSS 2.0 feeds of every article

Sitemaps and feeds list the same links as the listing pages (the deliberate failures too),
under the source's own URLs (https://www.afgazad.com/...), as a real site would. Their times
are wall-clock times in Kabul; the first article of every date is dated 00:15 there, which is
the evening before in UTC, so a reader that takes the UTC date gets it wrong.

Deliberate bad inputs: on 2020-01-07 the listing also links a PDF path that does not
exist (HTTP 404) and a ``.pdf`` that is an HTML page (``not_a_pdf``); 2020-01-13, beyond
the corpus, has a listing page with no articles.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import hashlib
import html
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from newsmon.sources.profile import SourceProfile, load_profile

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
PAGE_SIZE = 5
FAILURE_DATE = dt.date(2020, 1, 7)
EMPTY_DATE = dt.date(2020, 1, 13)
MISSING_SLUG = "missing-article"  # linked, never written: 404
NOT_A_PDF_SLUG = "not-really-a-pdf"  # an HTML error page saved under a .pdf name
MIRROR_FORMAT = 2
SITEMAP_INDEX = "/sitemap_index.xml"
NEWS_SITEMAP = "/sitemaps/news.xml"
PAGES_SITEMAP = "/sitemaps/pages-%Y-%m.xml.gz"  # strftime: one per month
ATOM_FEED = "/feed.atom"
RSS_FEED = "/rss.xml"

_SITE_TITLE = "افغانستان آزاد – آزاد افغانستان"
_STYLE = """body{font-family:'Noto Naskh Arabic','Liberation Serif',serif;margin:0;background:#f4f1ea;color:#222}
header{background:#1f3b73;color:#fff;text-align:center;padding:12px}header h1{margin:0;font-size:28px}
header .mark{color:#f5c542;font-weight:bold}main{max-width:760px;margin:20px auto;background:#fff;padding:16px 24px}
ul.articles li{margin:6px 0}nav{margin-top:16px}footer{text-align:center;font-size:12px;color:#666;padding:12px}
[dir=rtl]{text-align:right}"""


def load_ground_truth(corpus_dir: Path = CORPUS_DIR) -> dict[dt.date, list[dict[str, Any]]]:
    """The corpus ground truth by publication date, articles ordered by slug."""
    out: dict[dt.date, list[dict[str, Any]]] = {}
    for day_dir in sorted(p for p in corpus_dir.iterdir() if p.is_dir()):
        day = dt.date.fromisoformat(day_dir.name)
        out[day] = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(day_dir.glob("*.json"))]
    return out


def corpus_digest(corpus_dir: Path = CORPUS_DIR, builder: str = f"format {MIRROR_FORMAT}") -> str:
    """Hash of the corpus files (names, sizes, contents) and of the builder's format, to tell
    stale builds apart."""
    h = hashlib.sha256(f"{builder}\n".encode())
    for path in sorted(corpus_dir.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(corpus_dir)).encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _rel(path: str) -> PurePosixPath:
    return PurePosixPath(path.lstrip("/"))


def listing_page_path(profile: SourceProfile, day: dt.date, page: int) -> str:
    """Site path of page `page` (1-based) of a date's listing: index.html, index-2.html, ..."""
    first = PurePosixPath(day.strftime(profile.discovery.listing_path))
    if page == 1:
        return str(first)
    return str(first.with_name(f"{first.stem}-{page}{first.suffix}"))


def article_path(profile: SourceProfile, day: dt.date, slug: str) -> str:
    return day.strftime(profile.discovery.article_path).replace("{slug}", slug)


def _page(title: str, body: str, lang: str = "fa", direction: str = "rtl") -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<header><h1>{html.escape(_SITE_TITLE)}</h1><div class="mark">AA-AA</div></header>
<main>
{body}
</main>
<footer dir="ltr">www.afgazad.com · afgazad@gmail.com</footer>
</body>
</html>
"""


def _fa_date(day: dt.date) -> str:
    return day.isoformat()


def _write(path: Path, text: str | bytes, mtime: dt.datetime) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    stamp = mtime.replace(tzinfo=dt.UTC).timestamp()
    os.utime(path, (stamp, stamp))


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0))


def build_mirror(out_dir: Path, profile: SourceProfile | None = None, corpus_dir: Path = CORPUS_DIR) -> dict[str, Any]:
    """Write the static site into `out_dir` (replacing what a previous build wrote) and
    return the manifest. File times are fixed (publication day, noon UTC), so two builds
    of the same corpus serve the same Last-Modified and ETag values."""
    profile = profile or load_profile("afgazad")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("index.html", "robots.txt", "manifest.json", *(p.lstrip("/") for p in (SITEMAP_INDEX, ATOM_FEED,
                                                                                          RSS_FEED))):
        (out_dir / name).unlink(missing_ok=True)
    shutil.rmtree(out_dir / "sitemaps", ignore_errors=True)
    for top in {_rel(profile.discovery.listing_path).parts[0], _rel(profile.discovery.article_path).parts[0]}:
        if "%" not in top and "{" not in top and (out_dir / top).is_dir():
            shutil.rmtree(out_dir / top)

    truth = load_ground_truth(corpus_dir)
    days = sorted(truth) + [EMPTY_DATE]
    manifest: dict[str, Any] = {"source": profile.name, "corpus_digest": corpus_digest(corpus_dir),
                                "page_size": PAGE_SIZE, "dates": {}}
    site_stamp = _noon(days[-1])
    linked: dict[dt.date, list[tuple[str, str, str]]] = {}

    for day in days:
        articles = truth.get(day, [])
        entries: list[tuple[str, str, str]] = []  # (href, link text, lang)
        for rec in articles:
            slug = PurePosixPath(rec["url"]).stem
            path = article_path(profile, day, slug)
            src = corpus_dir / day.isoformat() / f"{slug}.pdf"
            _write(out_dir / _rel(path), src.read_bytes(), _noon(day))
            _write(out_dir / _rel(path).with_suffix(".json"),
                   json.dumps(rec, ensure_ascii=False, indent=2) + "\n", _noon(day))
            entries.append((path, rec["title"], rec["language"]))
        failures = []
        if day == FAILURE_DATE:
            missing = article_path(profile, day, MISSING_SLUG)
            fake = article_path(profile, day, NOT_A_PDF_SLUG)
            _write(out_dir / _rel(fake), _page("خطا – Error", "<h2 dir=\"ltr\">Document not available</h2>"
                                                "<p dir=\"rtl\">سند مورد نظر در دسترس نیست.</p>"), _noon(day))
            entries.insert(2, (missing, "گزارش ویژه: سندی که دیگر وجود ندارد", "fa"))
            entries.append((fake, "Special report: the document that is not a PDF", "en"))
            failures = [{"url_path": missing, "kind": "http_404"}, {"url_path": fake, "kind": "not_a_pdf"}]
        linked[day] = entries
        pages = [entries[i:i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]
        for n, chunk in enumerate(pages, start=1):
            items = "\n".join(
                f'  <li dir="{"rtl" if lang in ("fa", "ps") else "ltr"}" lang="{lang}">'
                f'<a href="{html.escape(href)}">{html.escape(text)}</a></li>'
                for href, text, lang in chunk
            )
            nav = []
            if n > 1:
                prev = PurePosixPath(listing_page_path(profile, day, n - 1)).name
                nav.append(f'<a rel="prev" href="{prev}">صفحهٔ قبلی – previous</a>')
            if n < len(pages):
                nxt = PurePosixPath(listing_page_path(profile, day, n + 1)).name
                nav.append(f'<a rel="next" href="{nxt}">صفحهٔ بعدی – next</a>')
            body = (
                f'<h2>آرشیف <span dir="ltr">{day.isoformat()}</span></h2>\n'
                f'<p class="page">صفحه {n} / {len(pages)}</p>\n'
                f'<ul class="articles">\n{items}\n</ul>\n'
                f'<nav>{" ".join(nav)}</nav>\n<p><a href="/index.html">صفحهٔ اول</a></p>'
            )
            _write(out_dir / _rel(listing_page_path(profile, day, n)),
                   _page(f"{_SITE_TITLE} – {day.isoformat()}", body), _noon(day))
        manifest["dates"][day.isoformat()] = {
            "articles": [PurePosixPath(rec["url"]).stem for rec in articles],
            "failures": failures,
            "listing_pages": len(pages),
        }

    links = "\n".join(
        f'  <li><a dir="ltr" href="{html.escape(day.strftime(profile.discovery.listing_path))}">'
        f'{day.isoformat()}</a></li>'
        for day in reversed(days)
    )
    _write(out_dir / _rel(profile.discovery.front_page),
           _page(_SITE_TITLE, f"<h2>آرشیف مقالات</h2>\n<ul class=\"dates\">\n{links}\n</ul>"), site_stamp)
    _write(out_dir / "robots.txt", "User-agent: *\nDisallow: /private/\nAllow: /\n", site_stamp)
    manifest["feeds"] = write_sitemaps_and_feeds(out_dir, profile, linked, site_stamp)
    _write(out_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", site_stamp)
    return manifest


KABUL = ZoneInfo("Asia/Kabul")


def published_at(day: dt.date, position: int) -> dt.datetime:
    """When the mirror says the `position`-th link of a date went out, Kabul time: the first at
    00:15 (still the day before in UTC), the others from 08:00 every 25 minutes."""
    if position == 0:
        return dt.datetime.combine(day, dt.time(0, 15), KABUL)
    return dt.datetime.combine(day, dt.time(8, 0), KABUL) + dt.timedelta(minutes=25 * (position - 1))


def write_sitemaps_and_feeds(out_dir: Path, profile: SourceProfile, linked: dict[dt.date, list[tuple[str, str, str]]],
                             stamp: dt.datetime) -> dict[str, str]:
    """A sitemap index, a news sitemap, monthly gzipped url sets and Atom/RSS feeds of the links
    of every date (`linked`: date -> (site path, title, language)); returns their site paths."""
    root = profile.root()
    items = [(day, published_at(day, i), root + path.lstrip("/"), title, lang)
             for day, entries in sorted(linked.items()) for i, (path, title, lang) in enumerate(entries)]
    esc = html.escape

    news = "".join(
        f"<url><loc>{esc(url)}</loc><news:news><news:publication><news:name>{esc(profile.title)}</news:name>"
        f"<news:language>{lang}</news:language></news:publication>"
        f"<news:publication_date>{when.isoformat()}</news:publication_date>"
        f"<news:title>{esc(title)}</news:title></news:news></url>\n" for _, when, url, title, lang in items)
    _write(out_dir / _rel(NEWS_SITEMAP),
           '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + news + "</urlset>\n", stamp)

    months: dict[str, list[str]] = {}
    for day in sorted(linked):
        months.setdefault(day.strftime(PAGES_SITEMAP), []).append(
            f"<url><loc>{esc(root + listing_page_path(profile, day, 1).lstrip('/'))}</loc>"
            f"<lastmod>{day.isoformat()}</lastmod></url>\n")
    for day, when, url, _, _ in items:
        utc = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        months[day.strftime(PAGES_SITEMAP)].append(f"<url><loc>{esc(url)}</loc><lastmod>{utc}</lastmod></url>\n")
    index = []
    for path, urls in months.items():
        xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
               + "".join(urls) + "</urlset>\n")
        _write(out_dir / _rel(path), gzip.compress(xml.encode(), mtime=0), stamp)
        index.append(path)
    index.append(NEWS_SITEMAP)
    _write(out_dir / _rel(SITEMAP_INDEX),
           '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           + "".join(f"<sitemap><loc>{esc(root + path.lstrip('/'))}</loc><lastmod>{stamp.date().isoformat()}</lastmod>"
                     "</sitemap>\n" for path in index) + "</sitemapindex>\n", stamp)

    updated = stamp.replace(tzinfo=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    atom = "".join(
        f'<entry><id>{esc(url)}</id><title>{esc(title)}</title><link rel="alternate" href="{esc(url)}"/>'
        f'<published>{when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}</published>'
        f'<updated>{updated}</updated></entry>\n' for _, when, url, title, _ in items)
    _write(out_dir / _rel(ATOM_FEED),
           f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
           f'<id>{esc(root)}</id><title>{esc(profile.title)}</title><updated>{updated}</updated>'
           f'<link rel="self" href="{esc(root + ATOM_FEED.lstrip("/"))}"/>\n{atom}</feed>\n', stamp)
    rss = "".join(
        f"<item><title>{esc(title)}</title><link>{esc(url)}</link><guid>{esc(url)}</guid>"
        f"<pubDate>{email.utils.format_datetime(when)}</pubDate></item>\n" for _, when, url, title, _ in items)
    _write(out_dir / _rel(RSS_FEED),
           f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{esc(profile.title)}</title>'
           f'<link>{esc(root)}</link><description>{esc(profile.title)}</description>\n{rss}</channel></rss>\n', stamp)
    return {"sitemap_index": SITEMAP_INDEX, "news_sitemap": NEWS_SITEMAP, "pages_sitemap": PAGES_SITEMAP,
            "atom": ATOM_FEED, "rss": RSS_FEED}


def build_mirror_atomic(out_dir: Path, profile: SourceProfile | None = None, *,
                        builder: Callable[[Path], dict[str, Any]] | None = None) -> dict[str, Any]:
    """Build into a sibling temp dir, then move it into place (for shared cache dirs);
    `builder(dir)` builds another source's mirror (default: afgazad's, by `profile`)."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=out_dir.name + ".", dir=out_dir.parent))
    try:
        manifest = builder(tmp) if builder else build_mirror(tmp, profile)
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=out_dir.name + ".old.", dir=out_dir.parent))
            os.replace(out_dir, old / "x")
            shutil.rmtree(old, ignore_errors=True)
        os.replace(tmp, out_dir)
        return manifest
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m newsmon.testing.mirror")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="write the mirror site into DIR")
    b.add_argument("dir", type=Path)
    s = sub.add_parser("serve", help="serve the mirror on 127.0.0.1 (built on the fly without --dir)")
    s.add_argument("--dir", type=Path)
    s.add_argument("--port", type=int, default=8000)
    args = ap.parse_args(argv)
    if args.cmd == "build":
        manifest = build_mirror(args.dir)
        n = sum(len(d["articles"]) for d in manifest["dates"].values())
        print(f"mirror of {n} articles over {len(manifest['dates'])} dates written to {args.dir}")
        return 0
    from newsmon.testing.server import ensure_mirror, serve_forever

    serve_forever(ensure_mirror(args.dir), args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
