"""Cheap probes in place of regex calls that find what most texts tell at once, each the same
as the regex it stands before or for (hypothesis, on texts drawn from the characters at the
edges of each class) and skipping the call where it tells (counted).

textlayer._arabic_word_count counts _ARABIC_WORDS' words by the UTF-16 high byte of each
character (findall made a string and reset the regex engine for each word); the masthead probe
is a substring scan for each marker word (a regex of them all tried its alternatives at every
alef); a text that opens with an Arabic letter, or is Latin-1, has Arabic script or none without
a scan; a line's second word that opens with a letter, and a line that opens with no item's
first character, need no regex call.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon.parse import header, layout, pdf, text, textlayer
from newsmon.sources import load_profile
from tests.counting import Counted

_EDGES = ("aAzZ09 \n\t\u00a0\u200b\u200c\u200d\u2013\u201c\u20ac\u0600\u0606\u060c\u0620\u0627\u064a\u06ff"
          "\u0700\u0706\u074f\u0750\u077f\u0780\ufb00\ufb4f\ufb50\ufbff\ufc00\ufdff\ufe00\ufe6f\ufe70\ufeff"
          "\uff00\x00\u0506\u2006\ud800\U0001f600۰۹•-)")
TEXTS = st.text(alphabet=st.sampled_from(_EDGES), max_size=40)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_the_arabic_word_count_is_the_count_of_the_regex_words(sample: str) -> None:
    assert textlayer._arabic_word_count(sample) == len(textlayer._ARABIC_WORDS.findall(sample))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_EDGES + "افغانستانآزادwww.afgazd@gmil.com"), max_size=40))
def test_the_masthead_probe_finds_what_the_regex_of_the_marker_words_finds(text: str) -> None:
    vocabulary = header.vocabulary(load_profile("afgazad"))
    probe = re.compile("|".join(map(re.escape, vocabulary.marker_words)))
    assert any(word in text.lower() for word in vocabulary.marker_probe) == (probe.search(text.lower()) is not None)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_arabic_script_is_found_where_the_regex_finds_a_letter(sample: str) -> None:
    letter = re.compile(text._ARABIC_LETTER)
    assert text.has_arabic_script(sample) == (letter.search(sample) is not None)


def test_the_arabic_letter_set_is_what_the_regex_matches() -> None:
    """(Once, not for each of the examples above: it reads every code point of the BMP.)"""
    letter = re.compile(text._ARABIC_LETTER)
    assert frozenset(chr(c) for c in range(0x10000) if letter.match(chr(c))) == text._ARABIC_LETTER_SET


def _second_word_by_regex(printed: str) -> int:
    """pdf._second_word of a right-to-left line as the regex alone found it."""
    space = printed.find(" ")
    if space < 0:
        return -1
    second = space + 1
    while second < len(printed) and printed[second] == " ":
        second += 1
    found = pdf._ARABIC_LETTER.search(printed, second)
    end = printed.find(" ", second)
    second = len(printed) if found is None or -1 < end < found.start() else found.start()
    return second if second < len(printed) else -1


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(" ()«».,a1\u0627\u0628\u06cc\u064b\u200c"), max_size=16))
def test_a_second_words_start_is_where_the_regex_finds_it(printed: str) -> None:
    assert pdf._second_word(printed, True) == _second_word_by_regex(printed)


def test_common_texts_make_no_regex_call_where_a_cheap_probe_tells(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails where each is a regex call (or a findall of every word)."""
    letter, item, words, script = (Counted(pdf._ARABIC_LETTER), Counted(layout._ITEM_MARK),
                                   Counted(textlayer._ARABIC_WORDS), Counted(text._HAS_ARABIC_LETTER))
    monkeypatch.setattr(pdf, "_ARABIC_LETTER", letter)
    monkeypatch.setattr(text, "_HAS_ARABIC_LETTER", script)
    monkeypatch.setattr(layout, "_ITEM_MARK", item)
    monkeypatch.setattr(textlayer, "_ARABIC_WORDS", words)
    assert pdf._second_word("سلام دنیا", True) == 5
    line, prev = SimpleNamespace(text="د کابل ښار"), SimpleNamespace(text="پای.")
    assert not layout._opens_an_item(prev, line)  # type: ignore[arg-type]
    assert textlayer._arabic_word_count("کتاب‌های خوب، در کابل\nو هرات") == 6
    assert text.has_arabic_script("کابل: ۲۰۲۰") and not text.has_arabic_script("Straße in Köln")
    assert (letter.calls, item.calls, words.calls, script.calls) == (0, 0, 0, 0)
    assert layout._opens_an_item(prev, SimpleNamespace(text="۲- د وزن"))  # type: ignore[arg-type]
    assert not isinstance(header.vocabulary(load_profile("afgazad")).marker_probe, re.Pattern)
