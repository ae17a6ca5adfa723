"""A search query's tokens, made in Python exactly as DuckDB's tokeniser (`search.tokens_sql`)
makes them, so that the ranking statement gets them as constants.

Why: the tokeniser's pattern (`search.IGNORE`, Unicode classes) costs DuckDB ~2-3 ms CPU to
compile in every statement that uses it, and the ranking looked its tokens up by a join; with
the tokens as constants (`term IN ($term0, ...)`) it compiles no pattern and the dictionary
scan is pruned by the constants. On the bench's 200,000-article warehouses that took the
ranking from 41.1 to 37.1 ms CPU median on DuckLake and from 12.5 to 9.0 ms on the DuckDB file.

Exactly DuckDB's: the tokeniser lower-cases each code point on its own (utf8proc) and a token
is a maximal run of code points that are, lower-cased, letters, marks or numbers (`IGNORE`'s
runs and whitespace only separate). So each character's lower-case form and whether it is
kept are asked of DuckDB itself (`CHAR_FORMS`, one statement for the characters not seen
before in this process, with the common scripts' the first time) and cached; the tokens are
then put together here. tests/unit/test_query_tokens.py compares both over every code point.
"""

from __future__ import annotations

from typing import Any

# Each character: its lower-case form and whether the tokeniser keeps it ({tokens} is
# `search.tokens_sql("c")`, formatted in by `search`, never user text).
CHAR_FORMS = "SELECT c, lower(c), len({tokens}) > 0 FROM unnest($chars::VARCHAR[]) AS t(c)"
# Asked for with the first query of a process: ASCII (controls too), the Latin, combining,
# Greek and Cyrillic blocks, Arabic and its supplement and presentation forms, general
# punctuation (ZWNJ and kin).
_COMMON = [*range(0x1, 0x530), *range(0x600, 0x780), *range(0x2000, 0x2070),
           *range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]
_LOWER: dict[str, str] = {}
_KEPT: dict[str, bool] = {}


def query_tokens(text: str, con: Any, char_forms: str) -> list[str]:
    """The distinct tokens of `text` (in order of first appearance), as DuckDB's
    `tokens_sql(text)` gives them; `char_forms`: `CHAR_FORMS` with the tokeniser in, run on
    `con` (any connection: it reads no table) for the characters not cached yet."""
    missing = set(text).difference(_LOWER)
    if missing:
        if not _LOWER:
            missing.update(chr(c) for c in _COMMON)
        for char, lower, kept in con.execute(char_forms, {"chars": sorted(missing)}).fetchall():
            _LOWER[char], _KEPT[char] = lower, bool(kept)
    tokens: dict[str, None] = {}
    run: list[str] = []
    for char in text:
        if _KEPT[char]:
            run.append(_LOWER[char])
        elif run:
            tokens["".join(run)] = None
            run = []
    if run:
        tokens["".join(run)] = None
    return list(tokens)
