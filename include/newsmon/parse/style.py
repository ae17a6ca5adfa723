"""How a line is set (size, weight, slant), and the typography of a document's body.

The header reader and the layout both judge lines against the body's typography: the
title and captions stand out from it, body paragraphs are set in it.
"""

from __future__ import annotations

import operator
from typing import Final, NamedTuple

from newsmon.parse.pdf import Line


class Style(NamedTuple):
    """Size (to half a point), weight and slant of a line."""

    size: float
    bold: bool
    italic: bool

    @classmethod
    def of(cls, line: Line) -> Style:
        # tuple.__new__ as the generated __new__ calls it, without that Python-level call
        # (the header and the layout ask for every line's style, some lines several times)
        return tuple.__new__(cls, (round(line.size * 2) / 2, line.bold, line.italic))

    def stands_out(self, body: Style) -> float:
        """How much a line set this way stands out from the body (0: not at all)."""
        return max(0.0, self.size - body.size) + 2.0 * (self.bold and not body.bold) \
            + 1.0 * (self.italic and not body.italic)


def body_style(lines: list[Line]) -> Style:
    """The typography most of the text is set in (by characters)."""
    # A plain dict: a Counter's item access goes through its type's slots (5,000 instructions a
    # line); max() picks the first of equal weights, as Counter.most_common(1) does.
    weight: dict[tuple[float, bool, bool], int] = {}
    for line in lines:
        key = (round(line.size * 2) / 2, line.bold, line.italic)
        weight[key] = weight.get(key, 0) + len(line.text)
    size, bold, italic = max(weight.items(), key=_second)[0]
    return Style(size, bold, italic)


_second: Final = operator.itemgetter(1)
