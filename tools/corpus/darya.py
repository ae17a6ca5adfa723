"""Generate the committed corpus of Darya News, the offline mirror's second (HTML) source.

    python -m tools.corpus.darya        # rewrites include/newsmon/testing/corpus_darya/

A dev-only step, like `tools.corpus.mirror` for afgazad: the article pages and their ground
truth are committed; tests build the rest of the site (sections, feeds, sitemaps) from them
(`newsmon.testing.darya`). Needs jdatetime (for the Solar Hijri datelines).

The articles come from `darya_src/articles.txt` (original text written for these tests). Each
page is drawn by one of three templates, so that no single extraction rule reads them all:

- A: JSON-LD NewsArticle + OpenGraph, `<h1>`, "By ..." byline, `<time datetime>` dateline;
- B: meta author and article:published_time (no JSON-LD), `<h1 class="headline">`, byline
  with a "Written by"/نویسنده:/لیکوال: prefix, figures with `<figcaption>`;
- C: no metadata in `<head>` but the title; the date only as a visible dateline (Solar Hijri
  for Dari and Pashto, with Iranian month names for Dari), the byline in a `<span>`.

Every page carries the boilerplate a real one does: a cookie banner, navigation, a breadcrumb,
related links, reader comments and a footer. The ground truth beside each page (`<slug>.json`)
has the ArticleRecord fields, computed from the spec, never read back from the HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import jdatetime

from newsmon.records import content_hash, count_words, make_article_id

ROOT = Path(__file__).resolve().parents[2]
SRC = Path(__file__).resolve().parent / "darya_src" / "articles.txt"
OUT = ROOT / "include" / "newsmon" / "testing" / "corpus_darya"
SOURCE = "darya"
BASE = "https://www.darya-news.example"
KABUL = ZoneInfo("Asia/Kabul")
# Where each section puts its articles: news and culture URLs carry the date, opinion's do not.
URL_LAYOUT = {"news": "/news/{y}/{m}/{d}/{slug}.html", "culture": "/culture/{y}/{m}/{d}/{slug}/",
              "opinion": "/opinion/{slug}-{n}.html"}
SECTION_NAMES = {"news": {"en": "News", "fa": "خبرها", "ps": "خبرونه"},
                 "culture": {"en": "Culture", "fa": "فرهنگ", "ps": "کلتور"},
                 "opinion": {"en": "Opinion", "fa": "دیدگاه", "ps": "نظر"}}
SITE_NAME = {"en": "Darya News", "fa": "خبرگزاری دریا", "ps": "د دریا خبري اژانس"}
BYLINE = {"A": {"en": "By ", "fa": "نوشتهٔ ", "ps": "لیکنه: "},
          "B": {"en": "Written by ", "fa": "نویسنده: ", "ps": "لیکوال: "},
          "C": {"en": "", "fa": "", "ps": ""}}
DARI_MONTHS = "حمل ثور جوزا سرطان اسد سنبله میزان عقرب قوس جدی دلو حوت".split()
IRANIAN_MONTHS = "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند".split()
PASHTO_MONTHS = "وری غویی غبرګولی چنګاښ زمری وږی تله لړم لیندۍ مرغومی سلواغه کب".split()
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
COMMENTS = {
    "en": [("Reader from Kabul", "Thank you for this report, we hear too little about such things."),
           ("Anonymous", "I hope someone follows this up in a month to see what changed.")],
    "fa": [("خواننده‌ای از هرات", "از این گزارش سپاسگزارم، کاش بیشتر از این خبرها بنویسید."),
           ("ناشناس", "امیدوارم یک ماه بعد دوباره ببینید چه تغییر کرده است.")],
    "ps": [("له کندهاره لوستونکی", "د دې راپور لپاره مننه، داسې خبرونه لږ اورو."),
           ("نامعلوم", "هیله ده چې یوه میاشت وروسته بیا وګورئ چې څه بدل شوي دي.")],
}


@dataclass
class Spec:
    slug: str
    date: dt.date
    lang: str
    section: str
    author: str | None
    template: str
    title: str
    blocks: list[tuple[str, str]]  # ("p", text) or ("img", caption)

    @property
    def paragraphs(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == "p"]

    @property
    def captions(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == "img"]


def read_specs(path: Path = SRC) -> list[Spec]:
    specs = []
    for chunk in re.split(r"^=== ", path.read_text(encoding="utf-8"), flags=re.M)[1:]:
        head, _, body = chunk.partition("\n---\n")
        lines = head.splitlines()
        fields = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        blocks = []
        for para in (p.strip() for p in body.split("\n\n") if p.strip()):
            blocks.append(("img", para[6:].strip()) if para.startswith("[img] ") else ("p", para))
        author = fields["author"].strip('"') or None
        specs.append(Spec(lines[0].strip(), dt.date.fromisoformat(fields["date"]), fields["lang"], fields["section"],
                          author, fields["template"], fields["title"], blocks))
    return specs


def published_at(spec: Spec, position: int) -> dt.datetime:
    """Kabul time: the day's first article at 00:15 (the evening before in UTC), then from 08:00."""
    if position == 0:
        return dt.datetime.combine(spec.date, dt.time(0, 15), KABUL)
    return dt.datetime.combine(spec.date, dt.time(8, 0), KABUL) + dt.timedelta(minutes=35 * (position - 1))


def url_path(spec: Spec, number: int) -> str:
    d = spec.date
    return URL_LAYOUT[spec.section].format(y=f"{d:%Y}", m=f"{d:%m}", d=f"{d:%d}", slug=spec.slug, n=number)


def dateline(spec: Spec) -> str:
    """The date as the page prints it: Gregorian in English, Solar Hijri in Dari and Pashto."""
    if spec.lang == "en":
        return f"{spec.date.day} {spec.date:%B %Y}"
    j = jdatetime.date.fromgregorian(date=spec.date)
    names = PASHTO_MONTHS if spec.lang == "ps" else IRANIAN_MONTHS if spec.template == "C" else DARI_MONTHS
    return f"{j.day} {names[j.month - 1]} {j.year}".translate(PERSIAN_DIGITS)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _direction(lang: str) -> str:
    return "ltr" if lang == "en" else "rtl"


def _head_meta(spec: Spec, when: dt.datetime, url: str) -> str:
    section = SECTION_NAMES[spec.section][spec.lang]
    if spec.template == "A":
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": spec.title,
              "datePublished": when.isoformat(), "inLanguage": spec.lang, "articleSection": section,
              "mainEntityOfPage": url, "publisher": {"@type": "Organization", "name": SITE_NAME["en"]}}
        if spec.author:
            ld["author"] = {"@type": "Person", "name": spec.author}
        return (f'<meta property="og:title" content="{_e(spec.title)}">\n<meta property="og:type" content="article">\n'
                f'<meta property="og:url" content="{_e(url)}">\n<meta property="og:site_name" content="{SITE_NAME["en"]}">\n'
                f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
    if spec.template == "B":
        author = f'<meta name="author" content="{_e(spec.author)}">\n' if spec.author else ""
        return (f'{author}<meta property="article:published_time" content="{when.isoformat()}">\n'
                f'<meta property="article:section" content="{_e(section)}">')
    return ""


def _body_html(spec: Spec) -> str:
    out = []
    for kind, text in spec.blocks:
        if kind == "img":
            img = f"/media/{spec.slug}-{len(out)}.jpg"
            out.append(f'<figure class="photo"><img src="{img}" alt=""><figcaption>{_e(text)}</figcaption></figure>'
                       if spec.template != "C" else
                       f'<div class="photo"><img src="{img}" alt=""><p class="caption">{_e(text)}</p></div>')
        else:
            out.append(f"<p>{_e(text)}</p>")
    return "\n".join(out)


def _byline(spec: Spec) -> str:
    if not spec.author:
        return ""
    prefix = BYLINE[spec.template][spec.lang]
    if spec.template == "C":
        return f'<span class="writer">{_e(spec.author)}</span> · '
    return f'<p class="byline">{_e(prefix)}<a rel="author" href="/authors/{zlib.crc32(spec.author.encode()) % 97}/">' \
           f"{_e(spec.author)}</a></p>"


def _article(spec: Spec, when: dt.datetime) -> str:
    shown = _e(dateline(spec))
    if spec.template == "A":
        return (f'<article class="story">\n<h1>{_e(spec.title)}</h1>\n{_byline(spec)}\n'
                f'<time datetime="{when.isoformat()}">{shown}</time>\n<div class="story-body">\n{_body_html(spec)}\n'
                "</div>\n</article>")
    if spec.template == "B":
        return (f'<div class="post">\n<header class="post-head"><h1 class="headline">{_e(spec.title)}</h1>\n'
                f'{_byline(spec)}<p class="meta"><time datetime="{when.date().isoformat()}">{shown}</time></p>'
                f'</header>\n<section class="post-content">\n{_body_html(spec)}\n</section>\n</div>')
    return (f'<div id="content">\n<h1 class="title">{_e(spec.title)}</h1>\n<div class="info">{_byline(spec)}'
            f'<span class="dateline">{shown}</span></div>\n{_body_html(spec)}\n</div>')


def _related(spec: Spec, others: list[tuple[Spec, str]]) -> str:
    items = "".join(f'<li><a href="{_e(path)}">{_e(other.title)}</a></li>' for other, path in others)
    label = {"en": "Related", "fa": "مطالب مرتبط", "ps": "اړوند مطالب"}[spec.lang]
    return f'<aside class="related"><h2>{label}</h2><ul>{items}</ul></aside>'


def _comments(spec: Spec) -> str:
    label = {"en": "Comments", "fa": "نظرها", "ps": "تبصرې"}[spec.lang]
    items = "".join(f'<li class="comment"><b>{_e(who)}</b><p>{_e(text)}</p></li>' for who, text in COMMENTS[spec.lang])
    return f'<section id="comments"><h2>{label}</h2><ol>{items}</ol><form><textarea></textarea></form></section>'


def render(spec: Spec, when: dt.datetime, url: str, others: list[tuple[Spec, str]]) -> str:
    """The article page: one of the three templates inside the site's boilerplate."""
    site = SITE_NAME[spec.lang]
    section = SECTION_NAMES[spec.section][spec.lang]
    title = f"{spec.title} – {site}" if spec.template != "B" else f"{site} | {spec.title}"
    nav = "".join(f'<a href="/{key}/">{_e(names[spec.lang])}</a>' for key, names in SECTION_NAMES.items())
    return f"""<!DOCTYPE html>
<html lang="{spec.lang}" dir="{_direction(spec.lang)}">
<head>
<meta charset="utf-8">
<title>{_e(title)}</title>
<link rel="canonical" href="{_e(url)}">
{_head_meta(spec, when, url)}
</head>
<body class="template-{spec.template.lower()}">
<div id="cookie-banner" dir="ltr">We use cookies to remember your language. <button>Accept</button></div>
<header class="masthead"><a href="/">{_e(site)}</a><nav class="menu">{nav}</nav></header>
<nav class="breadcrumb"><a href="/">{_e(site)}</a> › <a href="/{spec.section}/">{_e(section)}</a></nav>
<main>
{_article(spec, when)}
{_related(spec, others)}
{_comments(spec)}
</main>
<footer>© 2020 Darya News · <a href="/about/">About</a> · <a href="/privacy/">Privacy</a> · news@darya-news.example</footer>
</body>
</html>
"""


def date_raw(spec: Spec, when: dt.datetime) -> str:
    """The date as the page states it, from the most explicit statement it makes (the order the
    parser reads them in: JSON-LD or the published-time meta of templates A and B, else the
    visible dateline): the warehouse's `published_date_raw` for an HTML article."""
    return when.isoformat() if spec.template in ("A", "B") else dateline(spec)


def truth(spec: Spec, when: dt.datetime, url: str) -> dict:
    body = "\n\n".join(spec.paragraphs)
    return {"article_id": make_article_id(SOURCE, url), "source": SOURCE, "url": url,
            "section": SECTION_NAMES[spec.section][spec.lang], "language": spec.lang, "title": spec.title,
            "author": spec.author, "published_date": spec.date.isoformat(), "published_date_raw": date_raw(spec, when),
            "original_published_date": None, "body_text": body, "captions": spec.captions,
            "word_count": count_words(body), "content_sha256": content_hash(body),
            "published_at": when.isoformat(), "template": spec.template,
            "tags": [f"lang:{spec.lang}", f"template:{spec.template}", f"section:{spec.section}"]
            + (["solar_hijri"] if spec.lang != "en" else [])}


def generate(out: Path = OUT) -> int:
    specs = read_specs()
    shutil.rmtree(out, ignore_errors=True)
    placed: list[tuple[Spec, dt.datetime, str]] = []
    for n, spec in enumerate(specs):
        position = sum(1 for s, _, _ in placed if s.date == spec.date)
        placed.append((spec, published_at(spec, position), url_path(spec, 1000 + n)))
    for spec, when, path in placed:
        others = [(s, p) for s, _, p in placed if s.lang == spec.lang and s is not spec][:3]
        url = BASE + path
        day_dir = out / spec.date.isoformat()
        day_dir.mkdir(parents=True, exist_ok=True)
        (day_dir / f"{spec.slug}.html").write_text(render(spec, when, url, others), encoding="utf-8")
        (day_dir / f"{spec.slug}.json").write_text(json.dumps(truth(spec, when, url), ensure_ascii=False, indent=2)
                                                   + "\n", encoding="utf-8")
    return len(placed)


if __name__ == "__main__":
    print(f"{generate()} Darya News articles written to {OUT}")
