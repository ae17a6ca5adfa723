"""The topics page: attention over time per watched topic, the day's articles of each, and the
place for the day's top terms. A self-contained page like the report (same CSS, inline SVG).

Per topic: one chart of its matching articles per day, one line per language (the report's
line chart, `charts.time_lines`), so a reader sees when Dari and English coverage of a subject
diverge; then the topic's articles of the page's day (their archived copies when served by the
plugin). Above the topics, the day's most distinctive terms per language
(`mart_top_terms_daily`, every source: what the day was about beyond the watched topics).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from html import escape
from typing import Any

from newsmon.report import charts
from newsmon.report.page import CSS, language_name
from newsmon.warehouse import TopicFigures

TOPICS_CSS = """
.topic{border-top:1px solid var(--line);padding-top:8px;margin-top:18px}
.topic-nav{display:flex;flex-wrap:wrap;gap:4px 14px}
.top-terms{margin:6px 0 12px}
"""


def render_topics(figures: TopicFigures, generated_at: dt.datetime,
                  href: Callable[[dt.date], str | None] | None = None,
                  archive_href: Callable[[str], str] | None = None, links: dict[str, str] | None = None) -> str:
    """The whole page; `href(day)` links another day of the page (None: no link), `archive_href`
    an article's archived copy (the plugin), `links` extra header links (label -> href)."""
    day = str(figures.day) if figures.day else "no data"
    title = f"{day} · {figures.source}" if figures.source else day
    body = [f'<p class="warn">{escape(figures.note)}</p>' if figures.note else "",
            _days(figures, href)]
    if not figures.note:
        body.append('<nav class="topic-nav" aria-label="topics">' + "".join(
            f'<a href="#topic-{escape(name)}">{escape(label)}</a>' for name, label in figures.topics) + "</nav>")
        body.append(_top_terms(figures))
        body += [_topic(figures, name, label, archive_href) for name, label in figures.topics]
    header_links = "".join(f'<a href="{escape(h)}">{escape(label)}</a>' for label, h in (links or {}).items())
    return ("<!doctype html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<link rel="icon" href="data:,"><title>newsmon topics {escape(title)}</title>'
            f"<style>{CSS}{TOPICS_CSS}</style></head>"
            f"<body><header><h1>newsmon topics · {escape(title)}</h1>"
            f'<span class="muted">generated {generated_at:%Y-%m-%d %H:%M} UTC from {escape(figures.warehouse)}</span>'
            f"{header_links}</header><main>{''.join(body)}</main></body></html>\n")


def _days(figures: TopicFigures, href: Callable[[dt.date], str | None] | None) -> str:
    """Links to the previous and next article day (when the page can link days)."""
    if href is None or figures.day is None:
        return ""
    earlier = [d for d in figures.days if d < figures.day]
    later = [d for d in figures.days if d > figures.day]
    parts = []
    for rel, label, target in (("prev", "← previous", earlier[-1] if earlier else None),
                               ("next", "next →", later[0] if later else None)):
        link = href(target) if target else None
        if link:
            parts.append(f'<a rel="{rel}" href="{escape(link)}">{label} ({target})</a>')
    return f'<nav class="dates" aria-label="dates">{"".join(parts)}</nav>' if parts else ""


def _topic(figures: TopicFigures, name: str, label: str, archive_href: Callable[[str], str] | None) -> str:
    series: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for topic, day, language, count in figures.attention:
        if topic == name:
            series[language].append((day, count))
    chart = charts.time_lines(dict(sorted(series.items())), f"{label}: articles per day",
                              names={code: language_name(code) for code in series})
    articles = [a for a in figures.articles if a["topic"] == name]
    return (f'<section class="topic" id="topic-{escape(name)}" data-topic="{escape(name)}">'
            f'<h2 dir="auto">{escape(label)}</h2>{chart}'
            f"<h3>Articles of {escape(str(figures.day))} ({len(articles)})</h3>{_articles(articles, archive_href)}"
            "</section>")


def _articles(rows: list[dict[str, Any]], archive_href: Callable[[str], str] | None) -> str:
    if not rows:
        return '<p class="muted">none that day</p>'
    cells = []
    for a in rows:
        url = str(a.get("url") or "")
        live = url if url.startswith(("http://", "https://")) else ""
        target = archive_href(a["article_id"]) if archive_href else live
        title = escape(str(a.get("title") or url))
        link = f'<a href="{escape(target)}" dir="auto">{title}</a>' if target else f'<span dir="auto">{title}</span>'
        cells.append(f'<tr><td dir="auto">{link}</td><td dir="auto">{escape(str(a.get("language") or ""))}</td>'
                     f'<td dir="auto">{escape(str(a.get("source") or ""))}</td>'
                     f'<td dir="auto">{escape(str(a.get("author") or ""))}</td></tr>')
    return ('<div class="table-wrap"><table class="topic-articles"><tr><th>title</th><th>language</th>'
            f"<th>source</th><th>author</th></tr>{''.join(cells)}</table></div>")


def _top_terms(figures: TopicFigures) -> str:
    """The day's most distinctive terms, one line per language (every source: the mart's grain)."""
    heading = f"<h2>Top terms of {escape(str(figures.day))}</h2>"
    if not figures.top_terms:
        return (f'<section class="top-terms" data-top-terms="none">{heading}'
                '<p class="muted">none scored for this day (no articles, or only stop words)</p></section>')
    rows = "".join(
        f'<tr data-language="{escape(language)}"><th>{escape(language_name(language))}</th><td dir="auto">'
        + ", ".join(f'<span class="term" dir="auto">{escape(term)}</span>' for term, _ in terms) + "</td></tr>"
        for language, terms in sorted(figures.top_terms.items()))
    scope = " (every source)" if figures.source else ""
    return (f'<section class="top-terms" data-top-terms="ready">{heading}'
            f'<p class="muted">against the 28 days before{scope}</p>'
            f'<div class="table-wrap"><table>{rows}</table></div></section>')
