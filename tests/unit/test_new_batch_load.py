"""A load of only new articles (the usual day) skips looking its ids up in the search index, the
topic term texts and the derived tables (issue 17 item 4: each lookup scans a whole `article_id`
column, ~0.1 s cold at a million articles), and only when each table's row count confirms that
none of them can be there. On a real DuckDB warehouse holding the offline mirror, with the shipped
topics stored before the loads (so the loads match them).

What is checked: which lookups a load ran (the statements a real connection executed, recorded
on their way), and that the tables after a load are those the careful path and the repairs
(`refresh_search_index`, `refresh_derived` over all history, `refresh_topics`) agree with: none
of them finds anything to change, and the derived tables equal a recount from scratch."""

from __future__ import annotations

import datetime as dt

from newsmon.records import content_hash
from newsmon.topics import TOPICS_DIR, load_topics
from newsmon.warehouse import batches, derived, near_duplicates, search, top_terms, topics
from newsmon.warehouse.derived import refresh_derived
from newsmon.warehouse.load import _ARTICLES_VIEW as BATCH
from newsmon.warehouse.load import load_day
from newsmon.warehouse.search import refresh_search_index
from newsmon.warehouse.topics import refresh_topics
from tests.warehouse_data import STARTED, Recording, ground_truth_frame, unseen_articles

# The lookups of the careful path (as a load runs them), by the table whose ids they look up.
LOOKUPS = {
    "search_documents": search.FIND_STALE.format(scope=search.SCOPE_BATCH.format(batch=BATCH)),
    "topic_documents": topics.STALE_OF_BATCH.format(batch=BATCH),
    "article_minhash": near_duplicates.CHANGED_OF_BATCH.format(batch=BATCH),
    "term_count_articles": top_terms.CHANGED_GROUPS_OF_BATCH.format(batch=BATCH),
}
# One row per article in each of these, whatever path the load took.
PER_ARTICLE = ["search_documents", "search_docs", "topic_documents", "article_minhash", "term_count_articles"]
DERIVED = ["article_minhash", "article_lsh_bands", "near_duplicate_pairs", "term_count_articles",
           "term_counts_daily", "top_terms_daily"]
DAY = dt.date(2020, 2, 3)


def looked_up(recording: Recording) -> set[str]:
    """The tables whose ids the recorded load looked up (a deletion of the batch's term texts
    and topic matches counts as a lookup of those tables)."""
    kinds = [*LOOKUPS.items(), ("topic_documents", topics.DELETE_DOCUMENTS),
             ("topic_matches", topics.DELETE_MATCHES_OF_DOCUMENTS)]
    return {table for table, sql in kinds if " ".join(sql.split()) in recording.statements}


def new_rows(truth: dict[dt.date, list[dict]], n: int = 6, tag: str = "new") -> list[dict]:
    """`n` articles no load has seen (two mirror articles a day, a word added): two of them
    repeating an article of the mirror."""
    return unseen_articles(truth, DAY, n=n, tag=tag, per_day=2)


def load(con, rows: list[dict], run_id: str, day: dt.date = DAY) -> Recording:
    recording = Recording(con)
    recording.result = load_day(  # type: ignore[attr-defined]
        recording, source="afgazad", run_date=day, articles=ground_truth_frame(rows),  # type: ignore[arg-type]
        run={"run_id": run_id, "started_at": STARTED})
    return recording


def ran(recording: Recording, sql: str) -> int:
    """How many times the recorded load ran this statement (or one starting with it)."""
    text = " ".join(sql.split())
    return sum(statement.startswith(text) for statement in recording.statements)


def per_article_counts(con) -> dict[str, tuple[int, int]]:
    """Rows and distinct articles of each per-article table, and the articles."""
    counts = {t: con.execute(f"SELECT count(*), count(DISTINCT article_id) FROM {t}").fetchone()  # noqa: S608
              for t in ["articles", *PER_ARTICLE]}
    return counts


def assert_in_step(con) -> None:
    """Every per-article table holds one row per article; no repair finds anything to do; the
    derived tables are what a recount from scratch makes; no topic match is stored twice."""
    counts = per_article_counts(con)
    articles = counts["articles"]
    assert all(value == articles for value in counts.values()), counts
    matches = con.execute("SELECT count(*), count(DISTINCT (topic, article_id)) FROM topic_matches").fetchone()
    assert matches[0] == matches[1] and matches[0] > 0
    assert con.execute("SELECT count(*) FROM topic_matches m WHERE NOT EXISTS "
                       "(SELECT 1 FROM articles a WHERE a.article_id = m.article_id)").fetchone()[0] == 0
    repaired = refresh_search_index(con)
    assert (repaired.removed, repaired.added) == (0, 0)
    assert refresh_topics(con, load_topics([TOPICS_DIR])).tokenised == 0
    before = {t: derived_rows(con, t) for t in DERIVED}
    con.begin()
    done = refresh_derived(con)
    con.commit()
    assert done is not None and done.near_duplicates.signed == 0 and done.top_terms.groups == 0
    con.begin()
    for table in DERIVED:
        con.execute(f"DELETE FROM {table}")  # noqa: S608 - names from a constant
    refresh_derived(con)
    con.commit()
    after = {t: derived_rows(con, t) for t in DERIVED}
    assert after == before and before["near_duplicate_pairs"] and before["top_terms_daily"]


def derived_rows(con, table: str) -> list[tuple]:
    """A derived table's rows without the time they were computed (and the LSH buckets by article,
    not by the signatures' integer keys, which follow the order of signing)."""
    clock = {"article_minhash": "computed_at, doc", "near_duplicate_pairs": "detected_at",
             "top_terms_daily": "computed_at"}.get(table)
    sql = f"SELECT * EXCLUDE ({clock}) FROM {table}" if clock else f"SELECT * FROM {table}"  # noqa: S608
    if table == "article_lsh_bands":  # a signature's doc is its insert order: compared by its article
        sql = "SELECT b.band, b.bucket, m.article_id FROM article_lsh_bands b JOIN article_minhash m USING (doc)"
    return sorted(con.execute(sql).fetchall())


def test_a_batch_of_new_articles_looks_none_of_its_ids_up_and_leaves_everything_in_step(mirror_with_topics):
    con, truth = mirror_with_topics
    rows = new_rows(truth)
    assert looked_up(load(con, rows, "new")) == set()
    assert_in_step(con)
    # the same day again (nothing new): the careful path, which finds nothing changed
    assert looked_up(load(con, rows, "again")) == set(LOOKUPS)  # (nothing to re-tokenise: no deletion)
    assert_in_step(con)


def test_a_batch_with_one_known_article_takes_the_careful_path(mirror_with_topics):
    con, truth = mirror_with_topics
    rows = new_rows(truth)
    load(con, rows[:3], "first")
    changed = dict(rows[0], body_text=rows[0]["body_text"] + " geändert")
    changed["content_sha256"] = content_hash(changed["body_text"])
    assert looked_up(load(con, [changed, *rows[3:]], "mixed")) == {*LOOKUPS, "topic_matches"}
    assert_in_step(con)


def test_an_article_removed_by_hand_and_loaded_again_is_one_row_everywhere(mirror_with_topics):
    """The removed article's rows are still in the index, term texts and derived tables (until a
    refresh): its ids are new to `articles`, but the counts say the tables are not in step, so
    the load looks them up and finds them."""
    con, truth = mirror_with_topics
    rows = new_rows(truth)
    load(con, rows, "first")
    con.execute("DELETE FROM articles WHERE article_id = ?", [rows[0]["article_id"]])  # an operator removes it
    back = load(con, rows[:1], "back")
    assert looked_up(back) == set(LOOKUPS)  # found in step: nothing re-tokenised
    assert_in_step(con)
    # new to `articles`, but its version is stored: counted as no new version, kept once
    assert (back.result.new_articles, back.result.new_versions) == (1, 0)  # type: ignore[attr-defined]
    assert con.execute("SELECT count(*), count(DISTINCT (article_id, content_sha256)) FROM article_versions "
                       "WHERE article_id = ?", [rows[0]["article_id"]]).fetchone() == (1, 1)


def test_a_removed_article_loaded_again_after_an_edit_is_signed_and_indexed_again(mirror_with_topics):
    con, truth = mirror_with_topics
    rows = new_rows(truth)
    load(con, rows, "first")
    con.execute("DELETE FROM articles WHERE article_id = ?", [rows[1]["article_id"]])
    edited = dict(rows[1], body_text="Ein ganz anderer Text über Kabul, der nichts wiederholt. " * 3)
    edited["content_sha256"] = content_hash(edited["body_text"])
    result = load(con, [edited], "edited").result  # type: ignore[attr-defined]
    assert (result.new_articles, result.new_versions) == (1, 1)  # its id has a version, not this one
    assert_in_step(con)
    assert con.execute("SELECT content_sha256 FROM search_documents WHERE article_id = ?",
                       [edited["article_id"]]).fetchall() == [(edited["content_sha256"],)]


def test_a_new_batch_asks_the_tables_once_and_the_answers_match_each_steps_own(mirror_with_topics):
    """On DuckLake every statement costs catalog reads, and a count inside the load's transaction
    scans: the four per-article counts are one statement, the three presence checks one, and the
    documents after indexing are the others plus the batch, not counted again."""
    con, truth = mirror_with_topics
    rows = new_rows(truth)
    recording = load(con, rows, "new")
    assert looked_up(recording) == set()
    assert ran(recording, batches.PRESENT_TABLES) == 1
    assert ran(recording, batches._TABLES_ALL_BUT_BATCH.split("SELECT rest.n")[0].format(batch=BATCH)) == 1
    singles = [batches._ROWS_ALL_BUT_BATCH.format(table=t, batch=BATCH) for t in batches.PER_ARTICLE_TABLES]
    separate = [search.INDEX_EXISTS, topics.HAS_TOPICS_TABLE, derived.HAS_DERIVED_TABLES, search.COUNT_DOCUMENTS]
    assert [ran(recording, sql) for sql in singles + separate] == [0] * 8
    documents = con.execute("SELECT count(*) FROM search_documents").fetchone()[0]
    assert recording.result.search_documents == documents == per_article_counts(con)["articles"][0]  # type: ignore[attr-defined]
    assert_in_step(con)
    # a batch that is not all new: the presence checked once, nothing counted, the careful path
    again = load(con, rows[:2], "again")
    assert ran(again, batches.PRESENT_TABLES) == 1
    assert ran(again, batches._TABLES_ALL_BUT_BATCH.split("SELECT rest.n")[0].format(batch=BATCH)) == 0
    assert looked_up(again) == set(LOOKUPS)
    assert again.result.search_documents == documents  # type: ignore[attr-defined]
    assert_in_step(con)
