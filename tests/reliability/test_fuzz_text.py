"""Fuzzing the pure text functions every document goes through (hypothesis `text()`).

A PDF's text layer can hold any Unicode a hostile or broken writer put there, so the
functions that read it must never raise on it (dates: None for "not a date"; language:
None for "cannot tell"), and the normalisers must be idempotent: text normalised twice
is text normalised once, or hashes, search terms and deduplication drift between runs.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmon.parse.arabic import repair_line
from newsmon.parse.dates import parse_date, to_ascii_digits
from newsmon.parse.language import detect_language
from newsmon.parse.text import fold_presentation_forms, letter_forms, letters_only, normalize_text
from newsmon.records import content_hash, count_words
from newsmon.warehouse.search import normalise, query_text, snippet
from tests.reliability.ledger import record

EXAMPLES = 300
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

# Text as PDFs hold it: any code point (surrogates excluded: they cannot be in a str from a
# decoder), biased towards the scripts, digits, controls and marks the parser cares about.
_HOT = ("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩./-:, \t\n\u00a0\u200c\u200d\u200e\u200f\u202b\u202c\u2067\u2069\ufeff"
        "\u0640يىكکیەهاآلأإؤئءټډړږښګڼېۍځڅ\u064b\u064e\u0650\u0651\u0654\u0670ﻻﷲﺍﺑﺗ«»()[]"
        "ßẞİıǰ\u0307\u0301ﬁﬀÅΩKabcxyzABCJanuarMärzjuilletحملحوتثورهـشتاریخ\x00\x01\x19\x7f@#")
TEXT = st.one_of(st.text(max_size=200), st.text(alphabet=_HOT, max_size=200),
                 st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
LANGS = st.sampled_from([None, "", "fa", "ps", "en", "de", "fr", "xx"])


class _Counter:
    """Examples run and slowest example, per property, for the ledger."""

    def __init__(self) -> None:
        self.n, self.slowest = 0, 0.0

    def timed(self, fn, *args):
        started = time.perf_counter()
        try:
            return fn(*args)
        finally:
            self.n += 1
            self.slowest = max(self.slowest, time.perf_counter() - started)


@pytest.fixture
def counter() -> _Counter:
    return _Counter()


def _record(fault: str, counter: _Counter, outcome: str) -> None:
    record(fault, trials=counter.n, outcome=f"{counter.n} hypothesis examples (derandomized): {outcome}; "
                                            f"slowest example {counter.slowest * 1000:.1f} ms")


# A date-shaped string: numbers, separators, month names of every script, decoration.
_MONTHS = ["January", "jan.", "Mai", "März", "décembre", "aout", "حمل", "حوت", "جدی", "لیندۍ", "کب", "اسفند", "xyz"]
_SEPS = [".", "/", "-", " ", " . ", ""]
DATE_LIKE = st.builds(
    lambda deco, a, s1, b, s2, c, tail: f"{deco}{a}{s1}{b}{s2}{c}{tail}",
    st.sampled_from(["", "Date: ", "تاریخ: ", "(", "**", "«"]),
    st.one_of(st.integers(-5, 3000).map(str), st.sampled_from(_MONTHS), st.just("۱۵")),
    st.sampled_from(_SEPS),
    st.one_of(st.integers(0, 40).map(str), st.sampled_from(_MONTHS), st.just("٠٣")),
    st.sampled_from(_SEPS),
    st.one_of(st.integers(0, 99999).map(str), st.just("۱۳۹۸")),
    st.sampled_from(["", ")", " ش", " هـ ش", "**", "»", ".", " 12:00"]),
)


def test_dates_never_raise_and_found_dates_round_trip(counter):
    found = []

    @FUZZ
    @given(st.one_of(TEXT, DATE_LIKE))
    def check(text):
        day = counter.timed(parse_date, text)
        assert day is None or isinstance(day, dt.date)
        if day is not None:
            found.append(day)
            # what the parser found, printed the way afgazad prints its header date, reads back
            assert parse_date(day.strftime("%d.%m.%Y")) == day
            assert parse_date(day.isoformat()) == day
        assert to_ascii_digits(to_ascii_digits(text)) == to_ascii_digits(text)

    check()
    assert found, "the date-shaped strategy never produced a date: the property tested nothing"
    _record("dates parsed from arbitrary and date-shaped text", counter,
            f"0 exceptions; {len(found)} parsed to a date, each read back from DD.MM.YYYY and ISO")


def test_text_normalisers_never_raise_and_are_idempotent(counter):
    @FUZZ
    @given(TEXT, LANGS)
    def check(text, lang):
        once = counter.timed(normalize_text, text)
        assert normalize_text(once) == once
        assert once == once.strip()
        folded = fold_presentation_forms(text)
        assert fold_presentation_forms(folded) == folded
        forms = letter_forms(once, lang)
        assert letter_forms(forms, lang) == forms
        assert letters_only(letters_only(text)) == letters_only(text)
        assert content_hash(once) == content_hash(normalize_text(once))
        assert count_words(once) >= 0

    check()
    _record("text normalisation (NFC, presentation forms, bidi, kashida, letter forms) of arbitrary text",
            counter, "0 exceptions; normalize_text, fold_presentation_forms, letter_forms, letters_only idempotent")


def test_language_detection_never_raises_and_answers_a_known_code(counter):
    codes = {None, "en", "de", "fr", "fa", "ps"}

    @FUZZ
    @given(TEXT)
    def check(text):
        lang = counter.timed(detect_language, text)
        assert lang in codes
        assert detect_language(normalize_text(text)) in codes

    check()
    _record("language detection of arbitrary text", counter, "0 exceptions; always None or one of en/de/fr/fa/ps")


def test_arabic_line_repair_never_raises_whatever_the_boxes(counter):
    box = st.tuples(*[st.floats(-1e4, 1e4, allow_nan=False)] * 4)

    @FUZZ
    @given(TEXT, st.lists(box, min_size=1, max_size=8))
    def check(text, boxes):
        def read(positions: list[int]) -> list:
            assert all(0 <= p < len(text) for p in positions), "asked for a box outside the line"
            return [boxes[p % len(boxes)] for p in positions]

        out = counter.timed(repair_line, text, read)
        assert isinstance(out, str)

    check()
    _record("Arabic-script line repair with arbitrary text and glyph boxes", counter,
            "0 exceptions; boxes asked only for positions inside the line")


def test_search_normaliser_never_raises_and_is_idempotent(counter):
    @FUZZ
    @given(TEXT)
    def check(text):
        once = counter.timed(normalise, text)
        assert normalise(once) == once
        assert isinstance(query_text(text), str)
        assert isinstance(snippet(text, set(once.split())), str)

    check()
    _record("search normaliser, query text and snippets of arbitrary text", counter,
            "0 exceptions; normalise idempotent")
