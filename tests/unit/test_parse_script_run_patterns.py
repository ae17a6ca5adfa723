"""pdf._SCRIPT_RUN_TEXT, _NATIVE_NUMBER and _NATIVE_NUMBER_GLUED open with a character class (the
regex engine scans for it; a repeat or alternatives first are tried at every position of a page's
text, a tenth of a gold pass's regex work): each must find what the plain pattern it replaces finds,
the same runs at the same places, on crafted lines and on random text of the characters that matter."""

from __future__ import annotations

import random
import re
from types import SimpleNamespace

from newsmon.parse import pdf

LETTERS = "\u0621-\u064a\u066e-\u06d3"  # pdf._CLUSTER_LETTERS
PLAIN_SCRIPT_RUN = re.compile("[0-9A-Za-z]+(?:[.,:/][0-9A-Za-z]+)*|[۰-۹٠-٩]+(?:[.,:/٫][۰-۹٠-٩]+)*")
PLAIN_NATIVE_NUMBER = re.compile("[۰-۹٠-٩]{2}")
PLAIN_NATIVE_NUMBER_GLUED = re.compile(f"[{LETTERS}\u064b-\u0655][۰-۹٠-٩]|[۰-۹٠-٩][{LETTERS}]")

CRAFTED = [
    "", "a", "۱", "سال2030نزدیک", "YouTube،Facebook", "له2.5میلیارد", "سال۱۳۸۰ کې", "۱۳۸۰سال", "سال۱۳۸۰",
    "2.5.", "a.b.c", "۱٫۵٫", "1۲3", "A1.۲B", "ِ۳", "ً۴ب", "x/y:z,w", "۱۲ ۳", "ب۱", "۱ب", " ۱ ", "\n۱\n",
    "ـ۱", "۱ـ", "٠٩۰۹", "ab..cd", "۱٫٫۲", "۲,۳:۴/۵", "ﻻ۱", "ٔ۱",
]
ALPHABET = "aZ09.,:/٫ ۱۹٠٩بسلاآـًٕٔ،ﻻ\u200c\n"


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def texts() -> list[str]:
    rng = random.Random(46)  # noqa: S311 - test data
    return CRAFTED + ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40))) for _ in range(4000)]


def test_script_runs_are_the_plain_patterns_runs() -> None:
    for text in texts():
        assert spans(pdf._SCRIPT_RUN_TEXT, text) == spans(PLAIN_SCRIPT_RUN, text), text


def test_native_numbers_are_found_where_the_plain_patterns_find_them() -> None:
    for text in texts():
        assert (pdf._NATIVE_NUMBER.search(text) is None) == (PLAIN_NATIVE_NUMBER.search(text) is None), text
        assert (pdf._NATIVE_NUMBER_GLUED.search(text) is None) == (PLAIN_NATIVE_NUMBER_GLUED.search(text) is None), text


def test_the_crafted_lines_find_what_they_show() -> None:
    runs = [m.group() for m in pdf._SCRIPT_RUN_TEXT.finditer("سال2030نزدیک له2.5 و۱۳۸۰٫۵ب")]
    assert runs == ["2030", "2.5", "۱۳۸۰٫۵"]
    assert pdf._NATIVE_NUMBER_GLUED.search("سال۱۳۸۰") and pdf._NATIVE_NUMBER_GLUED.search("۱۳۸۰سال")
    assert not pdf._NATIVE_NUMBER_GLUED.search("سال ۱۳۸۰ کې")


def test_a_page_glues_native_numbers_as_the_plain_pattern_finds() -> None:
    """_glues_native_numbers looks for the pattern only on a page whose text holds such a digit,
    told by a search for each (pdf._NATIVE_DIGITS: every digit of the class)."""
    assert set(pdf._NATIVE_DIGITS) == {chr(c) for c in range(0x10000) if re.fullmatch("[۰-۹٠-٩]", chr(c))}
    for text in texts():
        page = SimpleNamespace(text=text, native_numbers_glued=None)
        assert pdf._glues_native_numbers(page) == (PLAIN_NATIVE_NUMBER_GLUED.search(text) is not None), text  # type: ignore[arg-type]
