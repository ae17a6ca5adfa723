"""On DuckLake an unfiltered search decides a query's ZWNJ-joined words inside its ranking
statement (`search.TOP_DOCS_DATED_ZWNJ`), not by a look-up of its own (`TERMS_EXISTING`, 8-18 ms
CPU at a million articles): the pages are the look-up's, rows, order, scores and snippets, for
words the index holds joined, words it holds only apart, words it holds neither way, a joined
word with punctuation (no term, so no question), repeated words and parts that are words of the
query too; and with ties at the ranking's cap (its fallback)."""

from __future__ import annotations

import re

import pytest

from newsmon.warehouse import search as search_module
from newsmon.warehouse.query_tokens import query_tokens
from newsmon.warehouse.search import _CHAR_FORMS, _WORD, _joined_hits, index_form, query_text, search, snippet
from tests.counting import CountingConnection
from tests.warehouse_data import mirror_of_kind, zwnj_words

ZWNJ = "\u200c"


def looked_up(query: str, con, limit: int) -> list[tuple[str, float, str]]:
    """The page as the look-up makes it: `query_text` (its `TERMS_EXISTING`), the one-statement
    join, the snippets of that form's words."""
    normalised = query_text(query, con)
    params = {"query": normalised, "lang": None, "since": None, "source": None, "limit": limit}
    terms = set(_WORD.findall(normalised))
    return [(r["article_id"], r["score"], snippet(r["body_text"] or "", terms)) for r in _joined_hits(con, params)]


class Watching(CountingConnection):
    """A connection that keeps the statements run through it."""

    def __init__(self, con) -> None:
        super().__init__(con)
        self.run: list[str] = []

    def execute(self, sql, params=None):
        self.run.append(sql)
        return super().execute(sql, params)


def searched(query: str, con, limit: int) -> tuple[list[tuple[str, float, str]], list[str]]:
    watching = Watching(con)
    page = [(r["article_id"], r["score"], r["snippet"]) for r in search(query, con=watching, limit=limit)]
    return page, watching.run


def same(page, expected) -> bool:
    return ([(a, s) for a, _, s in page] == [(a, s) for a, _, s in expected]
            and [x for _, x, _ in page] == pytest.approx([x for _, x, _ in expected], rel=1e-12))


def test_the_zwnj_words_are_decided_in_the_ranking_to_the_look_up_s_pages(tmp_path, monkeypatch):
    con, truth = mirror_of_kind("ducklake", tmp_path, monkeypatch)
    words, held, apart = zwnj_words(con, truth)
    assert held and apart and len(held) + len(apart) < len(words), "held joined, held apart, held neither way"
    part = index_form(held[0].replace(ZWNJ, " ")).split()[0]
    queries = [" ".join(words), held[0], apart[0], words[-1], f"{held[0]}،", f"{held[0]}، {apart[0]}!",
               f"{held[0]} Kabul {apart[0]} {held[0]}", f"{held[0]} {part}", f"{apart[0]} {part} {ZWNJ}",
               f"{held[0]} {held[1] if len(held) > 1 else words[-1]} {apart[0]}", f"Kabul {ZWNJ}"]
    terms_existing = search_module.TERMS_EXISTING.split("{", 1)[0]
    compared = 0
    for cap in (search_module.TOP_DOCS_CAP, 3):
        monkeypatch.setattr(search_module, "TOP_DOCS_CAP", cap)
        for query in queries:
            for limit in (1, 10, 50):
                page, statements = searched(query, con, limit)
                assert same(page, looked_up(query, con, limit)), (query, limit, cap)
                assert not any(sql.startswith(terms_existing) for sql in statements), (query, limit)
                compared += len(page)
    assert compared > 100
    # Why a joined word that is not one token needs no question: every term of the index is
    # its own one token (terms are the tokeniser's output), so such a word is no term.
    terms = [term for (term,) in con.execute("SELECT term FROM search_terms").fetchall()]
    assert len(terms) > 1000 and all(query_tokens(term, con, _CHAR_FORMS) == [term] for term in terms)
    con.close()


def test_a_filtered_or_long_page_and_a_duckdb_file_keep_the_look_up(tmp_path, monkeypatch):
    """Only the lake's unfiltered pages (up to `PAGE_ROWS_MAX` hits) rank this way."""
    for kind in ("duckdb", "ducklake"):
        con, truth = mirror_of_kind(kind, tmp_path / kind, monkeypatch)
        bodies = " ".join(r["body_text"] for rows in truth.values() for r in rows if r["language"] in ("fa", "ps"))
        query = " ".join(list(dict.fromkeys(re.findall(rf"\w+{ZWNJ}\w+", bodies)))[:3])
        terms_existing = search_module.TERMS_EXISTING.split("{", 1)[0]
        for limit, lang, looks in ((10, None, kind == "duckdb"), (10, "fa", True), (100, None, True)):
            watching = Watching(con)
            assert search(query, con=watching, limit=limit, lang=lang)
            assert any(sql.startswith(terms_existing) for sql in watching.run) == looks, (kind, limit, lang)
        con.close()
