"""Charts as inline SVG strings, drawn in Python.

Why not a JS chart library: the report must open offline, from a file or inside the
Airflow UI, with nothing fetched from a CDN and nothing to vendor. Three chart kinds cover
the page: stacked bars (per day, by language or section), horizontal bars (top authors)
and lines (rates over time). Every chart carries `<title>` tooltips and a legend, and has
the class `chart` so a test can count rendered marks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from html import escape

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
           "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
WIDTH, HEIGHT = 720, 260
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 44, 12, 12, 46


def color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def stacked_bars(rows: Iterable[tuple[dt.date, str, int]], title: str, top: int = 8) -> str:
    """Bars per date, stacked by category; categories past `top` folded into "other"."""
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
    peak = max(sum(v.values()) for v in table.values()) or 1
    plot_w, plot_h = WIDTH - MARGIN_L - MARGIN_R, HEIGHT - MARGIN_T - MARGIN_B
    slot = plot_w / len(days)
    bar_w = max(2.0, min(40.0, slot * 0.7))
    parts = [_axis_y(peak, plot_h)]
    for i, day in enumerate(days):
        x = MARGIN_L + i * slot + (slot - bar_w) / 2
        y: float = MARGIN_T + plot_h
        for k, key in enumerate(keep):
            n = table[day].get(key, 0)
            if not n:
                continue
            h = n / peak * plot_h
            y -= h
            parts.append(f'<rect class="mark" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{color(k)}"><title>{escape(str(day))} · {escape(key)}: {n}</title></rect>')
        parts.append(_x_label(day, x + bar_w / 2, i, len(days)))
    return _svg(title, "".join(parts), _legend(keep))


def hbars(items: Sequence[tuple[str, int]], title: str) -> str:
    """Horizontal bars, one per item, longest first (as given)."""
    if not items:
        return _empty(title)
    row_h, label_w = 22, 220
    height = MARGIN_T + row_h * len(items) + 8
    peak = max(n for _, n in items) or 1
    plot_w = WIDTH - label_w - MARGIN_R - 40
    parts = []
    for i, (label, n) in enumerate(items):
        y = MARGIN_T + i * row_h
        w = max(1.0, n / peak * plot_w)
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" class="lbl">'
                     f'{escape(_clip(label, 34))}</text>'
                     f'<rect class="mark" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
                     f'fill="{color(0)}">'
                     f'<title>{escape(label)}: {n}</title></rect>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" class="lbl">{n}</text>')
    return _svg(title, "".join(parts), "", height=height)


def lines(series: dict[str, list[tuple[dt.date, float | None]]], title: str, percent: bool = True) -> str:
    """One line per series over dates; values in 0..1 drawn as percentages."""
    days = sorted({d for points in series.values() for d, v in points if v is not None})
    if not days:
        return _empty(title)
    plot_w, plot_h = WIDTH - MARGIN_L - MARGIN_R, HEIGHT - MARGIN_T - MARGIN_B
    slot = plot_w / len(days)
    xs = {d: MARGIN_L + (i + 0.5) * slot for i, d in enumerate(days)}
    parts = [_axis_y(1.0, plot_h, percent=percent)]
    for i, day in enumerate(days):
        parts.append(_x_label(day, xs[day], i, len(days)))
    for k, (name, points) in enumerate(series.items()):
        pts = [(xs[d], MARGIN_T + plot_h - v * plot_h, d, v) for d, v in points if v is not None]
        if not pts:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in pts)
        parts.append(f'<polyline class="mark-line" points="{path}" fill="none" stroke="{color(k)}" stroke-width="2"/>')
        for x, y, d, v in pts:
            shown = f"{v * 100:.1f}%" if percent else f"{v:g}"
            parts.append(f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color(k)}">'
                         f'<title>{escape(str(d))} · {escape(name)}: {shown}</title></circle>')
    return _svg(title, "".join(parts), _legend(list(series)))


def _axis_y(peak: float, plot_h: float, percent: bool = False) -> str:
    parts = []
    for frac in (0, 0.25, 0.5, 0.75, 1.0):
        y = MARGIN_T + plot_h - frac * plot_h
        value = f"{frac * 100:.0f}%" if percent else _tick(peak * frac)
        parts.append(f'<line x1="{MARGIN_L}" x2="{WIDTH - MARGIN_R}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{MARGIN_L - 4}" y="{y + 4:.1f}" text-anchor="end" class="lbl">{value}</text>')
    return "".join(parts)


def _tick(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _x_label(day: dt.date, x: float, i: int, count: int) -> str:
    every = max(1, count // 12)
    if i % every:
        return ""
    y = HEIGHT - MARGIN_B + 14
    return f'<text x="{x:.1f}" y="{y}" text-anchor="middle" class="lbl">{escape(day.strftime("%m-%d"))}</text>'


def _legend(keys: list[str]) -> str:
    items = "".join(f'<span class="key"><i style="background:{color(i)}"></i>{escape(k)}</span>'
                    for i, k in enumerate(keys))
    return f'<div class="legend">{items}</div>'


def _svg(title: str, body: str, legend: str, height: int = HEIGHT) -> str:
    return (f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
            f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
            f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">{body}</svg>'
            f'{legend}</figure>')


def _empty(title: str) -> str:
    return (f'<figure class="chart empty"><figcaption>{escape(title)}</figcaption>'
            '<p class="muted">no data yet</p></figure>')


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
