"""Light Dari/Pashto stemming: inflected forms meet their base word, other words stay apart."""

from __future__ import annotations

import pytest

from newsmon.warehouse.search import normalise
from newsmon.warehouse.stemming import stem


def key(word: str) -> str:
    return stem(normalise(word))


@pytest.mark.parametrize(("base", "forms"), [
    ("ولایت", ["ولایتی", "ولایت‌ها", "ولایتها", "ولایت‌های", "ولايتي"]),   # the example; Arabic yeh
    ("کشور", ["کشورها", "کشورهای", "کشوری"]),
    ("خانواده", ["خانواده‌ها", "خانواده‌های", "خانواده‌ای", "خانواده‌هایشان"]),
    ("زن", ["زنان", "زنی", "زنانی"]),
    ("انتخابات", ["انتخاباتی"]),
    ("مذاکره", ["مذاکرات"]),
    ("بزرگ", ["بزرگتر", "بزرگ‌ترین"]),
    # Pashto
    ("ولایت", ["ولایتونه"]),
    ("کور", ["کورونه", "کورونو"]),
    ("کورنۍ", ["کورنیو"]),
    ("ماشوم", ["ماشومان", "ماشومانو"]),
    ("سوله", ["سولې"]),
    ("جګړه", ["جګړې"]),
    ("خلک", ["خلکو"]),
    ("ښوونځی", ["ښوونځیو"]),
])
def test_inflected_forms_meet_their_base_word(base: str, forms: list[str]) -> None:
    for form in forms:
        assert key(form) == key(base), (form, base)


@pytest.mark.parametrize(("one", "other"), [
    ("زن", "زنده"), ("زن", "زندگی"), ("زن", "زنگ"),
    ("مردم", "مردان"),
    ("کور", "کورنۍ"),
    ("تنها", "تن"),       # "only" is no plural of "body"
    ("ماه", "ما"),        # month, we
    ("دختر", "دخ"),
    ("شهر", "شهروند"), ("شهر", "شهرداری"),
    ("او", "ا"),
])
def test_other_words_stay_apart(one: str, other: str) -> None:
    assert key(one) != key(other)


@pytest.mark.parametrize("word", ["Kabul", "Taliban", "Friedensgespräche", "2020", "بیه", "او", "ما"])
def test_latin_words_numbers_and_short_words_are_kept(word: str) -> None:
    assert stem(word) == word
