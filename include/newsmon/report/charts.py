"""Charts as inline SVG strings, drawn in Python.

Why not a JS chart library: the report must open offline, from a file or inside the
Airflow UI, with nothing fetched from a CDN and nothing to vendor. Four chart kinds cover
the page: stacked bars (per day, by language or section), horizontal bars (top authors),
lines over categories (rates per run date) and lines over time (articles per language per
day). Every chart carries `<title>` tooltips and a legend, and has the class `chart` so a
test can count rendered marks.

Why no viewBox on the chart: a viewBox scales the text with the drawing, and a chart drawn
720 units wide shows its 11-unit labels at 5 px on a phone and 8 px in a desktop column. So
the `<svg class="plot">` is as wide as its box (`width="100%"`, no pixel width) and a fixed
number of pixels high: horizontal positions are percentages of the width, vertical ones
pixels, and text is sized in pixels, so it renders at its CSS size at any width. Lines, whose
points cannot be percentages, are drawn in a nested `<svg>` whose viewBox is 100 units wide
and stretched to the plot (`preserveAspectRatio="none"`), with `vector-effect:
non-scaling-stroke` so their strokes and dashes keep their pixel sizes; their markers are
`<use>`s placed in percentages, so they are not stretched. The y-axis labels sit inside the
plot, above their grid lines, so no margin of a fixed width is needed.

Series of a line chart differ in colour, dash pattern and marker shape (and the legend shows
all three), so they are told apart in grey print and by a reader who does not see colours.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from html import escape

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
           "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
DASHES = ["", "7 4", "2 3", "10 3 2 3", "4 2", "1 4", "12 4 4 4"]
# Marker shapes centred on (0, 0), in pixels.
SHAPES = ['<circle r="4"/>', '<path d="M-3.5-3.5h7v7h-7z"/>', '<path d="M0-5L4.5 3.5h-9z"/>',
          '<path d="M0-5L5 0 0 5-5 0z"/>', '<path d="M-4.5-1.5h3v-3h3v3h3v3h-3v3h-3v-3h-3z"/>',
          '<path d="M-4.5 3.5L0-5 4.5 3.5 0 1z"/>']
HEIGHT = 250  # pixels
MARGIN_T, MARGIN_B = 24, 30  # pixels above the plot (labels of its top line) and below (the dates)
X0, X1 = 1.5, 98.5  # the plot's left and right edges, in percent of the width
MARKERS_UP_TO = 120  # points per series drawn with markers; beyond, the line alone (colour and dash)


def color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def dash(index: int) -> str:
    return DASHES[index % len(DASHES)]


def stacked_bars(rows: Iterable[tuple[dt.date, str, int]], title: str, top: int = 8) -> str:
    """Bars per date, stacked by category; categories past `top` folded into "other"."""
    rows = list(rows)
    table: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    for _day, key, n in rows:
        totals[key] += n
    keep = [k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    for day, key, n in rows:
        table[day][key if key in keep else "other"] += n
    if "other" in {k for d in table.values() for k in d}:
        keep.append("other")
    if not table:
        return _empty(title)
    days = sorted(table)
    peak = _nice(max(sum(v.values()) for v in table.values()))
    plot_h = HEIGHT - MARGIN_T - MARGIN_B
    slot = (X1 - X0) / len(days)
    bar_w = min(slot * 0.7, 8.0)
    parts = [_grid(plot_h)]
    for i, day in enumerate(days):
        x = X0 + i * slot + (slot - bar_w) / 2
        y: float = MARGIN_T + plot_h
        for k, key in enumerate(keep):
            n = table[day].get(key, 0)
            if not n:
                continue
            h = n / peak * plot_h
            y -= h
            parts.append(f'<rect class="mark" x="{x:.2f}%" y="{y:.1f}" width="{bar_w:.2f}%" height="{h:.1f}" '
                         f'fill="{color(k)}"><title>{escape(str(day))} · {escape(key)}: {n}</title></rect>')
    parts.append(_x_labels([(day, X0 + (i + 0.5) * slot) for i, day in enumerate(days)]))
    parts.append(_axis_y(peak, plot_h))
    return _svg(title, "".join(parts), _legend_boxes(keep))


def hbars(items: Sequence[tuple[str, int]], title: str) -> str:
    """Horizontal bars, one per item, longest first (as given), each under its label."""
    if not items:
        return _empty(title)
    row_h = 36
    height = 6 + row_h * len(items)
    peak = max(n for _, n in items) or 1
    parts = []
    for i, (label, n) in enumerate(items):
        y = 6 + i * row_h
        w = max(0.3, n / peak * 88)
        parts.append(f'<text x="0" y="{y + 12}" class="lbl">{escape(_clip(label, 48))}</text>'
                     f'<rect class="mark" x="0" y="{y + 17}" width="{w:.2f}%" height="13" fill="{color(0)}">'
                     f'<title>{escape(label)}: {n}</title></rect>'
                     f'<text x="{w:.2f}%" dx="5" y="{y + 28}" class="lbl">{n}</text>')
    return _svg(title, "".join(parts), "", height=height)


def lines(series: dict[str, list[tuple[dt.date, float | None]]], title: str, percent: bool = True,
          labels: dict[str, str] | None = None) -> str:
    """One line per series over the dates any series has a value on (evenly spaced); values in
    0..1 drawn as percentages. Each line is labelled at its last point (`labels`: the label of
    a series, default its name), the labels pushed apart so that equal values do not hide one."""
    days = sorted({d for points in series.values() for d, v in points if v is not None})
    if not days:
        return _empty(title)
    step = (X1 - X0) / len(days)
    xs = {d: X0 + (i + 0.5) * step for i, d in enumerate(days)}
    peak = 1.0 if percent else _nice(max(v for points in series.values() for _, v in points if v is not None))
    return _line_chart(title, series, xs, peak, percent, labels or {})


def time_lines(series: dict[str, list[tuple[dt.date, int]]], title: str, names: dict[str, str] | None = None) -> str:
    """One line per series over time, the x axis proportional to the days between the first
    and the last date; the lines break across days no series has a point on (nothing loaded
    there is no count of 0). `names`: the legend's name of a series key.
    Each line is a `path.series` whose `data-points` lists its `date:value` pairs."""
    days = sorted({d for points in series.values() for d, _ in points})
    if not days:
        return _empty(title)
    span = (days[-1] - days[0]).days
    xs = {d: (X0 + X1) / 2 if not span else X0 + (d - days[0]).days / span * (X1 - X0) for d in days}
    peak = _nice(max((v for points in series.values() for _, v in points), default=0))
    values: dict[str, list[tuple[dt.date, float | None]]] = {
        k: [(d, float(v)) for d, v in points] for k, points in series.items()}
    return _line_chart(title, values, xs, peak, False, {}, end_labels=False, names=names, gaps=True)


def _gap(before: dt.date, day: dt.date, gaps: bool) -> bool:
    """Whether a line breaks between two points: with `gaps`, across days that have no point."""
    return gaps and (day - before).days > 1


def _line_chart(title: str, series: dict[str, list[tuple[dt.date, float | None]]], xs: dict[dt.date, float],
                peak: float, percent: bool, labels: dict[str, str], end_labels: bool = True,
                names: dict[str, str] | None = None, gaps: bool = False) -> str:
    """The lines of `series` (by key; `names`: the name a key is shown by, default the key)."""
    names = names or {}
    plot_h = HEIGHT - MARGIN_T - MARGIN_B
    chart_id = _slug(title)
    parts = [_defs(chart_id, len(series)), _grid(plot_h), _x_labels(sorted(xs.items()))]
    ends: list[tuple[float, float, int, str]] = []  # (y, x, series index, label)
    # Thicker and paler first, thinner on top: two series with equal values stay both visible.
    widths = [4.5, 2.0, 2.0, 2.0]
    for k, (key, points) in enumerate(series.items()):
        pts = [(xs[d], MARGIN_T + plot_h - v / peak * plot_h, d, v) for d, v in points if v is not None]
        if not pts:
            continue
        name = names.get(key, key)
        path = "".join(f"{'L' if i and not _gap(pts[i - 1][2], d, gaps) else 'M'}{x:.3f} {y - MARGIN_T:.1f}"
                       for i, (x, y, d, _) in enumerate(pts))
        data = " ".join(f"{d}:{v:g}" for _, _, d, v in pts)
        width = widths[min(k, len(widths) - 1)]
        opacity = ' stroke-opacity="0.55"' if k == 0 and len(series) > 1 and end_labels else ""
        parts.append(
            f'<svg x="0" y="{MARGIN_T}" width="100%" height="{plot_h}" viewBox="0 0 100 {plot_h}" '
            f'preserveAspectRatio="none" overflow="visible">'
            f'<path class="series mark" data-series="{escape(key)}" data-points="{escape(data)}" d="{path}" '
            f'fill="none" stroke="{color(k)}" stroke-width="{width}"{opacity} stroke-linejoin="round" '
            f'{_dash_attr(k)}vector-effect="non-scaling-stroke"><title>{escape(name)}</title></path></svg>')
        if len(pts) <= MARKERS_UP_TO:
            for x, y, d, v in pts:
                shown = f"{v * 100:.1f}%" if percent else f"{v:g}"
                parts.append(f'<use class="mark" href="#{chart_id}-m{k}" x="{x:.3f}%" y="{y:.1f}" '
                             f'fill="{color(k)}"><title>{escape(str(d))} · {escape(name)}: {shown}</title></use>')
        last_x, last_y, _, last_v = pts[-1]
        shown = f"{last_v * 100:.0f}%" if percent else f"{last_v:g}"
        ends.append((last_y, last_x, k, f"{labels.get(key, name)} {shown}"))
    parts.append(_axis_y(peak, plot_h, percent=percent))
    if end_labels:
        parts.append(_end_labels(ends, plot_h))
    return _svg(title, "".join(parts), _legend_lines([names.get(key, key) for key in series], chart_id))


def _end_labels(ends: list[tuple[float, float, int, str]], plot_h: float, gap: float = 18) -> str:
    """Each line's label above its last point, right-aligned; labels closer than `gap` pixels
    pushed apart (downwards, then all up if the last would leave the plot). The labels are
    12 px: 18 px (1.5 em) holds the box of any font the browser may fall back to (Noto's
    is 17 px; DejaVu's 14)."""
    ordered = sorted(ends)
    ys = [y - 7 for y, _, _, _ in ordered]
    for i in range(1, len(ys)):
        ys[i] = max(ys[i], ys[i - 1] + gap)
    overflow = ys[-1] - (MARGIN_T + plot_h - 4) if ys else 0
    ys = [y - max(0.0, overflow) for y in ys]
    return "".join(f'<text class="lbl end-label" data-series-index="{k}" x="{X1}%" y="{y:.1f}" '
                   f'text-anchor="end" style="fill:{color(k)}">{escape(text)}</text>'
                   for y, (_, _, k, text) in zip(ys, ordered))


def _defs(chart_id: str, count: int) -> str:
    return "<defs>" + "".join(f'<g id="{chart_id}-m{k}">{SHAPES[k % len(SHAPES)]}</g>'
                              for k in range(count)) + "</defs>"


def _dash_attr(k: int) -> str:
    return f'stroke-dasharray="{dash(k)}" ' if dash(k) else ""


def _grid(plot_h: float) -> str:
    return "".join(f'<line x1="0" x2="100%" y1="{MARGIN_T + plot_h - frac * plot_h:.1f}" '
                   f'y2="{MARGIN_T + plot_h - frac * plot_h:.1f}" class="grid"/>' for frac in (0, 0.25, 0.5, 0.75, 1.0))


def _axis_y(peak: float, plot_h: float, percent: bool = False) -> str:
    """The y axis' values, inside the plot above their grid lines (drawn after the marks, on top)."""
    parts = []
    for frac in (0, 0.25, 0.5, 0.75, 1.0):
        y = MARGIN_T + plot_h - frac * plot_h
        value = f"{frac * 100:.0f}%" if percent else _tick(peak * frac)
        parts.append(f'<text x="0" y="{y - 3:.1f}" class="lbl axis">{value}</text>')
    return "".join(parts)


def _nice(peak: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above `peak` (a round top for the y axis)."""
    if peak <= 0:
        return 1.0
    scale = 1.0
    while scale * 10 <= peak:
        scale *= 10
    while scale > peak:
        scale /= 10
    for step in (1, 2, 2.5, 4, 5, 10):
        if step * scale >= peak:
            return step * scale
    return 10 * scale


def _tick(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _x_labels(points: list[tuple[dt.date, float]], major: float = 24.0, minor: float = 14.0) -> str:
    """Date labels that cannot run into each other: a label at least `major` percent of the
    width from the previous major one (room on a phone), or else `minor` percent from any
    previous label (class `minor`: the page hides those on a narrow screen). Labels near an
    edge are anchored to it, so they stay inside the chart."""
    if not points:
        return ""
    fmt = "%m-%d" if len({d.year for d, _ in points}) == 1 else "%Y-%m-%d"
    y = HEIGHT - MARGIN_B + 18
    parts, last_major, last_any = [], -100.0, -100.0
    for d, x in sorted(points, key=lambda p: p[1]):
        if x - last_major >= major:
            css, last_major = "lbl x", x
        elif x - last_any >= minor:
            css = "lbl x minor"
        else:
            continue
        last_any = x
        anchor = "start" if x < 8 else "end" if x > 92 else "middle"
        parts.append(f'<text x="{x:.3f}%" y="{y}" text-anchor="{anchor}" class="{css}">'
                     f'{escape(d.strftime(fmt))}</text>')
    return "".join(parts)


def _legend_boxes(keys: list[str]) -> str:
    items = "".join(f'<span class="key"><i style="background:{color(i)}"></i><span dir="auto">{escape(k)}</span></span>'
                    for i, k in enumerate(keys))
    return f'<div class="legend">{items}</div>'


def _legend_lines(keys: list[str], chart_id: str) -> str:
    """Each series' colour, dash and marker beside its name (a small picture, no text in it)."""
    items = []
    for k, key in enumerate(keys):
        swatch = (f'<svg class="swatch" width="30" height="12" aria-hidden="true">'
                  f'<line x1="1" x2="29" y1="6" y2="6" stroke="{color(k)}" stroke-width="2" {_dash_attr(k)}/>'
                  f'<use href="#{chart_id}-m{k}" x="15" y="6" fill="{color(k)}"/></svg>')
        items.append(f'<span class="key" data-series-index="{k}">{swatch}<span dir="auto">{escape(key)}</span></span>')
    return f'<div class="legend">{"".join(items)}</div>'


def _svg(title: str, body: str, legend: str, height: int = HEIGHT) -> str:
    return (f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
            f'<svg class="plot" role="img" aria-label="{escape(title)}" width="100%" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg">{body}</svg>{legend}</figure>')


def _empty(title: str) -> str:
    return (f'<figure class="chart empty"><figcaption>{escape(title)}</figcaption>'
            '<p class="muted">no data yet</p></figure>')


def _slug(title: str) -> str:
    return "c-" + (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "chart")


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
