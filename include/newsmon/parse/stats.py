"""Small statistics over a page's or a header's lines, without the statistics module's costs."""

from __future__ import annotations


def median(values: list[float]) -> float:
    """The median as statistics.median takes it (the mean of the two middle values of an even
    count), from one sort of a list: statistics.median's own goes through a class's __init__ and
    takes generators, resumed a value at a time, where the layout and the header ask per page."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2
