"""A query's ZWNJ-joined words are looked up in the index in one statement (`TERMS_EXISTING`),
not one statement per word (each costs ~9 ms of catalog reads and scans on DuckLake): the
query's form is the one the per-word look-ups made, so the pages are the same."""

from __future__ import annotations

import re

import pytest

from newsmon.warehouse import search as search_module
from newsmon.warehouse.search import index_form, query_text, search
from tests.counting import CountingConnection
from tests.warehouse_data import mirror_of_kind

ZWNJ = "\u200c"
# The look-up as it was, one statement per word (the reference).
TERM_EXISTS = """
SELECT count(*) FROM search_terms t
WHERE t.term = ? AND EXISTS (SELECT 1 FROM search_postings p WHERE p.termid = t.termid)
"""


def per_word_form(query: str, con) -> str:
    """`query_text` as it was made before: each ZWNJ word looked up on its own."""
    extra = [index_form(word.replace(ZWNJ, " ")) for word in query.split()
             if ZWNJ in word and not con.execute(TERM_EXISTS, [index_form(word)]).fetchone()[0]]
    return " ".join([index_form(query), *extra])


def strip_scores(pages):
    return [[(article_id, snippet) for article_id, _, snippet in page] for page in pages]


@pytest.mark.parametrize("kind", ["duckdb", "ducklake"])
def test_a_query_s_zwnj_words_are_looked_up_in_one_statement_to_the_same_form(kind, tmp_path, monkeypatch):
    con, truth = mirror_of_kind(kind, tmp_path, monkeypatch)
    bodies = " ".join(r["body_text"] for rows in truth.values() for r in rows if r["language"] in ("fa", "ps"))
    found = list(dict.fromkeys(re.findall(rf"\w+{ZWNJ}\w+(?:{ZWNJ}\w+)?\.?", bodies)))[:8]
    words = [*found, f"زده{ZWNJ}کړه", f"نا{ZWNJ}موجود{ZWNJ}کلمه"]
    held = [w for w in words if con.execute(TERM_EXISTS, [index_form(w)]).fetchone()[0]]
    assert held and len(held) < len(words), "words the index holds joined and words it does not"
    queries = [" ".join(words), " ".join(words[:3]), words[-1], f"{words[0]} Kabul {words[-2]} {words[0]}",
               f"{held[0]} {words[-1]} {held[0]}"]
    for query in queries:
        counting = CountingConnection(con)
        assert query_text(query, counting) == per_word_form(query, con), query
        assert counting.statements == 1, query
    def pages():
        return [[(r["article_id"], r["score"], r["snippet"]) for r in search(q, con=con, limit=10)] for q in queries]

    now = pages()
    monkeypatch.setattr(search_module, "query_text", per_word_form)
    before = pages()
    # The same hits, in the same order, with the same snippets; a score may differ in its last
    # bits, as DuckLake may sum a term's postings from its files in another order.
    assert sum(map(len, now)) > 10 and strip_scores(now) == strip_scores(before)
    assert [s for page in now for _, s, _ in page] == pytest.approx([s for page in before for _, s, _ in page], rel=1e-12)
    con.close()
