"""zwnj_spaces: a space glyph drawn where the letter beside it stands is a ZWNJ, and a ZWNJ glyph
that moves the pen by its width to the letter beside it is a word space."""

from __future__ import annotations

from newsmon.parse.zwnj_spaces import (
    page_draws_spaces_as_zwnjs,
    page_draws_zwnj_spaces,
    spaces_for_moving_zwnjs,
    zwnjs_for_empty_spaces,
)

EM = 10.0
ZWNJ = "\u200c"


def _pens(pens: dict[int, tuple[float, float]]):
    return lambda positions: [pens[p] for p in positions]


def test_a_drawn_space_at_the_origin_of_the_letter_beside_it_is_a_zwnj():
    text = "نسخه های"  # the space at 4; the letters right to left, each drawn 5 wide
    pens = _pens({3: (30.0, 35.0), 4: (30.0, 33.0), 5: (25.0, 30.0)})  # a space glyph 0.3 em wide, moving nothing
    assert zwnjs_for_empty_spaces(text, pens, EM) == "نسخه" + ZWNJ + "های"


def test_a_word_space_and_a_space_pdfium_made_up_stay():
    text = "نسخه های"
    moved = _pens({3: (33.0, 38.0), 4: (30.0, 33.0), 5: (25.0, 30.0)})  # the pen moved 0.3 em
    made_up = _pens({3: (30.0, 35.0), 4: (30.0, 30.0), 5: (25.0, 30.0)})  # no width: pdfium's own
    assert zwnjs_for_empty_spaces(text, moved, EM) == text
    assert zwnjs_for_empty_spaces(text, made_up, EM) == text


def test_a_page_tells_at_its_first_space_where_a_zwnj_is_likeliest():
    text = "کتاب خوب و نسخه های"  # "خوب و": no ZWNJ could stand there; "نسخه های": likeliest
    at = text.index(" های")
    pens = {at - 1: (30.0, 35.0), at: (30.0, 33.0), at + 1: (25.0, 30.0)}
    assert page_draws_zwnj_spaces(text, _pens(pens), EM) is True
    pens[at] = (27.0, 30.0)
    assert page_draws_zwnj_spaces(text, _pens(pens), EM) is False
    assert page_draws_zwnj_spaces("کتاب خوب", _pens({}), EM) is False


def test_a_zwnj_that_moves_the_pen_by_its_width_is_a_word_space():
    text = "کابل" + ZWNJ + "چاه" + ZWNJ + "ها"  # ZWNJs at 4 and 8
    pens = _pens({3: (30.0, 35.0), 4: (27.0, 30.0), 5: (20.0, 27.0),  # moved 0.3 em, to the "ل"'s origin
                  7: (12.0, 17.0), 8: (12.0, 15.0), 9: (7.0, 12.0)})  # moved nothing: a ZWNJ
    assert spaces_for_moving_zwnjs(text, pens, EM) == "کابل چاه" + ZWNJ + "ها"
    assert page_draws_spaces_as_zwnjs(text, pens, EM) is True
    assert page_draws_spaces_as_zwnjs("چاه" + ZWNJ + "ها", _pens({2: (12.0, 17.0), 3: (12.0, 15.0),
                                                                  4: (7.0, 12.0)}), EM) is False


def test_the_first_likeliest_space_tells_whichever_kind_it_is():
    """The page's first space after "می" or "نمی" (before a letter with forms) or before "ها",
    "اند", "تر" (after a letter that joins the next one) is the one whose pens are read: each kind
    is looked for on its own, and the first of them counts."""
    cases = [("او نمی رود و کتاب ها", "نمی ", 3), ("کتاب ها و او می رود", " ها", 0),
             ("خانه بزرگ تر از آن رفته اند", " تر", 0), ("رفته اند و او می رود", " اند", 0),
             ("ومی رود و نمی رود", "نمی ", 3)]  # "ومی": no prefix
    for text, key, offset in cases:
        at = text.index(key) + offset
        pens = {at - 1: (30.0, 35.0), at: (30.0, 33.0), at + 1: (25.0, 30.0)}
        assert page_draws_zwnj_spaces(text, _pens(pens), EM) is True, text
