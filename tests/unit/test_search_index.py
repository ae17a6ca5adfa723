"""newsmon's own search index (migration 008): ranked exactly as DuckDB's fts index ranked the
mirror, kept in step by each load inside its transaction (equal to a full rebuild after inserts,
updates and deletes; untouched by a failed load), filled on upgrade from a version-7 warehouse.

The reference is the fts extension itself: its index built by `PRAGMA create_fts_index` with the
options newsmon used, scored by its own `match_bm25` macro (the extension is needed here only)."""

from __future__ import annotations

import collections
import datetime as dt
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from newsmon.testing.mirror import load_ground_truth
from newsmon.warehouse import connect, open_for_write
from newsmon.warehouse.connection import load_extension
from newsmon.warehouse.load import load_day
from newsmon.warehouse.migrate import migrate
from newsmon.warehouse.search import TEXT_FORM, index_form, normalise, refresh_search_index, search
from tests.warehouse_data import copy_of_mirror, ground_truth_frame, load_mirror

RELEASED = Path(__file__).resolve().parents[1] / "data" / "released_migrations"
FTS_INDEX = r"""
PRAGMA create_fts_index('search_documents', 'article_id', 'search_text',
    stemmer = 'none', stopwords = 'none', ignore = '(\.|[^\p{L}\p{M}\p{N}\s])+',
    strip_accents = 0, lower = 1, overwrite = 1)
"""
FTS_SCORES = """
SELECT s.article_id, s.score, a.published_date FROM (
    SELECT article_id, fts_main_search_documents.match_bm25(article_id, ?) AS score FROM search_documents) s
JOIN articles a USING (article_id) WHERE s.score IS NOT NULL
"""
INDEX_TABLES = ("search_terms", "search_docs", "search_postings", "search_stats", "search_documents")


def query_set() -> list[str]:
    """Words of every language of the mirror: its most frequent words, words of middling
    frequency, rare ones, written as a reader would (any case, Arabic yeh/kaf), and multi-word
    queries mixing them. Taken from the ground truth, not from the index."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for rows in load_ground_truth().values():
        for r in rows:
            counts[r["language"]].update(re.findall(r"\w+", f"{r['title']} {r['body_text']}"))
    queries = []
    for language in ("fa", "ps", "en", "de"):
        ranked = [w for w, _ in counts[language].most_common() if len(w) > 2]
        assert len(ranked) > 100, language
        picks = [ranked[0], ranked[3], ranked[len(ranked) // 4], ranked[len(ranked) // 2], ranked[-1]]
        queries += picks
        queries.append(" ".join(picks[:3]))
        queries.append(f"{picks[1].upper()} {picks[3]}")
    queries += ["کابل", "كابل", "Kabul government", "Regierung Wahl", "Afghanistan کابل Regierung",
                "the and of", "und die der"]
    return queries


def reference_scores(con, query: str) -> list[tuple[str, float]]:
    """The fts extension's index and BM25 over the current search_documents, ranked as
    `search` ranks (score, newer first, article_id)."""
    load_extension(con, "fts")
    con.execute(FTS_INDEX)
    rows = con.execute(FTS_SCORES, [index_form(query)]).fetchall()  # the query as the index holds words
    rows.sort(key=lambda r: (-r[1], -(r[2] or dt.date.min).toordinal(), r[0]))
    return [(article_id, score) for article_id, score, _ in rows]


def newsmon_scores(con, query: str) -> list[tuple[str, float]]:
    return [(r["article_id"], r["score"]) for r in search(query, con=con, limit=1000)]


def assert_same_ranking(mine: list[tuple[str, float]], theirs: list[tuple[str, float]], query: str) -> None:
    assert [a for a, _ in mine] == [a for a, _ in theirs], query
    assert all(abs(m - t) < 1e-9 for (_, m), (_, t) in zip(mine, theirs)), query


def index_state(con) -> dict[str, list]:
    return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in INDEX_TABLES}  # noqa: S608


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    """The mirror loaded day by day (the index built by the loads alone)."""
    path = tmp_path_factory.mktemp("index") / "warehouse.duckdb"
    con = open_for_write(path)
    load_mirror(con)
    yield con
    con.close()


def test_the_ranking_is_the_fts_indexs_on_the_mirror(mirror):
    con = mirror
    compared = 0
    for query in query_set():
        theirs = reference_scores(con, query)
        mine = newsmon_scores(con, query)
        assert_same_ranking(mine, theirs, query)
        compared += len(mine)
    assert compared > 200  # the queries find things: not a comparison of two empty lists


def test_no_fts_index_is_needed_for_search(tmp_path):
    con, _ = copy_of_mirror(tmp_path / "w.duckdb")
    assert con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name LIKE 'fts_%'").fetchone()[0] == 0
    assert search("Kabul", con=con)
    assert "fts" not in {r[0] for r in con.execute(
        "SELECT extension_name FROM duckdb_extensions() WHERE loaded").fetchall()}
    con.close()


def changed_warehouse(path: Path):
    """The mirror, then loads that insert, update and re-index, and a delete with a refresh."""
    con = open_for_write(path)
    truth = load_mirror(con)
    days = sorted(truth)
    # update: a day reloaded with two bodies and a title changed
    rows = [dict(r) for r in truth[days[0]]]
    rows[0]["body_text"] += " Zyxwvutsrq Kabul Kabul Regierung"
    rows[0]["content_sha256"] = "changed-0"
    rows[1]["title"] = "کابل " + rows[1]["title"]
    rows[1]["body_text"] = "کابل " * 40
    rows[1]["content_sha256"] = "changed-1"
    load_day(con, source="afgazad", run_date=days[0], articles=ground_truth_frame(rows), run={"run_id": "update"})
    # insert: a new day of copies under new ids, with words the index has and has not seen
    new_day = days[-1] + dt.timedelta(days=1)
    copies = []
    for i, r in enumerate(truth[days[1]]):
        copies.append(dict(r, article_id=f"{i:032x}", url=f"{r['url']}?copy={i}", content_sha256=f"copy-{i}",
                           published_date=new_day.isoformat(), body_text=f"{r['body_text']} Neuwort{i} کابل"))
    load_day(con, source="afgazad", run_date=new_day, articles=ground_truth_frame(copies), run={"run_id": "insert"})
    # delete: articles gone from the warehouse (a hand repair), then the refresh (incremental)
    gone = [r["article_id"] for r in truth[days[2]][:2]]
    con.execute("DELETE FROM articles WHERE article_id IN (?, ?)", gone)
    refreshed = refresh_search_index(con)
    assert (refreshed.removed, refreshed.added, refreshed.rebuilt) == (2, 0, False)
    return con, gone


def test_the_incremental_index_equals_a_full_rebuild(tmp_path):
    con, gone = changed_warehouse(tmp_path / "w.duckdb")
    queries = [*query_set(), "zyxwvutsrq", "Neuwort1 Neuwort2", "neuwort0"]
    incremental = {q: newsmon_scores(con, q) for q in queries}
    assert incremental["zyxwvutsrq"] and len(incremental["Neuwort1 Neuwort2"]) == 2
    assert not {a for hits in incremental.values() for a, _ in hits} & set(gone)

    rebuilt = refresh_search_index(con, force=True)
    assert rebuilt.rebuilt and rebuilt.documents == con.execute("SELECT count(*) FROM articles").fetchone()[0]
    for query in queries:
        assert_same_ranking(incremental[query], newsmon_scores(con, query), query)
        assert_same_ranking(incremental[query], reference_scores(con, query), query)
    stats = con.execute("SELECT num_docs, total_len FROM search_stats").fetchall()
    assert stats == con.execute("SELECT count(*), sum(len) FROM search_docs").fetchall() and len(stats) == 1
    con.close()


def test_a_failed_load_leaves_the_index_as_it_was(tmp_path):
    con, truth = copy_of_mirror(tmp_path / "w.duckdb")
    before = index_state(con)
    day = min(truth)
    rows = [dict(r, body_text=r["body_text"] + " Fehlschlag", content_sha256=f"x{i}") for i, r in enumerate(truth[day])]
    rows.append(dict(rows[0], article_id="f" * 32, url="https://www.afgazad.com/new.pdf"))

    def fail(_con) -> None:
        raise RuntimeError("disk gone mid-load")

    with pytest.raises(RuntimeError, match="disk gone"):  # after the articles and the index were written
        load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(rows), run={"run_id": "bad"},
                 before_commit=fail)
    assert index_state(con) == before
    assert search("Fehlschlag", con=con) == []
    con.close()


def test_a_version_7_warehouse_upgrades_and_searches_the_same(mirror, tmp_path):
    """A warehouse of the last release (migrations 001-007, search_documents as it normalised
    them, unstemmed, and the fts index its refresh built): the next open fills the index from
    search_documents (searchable at once), and the first refresh makes every document again in
    today's form (stemmed): then it ranks as a warehouse built today."""
    queries = query_set()
    expected = {q: newsmon_scores(mirror, q) for q in queries}
    path = tmp_path / "old.duckdb"
    releases = tmp_path / "released"
    releases.mkdir()
    for file in sorted(RELEASED.glob("*.sql")):
        shutil.copy(file, releases / file.name)
    old = connect(path)
    assert migrate(old, releases, views=None) == list(range(1, 8))
    for table in ("articles", "search_documents"):
        frame = mirror.execute(f"SELECT * FROM {table}").to_arrow_table()  # noqa: S608 - constant names
        old.register("copied", frame)
        old.execute(f"INSERT INTO {table} SELECT * FROM copied")  # noqa: S608
        old.unregister("copied")
    load_extension(old, "fts")
    old.execute(FTS_INDEX)  # what release 7's refresh left beside the documents
    titles = old.execute("SELECT article_id, title, body_text FROM articles").fetchall()
    old.executemany("UPDATE search_documents SET search_text = ? WHERE article_id = ?",  # release 7's text
                    [[normalise(f"{t or ''}\n{b or ''}"), a] for a, t, b in titles])
    old.close()

    upgraded = open_for_write(path)
    assert upgraded.execute("SELECT text_form FROM search_stats").fetchall() == [(None,)]
    assert search("Kabul", con=upgraded)  # searchable before any refresh
    refreshed = refresh_search_index(upgraded)
    assert refreshed.removed == refreshed.added == len(titles) > 0
    assert upgraded.execute("SELECT text_form FROM search_stats").fetchall() == [(TEXT_FORM,)]
    assert refresh_search_index(upgraded).added == 0  # once
    assert upgraded.execute("SELECT max(version) FROM schema_version").fetchone()[0] >= 8
    assert upgraded.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name LIKE 'fts_%'").fetchone()[0] == 0
    for query in queries:
        assert_same_ranking(newsmon_scores(upgraded, query), expected[query], query)
    upgraded.close()


def test_a_reader_on_a_warehouse_without_an_index_falls_back(tmp_path):
    con = open_for_write(tmp_path / "w.duckdb")
    assert search("anything", con=con) == []  # empty warehouse, empty index: nothing to find
    con.close()
    raw = duckdb.connect(str(tmp_path / "w.duckdb"))
    raw.execute("INSERT INTO articles (article_id, source, url, title, body_text, content_sha256, run_date, "
                "loaded_at) VALUES ('a', 'afgazad', 'u', 'Kabul', 'Kabul', 'h', DATE '2020-01-01', now()::TIMESTAMP)")
    raw.close()
    from newsmon.warehouse.search import SearchUnavailable
    with pytest.raises(SearchUnavailable, match="empty"):
        search("Kabul", path=tmp_path / "w.duckdb")
