"""bench_parse_real counts a word newsmon repaired as kept only on the evidence of both texts."""

from __future__ import annotations

from collections import Counter

from benchmarks.bench_parse_real import _lam_alef, _split_at_marks, tokens


def test_a_word_pdfium_broke_at_a_mark_inside_a_line():
    assert _split_at_marks("تأليف: ي ُوسُف ع َدنَان") == [("ی", "وسف"), ("ع", "دنان")]
    assert _split_at_marks("يتحدثها أ ٕ كثر من") == [("ا", "کثر")]  # a mark standing alone between spaces


def test_a_mark_that_ends_a_word_is_the_words_own():
    assert _split_at_marks("این حلِ مساله است") == []  # ezafe: newsmon must keep the two words apart
    assert _split_at_marks("a - ُb") == []  # punctuation between: no word was broken
    assert _split_at_marks("sizing of brackets ًا تلقائي") == []  # a Latin word and an Arabic one are two


def test_lam_alef_counted_only_where_newsmon_holds_more_of_the_repaired_word():
    wanted, have = Counter(tokens("باال باال لازم")), Counter(tokens("بالا لازم"))
    assert _lam_alef(wanted, have) == 1
    assert wanted == Counter({"بالا": 1, "باال": 1, "لازم": 1})
    wanted, have = Counter(tokens("الزم لازم")), Counter(tokens("لازم"))
    assert _lam_alef(wanted, have) == 0  # newsmon holds no more "لازم" than pdfium has: a real loss
