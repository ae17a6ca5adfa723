"""A pull quote is found where the body sentence it repeats is broken at a hyphen a TeX engine
set at a line's end ("cough-" / "ing for months": the texts probe's v4722-xetex-en, whose quote
"Most of the people we find had been coughing for months ..." stayed in the body)."""

from __future__ import annotations

import functools

from newsmon.parse.layout import Block, Spelling, _pull_quotes, join_lines
from newsmon.parse.pdf import Line
from newsmon.parse.style import Style


def _line(text: str, baseline: float, size: float = 12.0, x0: float = 63.0, x1: float = 532.0) -> Line:
    return Line(text, 0, x0, x1, baseline + size * 0.8, baseline - size * 0.25, baseline, size, False, False, 0.0)


BODY = [["The team screens people in each district every week and sends its results to the",
         "provincial office, where the figures are checked against the clinics' own registers."],
        ["Dr. Nasrin Habibi, who leads the team, said: \"Most of the people we find had been cough-",
         "ing for months and never thought it was TB.\" She added that one in four are women."]]
QUOTE = ["Most of the people we find had been coughing for", "months and never thought it was TB."]


def test_a_quote_of_a_sentence_broken_at_a_line_end_hyphen():
    lines = [_line(t, 700.0 - 15 * k) for k, t in enumerate(BODY[0])]
    quote = [_line(t, 640.0 - 18 * k, size=14.3, x0=140.0, x1=456.0) for k, t in enumerate(QUOTE)]
    after = [_line(t, 590.0 - 15 * k) for k, t in enumerate(BODY[1])]
    blocks = [Block(lines), Block(quote), Block(after)]
    texts = [line.text for line in lines + quote + after]
    join = functools.partial(join_lines, breaks_words=True, spelling=Spelling.of(texts))
    assert _pull_quotes(blocks, Style(12.0, False, False), 469.0, {}, join) == [blocks[1]]
    assert _pull_quotes(blocks, Style(12.0, False, False), 469.0, {}) == []  # joined as printed: "cough-ing"
