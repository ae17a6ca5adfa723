"""The report as one self-contained HTML page: inline CSS, inline SVG, a few lines of JS.

Why self-contained: the same page is written to `$NEWSMON_HOME/reports/` (opened from
disk, mailed, archived) and served inside the Airflow UI by the plugin. It references no
external file, font or script, so it renders offline and never trips a browser's
mixed-content or CSP rules for third-party hosts.

The search box filters the articles embedded in the page. When the page is served by the
plugin, `search_url` is set and the box asks the plugin's JSON endpoint instead, so it
searches the whole warehouse.

Article links: served by the plugin (`archive_href` set), an article's title and each search
hit open its archived copy (`/newsmon/archive/<id>`, offline, there even when the site removed
the article), with the live URL beside it ("source ↗"). A written file cannot serve the
archive: its titles link the live site and the page says where the archived copies open.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from html import escape
from typing import Any
from urllib.parse import urlsplit

from newsmon.report import charts, nav
from newsmon.report.data import ReportData
from newsmon.report.nav import Navigation

CSS = """
:root{--fg:#1d2329;--muted:#66707a;--line:#e3e7eb;--bg:#fff;--card:#f7f9fa;--accent:#017cee}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
"Noto Naskh Arabic",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:16px 24px;border-bottom:1px solid var(--line);
display:flex;flex-wrap:wrap;gap:8px 24px;align-items:baseline}
header h1{font-size:20px;margin:0;overflow-wrap:anywhere}header>*{min-width:0;overflow-wrap:anywhere}
main{padding:16px 24px;max-width:1200px}
.muted{color:var(--muted)}.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 16px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px}
.tile b{display:block;font-size:22px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr));gap:16px}
.grid2>*{min-width:0}.glance{align-items:start}
figure.chart{margin:0;background:var(--card);border:1px solid var(--line);border-radius:6px;padding:8px 12px;
min-width:0}figcaption{font-weight:600;margin-bottom:4px}
svg.plot{display:block;width:100%;overflow:visible}
svg .lbl{font-size:12px;fill:var(--muted);paint-order:stroke;stroke:var(--card);stroke-width:3px;
stroke-linejoin:round}svg .end-label{font-weight:600}svg .grid{stroke:var(--line)}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12px}.key i{display:inline-block;width:10px;height:10px;
margin-right:4px;border-radius:2px}.key .swatch{vertical-align:middle;margin-right:4px}
.table-wrap{max-width:100%;overflow-x:auto;margin:6px 0 18px}.table-wrap table{margin:0}
table{border-collapse:collapse;width:100%;margin:6px 0 18px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:start;vertical-align:top}
th{background:var(--card);font-weight:600}h2{font-size:16px;margin:22px 0 6px}h3{font-size:14px;margin:0 0 4px}
td.num{text-align:end}
a{color:var(--accent)}#search{width:100%;max-width:520px;padding:8px 10px;font-size:15px;border:1px solid #b8c1ca;
border-radius:6px}#search-results{list-style:none;padding:0;margin:8px 0}#search-results li{padding:4px 0;
border-bottom:1px dashed var(--line);overflow-wrap:anywhere}.status-success{color:#1a7f37}.status-failed{color:#cf222e}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.badge.passed{background:#dafbe1;color:#116329}.badge.failed{background:#ffebe9;color:#a40e26}
.warn{background:#fff8c5;border:1px solid #d4a72c;padding:8px 12px;border-radius:6px}
nav.dates{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;margin:4px 0 8px}
nav.dates form{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
nav.dates select,nav.dates button{font:inherit;padding:3px 6px;max-width:100%}
@media (max-width:600px){header{padding:12px}main{padding:12px}figure.chart{padding:8px}
.tile{min-width:0;flex:1 1 40%}}
@media (max-width:700px){svg .lbl.minor{display:none}}
"""

# Local filter when static; the plugin's endpoint when served. No framework, no network
# unless the page was served with a search URL.
SCRIPT = """
(function () {
  var box = document.getElementById('search'), out = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  var local = JSON.parse(document.getElementById('articles-data').textContent || '[]');
  var url = document.body.getAttribute('data-search-url');
  var only = document.body.getAttribute('data-search-source');
  var pending = 0;
  // Inside the Airflow UI the page sits in a sandboxed iframe, where Chromium shows no PDF
  // ("This page has been blocked"); the sandbox allows downloads: an archived PDF is saved.
  var framed = window.top !== window.self;
  if (framed) document.querySelectorAll('a.archive[data-pdf]').forEach(function (a) { a.download = ''; });
  function item(a) {
    var li = document.createElement('li'); li.className = 'hit';
    var link = document.createElement('a'); link.textContent = a.title || a.url;
    var live = /^https?:[/][/]/i.test(a.url || '');  // no javascript:, data: ... links
    var archived = /^[/][^/\\\\]/.test(a.archive_url || '');  // a path on this server only
    link.href = archived ? a.archive_url : live ? a.url : '#';
    if (archived && framed && /[.]pdf([?#]|$)/i.test(a.url || '')) link.download = '';
    link.setAttribute('dir', 'auto');
    li.appendChild(link);
    if (archived && live) {
      var source = document.createElement('a'); source.className = 'source muted'; source.textContent = 'source ↗';
      source.href = a.url; source.rel = 'noopener noreferrer'; source.target = '_blank';
      li.appendChild(document.createTextNode(' ')); li.appendChild(source);
    }
    var meta = document.createElement('span'); meta.className = 'muted';
    meta.textContent = ' · ' + [a.language, a.run_date, a.author].filter(Boolean).join(' · ');
    li.appendChild(meta); return li;
  }
  function show(hits, how) {
    out.textContent = '';
    hits.slice(0, 50).forEach(function (a) { out.appendChild(item(a)); });
    status.textContent = hits.length + ' result' + (hits.length === 1 ? '' : 's') + ' (' + how + ')';
  }
  function filterLocal(q) {
    var needle = q.toLocaleLowerCase();
    return local.filter(function (a) {
      return [a.title, a.author, a.section, a.language].join(' ').toLocaleLowerCase().indexOf(needle) >= 0;
    });
  }
  function run() {
    var q = box.value.trim();
    if (!q) { out.textContent = ''; status.textContent = ''; return; }
    if (!url) { show(filterLocal(q), 'in this page'); return; }
    var mine = ++pending;
    fetch(url + '?q=' + encodeURIComponent(q) + (only ? '&source=' + encodeURIComponent(only) : ''),
          {credentials: 'same-origin'})
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (body) { if (mine === pending) { show(body.results || [], 'warehouse'); } })
      .catch(function () { if (mine === pending) { show(filterLocal(q), 'in this page'); } });
  }
  var timer = null;
  box.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  document.getElementById('search-form').addEventListener('submit', function (e) { e.preventDefault(); run(); });
})();
"""


def render(data: ReportData, search_url: str | None = None, links: dict[str, str] | None = None,
           navigation: Navigation | None = None, archive_href: Callable[[str], str] | None = None) -> str:
    """The whole page for `data`; `links` are extra header links (label → href), `navigation`
    how the page links to other dates (none: no date navigation), `archive_href` the link to an
    article's archived copy by its id (none: a written file, whose titles link the live site)."""
    day = str(data.day) if data.day else "no data"
    title = f"{day} · {data.source}" if data.source else day
    body_attrs = f' data-search-url="{escape(search_url)}"' if search_url else ""
    if search_url and data.source:  # a page of one source searches that source only
        body_attrs += f' data-search-source="{escape(data.source)}"'
    sections = [
        _navigation(data, navigation) if navigation else "",
        f'<p class="warn">{escape(data.note)}</p>' if data.note else _no_articles(data, navigation),
        _tiles(data),
        _at_a_glance(data),
        _search_box(),
        '<h2>Articles per day</h2><div class="grid2">'
        + charts.stacked_bars(data.by_language, "by language")
        + charts.stacked_bars(data.by_section, "by section") + "</div>",
        '<h2>Data quality</h2><div class="grid2">' + _dq_chart(data)
        + charts.hbars([(a, n) for a, n, _ in data.top_authors], "top authors (articles)") + "</div>",
        "<h2>Freshness per source</h2>" + _freshness(data.freshness),
        f"<h2>Runs of {escape(day)}</h2>" + _runs(data.day_runs),
        f"<h2>Quarantined on {escape(day)}</h2>" + _quarantine(data.quarantine),
        "<h2>Top authors</h2>" + _table(["author", "articles", "languages"], data.top_authors),
        f"<h2>Articles of {escape(day)}</h2>"
        + _articles([a for a in data.articles if str(a["article_date"]) == day], archive_href, data.repeats),
    ]
    search_rows = _json_for_script(_search_rows(data, archive_href))
    return (
        "<!doctype html>\n"
        f'<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<link rel="icon" href="data:,"><title>newsmon report {escape(title)}</title><style>{CSS}</style></head>'
        f"<body{body_attrs}><header><h1>newsmon report · {escape(title)}</h1>"
        f'<span class="muted">generated {data.generated_at:%Y-%m-%d %H:%M} UTC from {escape(data.warehouse)}</span>'
        f"{_links(links)}</header><main>{''.join(sections)}</main>"
        f'<script type="application/json" id="articles-data">{search_rows}</script>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )


def _navigation(data: ReportData, navigation: Navigation) -> str:
    """Previous/next date with articles, and on the live page a picker over those dates and sources."""
    if data.day is None:
        return ""
    previous, following = nav.neighbours(nav.article_dates(data), data.day)
    parts = [_day_link(navigation, previous, "prev-day", "← previous", "prev"),
             _picker(data) if navigation.live else "",
             _day_link(navigation, following, "next-day", "next →", "next")]
    return f'<nav class="dates" aria-label="dates">{"".join(parts)}</nav>'


def _day_link(navigation: Navigation, day: Any, element_id: str, label: str, rel: str) -> str:
    href = navigation.href(day) if day else None
    if not href:
        return ""
    return (f'<a id="{element_id}" rel="{rel}" href="{escape(href)}" data-date="{escape(str(day))}">'
            f"{escape(label)} ({escape(str(day))})</a>")


def _picker(data: ReportData) -> str:
    """A GET form over the dates with articles (newest first) and, with several, the sources."""
    days = "".join(f'<option value="{d}"{" selected" if d == data.day else ""}>{d} ({n})</option>'
                   for d, n in reversed(data.days_with_articles))
    if data.day not in nav.article_dates(data) and data.day:
        days = f'<option value="{data.day}" selected>{data.day} (0)</option>' + days
    form = ['<form id="day-picker" method="get">',
            f'<label>date <select id="date-picker" name="date">{days}</select></label>']
    if len(data.sources) > 1 or data.source:
        options = "".join(f'<option value="{escape(s)}"{" selected" if s == data.source else ""}>{escape(s)}</option>'
                          for s in data.sources)
        form.append(f'<label>source <select id="source-picker" name="source"><option value="">all sources</option>'
                    f"{options}</select></label>")
    form.append('<button type="submit">show</button></form>')
    return "".join(form)


def _no_articles(data: ReportData, navigation: Navigation | None) -> str:
    """Said plainly when the day has no articles, with the nearest dates that have some."""
    if data.day is None or nav.has_articles(data):
        return ""
    whose = f" of {data.source}" if data.source else ""
    dates = nav.nearest(nav.article_dates(data), data.day)
    if not dates:
        return (f'<p class="warn" id="no-articles">No articles{escape(whose)} on {data.day}: '
                "the warehouse holds none yet.</p>")
    shown = ", ".join(_date_link(navigation, d) for d in dates)
    return (f'<p class="warn" id="no-articles">No articles{escape(whose)} on {data.day}. '
            f"Dates with articles nearest to it: {shown}.</p>")


def _date_link(navigation: Navigation | None, day: Any) -> str:
    href = navigation.href(day) if navigation else None
    return f'<a href="{escape(href)}">{day}</a>' if href else str(day)


def _tiles(data: ReportData) -> str:
    t = data.totals
    tiles = [("articles of the day", t.get("articles_today", 0)), ("quarantined", t.get("quarantined_today", 0)),
             ("failures", t.get("failures_today", 0)), ("articles in all", t.get("articles", 0)),
             ("sources", t.get("sources", 0))]
    return '<div class="tiles">' + "".join(f'<div class="tile"><b>{n}</b>{escape(label)}</div>'
                                           for label, n in tiles) + "</div>"


def _search_box() -> str:
    return ('<h2>Search</h2><form id="search-form" role="search">'
            '<input id="search" type="search" placeholder="Search titles and authors…" autocomplete="off" '
            'aria-label="Search articles"></form><div id="search-status" class="muted"></div>'
            '<ul id="search-results"></ul>')


def _dq_chart(data: ReportData) -> str:
    return charts.lines({"expectations passed": [(d, e) for d, e, _ in data.dq_over_time],
                         "rows kept (not quarantined)": [(d, r) for d, _, r in data.dq_over_time]},
                        "data-quality pass rate", labels={"rows kept (not quarantined)": "rows kept"})


# The legend's names of the languages the sources write in (else the code itself).
LANGUAGE_NAMES = {"fa": "Dari/Persian", "ps": "Pashto", "en": "English", "de": "German", "fr": "French",
                  "ar": "Arabic", "ur": "Urdu", "ru": "Russian", "uz": "Uzbek", "tr": "Turkish", "?": "unknown"}


def language_name(code: str) -> str:
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name and code != "?" else name or code


def _at_a_glance(data: ReportData) -> str:
    """Attention over time (articles per language per day, every day the warehouse holds) and
    the day's data-quality verdicts, one row per expectation: a broken source shows here."""
    if data.day is None:
        return ""
    series: dict[str, list[tuple[Any, int]]] = {}
    for day, language, n in data.attention:
        series.setdefault(language, []).append((day, n))
    chart = charts.time_lines(series, "attention over time: articles per day by language",
                              names={code: language_name(code) for code in series})
    return ('<h2>At a glance</h2><div class="grid2 glance">' + chart
            + f'<div id="dq-verdicts"><h3>data-quality verdicts of {escape(str(data.day))}</h3>'
            + _verdicts(data.dq_verdicts) + "</div></div>")


def _verdicts(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return '<p class="muted">no expectations evaluated on this day</p>'
    body = "".join(_verdict_row(r) for r in rows)
    failed = sum(1 for r in rows if not r["success"])
    summary = (f'<p class="muted">{len(rows) - failed} of {len(rows)} expectations passed'
               f'{f", {failed} failed" if failed else ""}</p>')
    return summary + _scrolls("<table><thead><tr><th>verdict</th><th>expectation</th><th>column</th>"
                              f"<th>unexpected</th><th>source</th></tr></thead><tbody>{body}</tbody></table>")


def _verdict_row(r: dict[str, Any]) -> str:
    verdict = "passed" if r["success"] else "failed"
    count = "" if r["unexpected_count"] is None else int(r["unexpected_count"])
    # The verdict first: on a phone, or beside the chart, it shows before the table scrolls.
    return (f'<tr class="verdict {verdict}"><td><span class="badge {verdict}">{verdict}</span></td>'
            f'<td dir="auto">{_breakable(str(r["expectation"]))}</td>'
            f'<td dir="auto">{escape(str(r["column_name"] or ""))}</td><td class="num">{count}</td>'
            f'<td dir="auto">{escape(str(r["source"]))}</td></tr>')


def _breakable(name: str) -> str:
    """An expectation's name, free to wrap after each underscore (a phone's column is narrow)."""
    return "_<wbr>".join(escape(part) for part in name.split("_"))


def _scrolls(table: str) -> str:
    """A wide table scrolls inside its own box: the page itself never scrolls sideways."""
    return f'<div class="table-wrap">{table}</div>' if table.startswith("<table") else table


# (column, heading): every age in days, from an earlier day to a later one, never negative.
FRESHNESS_COLUMNS = [
    ("source", "source"), ("last_status", "last status"), ("last_run_date", "last run date"),
    ("last_success_date", "last successful run date"), ("newest_article", "newest article"),
    ("days_since_last_article", "days since newest article (today)"),
    ("days_since_last_success", "days since last success (today)"),
    ("days_behind_at_last_run", "days behind at last run"), ("newest_by_day", "newest article by report date"),
    ("days_behind", "days behind report date"), ("future_dated_articles", "dated after today"),
    ("last_fetched_at", "last fetched"), ("articles", "articles"),
]


def _freshness(rows: list[dict[str, Any]]) -> str:
    return _table([heading for _, heading in FRESHNESS_COLUMNS],
                  [[r.get(c) for c, _ in FRESHNESS_COLUMNS] for r in rows])


def _runs(rows: list[dict[str, Any]]) -> str:
    cols = ["source", "status", "discovered", "fetched", "parsed", "valid", "quarantined", "failed", "loaded",
            "message"]
    return _table(cols, [[r.get(c) for c in cols] for r in rows])


def _quarantine(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return '<p class="muted">nothing quarantined</p>'
    cols = ["source", "title", "language", "failed", "reasons", "url"]
    return _table(["source", "title", "language", "failed expectations", "reasons", "url"],
                  [[r.get(c) for c in cols] for r in rows])


def safe_href(url: object) -> str:
    """A stored URL as a link target: only an http(s) URL is linked (a crawled or injected
    `javascript:` or `data:` URL would run in the report's origin), anything else is "#"."""
    text = str(url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return "#"
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else "#"


ARCHIVE_NOTE = ("Archived copies of these articles open from the newsmon report inside Airflow (Browse → "
                "newsmon report); in this file the titles link the live site, which may have removed an article.")


def _articles(rows: list[dict[str, Any]], archive_href: Callable[[str], str] | None = None,
              repeats: dict[str, dict[str, Any]] | None = None) -> str:
    if not rows:
        return '<p class="muted">no articles</p>'
    repeats = repeats or {}
    body = "".join(
        f"<tr><td>{escape(str(a.get('language') or ''))}</td>"
        f'<td dir="auto">{escape(str(a.get("section") or ""))}</td>'
        f'<td dir="auto">{_article_link(a, archive_href)}'
        f'{_repeat_marker(repeats.get(str(a.get("article_id"))), archive_href)}</td>'
        f'<td dir="auto">{escape(str(a.get("author") or ""))}</td><td>{a.get("word_count") or ""}</td></tr>'
        for a in rows)
    note = "" if archive_href else f'<p class="muted" id="archive-note">{escape(ARCHIVE_NOTE)}</p>'
    return note + _scrolls("<table><thead><tr><th>language</th><th>section</th><th>title</th><th>author</th>"
                           f"<th>words</th></tr></thead><tbody>{body}</tbody></table>")


def _repeat_marker(earlier: dict[str, Any] | None, archive_href: Callable[[str], str] | None) -> str:
    """Under the title of an article that repeats an earlier one (mart_near_duplicates): a link to
    the earlier article (its archived copy in the live page, else its URL), its source, day and
    how similar the two texts are."""
    if not earlier:
        return ""
    earlier_id = str(earlier["earlier_article_id"])
    href = archive_href(earlier_id) if archive_href else safe_href(earlier.get("earlier_url"))
    title = escape(str(earlier.get("earlier_title") or earlier.get("earlier_url") or ""))
    where = escape(f"{earlier.get('earlier_source')}, {earlier.get('earlier_article_date')}")
    similarity = round(100 * float(earlier.get("similarity") or 0))
    return (f'<div class="repeat muted" data-earlier="{escape(earlier_id)}">repeats '
            f'<a href="{escape(href)}" rel="noopener noreferrer" dir="auto">{title}</a> ({where}; '
            f"{similarity}% of the text shared)</div>")


_PDF_PATH = re.compile(r"[.]pdf$", re.I)  # an archived PDF: saved, not shown, inside the UI's sandboxed frame


def _article_link(article: dict[str, Any], archive_href: Callable[[str], str] | None) -> str:
    """The title linking the archived copy, with the live URL beside it; without an archive
    (a written file), the title linking the live URL."""
    title, live = escape(str(article.get("title") or "")), safe_href(article.get("url"))
    if not archive_href or not article.get("article_id"):
        return f'<a href="{escape(live)}" rel="noopener noreferrer">{title}</a>'
    pdf = " data-pdf" if _PDF_PATH.search(urlsplit(str(article.get("url") or "")).path) else ""
    archived = f'<a class="archive"{pdf} href="{escape(archive_href(str(article["article_id"])))}">{title}</a>'
    if live == "#":
        return archived
    return (f'{archived} <a class="source muted" href="{escape(live)}" rel="noopener noreferrer" target="_blank">'
            "source ↗</a>")


def _table(columns: list[str], rows: Iterable[Iterable[Any]]) -> str:
    rows = list(rows)
    if not rows:
        return '<p class="muted">none</p>'
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows)
    return _scrolls(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _cell(value: Any) -> str:
    if value is None:
        return "<td></td>"
    text = str(value)
    css = f' class="status-{escape(text)}"' if text in ("success", "failed") else ""
    return f'<td dir="auto"{css}>{escape(text)}</td>'


def _links(links: dict[str, str] | None) -> str:
    if not links:
        return ""
    return ("<nav>" + " · ".join(f'<a href="{escape(href)}">{escape(label)}</a>' for label, href in links.items())
            + "</nav>")


def _search_rows(data: ReportData, archive_href: Callable[[str], str] | None = None) -> list[dict[str, Any]]:
    keys = ("title", "author", "language", "section", "url", "run_date")
    rows = [{k: (str(a[k]) if a.get(k) is not None else None) for k in keys} for a in data.articles]
    if archive_href:
        for row, article in zip(rows, data.articles, strict=True):
            row["archive_url"] = archive_href(str(article["article_id"])) if article.get("article_id") else None
    return rows


def _json_for_script(value: Any) -> str:
    """JSON safe inside <script>: no `</script>` or `<!--` can end the element early."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
