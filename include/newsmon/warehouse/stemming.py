"""Light stemming of Dari (Persian) and Pashto words, for search and topics.

    stem("ولایتها")   -> "ولایت"      stem("ولایتی") -> "ولایت"
    stem("ماشومانو")  -> "ماشوم"      stem("Kabul")  -> "Kabul" (only Arabic script is stemmed)

Why rules of our own: Snowball's Persian stemmer (snowballstemmer 3.1) turns "ولایت" into
"ولا" and leaves "ولایتی" whole, so the two never meet; hazm needs Python >= 3.12; no
maintained Pashto stemmer exists. A light stemmer only strips inflection that does not change
what a word means — plural, possessive, ezafe/indefinite/adjectival yeh, comparative, Pashto
plural and oblique endings — and never what could be part of a short stem: each ending has
the shortest stem it may leave (`SUFFIXES`). Broken (Arabic) plurals such as ولایات are not
conflated: that takes a dictionary. Nor are the one-letter possessives (کشورش, کتابم): too
many stems end in ش, م or ت (آموزش, ارتش, مردم, دولت).

Words come in normalised (`newsmon.warehouse.search.normalise`: no ZWNJ, Persian yeh and
kaf, no short vowels), so "ولایت‌ها" arrives as "ولایتها". One rule set serves both
languages: a query does not say its language, and Dari text quotes Pashto and back. The
endings are stripped at most twice ("افغانستانی" -> "افغانستان" -> "افغانست"), which is
enough for an ending on an ending; a stem is a key to compare words by, not a word to show.
Measured on a gold set of queries and hand-judged articles: `benchmarks/bench_stemming.py`.
"""

from __future__ import annotations

import re
from functools import lru_cache

# (ending, the shortest stem it may leave), longest endings first. Lengths are in letters.
SUFFIXES: tuple[tuple[str, int], ...] = tuple(sorted((
    # Dari plural + possessive / ezafe: کشورهای, خانوادههایشان, کتابهایم
    ("هایشان", 2), ("هایتان", 2), ("هایمان", 2), ("هایش", 2), ("هایت", 2), ("هایم", 2),
    ("هایی", 2), ("های", 2), ("ها", 3),          # "تنها" (only) keeps its ها
    ("ترین", 3), ("تر", 3),                      # comparative: بزرگترین; "دختر" stays
    ("ات", 3),                                   # Arabic plural: انتخابات, مذاکرات
    ("انی", 2), ("ان", 2),                       # plural: زنان, طالبان; "زمان" -> "زم" harms nothing
    ("ای", 3), ("ی", 2),                         # indefinite / adjectival / ezafe: خانهای, دولتی
    ("ه", 3),                                    # final heh: مذاکره = مذاکرات, جګړه = جګړې; "ماه" stays
    # Pashto plural and oblique endings: ولایتونه, کورونو, ماشومانو, ښځو, کورنیو
    ("ګانو", 2), ("گانو", 2), ("ګانې", 2), ("ګان", 2), ("گان", 2),
    ("ونه", 2), ("ونو", 2), ("انو", 2), ("یو", 3),
    ("ې", 2), ("ۍ", 2), ("و", 3),                # "او" (and) stays
), key=lambda rule: -len(rule[0])))
STRIPS = 2
_ARABIC_SCRIPT = re.compile(r"^[\u0600-\u06ff]+$")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The word with its inflectional endings stripped (Arabic-script words only). Cached:
    news text repeats its words, and every indexed and topic-matched word passes here."""
    if len(word) < 3 or not _ARABIC_SCRIPT.match(word):
        return word
    for _ in range(STRIPS):
        stripped = _strip_one(word)
        if stripped == word:
            break
        word = stripped
    return word


def _strip_one(word: str) -> str:
    for ending, shortest in SUFFIXES:
        if word.endswith(ending) and len(word) - len(ending) >= shortest:
            return word[:-len(ending)]
    return word


def stems(words: list[str]) -> list[str]:
    """`stem` of each word, in order."""
    return [stem(word) for word in words]
