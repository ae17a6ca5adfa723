"""layout._column_edges judges the column of a page's lines that overlap every line of the page
once (the whole page's, told by two comparisons a line) and _shared_edge counts with a dict: the
edges must be those of the plain definition (each line's column is the lines of its page that
overlap it across, judged by _column_edges_of), on one-column, two-column and mixed pages, with
lines of no width, a centred head and pages read out of order."""

from __future__ import annotations

import random
import statistics
from collections import Counter

from newsmon.parse import layout
from newsmon.parse.pdf import Line


def _line(page: int, x0: float, x1: float, y: float) -> Line:
    return Line("word " * 5, page, x0, x1, y + 10.0, y, y + 2.0, 10.0, False)


def _shared_edge(values: list[float], otherwise: float) -> float:
    counts = Counter(round(v) for v in values)
    edge, n = counts.most_common(1)[0]
    if 2 * n < len(values):
        return otherwise
    return statistics.median(v for v in values if round(v) == edge)


def _column_edges_of(column: tuple[tuple[float, float], ...], width: float) -> tuple[float, float] | None:
    if len(column) < layout._COLUMN_MIN_LINES:
        return None
    col_left = layout._percentile([a for a, _ in column], 0.1)
    col_right = layout._percentile([b for _, b in column], 0.9)
    if col_right - col_left >= layout._COLUMN_SHARE * width:
        return None
    return _shared_edge([a for a, _ in column], col_left), _shared_edge([b for _, b in column], col_right)


def reference_edges(lines: list[Line]) -> list[tuple[float, float]]:
    """The plain definition: every line's overlapping lines looked up one by one."""
    left = layout._percentile([line.x0 for line in lines], 0.1)
    right = layout._percentile([line.x1 for line in lines], 0.9)
    edges = [(left, right)] * len(lines)
    for i, line in enumerate(lines):
        if line.x1 <= line.x0:
            continue
        column = tuple((other.x0, other.x1) for other in lines if other.page == line.page
                       and other.x0 < other.x1 and other.x0 < line.x1 and line.x0 < other.x1)
        found = _column_edges_of(column, right - left)
        if found is not None:
            edges[i] = found
    return edges


def one_column(page: int, lines: int, rng: random.Random) -> list[Line]:
    out = [_line(page, 150.0, 445.0, 800.0)]  # a centred title
    for k in range(lines):
        x1 = 535.0 if k % 4 else 60.0 + rng.uniform(100.0, 470.0)  # full lines, and paragraph ends
        out.append(_line(page, 60.0, x1, 780.0 - 14.0 * k))
    return out


def two_columns(page: int, lines: int, rng: random.Random) -> list[Line]:
    out = [_line(page, 120.0, 475.0, 800.0), _line(page, 200.0, 395.0, 786.0)]  # a centred head
    for k in range(lines):
        end = 0.0 if k % 5 else rng.uniform(30.0, 200.0)  # a paragraph's last line, short
        out.append(_line(page, 60.0, 287.5 - end, 760.0 - 14.0 * k))
        out.append(_line(page, 307.5, 535.0 - end, 760.0 - 14.0 * k))
    out.append(_line(page, 300.0, 300.0, 60.0))  # a line of no width (a lone space)
    return out


def test_the_whole_page_column_shortcut_gives_the_plain_definitions_edges() -> None:
    rng = random.Random(46)  # noqa: S311 - test data
    documents = [
        one_column(0, 30, rng),
        two_columns(0, 20, rng),
        one_column(0, 12, rng) + two_columns(1, 18, rng) + one_column(2, 3, rng),
        two_columns(1, 9, rng) + one_column(0, 25, rng),  # pages not in order (a header's kept lines)
        [_line(0, 60.0, 60.0, 700.0), _line(0, 80.0, 80.0, 690.0)],  # no line of any width
        [_line(0, 60.0 + rng.uniform(-3.0, 3.0), 300.0 + rng.uniform(-150.0, 235.0), 700.0 - 14.0 * k)
         for k in range(40)],  # ragged lines, most of them not overlapping every other
    ]
    for lines in documents:
        assert layout._column_edges(lines) == reference_edges(lines)


def test_a_shared_edge_is_the_first_of_equal_counts_and_the_median_of_its_values() -> None:
    assert layout._shared_edge([10.2, 10.4, 20.0, 20.1], 0.0) == _shared_edge([10.2, 10.4, 20.0, 20.1], 0.0) == 10.3
    assert layout._shared_edge([10.2, 30.0, 20.0, 40.1, 50.0], 7.0) == 7.0  # no value half the lines share
    values = [round(random.Random(k).uniform(50.0, 60.0), 1) for k in range(25)]  # noqa: S311 - test data
    assert layout._shared_edge(values, -1.0) == _shared_edge(values, -1.0)
