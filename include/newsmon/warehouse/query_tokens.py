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
kept are asked of DuckDB itself (`CHAR_FORMS`: one statement, ~2.5 ms, for a query holding
characters not met before in this process; none for the others) and cached; the tokens are
then put together here. tests/unit/test_query_tokens.py compares both over every code point.
"""

from __future__ import annotations

from typing import Any

# The characters asked for, each as the segment "a" + character + " " of one text ($text): the
# tokeniser makes one token of each segment, "a" and the character's lower-case form when it
# keeps the character, "a" alone when it does not. ({tokens} is `search.tokens_sql("$text")`,
# formatted in by `search`, never user text. One pattern over one text: a row per character,
# each tokenised on its own, took ~30 us a character.)
CHAR_FORMS = "SELECT {tokens}"
_MARK = "a"
_LOWER: dict[str, str] = {}
_KEPT: dict[str, bool] = {}


def query_tokens(text: str, con: Any, char_forms: str) -> list[str]:
    """The distinct tokens of `text` (in order of first appearance), as DuckDB's
    `tokens_sql(text)` gives them; `char_forms`: `CHAR_FORMS` with the tokeniser in, run on
    `con` (any connection: it reads no table) for the characters not cached yet."""
    missing = set(text).difference(_LOWER)
    if missing:
        chars = sorted(missing)
        segments = "".join(f"{_MARK}{char} " for char in chars)
        formed = con.execute(char_forms, {"text": segments}).fetchone()[0]
        if len(formed) != len(chars) or any(not token.startswith(_MARK) or len(token) > 2 for token in formed):
            raise RuntimeError("DuckDB's tokeniser no longer makes one token of each character's segment")
        for char, token in zip(chars, formed):
            _KEPT[char] = len(token) == 2
            _LOWER[char] = token[1:] if _KEPT[char] else char
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
