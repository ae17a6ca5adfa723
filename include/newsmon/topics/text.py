"""The one tokeniser of topic matching: text (an article, a query word) as a list of terms.

Why one function: documents and query words must become terms the same way, or a query
typed with ZWNJ, Arabic letter forms or short vowels would miss a text written without them.
`terms` normalises with the search normaliser (`newsmon.warehouse.search.normalise`: NFKC, ZWNJ
and tatweel removed, Arabic yeh/kaf to Persian forms, short vowels removed, case folded), then
splits on everything that is not a letter or a digit, and stems each Dari / Pashto term
(`newsmon.warehouse.stemming`: plural, possessive, ezafe and oblique endings, so ولایت matches
ولایتی, ولایت‌ها and ولایتونه). That happens in `word_terms`, which `terms` applies to each word,
and nowhere else; `TOKENISER` names this version of it: stored term texts of another version
are re-tokenised and every topic re-matched (`newsmon topics refresh`).

A document is stored as its *term text*: the terms joined by single spaces, with a space at
each end and a line break between title and body, so that a term is ` w `, a phrase ` a b `
(never across the title's end) and a prefix ` w…`: plain substring tests, which the warehouse
runs in SQL over every article at once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsmon.warehouse.search import normalise
from newsmon.warehouse.stemming import stem

TOKENISER = "terms-2"  # bump when `terms` changes: stored term texts are then re-made
_SEPARATORS = re.compile(r"[\W_]+")


def terms(text: str | None) -> list[str]:
    """The normalised terms of `text`, in order.

    Word by word (split at whitespace), each distinct word normalised once (`word_terms` keeps
    the last 500,000): news text repeats its words, so the history of a warehouse is made ~3x
    faster than by normalising whole texts. The result is the same, because the normaliser
    never joins anything across whitespace (no composition starts at a space);
    tests/unit/test_topics.py holds the two ways equal on the corpus and on random text."""
    if not text:
        return []
    return [term for word in text.split() for term in word_terms(word)]


@lru_cache(maxsize=500_000)
def word_terms(word: str) -> tuple[str, ...]:
    """The stemmed terms of one whitespace-free word."""
    return tuple(stem(term) for term in _SEPARATORS.sub(" ", normalise(word)).split())


def term_text(title: str | None, body: str | None) -> str:
    """The stored form of an article: ` title terms \\n body terms ` (see the module docstring)."""
    return f" {' '.join(terms(title))} \n {' '.join(terms(body))} "
