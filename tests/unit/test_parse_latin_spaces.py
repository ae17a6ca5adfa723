"""latin_spaces: a word space where the pen moved on before a capital further than inside the word."""

from __future__ import annotations

import random

from newsmon.parse import latin_spaces
from newsmon.parse.latin_spaces import capital_joints, with_missed_spaces

EM = 10.0


def _pens(advances: list[float], gaps: dict[int, float]):
    """A reader of (origin, end of advance) for a line whose glyphs are `advances` wide and
    stand edge to edge but for the extra `gaps` before the positions given."""
    pens, x = [], 0.0
    for k, width in enumerate(advances):
        x += gaps.get(k, 0.0)
        pens.append((x, x + width))
        x += width
    return lambda positions: [pens[p] for p in positions]


def test_capital_joints_are_where_a_lower_case_letter_runs_into_a_capital():
    assert capital_joints("aid toAfghanistan, TheWorld") == [6, 22]
    assert capital_joints("Die Bibliotheken ÄrzteÖl") == [22]
    assert capital_joints("no joints HERE. Or here") == []


def test_a_pen_that_moved_on_before_the_capital_is_a_word_space():
    text = "aid toAfghanistan"
    pens = _pens([5.0] * len(text), {3: 2.0, 6: 1.2})  # 0.12 em before "A"
    assert with_missed_spaces(text, capital_joints(text), pens, EM) == "aid to Afghanistan"


def test_a_capital_inside_a_name_stays_where_the_pen_went_on():
    text = "Gary McCue on YouTube"
    pens = _pens([5.0] * len(text), {4: 2.5, 10: 2.5, 13: 2.5, 7: 0.1})  # a kern of 0.01 em
    assert with_missed_spaces(text, capital_joints(text), pens, EM) == text


def test_the_lines_own_letter_spacing_is_no_word_space():
    text = "set \\XeLaTeX"  # a typewriter face set 0.08 em apart, letter by letter
    pens = _pens([5.0] * len(text), dict.fromkeys(range(5, len(text)), 0.8))
    assert with_missed_spaces(text, capital_joints(text), pens, EM) == text


def test_a_gap_of_an_em_or_more_is_left_to_the_line_order():
    text = "endStart"
    pens = _pens([5.0] * len(text), {3: 12.0})
    assert with_missed_spaces(text, capital_joints(text), pens, EM) == text


def test_the_joints_are_those_the_regex_finds_whatever_the_text():
    """capital_joints tells most lines have none from their bytes (see _CASES): the same
    places as the regex (punctuation only at a word's end), with accented letters, punctuation,
    characters beyond Latin-1 and lone surrogates."""
    alphabet = [*"aZzAßöÖøÿÞ×÷ ?-.,;:!é’“1", "\u200c", "\ud800", "ب", "\U0001f600", *map(chr, range(0, 0x250, 7))]
    rng = random.Random(3)  # noqa: S311 - test data
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert capital_joints(text) == [m.start() + 1 for m in latin_spaces._INTO_A_CAPITAL.finditer(text)
                                        if text[m.start()].isalpha() or text[m.start() - 1:m.start()].isalnum()], text
