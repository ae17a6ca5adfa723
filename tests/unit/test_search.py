"""Full-text search: one normaliser for text and queries, Dari/Pashto found with and without
ZWNJ and with Arabic or Persian yeh/kaf, the index kept in step by loads (test_search_index.py: the ranking)."""

from __future__ import annotations

import collections
import datetime as dt
import re

import pytest

from newsmon.warehouse import open_for_write
from newsmon.warehouse import search as search_module
from newsmon.warehouse.connection import connection_kind
from newsmon.warehouse.load import load_day
from newsmon.warehouse.search import (
    _indexed_hits,
    _joined_hits,
    index_form,
    normalise,
    query_text,
    refresh_search_index,
    search,
    snippet,
)
from tests.warehouse_data import copy_of_mirror, ground_truth_frame, load_mirror, mirror_of_kind, newsmon

ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "warehouse.duckdb"
    con = open_for_write(path)
    truth = load_mirror(con)
    yield con, path, truth
    con.close()


def distinctive_words(truth, languages, predicate) -> list[tuple[str, dict]]:
    """(word, article) for words in one article's body only that satisfy `predicate` (only
    its index form, normalised and stemmed, counts: another article's inflection of the word
    would share it)."""
    seen: dict[str, set[str]] = collections.defaultdict(set)
    articles = {}
    for rows in truth.values():
        for r in rows:
            articles[r["article_id"]] = r
            for word in re.findall(r"[\w\u200c]+", f"{r['title']} {r['body_text']}"):
                seen[index_form(word)].add(r["article_id"])
    out = []
    for rows in truth.values():
        for r in rows:
            if r["language"] not in languages:
                continue
            for word in re.findall(r"[\w\u200c]+", r["body_text"]):
                if predicate(word) and seen[index_form(word)] == {r["article_id"]}:
                    out.append((word, r))
                    break
    return out


def test_normalise_folds_zwnj_yeh_kaf_vowels_and_case():
    assert normalise("نگرانی\u200cها") == normalise("نگرانیها") == "نگرانیها"
    assert normalise("كابل") == normalise("کابل") == "کابل"
    assert normalise("علي") == normalise("علی") == normalise("علىٰ".replace("ٰ", ""))
    assert normalise("مُحَمَّد") == "محمد"
    assert normalise("Straße REGIERUNG") == "strasse regierung"
    assert normalise("ﻛﺎﺑﻞ") == "کابل"  # presentation forms
    assert normalise("آب") == "آب"  # madda kept: آ is not ا
    assert normalise(None) == ""


def test_dari_articles_are_found_by_a_word_with_and_without_zwnj(indexed):
    con, _, truth = indexed
    cases = distinctive_words(truth, {"fa"}, lambda w: ZWNJ in w)
    assert len(cases) >= 5, "the mirror's Dari bodies write ZWNJ"
    for word, article in cases:
        for query in (word, word.replace(ZWNJ, ""), word.replace(ZWNJ, "\u200c\u200c")):
            found = search(query, con=con, limit=5)
            assert found and found[0]["article_id"] == article["article_id"], (query, article["title"])


def test_pashto_articles_are_found_by_a_word_with_and_without_zwnj(indexed):
    con, _, truth = indexed
    cases = distinctive_words(truth, {"ps"}, lambda w: len(w) >= 5)
    assert len(cases) >= 5  # the mirror's Pashto bodies write no ZWNJ: a reader may type one in a compound
    for word, article in cases:
        for query in (word, word[:2] + ZWNJ + word[2:]):
            found = search(query, con=con, limit=5)
            assert found and found[0]["article_id"] == article["article_id"], (query, article["title"])


def test_a_zwnj_compound_in_the_query_finds_a_text_that_wrote_it_apart(tmp_path):
    con, truth = copy_of_mirror(tmp_path / "w.duckdb")
    day = min(truth)
    row = dict(truth[day][0], body_text="د نجونو زده کړه په کلیو کې", content_sha256="apart")
    load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame([row]), run={"run_id": "apart"})
    assert row["article_id"] in [r["article_id"] for r in search("زده\u200cکړه", con=con, limit=50)]
    con.close()


def test_a_dari_or_pashto_word_finds_its_inflected_forms_and_not_other_words(tmp_path):
    con, truth = copy_of_mirror(tmp_path / "w.duckdb")
    day = min(truth)
    bodies = {"plural": "مشکلات ولایت‌ها در زمستان", "adjective": "نیروهای ولایتی در زمستان",
              "pashto": "په ولایتونو کې ژمی", "broken": "ولایات در زمستان", "other": "ولا در زمستان"}
    rows = [dict(r, body_text=body, content_sha256=name) for r, (name, body) in zip(truth[day], bodies.items())]
    assert len(rows) == len(bodies)
    load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(rows), run={"run_id": "forms"})
    ids = {r["article_id"]: name for r, name in zip(rows, bodies)}
    for query in ("ولایت", "ولایت‌ها", "ولایتونه"):
        found = {ids[r["article_id"]] for r in search(query, con=con, limit=100) if r["article_id"] in ids}
        assert found == {"plural", "adjective", "pashto"}, query  # the broken plural needs a dictionary
    con.close()


def test_a_source_filter_keeps_that_source_s_hits_in_the_same_order(indexed):
    con, _, truth = indexed
    word, _ = distinctive_words(truth, {"fa"}, lambda w: len(w) >= 5)[0]
    everything = search(word, con=con, limit=50)
    sources = {r["source"] for r in everything}
    assert everything and len(sources) == 1, sources  # the mirror warehouse holds afgazad only
    assert search(word, con=con, limit=50, source=sources.pop()) == everything
    assert search(word, con=con, limit=50, source="no_such_source") == []


def test_arabic_and_persian_yeh_and_kaf_find_the_same_articles(indexed):
    con, _, truth = indexed
    cases = distinctive_words(truth, {"fa", "ps"}, lambda w: "ی" in w or "ک" in w)
    assert cases
    for word, article in cases:
        arabic = word.replace("ی", "ي").replace("ک", "ك")
        assert arabic != word
        assert search(arabic, con=con, limit=5)[0]["article_id"] == article["article_id"]
        assert [r["article_id"] for r in search(arabic, con=con)] == [r["article_id"] for r in search(word, con=con)]


def test_english_and_german_words_and_filters(indexed):
    con, _, truth = indexed
    for word, article in distinctive_words(truth, {"en", "de"}, lambda w: len(w) > 6):
        found = search(word.upper(), con=con)
        assert found[0]["article_id"] == article["article_id"]
        assert found[0]["url"] == article["url"] and found[0]["title"] == article["title"]
        assert re.search(rf"\[\W*{re.escape(word)}", found[0]["snippet"])
        assert search(word, lang="fa" if article["language"] != "fa" else "en", con=con) == []
        published = dt.date.fromisoformat(article["published_date"])
        assert search(word, since=published, con=con)[0]["article_id"] == article["article_id"]
        assert search(word, since=published + dt.timedelta(days=1), con=con) == []


def test_loads_keep_the_index_in_step(tmp_path):
    con = open_for_write(tmp_path / "w.duckdb")
    assert search("anything", con=con) == []  # nothing loaded, nothing found
    truth = load_mirror(con)
    first = refresh_search_index(con)  # the loads indexed everything already: the repair finds nothing to do
    assert (first.added, first.removed, first.rebuilt, first.documents) == (0, 0, False, sum(map(len, truth.values())))
    day = min(truth)
    rows = [dict(r) for r in truth[day]]
    rows[0]["body_text"] += " Zyxwvutsrq"
    rows[0]["content_sha256"] = "changed"
    loaded = load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(rows), run={"run_id": "changed"})
    assert (loaded.indexed, loaded.unindexed, loaded.search_documents) == (1, 1, first.documents)
    assert [r["article_id"] for r in search("zyxwvutsrq", con=con)] == [rows[0]["article_id"]]  # at once
    again = load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(rows), run={"run_id": "changed"})
    assert (again.indexed, again.unindexed) == (0, 0)
    con.close()


@pytest.mark.parametrize("kind", ["duckdb", "ducklake"])
def test_hits_without_a_date_or_with_a_date_the_index_lags_come_back_with_the_article_s_row(
        kind, tmp_path, monkeypatch):
    """On DuckLake the page's rows are read by the hits' days first (`PAGE_ROWS`); a hit with no
    published date, or whose article's date changed behind the index, is still found, with its
    stored row, as the one-statement join finds it on a DuckDB file."""
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    con = open_for_write(tmp_path / "w.duckdb" if kind == "duckdb" else f"ducklake:{tmp_path / 'meta.ducklake'}")
    assert connection_kind(con) == kind
    truth = load_mirror(con)
    day = min(truth)
    rows = [dict(r) for r in truth[day]]
    undated, dated = rows[0], rows[1]
    undated["published_date"] = None
    for r in (undated, dated):
        r["body_text"] += " Zyxwvutsrq"
        r["content_sha256"] = f"changed {r['article_id']}"
    load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(rows), run={"run_id": "undated"})
    found = search("zyxwvutsrq", con=con)
    assert {r["article_id"]: r["published_date"] for r in found} == {
        undated["article_id"]: None, dated["article_id"]: dt.date.fromisoformat(dated["published_date"])}
    assert all("[Zyxwvutsrq]" in r["snippet"] and r["title"] for r in found)
    later = dt.date.fromisoformat(dated["published_date"]) + dt.timedelta(days=3)
    con.execute("UPDATE articles SET published_date = ? WHERE article_id = ?", [later, dated["article_id"]])
    again = search("zyxwvutsrq", con=con)
    assert [r["article_id"] for r in again] == [r["article_id"] for r in found]
    assert [r["score"] for r in again] == pytest.approx([r["score"] for r in found], rel=1e-12)
    assert {r["article_id"]: r["published_date"] for r in again}[dated["article_id"]] == later
    con.close()


@pytest.mark.parametrize("kind", ["duckdb", "ducklake"])
def test_the_indexed_page_is_the_joined_page_ties_and_undated_hits_included(kind, tmp_path, monkeypatch):
    """An unfiltered page is ranked from the postings, then read by docid and by article id (a
    DuckDB file) or by day and id (DuckLake) (`_indexed_hits`): the same rows in the same order
    as the one-statement join, for frequent words (long lists of equal scores) and for three
    articles of one body scoring alike, two on one day (ordered by id) and one undated (last)."""
    con, truth = mirror_of_kind(kind, tmp_path, monkeypatch)
    day = min(truth)
    rows = [dict(r) for r in truth[day]][:3]
    title, body = rows[0]["title"], rows[0]["body_text"] + " Qwertyuiop"
    for i, r in enumerate(rows):
        r["title"], r["body_text"] = title, body
        r["content_sha256"] = f"tie {i}"
        r["published_date"] = None if i == 2 else day
    load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(rows), run={"run_id": "ties"})
    indexes = con.execute("SELECT count(*) FROM duckdb_indexes() WHERE index_name = 'search_docs_docid'").fetchone()
    assert indexes == ((1,) if kind == "duckdb" else (0,))
    words = ["qwertyuiop", "the", "und", "در", "په", "کابل", "Afghanistan government", "zzzz-not-a-word"]
    compared = 0
    for words_ in words:
        for limit in (1, 3, 7, 20, 50):
            params = {"query": query_text(words_, con), "lang": None, "since": None, "source": None, "limit": limit}
            indexed, joined = _indexed_hits(con, params, by_day=kind == "ducklake"), _joined_hits(con, params)
            assert indexed == joined, (words_, limit)
            compared += len(joined)
    tied = search("qwertyuiop", con=con)
    assert [r["article_id"] for r in tied] == sorted(r["article_id"] for r in rows[:2]) + [rows[2]["article_id"]]
    assert len({r["score"] for r in tied}) == 1 and compared > 300
    con.close()


def test_snippet_marks_the_first_match():
    body = " ".join(f"w{i}" for i in range(40)) + " Kabul " + " ".join(f"x{i}" for i in range(40))
    text = snippet(body, {"kabul"})
    assert "[Kabul]" in text and text.startswith("… w32") and text.endswith(" …")
    assert snippet("short text", {"zzz"}) == "short text"


def test_empty_or_punctuation_queries_find_nothing(indexed):
    con, _, _ = indexed
    assert search("", con=con) == [] and search(" ... !!", con=con) == []


def test_newsmon_search_prints_title_date_url_and_snippet(indexed):
    con, path, truth = indexed
    word, article = distinctive_words(truth, {"ps"}, lambda w: len(w) >= 5)[0]
    con.close()
    proc = newsmon("search", word.replace("ی", "ي"), "--lang", "ps", env_path=path)
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.split("\n\n")[0]
    assert article["title"] in first and article["url"] in first and article["published_date"] in first
    assert "[" in first


def test_on_ducklake_the_ranking_reads_its_documents_unless_ties_may_reach_its_cap(tmp_path, monkeypatch):
    """DuckLake ranks and reads the page's documents in one statement (`TOP_DOCS_DATED`, its
    ranked documents capped so that DuckDB filters `search_docs` by their ids); when as many
    documents as the cap share the floor, ties may have been cut, and the page comes from
    `TOP_DOCS` and `DOCS_BY_ID` instead. Either way the page is the one-statement join's."""
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    con = open_for_write(f"ducklake:{tmp_path / 'meta.ducklake'}")
    load_mirror(con)
    docs_by_id = search_module.DOCS_BY_ID.split("{", 1)[0]

    class Counting:
        def __init__(self):
            self.statements: list[str] = []

        def execute(self, sql, params=None):
            self.statements.append(sql)
            return con.execute(sql, params)

    compared = 0
    for cap in (search_module.TOP_DOCS_CAP, 3):
        monkeypatch.setattr(search_module, "TOP_DOCS_CAP", cap)
        for words in ("the", "کابل", "Afghanistan government", "در"):
            for limit in (1, 3, 10, 50):
                params = {"query": query_text(words, con), "lang": None, "since": None, "source": None, "limit": limit}
                counting = Counting()
                assert _indexed_hits(counting, params, by_day=True) == _joined_hits(con, params), (words, limit, cap)
                fell_back = any(sql.startswith(docs_by_id) for sql in counting.statements)
                assert fell_back == (cap == 3 and limit >= 3), (words, limit, cap)
                compared += limit
    assert compared > 0
    con.close()
