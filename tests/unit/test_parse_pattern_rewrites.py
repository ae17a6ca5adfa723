"""Patterns written to open with a character class (which the regex engine scans for fast) find
what their plain form finds: each choice's first character is taken first and each choice then
looks behind at it (arabic._UNJOINED's note). The plain forms below are the readable ones, built
from the same character sets; random lines over the patterns' alphabets are searched with both.
"""

from __future__ import annotations

import random
import re

import pytest

from newsmon.parse import arabic, bidi_numbers, layout, pdf

L = arabic._LETTERS
M = arabic._MARKS
B = arabic._BRACKET_CLASS
ALL_LETTERS = "".join(sorted(arabic.ARABIC_LETTERS))
NON_JOINING = "".join(sorted((arabic.NON_LEFT_JOINING & arabic.ARABIC_LETTERS)
                             | (arabic.ARABIC_LETTERS - arabic.WITH_FORMS)))
PLAIN = {
    "_UNJOINED": (arabic._UNJOINED, f"[{NON_JOINING}](?=[{L}])|[{L}](?=[{arabic._NO_FORMS}0-9۰-۹٠-٩()«»])"
                                    f"|(?<=[{L}])[{M}](?=[{L}])|[0-9۰-۹٠-٩،؛](?=[{L}])"),
    "NO_FORMS_PAIR": (arabic.NO_FORMS_PAIR,
                      f"[{''.join(sorted(arabic._NO_FORMS_DUAL))}](?=[{''.join(sorted(arabic._ZWNJ_AFTER_SHAPED))}])"
                      f"|[{''.join(sorted(arabic._ZWNJ_BEFORE_SHAPED))}]"
                      f"(?=[{''.join(sorted(arabic._NO_FORMS_DUAL | arabic._NO_FORMS_RIGHT))}])"),
    "_EZAFE_GLUED": (arabic._EZAFE_GLUED, f"(?<=[{L}])\u0647\u0654\u200c?(?=[{L}])"),
    "_EZAFE_APART": (arabic._EZAFE_APART, f"(?<=[{L}]) (?=\u0647\u0654(?![{L}\u064b-\u065f\u0670]))"),
    "_BRACKET_THEN_SPACE": (arabic._BRACKET_THEN_SPACE, f"(?<=[^\\s{B}])([{B}]) (?=[^\\s{B}])"),
    "_SPACE_THEN_BRACKET": (arabic._SPACE_THEN_BRACKET, f"(?<=[^\\s{B}]) ([{B}])(?=[^\\s{B}])"),
    "_LATIN_UNIT": (pdf._LATIN_UNIT, r"(?<=[()\[\]])[A-Za-z0-9]{2,}|[A-Za-z][A-Za-z0-9]*(?:[ ،,]+[A-Za-z][A-Za-z0-9]*)+"),
    "_SIGN_BY_DIGIT": (bidi_numbers._SIGN_BY_DIGIT,
                       r"[-+\u2212%٪$](?=[0-9۰-۹])|(?<=[0-9۰-۹])(?:[-+\u2212%٪$]|\u2013 )|[¹²³]"),
}
# _STROKES_AFTER_BRACKET's third group holds the run after its bracket, where the plain form's
# held the bracket too: its reader takes the match's span (arabic._drop_bracket_strokes).
STROKES_PLAIN = re.compile(r"[()«»]([!-'*-~]+)(?= |$)| ([\x01-\x1f!-'*-~]+)(?=[()«»])"
                           rf"|([()«»][!-~]+)(?=[{ALL_LETTERS}])")
ALPHABET = sorted(set(ALL_LETTERS[::3] + M[::2] + "هٔ\u0654\u0650ـ\u200c ()«»[]{}‹›-+%$٪\u2212\u2013¹²³0129۰۱۹٠،؛,.!'~"
                      "AbZz\x05\t" + arabic._NO_FORMS + "".join(sorted(arabic._NO_FORMS_DUAL))))


# Narrower alphabets for the patterns the wide one reaches too rarely.
ALPHABETS = {"_EZAFE_GLUED": "بدهه\u0654\u0654\u200c \u064e", "_EZAFE_APART": "بدهه\u0654\u0654\u200c  \u064e",
             "_LATIN_UNIT": "Ab9z ،,()[]ب"}


def _lines(seed: int, alphabet: str | list[str] = ALPHABET, count: int = 20000) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - test strings, no secret
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(count)]


def _found(pattern: re.Pattern[str], line: str) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(m.span(k) for k in range(pattern.groups + 1)) for m in pattern.finditer(line)]


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_a_pattern_that_opens_with_a_class_finds_what_its_plain_form_finds(name):
    fast, plain = PLAIN[name][0], re.compile(PLAIN[name][1])
    lines = _lines(len(name), ALPHABETS.get(name, ALPHABET))
    assert sum(bool(plain.search(line)) for line in lines) > 20  # the alphabet reaches the pattern
    for line in lines:
        assert _found(fast, line) == _found(plain, line), (name, line)
        for start in (1, len(line) // 2):
            hit, plain_hit = fast.search(line, start), plain.search(line, start)
            assert (hit and hit.span()) == (plain_hit and plain_hit.span()), (name, line, start)


def test_the_strokes_after_a_bracket_are_found_as_before():
    fast = arabic._STROKES_AFTER_BRACKET
    lines = _lines(3)
    assert sum(bool(STROKES_PLAIN.search(line)) for line in lines) > 20
    for line in lines:
        old = [(m.span(), m.span(1), m.span(2), m.span(3)) for m in STROKES_PLAIN.finditer(line)]
        new = [(m.span(), m.span(1), m.span(2), m.span() if m.group(3) else m.span(3)) for m in fast.finditer(line)]
        assert new == old, line


# Characters on either side of the tests layout._runs makes (letters, marks, digits that are not
# decimal, decimal ones of three scripts, "_", ZWNJ, and each kind of blank str.split takes).
WORD_ALPHABET = "ab_Z1٣۴²½ \t\n\x1c\xa0\u2028\u200cکهٔ\u064b\u0650،.-ـ\u0670ﻻ߀𝟘𝐀"


@pytest.mark.parametrize("pattern", [layout._LETTERS, layout._WORD_PART], ids=["_LETTERS", "_WORD_PART"])
def test_the_runs_read_token_by_token_are_the_patterns_own(pattern):
    lines = _lines(7, WORD_ALPHABET, 50000) + ["یک دو، سه‌چهار 12 x_y ²٣", ""]
    assert sum(layout._runs(line, pattern) != line.split() for line in lines) > 1000  # not all whole tokens
    for line in lines:
        assert layout._runs(line, pattern) == pattern.findall(line), line
