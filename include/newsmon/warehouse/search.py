"""Full-text search over titles and bodies (English, German, Dari, Pashto, ...) with BM25.

    load_day(...)                             # updates the index of its articles, in its transaction
    refresh_search_index(con)                 # repair: sync every article (force=True: rebuild all)
    search("words", lang="fa", since=date)    # read-only, ranked, with snippets
    substring_search("words", lang="fa")      # no index needed: the report's fallback

Why it looks like this:
- one normaliser (`normalise`) for documents and queries, so a query typed with or without
  ZWNJ, with Arabic yeh/kaf (ي ك) or Persian forms (ی ک), with or without short vowels,
  meets the same tokens as the indexed text; then each Dari / Pashto word is stemmed
  (`index_form`, `newsmon.warehouse.stemming`), so ولایت finds ولایتی and ولایت‌ها. The
  indexed text lives in the table `search_documents` (migration 006), one row per current
  article; `search_stats.text_form` names the form it was made in (`TEXT_FORM`): when that
  changes, the next refresh makes every document again (the report DAG runs one after loads);
- the index is newsmon's own, in plain tables (migration 008): `search_terms` (dictionary),
  `search_postings` (termid, docid, tf), `search_docs` (docid, article_id, len) and the one
  row of `search_stats` (num_docs, total_len). DuckDB's `fts` extension cannot update an index
  (a refresh rebuilt it: ~56 s at 100,000 articles) and DuckLake cannot hold it; these tables
  are updated by each load for its own articles only (`update_search_index`, called by
  `load_day` inside the load's transaction) and live wherever the articles live;
- tokens are the fts extension's with the options newsmon used (`tokens_sql`: lower-case, the
  ignore pattern's runs to spaces, split on whitespace, no stemmer, no stop words, accents
  kept), computed by DuckDB itself, so the ranking is the one the fts index gave
  (tests/unit/test_search_index.py builds both and compares); a query's tokens are put
  together in Python from DuckDB's own answer for each of its characters
  (`newsmon.warehouse.query_tokens`) and given to the ranking as constants;
- `SEARCH` computes BM25 (k1=1.2, b=0.75, the fts macro's formula) reading only the postings
  of the query's terms; a term's df is the number of its postings, so a load never rewrites
  dictionary rows.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from newsmon.warehouse.batches import BatchCounts, holds, present
from newsmon.warehouse.connection import (
    DUCKLAKE,
    LAKE_OR_FILTER_KEYS,
    ReaderLimits,
    WarehouseError,
    connect_with_retry,
    kind_and_path,
    registered,
    rollback_quietly,
    scalar,
)
from newsmon.warehouse.lake_snapshots import READ_SNAPSHOT
from newsmon.warehouse.query_tokens import CHAR_FORMS, query_tokens
from newsmon.warehouse.stemming import stem

INDEX_TABLE = "search_documents"
ZWNJ = "\u200c"
INDEX_TABLES = ("search_terms", "search_docs", "search_postings", "search_stats")
# Zero-width (non-)joiners, tatweel, bidi controls and Arabic short vowels (fathatan..sukun,
# superscript alef) go; Arabic yeh / alef maksura / kaf become the Persian letters.
_FOLD = str.maketrans({
    **{chr(c): None for c in (0x200C, 0x200D, 0x0640, 0x200E, 0x200F, 0x061C, 0x0670)},
    **{chr(c): None for c in range(0x202A, 0x202F)},
    **{chr(c): None for c in range(0x2066, 0x206A)},
    **{chr(c): None for c in range(0x064B, 0x0653)},
    "\u064a": "\u06cc",  # ي -> ی
    "\u0649": "\u06cc",  # ى -> ی
    "\u0643": "\u06a9",  # ك -> ک
})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]+")  # the runs of letters `index_form` stems
# How `search_text` is made from an article (normalise, then stem): another value in
# search_stats.text_form (NULL: an older newsmon's unstemmed text) makes a refresh remake every
# document. Bump it when `index_form` changes.
TEXT_FORM = "stemmed-1"
SNIPPET_BEFORE, SNIPPET_AFTER = 8, 16

# What the fts extension ignored (its `ignore` option as newsmon set it) and how it tokenised:
# lower(), the ignored runs to one space, split on whitespace; empty strings are not tokens.
IGNORE = r"(\.|[^\p{L}\p{M}\p{N}\s])+"


def tokens_sql(text: str) -> str:
    """The SQL expression of the token list of `text` (a column or parameter name, a constant)."""
    return ("list_filter(string_split_regex(regexp_replace(lower(" + text + "), '" + IGNORE
            + r"', ' ', 'g'), '\s+'), lambda t: t <> '')")


# -- keeping the index in step (all inside the caller's transaction) --------------------------
# Scopes: a load syncs the articles of its batch (the registered frame named by `batch`), a
# refresh every article. `{scope}` is one of these constants, never user text: a join with the
# batch's ids, so that a load reads the few rows of its articles (hash joins built on 50 ids),
# never a whole table against another.
SCOPE_ALL = ""
SCOPE_BATCH = "JOIN (SELECT DISTINCT CAST(article_id AS VARCHAR) AS article_id FROM {batch}) b USING (article_id)"
_STALE = "_newsmon_search_stale"
_NEW_DOCS_VIEW = "_newsmon_search_new"
_NEW = "_newsmon_search_new_docs"
_TOKENS = "_newsmon_search_tokens"
_TERMS = "_newsmon_search_batch_terms"
# Search documents whose article is gone or changed (title, body, language, date, url, source).
FIND_STALE = f"""
CREATE OR REPLACE TEMP TABLE {_STALE} AS
WITH scoped AS MATERIALIZED (
    SELECT s.article_id, s.source, s.url, s.content_sha256, s.title, s.language, s.published_date
    FROM search_documents s {{scope}}),
current AS MATERIALIZED (
    SELECT a.article_id, a.source, a.url, a.content_sha256, a.title, a.language, a.published_date
    FROM articles a {{scope}})
SELECT s.article_id FROM scoped s
WHERE NOT EXISTS (
    SELECT 1 FROM current a
    WHERE a.article_id = s.article_id AND a.source = s.source AND a.url = s.url
      AND a.content_sha256 IS NOT DISTINCT FROM s.content_sha256
      AND a.title IS NOT DISTINCT FROM s.title
      AND a.language IS NOT DISTINCT FROM s.language
      AND a.published_date IS NOT DISTINCT FROM s.published_date)
"""
# Every document, when the index's text form is not today's (`TEXT_FORM`): all are made again.
FIND_ALL_STALE = f"CREATE OR REPLACE TEMP TABLE {_STALE} AS SELECT article_id FROM search_documents"
FORM_OF_INDEX = "SELECT count(*) FROM search_stats WHERE text_form IS NOT DISTINCT FROM ?"
# Documents of the index whose search_documents row is gone (only a crash of an older newsmon
# or a hand edit makes them; a refresh removes them with the stale ones).
FIND_ORPHANS = f"""
INSERT INTO {_STALE}
SELECT d.article_id FROM search_docs d
WHERE NOT EXISTS (SELECT 1 FROM search_documents s WHERE s.article_id = d.article_id)
  AND d.article_id NOT IN (SELECT article_id FROM {_STALE})
"""
COUNT_STALE = f"SELECT count(*) FROM {_STALE}"
SUBTRACT_STALE_STATS = f"""
UPDATE search_stats SET num_docs = num_docs - r.n, total_len = total_len - r.total
FROM (SELECT count(*) AS n, coalesce(sum(len), 0) AS total FROM search_docs
      WHERE article_id IN (SELECT article_id FROM {_STALE})) r
"""
DELETE_STALE_POSTINGS = f"""
DELETE FROM search_postings WHERE docid IN (
    SELECT docid FROM search_docs WHERE article_id IN (SELECT article_id FROM {_STALE}))
"""
DELETE_STALE_DOCS = f"DELETE FROM search_docs WHERE article_id IN (SELECT article_id FROM {_STALE})"
DELETE_STALE_DOCUMENTS = f"DELETE FROM search_documents WHERE article_id IN (SELECT article_id FROM {_STALE})"
SELECT_UNINDEXED = """
WITH scoped AS MATERIALIZED (SELECT a.article_id FROM articles a {scope}),
missing AS (
    SELECT article_id FROM scoped i
    WHERE NOT EXISTS (SELECT 1 FROM search_documents s WHERE s.article_id = i.article_id))
SELECT a.article_id, a.source, a.language, a.published_date, a.title, a.url, a.content_sha256, a.body_text
FROM articles a JOIN missing USING (article_id)
"""
# The same for a load: its batch's rows (just upserted, so what `articles` holds), read from the
# batch itself: looking 50 ids up in `articles` reads the bodies of whole row groups (seconds on
# DuckLake at 200,000 articles).
SELECT_UNINDEXED_OF_BATCH = """
WITH b AS (
    SELECT CAST(article_id AS VARCHAR) AS article_id, CAST(source AS VARCHAR) AS source,
           CAST(language AS VARCHAR) AS language, CAST(published_date AS DATE) AS published_date,
           CAST(title AS VARCHAR) AS title, CAST(url AS VARCHAR) AS url,
           CAST(content_sha256 AS VARCHAR) AS content_sha256, CAST(body_text AS VARCHAR) AS body_text
    FROM {batch})
SELECT article_id, source, language, published_date, title, url, content_sha256, body_text
FROM b WHERE NOT EXISTS (SELECT 1 FROM search_documents s WHERE s.article_id = b.article_id)
"""
# A batch of only new articles (`load_day` found none of its ids in `articles`): its rows
# cannot be in the index unless the index holds rows of articles no longer stored (an operator
# removed some; the report DAG's refresh drops them). Then the index holds exactly one document
# per other article, so its count says so (`holds_all_but_batch`) without looking the ids up: each lookup scans the
# `article_id` column of the whole table (50-220 ms per table cold at a million articles),
# a count reads none.
SELECT_BATCH_AS_UNINDEXED = """
SELECT CAST(article_id AS VARCHAR) AS article_id, CAST(source AS VARCHAR) AS source,
       CAST(language AS VARCHAR) AS language, CAST(published_date AS DATE) AS published_date,
       CAST(title AS VARCHAR) AS title, CAST(url AS VARCHAR) AS url,
       CAST(content_sha256 AS VARCHAR) AS content_sha256, CAST(body_text AS VARCHAR) AS body_text
FROM {batch}
"""
INSERT_DOCUMENTS = f"""
INSERT INTO search_documents (article_id, source, language, published_date, title, url,
                              content_sha256, search_text, indexed_at)
SELECT article_id, source, language, published_date, title, url, content_sha256, search_text,
       CAST($now AS TIMESTAMP)
FROM {_NEW_DOCS_VIEW}
"""
# New documents get ids after the largest in use, in article_id order (deterministic).
NUMBER_NEW_DOCS = f"""
CREATE OR REPLACE TEMP TABLE {_NEW} AS
SELECT (SELECT coalesce(max(docid) + 1, 0) FROM search_docs) + row_number() OVER (ORDER BY article_id) - 1 AS docid,
       article_id, CAST(source AS VARCHAR) AS source, CAST(language AS VARCHAR) AS language,
       CAST(published_date AS DATE) AS published_date, {tokens_sql("search_text")} AS tokens
FROM {_NEW_DOCS_VIEW}
"""
SPLIT_NEW_TOKENS = f"""
CREATE OR REPLACE TEMP TABLE {_TOKENS} AS
SELECT docid, term, count(*) AS tf, doc_len
FROM (SELECT docid, unnest(tokens) AS term, len(tokens) AS doc_len FROM {_NEW}) GROUP BY docid, term, doc_len
"""
# The batch's distinct terms with their ids, in one read of the dictionary: a term it holds keeps
# its id, a new one is numbered after the largest in use, in term order. (The new terms' insert
# and the postings then read this small table, not `search_terms` twice more: ~40 ms each on
# DuckLake at 200,000 articles.)
NUMBER_TERMS = f"""
CREATE OR REPLACE TEMP TABLE {_TERMS} AS
WITH known AS MATERIALIZED (
    SELECT t.term, s.termid FROM (SELECT DISTINCT term FROM {_TOKENS}) t LEFT JOIN search_terms s USING (term))
SELECT term, termid, false AS new FROM known WHERE termid IS NOT NULL
UNION ALL
SELECT term, (SELECT coalesce(max(termid) + 1, 0) FROM search_terms) + row_number() OVER (ORDER BY term) - 1, true
FROM known WHERE termid IS NULL
"""
ADD_NEW_TERMS = f"INSERT INTO search_terms (termid, term) SELECT termid, term FROM {_TERMS} WHERE new ORDER BY termid"
ADD_POSTINGS = f"""
INSERT INTO search_postings (termid, docid, tf, len)
SELECT s.termid, t.docid, t.tf, t.doc_len FROM {_TOKENS} t JOIN {_TERMS} s USING (term)
ORDER BY s.termid, t.docid
"""
ADD_DOCS = f"""
INSERT INTO search_docs (docid, article_id, len, source, language, published_date)
SELECT docid, article_id, len(tokens), source, language, published_date FROM {_NEW} ORDER BY docid
"""
# An index that held no document before these holds only documents of today's form: it says so.
ADD_STATS = f"""
UPDATE search_stats SET num_docs = num_docs + r.n, total_len = total_len + r.total,
       text_form = CASE WHEN num_docs = 0 THEN $form ELSE text_form END
FROM (SELECT count(*) AS n, coalesce(sum(len(tokens)), 0) AS total FROM {_NEW}) r
"""
DROP_TEMP = [f"DROP TABLE IF EXISTS {name}" for name in (_STALE, _NEW, _TOKENS, _TERMS)]
# A rebuild (the repair tool): every index table from search_documents, numbered afresh and
# postings sorted by term (what a query skips by), as migration 008 first filled them.
CLEAR_INDEX = [f"DELETE FROM {table}" for table in INDEX_TABLES]
INSERT_ALL_AS_NEW = f"""
CREATE OR REPLACE TEMP TABLE {_NEW} AS
SELECT row_number() OVER (ORDER BY article_id) - 1 AS docid, article_id, source, language, published_date,
       {tokens_sql("search_text")} AS tokens
FROM search_documents
"""
INSERT_STATS = f"""
INSERT INTO search_stats (num_docs, total_len, text_form)
SELECT count(*), coalesce(sum(len(tokens)), 0), $form FROM {_NEW}
"""
TEXT_FORM_OF_INDEX = "SELECT any_value(text_form) FROM search_stats"
COUNT_DOCUMENTS = "SELECT count(*) FROM search_documents"
INDEX_EXISTS = """
SELECT count(*) FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'search_postings'
"""
INDEX_EMPTY_BUT_ARTICLES = """
SELECT (SELECT coalesce(sum(num_docs), 0) FROM search_stats) = 0 AND EXISTS (SELECT 1 FROM articles)
"""
# Which of a query's ZWNJ-joined words ({terms}: one positional parameter each, the only thing
# formatted in) the index holds with a posting: one statement for all of them (one per word
# before: on DuckLake each statement costs ~9 ms of catalog reads and scans, ~27 ms for a query
# of three such words at 400,000 articles).
TERMS_EXISTING = """
SELECT DISTINCT t.term FROM search_terms t
WHERE t.term IN ({terms}) AND EXISTS (SELECT 1 FROM search_postings p WHERE p.termid = t.termid)
"""
# BM25 of every document holding a query term, in DOUBLE throughout (integer columns and
# decimal literals made DECIMAL arithmetic: a third of a search at 1M articles); a term's idf
# once per term, not once per posting.
# The query's tokens come as constants (`query_tokens`: `{terms}` is one named parameter per
# token, `$term0, $term1, ...`, formatted in by `_ranked`, the only thing formatted in): DuckDB
# prunes the dictionary's row groups by them and compiles no tokeniser pattern (~2-3 ms CPU a
# statement). `SCORES_TAIL` is its part from the stats on, shared with `TOP_DOCS_DATED_ZWNJ`.
# `doc_freq` holds a row per query term with postings, so at most `$n_terms` (the number of
# terms the statement looks up): its `LIMIT` cuts nothing, but tells the planner so. Without
# it DuckDB estimated the few idf rows at millions (a GROUP BY under a cross join) and built
# the hash table of their join on the postings instead: at 1M articles 16 ms CPU for the
# ~316,000 postings of 'that fighting', ~1 ms with the idfs as the build side. The average
# length comes with each idf row, so the postings meet `st` through that join alone (a cross
# product with it cost every posting a copy: 1-5 % of the heavy rankings at 1M). The postings are
# counted per term alone and the few counts meet `st` after (not every posting with `st` before
# the count, aggregating its two columns per posting): the same values, 1-2 % of a heavy
# ranking's CPU at 1M (docs/scaling-history.md).
STATS = ("SELECT num_docs::DOUBLE AS num_docs, total_len::DOUBLE / num_docs AS avgdl FROM search_stats "
         "WHERE num_docs > 0")
# The same two values given (`_LakeIndex`: as the lake's snapshot held them when read; the ranking's
# snapshot column says whether it still is that one).
STATS_GIVEN = "SELECT $num_docs::DOUBLE AS num_docs, $avgdl::DOUBLE AS avgdl"
# One posting's part of its document's score (`f` the posting, `q` its term's idf row): the
# same text in every statement that scores, so that the sums `_hot_ranking` makes in Python of
# the parts `CONTRIBUTIONS_KNOWN` returns are the ranking statements' to the last bit.
BM25_OF_POSTING = """q.idf * (f.tf::DOUBLE * (1.2 + 1)
                        / (f.tf::DOUBLE + 1.2 * (1 - 0.75 + 0.75 * (f.len::DOUBLE / q.avgdl))))"""
IDF_OF_COUNT = "log((st.num_docs - c.df + 0.5) / (c.df + 0.5) + 1)"
SCORES_TAIL = """
st AS (
    """ + STATS + """),
doc_freq AS (  -- a row per term with postings: never more than the limit (see above)
    SELECT c.termid, """ + IDF_OF_COUNT + """ AS idf, st.avgdl
    FROM (SELECT termid, count(*) AS df FROM postings GROUP BY termid) c CROSS JOIN st LIMIT $n_terms),
scores AS MATERIALIZED (  -- once: the floor below compares these very sums
    SELECT f.docid,
           sum(""" + BM25_OF_POSTING + """) AS score
    FROM postings f
    JOIN doc_freq q USING (termid)
    GROUP BY f.docid)"""
SCORES = """
WITH query_terms AS (
    SELECT termid FROM search_terms WHERE term IN ({terms})),
postings AS MATERIALIZED (
    SELECT termid, docid, tf, len FROM search_postings
    WHERE termid IN (SELECT termid FROM query_terms)),""" + SCORES_TAIL
# The same with the postings met by an inner join with their terms (DuckLake's `TOP_DOCS_DATED`):
# the same rows, as a term is one row of `search_terms` (one termid each: `NUMBER_TERMS`). The
# scan then returns more rows (the semi join's Bloom filter of `IN` no longer reaches it), but
# the join probes them faster: at a million articles 3-5 % of the heavy rankings' CPU
# (docs/scaling-history.md). Not measured on a DuckDB file, whose statements keep `SCORES`, nor worth
# it in `TOP_DOCS_DATED_ZWNJ` (no change measured).
SCORES_JOINED = """
WITH query_terms AS (
    SELECT termid, term FROM search_terms WHERE term IN ({terms})),
postings AS MATERIALIZED (
    SELECT termid, docid, tf, len FROM search_postings JOIN query_terms USING (termid)),""" + SCORES_TAIL
# The lowest score a page of $limit hits can hold (ties included, so the order by date and id
# stays exact): only documents scoring at least this can be on an unfiltered page.
FLOOR = "(SELECT min(score) FROM (SELECT score FROM scores ORDER BY score DESC LIMIT $limit))"
RANKED = SCORES + f""",
-- Without a filter, only documents scoring at least the floor can be on the page: only those
-- meet search_docs.
floor AS (
    SELECT CASE WHEN $lang IS NULL AND $since IS NULL AND $source IS NULL THEN {FLOOR} END AS score),
-- The floor applied before the join, not after it: otherwise every scored document (thousands
-- for a frequent word) is joined with search_docs (~10 ms of a search on DuckLake).
top AS MATERIALIZED (
    SELECT docid, score FROM scores WHERE score >= coalesce((SELECT score FROM floor), '-infinity'::DOUBLE)),
ranked AS (  -- the page of hits from the index alone; the articles' rows (bodies) only for those
    SELECT d.article_id, s.score, d.published_date
    FROM top s
    JOIN search_docs d USING (docid)
    WHERE ($lang IS NULL OR d.language = $lang) AND ($since IS NULL OR d.published_date >= $since)
      AND ($source IS NULL OR d.source = $source)
    ORDER BY s.score DESC, d.published_date DESC NULLS LAST, d.article_id
    LIMIT $limit)
"""
# Unfiltered: the documents that can be on the page, from the postings alone; their dates and
# ids by `DOCS_BY_ID` after it. Joined in one statement, every row group of search_docs was read
# (at 1M articles 60 ms on a DuckDB file, 65-80 ms of a search on DuckLake); by their docids as
# constants, a DuckDB file reads them through its index (`search_docs_docid`) and DuckLake only
# the 2,048-row groups the ids fall in (`migrate.LAKE_BODY_TABLES`, sorted by docid: 016).
TOP_DOCS = SCORES + f"""
SELECT docid, score FROM scores WHERE score >= {FLOOR}
"""
DOCS_BY_ID = "SELECT docid, article_id, published_date FROM search_docs WHERE docid IN ({ids})"
# On DuckLake, the same documents with their ids and dates in the ranking's own statement (one
# statement fewer: each costs ~5-15 ms of catalog reads and planning there). DuckDB pushes the
# ranked docids into the scan of `search_docs` (a dynamic `docid IN (...)` filter: only the
# 2,048-row groups they fall in are read, ~20,000 rows at 200,000 articles) only when it builds
# its hash table on them, which it does when it knows them to be few: hence `LIMIT $cap`
# (without it the join read every row of `search_docs`), and only up to the session's
# `dynamic_or_filter_threshold`, which a lake session sets to the cap (`LAKE_OR_FILTER_KEYS`:
# DuckDB's 50 pushed only the docids' range for a page of 51-500 tied documents, and every row
# group was read). A floor shared by `$cap` documents or more may have been cut: `in_top` says
# so, and `_dated_top_docs` then goes by TOP_DOCS and DOCS_BY_ID. (A DuckDB file keeps those
# two: its docid index finds the documents in ~1 ms.)
TOP_DOCS_CAP = LAKE_OR_FILTER_KEYS
# The documents scoring at least the page's floor, at most `$cap` of them: the best `$cap` first
# (one top-`$cap` heap over the scores), then the floor from those alone. The same rows as
# `WHERE score >= {FLOOR} ORDER BY score DESC LIMIT $cap` whenever fewer than `$cap` documents
# reach the floor (then all of them are among the best `$cap`, whose `$limit`-th score, or lowest,
# is the floor of all scores), and `$cap` rows otherwise, as before (the ties the callers then
# rank again: `in_top`), whether `$cap` is above `$limit` or not. Before, the floor was compared
# with every scored document (a nested-loop join over the ~240,000 of a heavy query at 1M
# articles, ~3 ms) after a first top-`$limit` over them all (docs/scaling-history.md).
TOP_CAPPED = """capped AS MATERIALIZED (
    SELECT docid, score FROM scores ORDER BY score DESC LIMIT $cap),
top AS MATERIALIZED (
    SELECT docid, score FROM capped
    WHERE score >= (SELECT min(score) FROM (SELECT score FROM capped ORDER BY score DESC LIMIT $limit)))"""
# Besides the documents, each row says which snapshot of the lake the statement read and what
# it found there: the query's terms' ids and the stats (a list of one row), which the process
# keeps for that snapshot (`_LakeIndex`), so that the next rankings of the same snapshot need
# neither `search_terms` nor `search_stats` (`_hot_ranking`, `TOP_DOCS_KNOWN`: by the terms'
# ids, stats given). (Each term's postings returned too, to tell the frequent ones at once,
# cost 4 % of the 50 bench queries' CPU at a million articles: they are learnt by the hot path.)
SNAPSHOT = f"({READ_SNAPSHOT})"
TOP_DOCS_DATED = SCORES_JOINED + f""",
{TOP_CAPPED}
SELECT t.docid, d.article_id, d.published_date, t.score, (SELECT count(*) FROM top) AS in_top,
       {SNAPSHOT} AS snapshot, (SELECT list((term, termid)) FROM query_terms) AS terms,
       (SELECT list((num_docs, avgdl)) FROM st) AS stats
FROM top t JOIN search_docs d USING (docid)
"""
# The same with the stats given (those of the snapshot a ranking read last: `_LakeIndex`); right
# when the snapshot it returns is theirs, else `_dated_top_docs` asks `TOP_DOCS_DATED`.
TOP_DOCS_DATED_STATS_GIVEN = TOP_DOCS_DATED.replace(STATS, STATS_GIVEN)
# A query whose terms' ids this snapshot's rankings found already, none frequent (`_for_hot`;
# {termids}: one named parameter each, `$id0, ...`): the postings by their ids, no dictionary,
# stats given, summed by the statement (one statement: the hot path's two, parts then
# documents, cost ~5 ms more where no frequent term is to be held). The scan prunes its row
# groups by the constants; the sums are the same expression over the same postings in the same
# order: the scores equal `TOP_DOCS_DATED`'s to the last bit.
TOP_DOCS_KNOWN = """
WITH postings AS MATERIALIZED (
    SELECT termid, docid, tf, len FROM search_postings WHERE termid IN ({termids})),""" + SCORES_TAIL.replace(
    STATS, STATS_GIVEN) + f""",
{TOP_CAPPED}
SELECT t.docid, d.article_id, d.published_date, t.score, (SELECT count(*) FROM top) AS in_top,
       {SNAPSHOT} AS snapshot
FROM top t JOIN search_docs d USING (docid)
"""
# The hot path (`_hot_ranking`, DuckLake, an unfiltered page): each posting's part of its
# document's score, not the sums, for the query terms whose parts this process does not hold
# yet, by their ids ({termids}: one named parameter each). The idf and the part are `SCORES_TAIL`'s
# own expressions over the same postings, so a document's sum, made in Python in the order the
# ranking statements sum (by termid), is theirs to the last bit.
CONTRIBUTIONS_KNOWN = """
WITH postings AS MATERIALIZED (
    SELECT termid, docid, tf, len FROM search_postings WHERE termid IN ({termids})),
st AS (""" + STATS_GIVEN + """),
doc_freq AS (
    SELECT c.termid, """ + IDF_OF_COUNT + """ AS idf, st.avgdl
    FROM (SELECT termid, count(*) AS df FROM postings GROUP BY termid) c CROSS JOIN st LIMIT $n_terms)
SELECT f.termid, f.docid, """ + BM25_OF_POSTING + """ AS part
FROM postings f JOIN doc_freq q USING (termid)
"""
# The documents of a page the hot path ranked (`DOCS_BY_ID`), with the snapshot read.
HOT_DOCS = DOCS_BY_ID.replace(" FROM search_docs", f", {SNAPSHOT} AS snapshot FROM search_docs")
# The same with the ZWNJ check of `query_text` inside it, for a query whose ZWNJ-joined words
# are tokens of its own ({terms}: the joined query's tokens; {looked_up}: those and the parts'
# tokens; {pairs}: one `($keyN, $partM)` row per joined word and part of it): a word's parts are
# ranked too only when the word has no posting, as `query_text` decides. The joined words' postings are read by
# the ranking anyway, so whether each has one comes from them; the parts' postings (frequent
# words) are read by a second scan only for the words without one (pruned to nothing
# otherwise). One statement instead of two: on DuckLake `TERMS_EXISTING` cost 8-18 ms CPU at a
# million articles, its own catalog reads, planning and scan. `held` lists the words found,
# from which `search` makes the query's form for the snippets.
TOP_DOCS_DATED_ZWNJ = """
WITH words(key, part) AS (VALUES {pairs}),
query_terms AS (
    SELECT termid, term FROM search_terms WHERE term IN ({looked_up})),
joined_postings AS MATERIALIZED (
    SELECT termid, docid, tf, len FROM search_postings
    WHERE termid IN (SELECT termid FROM query_terms WHERE term IN ({terms}))),
held AS (
    SELECT term FROM query_terms
    WHERE term IN (SELECT key FROM words) AND termid IN (SELECT termid FROM joined_postings)),
parts AS (
    SELECT termid FROM query_terms
    WHERE term IN (SELECT part FROM words WHERE key NOT IN (SELECT term FROM held)) AND term NOT IN ({terms})),
postings AS MATERIALIZED (
    SELECT termid, docid, tf, len FROM joined_postings
    UNION ALL
    SELECT termid, docid, tf, len FROM search_postings
    WHERE termid IN (SELECT termid FROM parts)),""" + SCORES_TAIL + f""",
{TOP_CAPPED}
SELECT t.docid, d.article_id, d.published_date, t.score, (SELECT count(*) FROM top) AS in_top,
       (SELECT list(term) FROM held) AS held, {SNAPSHOT} AS snapshot
FROM top t JOIN search_docs d USING (docid)
"""
# The same with the terms' ids it found (3-9 ms CPU more at a million articles: the dictionary
# read again), asked only of a query whose words' holding this snapshot's rankings know already
# (its second ranking there), so that its third is made by the hot path (`_known_zwnj`).
TOP_DOCS_DATED_ZWNJ_TERMS = TOP_DOCS_DATED_ZWNJ.replace(
    " AS snapshot\n", " AS snapshot,\n       (SELECT list((term, termid)) FROM query_terms) AS terms\n")
# On a DuckDB file: the page joined with `articles` for its rows in the same statement (the
# join reads the few rows it needs; two statements were slower there: p95 53 against 44 ms).
SEARCH = RANKED + """
SELECT a.article_id, a.source, a.run_date, a.published_date, a.language, a.section, a.title,
       a.author, a.url, r.score, a.body_text
FROM ranked r
JOIN articles a ON a.article_id = r.article_id
ORDER BY r.score DESC, r.published_date DESC NULLS LAST, a.article_id
"""
# On DuckLake, filtered (language, since, source): the page alone (ids, scores, dates), its rows
# by `PAGE_ROWS` after it.
SEARCH_PAGE = RANKED + """
SELECT article_id, score, published_date FROM ranked
ORDER BY score DESC, published_date DESC NULLS LAST, article_id
"""
# The page's rows (bodies for the snippets) on DuckLake, in a second statement: joined with
# `articles` in the ranking statement, the page's ids pruned nothing and read the bodies of
# nearly every row group. Here the hits' days ({days}) and ids ({ids}: positional parameters,
# the only thing formatted in) filter the Parquet scan itself: the `IN` list of days prunes the
# files and row groups of other days by their statistics (articles are written a day at a time,
# and a merge keeps them sorted: migration 016), and `list_contains` on the ids is evaluated in
# the scan of those few row groups, so bodies are read only of the row groups holding a hit.
# (The ids as an `IN` list become a join after the scan: every column of the days' row groups
# read, 2x slower. Each hit as `(published_date = ? AND article_id = ?)`, OR-ed, as before:
# DuckDB prunes no row group by an OR, so it read the ids of every article, ~10 ms at 200,000
# and growing with the table.) A row found so is the hit's article whatever its day: an
# article id is one row of `articles`.
PAGE_ROWS = """
SELECT article_id, source, run_date, published_date, language, section, title, author, url, body_text
FROM articles WHERE published_date IN ({days}) AND list_contains([{ids}], article_id)
"""
# Pages up to this many hits are fetched so; a longer page goes by the join. (Measured with the
# OR-ed pairs this statement used before, at 200,000 articles: 10 hits 111 ms, 100 hits 242 ms,
# both as fast as the join or faster; 1,000 hits 7 s against the join's 0.45 s. The limit was
# kept as it was: long pages were not measured again.)
PAGE_ROWS_MAX = 50
# The hits the days did not find: no published date, or one the index has not caught up with.
PAGE_ROWS_BY_ID = """
SELECT article_id, source, run_date, published_date, language, section, title, author, url, body_text
FROM articles WHERE article_id IN ({ids})
"""

# The fallback while no index exists: a case-insensitive substring of title, author or body,
# title hits first. `$like` is the query with LIKE's wildcards escaped (`like_pattern`).
SUBSTRING_SEARCH = """
SELECT article_id, source, run_date, published_date, language, section, title, author, url,
       (CASE WHEN title ILIKE $like ESCAPE '\\' THEN 2 ELSE 0 END
        + CASE WHEN author ILIKE $like ESCAPE '\\' THEN 1 ELSE 0 END) AS score
FROM articles
WHERE (title ILIKE $like ESCAPE '\\' OR author ILIKE $like ESCAPE '\\' OR body_text ILIKE $like ESCAPE '\\')
  AND ($lang IS NULL OR language = $lang) AND ($source IS NULL OR source = $source)
ORDER BY score DESC, run_date DESC, title
LIMIT $limit
"""


class SearchUnavailable(WarehouseError):
    """The warehouse has no search index (yet)."""


@dataclass(frozen=True)
class SearchRefresh:
    """What an index update did, for the load's log and summary."""

    removed: int  # search documents dropped (article changed or gone)
    added: int  # articles (re-)normalised into search_documents and indexed
    documents: int  # search documents after the update
    rebuilt: bool  # whether every index table was rebuilt (refresh with force=True)
    seconds: float


def index_form(text: str | None) -> str:
    """`text` as the index holds it and queries meet it: normalised, then each run of letters
    stemmed (only Dari / Pashto words change: `newsmon.warehouse.stemming`). Stemming a run of
    letters never joins or splits a token, so the SQL tokeniser (`tokens_sql`) sees the same
    tokens, stemmed."""
    return _LETTERS.sub(_stem_match, normalise(text))


def _stem_match(match: re.Match[str]) -> str:
    return stem(match.group())


def normalise(text: str | None) -> str:
    """The one normal form of documents and queries (see the module docstring).

    NFKC once more at the end: dropping a control between a letter and its mark (A, U+2066,
    U+0300), or casefolding, can leave text that is not NFKC, and normalising it again would
    then change it; with the last NFKC, text normalised twice is text normalised once."""
    if not text:
        return ""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).translate(_FOLD).casefold())


def query_text(query: str | None, con: duckdb.DuckDBPyConnection | None = None) -> str:
    """A query as the index sees it (`index_form`), plus the parts of ZWNJ-joined words the index lacks.

    Documents are indexed with ZWNJ removed (PDF extractors drop it anyway), so نگرانی‌ها
    and نگرانیها meet as one token. A query word typed with ZWNJ whose joined form is not in
    the index (with `con`) is looked for as its parts, which finds a text that wrote them
    apart (زده کړه for زده‌کړه) without diluting the ranking when the joined form exists.
    """
    joined = index_form(query)
    if not query or ZWNJ not in query:
        return joined
    words = [word for word in query.split() if ZWNJ in word]
    held = _terms_existing(con, sorted({index_form(word) for word in words})) if con is not None else set()
    extra = [index_form(word.replace(ZWNJ, " ")) for word in words if index_form(word) not in held]
    return " ".join([joined, *extra])


def _terms_existing(con: duckdb.DuckDBPyConnection, terms: list[str]) -> set[str]:
    """Those of `terms` the index holds with at least one posting, in one statement."""
    sql = TERMS_EXISTING.format(terms=_placeholders(len(terms)))
    return {term for (term,) in con.execute(sql, terms).fetchall()}


def update_search_index(con: duckdb.DuckDBPyConnection, batch: str | None = None,
                        batch_is_new: bool = False, counts: BatchCounts | None = None) -> SearchRefresh:
    """Bring the index in step with `articles`, inside the caller's transaction.

    With `batch` (the name of a registered frame with an `article_id` column: the load's
    articles) only those articles are looked at: their changed documents leave the index
    (postings, document, stats) and their new or changed ones enter it, so a day's load
    touches its own rows and the stats row, never the rest (milliseconds at a million
    articles). Without it every article is (a refresh: also removes articles that are gone).
    A warehouse whose schema predates the index (only a test of an older release loads one
    without migrating) is left alone. `batch_is_new`: the caller knows none of the batch's ids
    was in `articles` before it (`load_day`'s all-new batch); when the index holds one document
    per other article (`holds_all_but_batch`), the batch is indexed without looking its ids
    up, else the careful way. `counts`: what the load's one look found (`batches.count_for_load`):
    then neither the index's presence nor its documents are asked again.
    """
    started = time.perf_counter()
    if not present(con, INDEX_EXISTS, ("search_postings",), counts):
        return SearchRefresh(0, 0, 0, False, 0.0)
    if batch is not None and batch_is_new and holds(con, "search_documents", batch, counts):
        try:
            added = _add_unindexed(con, SELECT_BATCH_AS_UNINDEXED.format(batch=batch))
        finally:
            _drop_temp(con)
        documents = counts.others + added if counts is not None and counts.others is not None else None
        return SearchRefresh(0, added, scalar(con, COUNT_DOCUMENTS) if documents is None else documents, False,
                             round(time.perf_counter() - started, 4))
    scope = SCOPE_ALL if batch is None else SCOPE_BATCH.format(batch=batch)
    try:
        if batch is None and not scalar(con, FORM_OF_INDEX, [TEXT_FORM]):
            con.execute(FIND_ALL_STALE)  # made by another `index_form`: every document again
        else:
            con.execute(FIND_STALE.format(scope=scope))
        if batch is None:
            con.execute(FIND_ORPHANS)
        removed = scalar(con, COUNT_STALE)
        if removed:
            for sql in (SUBTRACT_STALE_STATS, DELETE_STALE_POSTINGS, DELETE_STALE_DOCS, DELETE_STALE_DOCUMENTS):
                con.execute(sql)
        added = _add_unindexed(con, SELECT_UNINDEXED.format(scope=scope) if batch is None
                               else SELECT_UNINDEXED_OF_BATCH.format(batch=batch))
    finally:
        _drop_temp(con)
    return SearchRefresh(removed, added, scalar(con, COUNT_DOCUMENTS), False, round(time.perf_counter() - started, 4))


def refresh_search_index(con: duckdb.DuckDBPyConnection, force: bool = False,
                         transaction: bool = True) -> SearchRefresh:
    """Repair: bring `search_documents` and the index in step with every article.

    Loads keep the index in step themselves (`load_day` calls `update_search_index` in its
    transaction); this is for a warehouse changed by other means, and it is what the report
    DAG runs after loads (then a no-op, ~10 ms at the mirror's size). `force` rebuilds every
    index table from `search_documents` (ids numbered afresh, postings sorted by term again).
    One transaction unless `transaction=False` (the caller's).
    """
    started = time.perf_counter()
    if transaction:
        con.begin()
    try:
        synced = update_search_index(con)
        if force:
            _rebuild(con)
        if transaction:
            con.commit()
    except BaseException:
        if transaction:
            rollback_quietly(con)
        raise
    return SearchRefresh(synced.removed, synced.added, synced.documents, force,
                         round(time.perf_counter() - started, 4))


def _rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Every index table afresh from search_documents (in the caller's transaction)."""
    try:
        form = con.execute(TEXT_FORM_OF_INDEX).fetchone()[0]  # type: ignore[index]  # an aggregate: one row
        for sql in CLEAR_INDEX:
            con.execute(sql)
        con.execute(INSERT_ALL_AS_NEW)
        _index_new(con, stats=INSERT_STATS, form=form)
    finally:
        _drop_temp(con)


def _add_unindexed(con: duckdb.DuckDBPyConnection, select_sql: str) -> int:
    """Normalise (in Python, the same function as queries) the articles not indexed yet (the
    rows `select_sql` reads), and index them."""
    import pyarrow as pa

    table = con.execute(select_sql).to_arrow_table()
    if table.num_rows == 0:
        return 0
    titles, bodies = table.column("title").to_pylist(), table.column("body_text").to_pylist()
    texts = [index_form(f"{t or ''}\n{b or ''}") for t, b in zip(titles, bodies)]
    frame = table.drop_columns(["body_text"]).append_column("search_text", pa.array(texts, pa.string()))
    with registered(con, {_NEW_DOCS_VIEW: frame}):
        con.execute(INSERT_DOCUMENTS, {"now": dt.datetime.now(dt.UTC).replace(tzinfo=None)})
        con.execute(NUMBER_NEW_DOCS)
        _index_new(con, stats=ADD_STATS, form=TEXT_FORM)
    return table.num_rows


def _index_new(con: duckdb.DuckDBPyConnection, stats: str, form: str | None) -> None:
    """Postings, documents and stats of the numbered documents in the temp table `_NEW`
    (`form`: the text form the stats row records when these are all it holds)."""
    for sql in (SPLIT_NEW_TOKENS, NUMBER_TERMS, ADD_NEW_TERMS, ADD_POSTINGS, ADD_DOCS):
        con.execute(sql)
    con.execute(stats, {"form": form})


def _drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    for sql in DROP_TEMP:
        try:
            con.execute(sql)
        except duckdb.Error:  # an aborted transaction: the rollback drops them
            pass


def search(
    query: str,
    lang: str | None = None,
    since: dt.date | None = None,
    limit: int = 20,
    path: Path | str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """Articles matching any word of `query` (of one source, when given), best BM25 score
    first, each with a snippet.

    Opens the warehouse read-only (waiting while a load holds it) unless `con` is given, on
    the search's thread count (`ReaderLimits.for_search`: one thread unless
    $NEWSMON_SEARCH_THREADS says otherwise; a given `con` keeps its own).
    Rows carry article_id, source, run_date, published_date, language, section, title,
    author, url, score and snippet.
    """
    if not _WORD.search(normalise(query)):
        return []
    if con is None:
        own = connect_with_retry(path, read_only=True, limits=ReaderLimits.for_search())
        try:
            return search(query, lang, since, limit, con=own, source=source)
        finally:
            own.close()
    # The checks run only when the search finds nothing (each statement costs ~20 ms of catalog
    # reads on DuckLake): a missing or empty index is then told apart from no match.
    try:
        page_size = max(1, min(int(limit), 1000))
        params = {"lang": lang, "since": since, "source": source, "limit": page_size}
        found, normalised = _hits(con, query, params)
    except duckdb.CatalogException:
        if scalar(con, INDEX_EXISTS):
            raise
        raise SearchUnavailable("no search index yet: a warehouse of an older newsmon (its next load or "
                                "`newsmon sql` upgrades it)") from None
    if not found and scalar(con, INDEX_EMPTY_BUT_ARTICLES):
        raise SearchUnavailable("the search index is empty: run a refresh (the report DAG does)")
    terms = set(_WORD.findall(normalised))
    for row in found:
        row["snippet"] = snippet(row.pop("body_text") or "", terms)
    return found


# Each connection's kind and path, asked once (`_is_lake`): the question is a statement (~1-2 ms
# CPU on DuckLake). A connection's kind changes only by `USE` of another database, which newsmon
# runs only when it opens one; a stale answer would cost speed only, never rows (`_hits`' ways
# give the same page on either kind; `_LakeIndex` entries are checked against the snapshot the
# ranking read).
_KINDS: weakref.WeakKeyDictionary[Any, tuple[bool, str | None]] = weakref.WeakKeyDictionary()


def _kind(con: duckdb.DuckDBPyConnection) -> tuple[bool, str | None]:
    """(whether `con` points at a DuckLake, its path), cached per connection object (`_KINDS`)."""
    try:
        return _KINDS[con]
    except (KeyError, TypeError):  # TypeError: an object that takes no weak reference (never cached)
        pass
    kind, path = kind_and_path(con)
    known = (kind == DUCKLAKE, path)
    try:
        _KINDS[con] = known
    except TypeError:
        pass
    return known


def _is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """`is_lake(con)`, cached per connection object (`_kind`)."""
    return _kind(con)[0]


@dataclass
class _LakeIndex:
    """What DuckLake's rankings found at one snapshot of a lake besides the postings: the stats
    (num_docs, avgdl), the ids of the query terms met (None: no such term), the postings of
    those the hot path read and the parts of the frequent ones (`_hot_ranking`). A snapshot is
    never written again, so these stay right for it; a ranking made with them returns the
    snapshot it read (`SNAPSHOT`, the statement's own transaction), and one that read another
    (a load, a refresh, a compaction committed since) is asked again the plain way
    (`_dated_top_docs`, `_zwnj_hits`). Per process, by the lake's catalog path (`_LAKE_INDEX`): a search
    opens its own connection each time.

    Not for a search inside an explicit transaction that has written the index: its statements
    read its own uncommitted rows but name the snapshot it started from. newsmon searches on
    readers (or in autocommit), never there."""

    snapshot: int
    num_docs: float
    avgdl: float
    termids: dict[str, int | None]
    held: dict[str, bool] = field(default_factory=dict)  # a ZWNJ-joined word: has it a posting
    hot: dict[int, _Parts] = field(default_factory=dict)  # a frequent term's parts, by termid
    hot_bytes: int = 0
    postings: dict[int, int] = field(default_factory=dict)  # a term's postings (df), by termid


@dataclass(frozen=True)
class _Parts:
    """One term's postings at one snapshot as their parts of the documents' scores (`docids[i]`
    gets `parts[i]`), as `CONTRIBUTIONS_KNOWN` returns them: kept for a frequent term, so that
    its postings are neither read nor scored again while the snapshot lasts."""

    docids: np.ndarray
    parts: np.ndarray

    @property
    def nbytes(self) -> int:
        return int(self.docids.nbytes + self.parts.nbytes)


_LAKE_INDEX: dict[str, _LakeIndex] = {}
# Terms kept for one snapshot at most (the entry starts again empty beyond: a bound on memory).
LAKE_INDEX_TERMS = 100_000
# The hot path keeps a term's parts (`_Parts`, 16 bytes a posting) when it has at least
# `HOT_POSTINGS` postings, up to `HOT_BYTES` per lake and snapshot (then no more are kept: the
# others are read each time, as before). A rarer term is cheap to read again; a frequent one is
# what the ranking statement spent its time on at a million articles (its scan, BM25 and
# `GROUP BY docid` grow with the postings: ~190 ns each, docs/scaling-history.md).
HOT_POSTINGS = 20_000
HOT_BYTES = 256 * 2**20


def _remember(path: str | None, row: tuple[Any, ...], terms: list[str]) -> None:
    """Keep what a `TOP_DOCS_DATED` row says of its snapshot (`_LakeIndex`)."""
    snapshot, found, stats = row[5], row[6], row[7]
    if path is None or snapshot is None or not stats or len(stats) != 1:
        return
    num_docs, avgdl = _pair(stats[0])
    entry = _LAKE_INDEX.get(path)
    if entry is None or entry.snapshot != snapshot or len(entry.termids) > LAKE_INDEX_TERMS:
        entry = _LakeIndex(snapshot, num_docs, avgdl, {})
        _LAKE_INDEX[path] = entry
    ids = dict(_pair(pair) for pair in found or [])
    entry.termids.update({term: ids.get(term) for term in terms})


def _pair(value: Any) -> tuple[Any, Any]:
    """A two-field row value as DuckDB hands it to Python (a tuple, or a dict by field name)."""
    first, second = value.values() if isinstance(value, dict) else value
    return first, second


PAGE_COLUMNS = ("article_id", "source", "run_date", "published_date", "language", "section", "title",
                "author", "url")


def _hits(con: duckdb.DuckDBPyConnection, query: str,
          params: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """(the page of hits, the query's form: `query_text`) by the fastest way this warehouse and
    query allow; the same rows in the same order whichever way (tests/unit/test_search.py
    compares them)."""
    unfiltered = params["lang"] is None and params["since"] is None and params["source"] is None
    if params["limit"] <= PAGE_ROWS_MAX and unfiltered and _is_lake(con):
        folded = _zwnj_hits(con, query, params)
        if folded is not None:
            return folded
    normalised = query_text(query, con)
    params = {**params, "query": normalised}
    if params["limit"] > PAGE_ROWS_MAX:
        return _joined_hits(con, params), normalised
    lake = _is_lake(con)
    if unfiltered:
        return _indexed_hits(con, params, by_day=lake), normalised
    if lake:
        return _rows_of_page(con, _ranked(con, SEARCH_PAGE, params, FILTERED_PARAMS)[1]), normalised
    return _joined_hits(con, params), normalised


def _zwnj_hits(con: duckdb.DuckDBPyConnection, query: str,
               params: dict[str, Any]) -> tuple[list[dict[str, Any]], str] | None:
    """An unfiltered page on DuckLake of a query holding ZWNJ-joined words, with `query_text`'s
    look-up of those words inside the ranking statement (`TOP_DOCS_DATED_ZWNJ`), and the
    query's form; None for a query without such words, or with one whose joined form is not a
    token of the query but could be a term of the index (then `query_text` looks it up).

    A joined word that is no single token (it holds punctuation, say) is no term of the index,
    whose terms are tokens: its parts are searched, as the look-up would decide, and no
    statement asks. tests/unit/test_search_zwnj_in_ranking.py compares the pages with the
    look-up's."""
    if ZWNJ not in query:
        return None
    joined = index_form(query)
    tokens = query_tokens(joined, con, _CHAR_FORMS)
    words = [word for word in query.split() if ZWNJ in word]
    pairs: dict[tuple[str, str | None], None] = {}
    apart: list[str] = []  # the parts of the words that cannot be terms: searched, as `query_text` would
    for word in words:
        key, parts = index_form(word), index_form(word.replace(ZWNJ, " "))
        if key in tokens:
            part_tokens: list[str | None] = [*query_tokens(parts, con, _CHAR_FORMS)] or [None]
            for part in part_tokens:  # None: a word without parts still asks whether it is held
                pairs[(key, part)] = None
        elif query_tokens(key, con, _CHAR_FORMS) == [key]:
            return None
        else:
            apart.append(parts)
    if not pairs:
        normalised = " ".join([joined, *apart])
        return _indexed_hits(con, {**params, "query": normalised}, by_day=True), normalised
    terms = query_tokens(" ".join([joined, *apart]), con, _CHAR_FORMS)
    part_terms = list(dict.fromkeys(part for _, part in pairs if part is not None))
    keys = list(dict.fromkeys(key for key, _ in pairs))
    values: dict[str, Any] = {"limit": params["limit"], "cap": max(1, TOP_DOCS_CAP)}
    values |= {f"term{i}": term for i, term in enumerate(terms)}
    values |= {f"part{i}": part for i, part in enumerate(part_terms)}
    values |= {f"key{i}": key for i, key in enumerate(keys)}
    values["n_terms"] = len(terms) + len(part_terms)  # the terms `looked_up` (an upper bound: SCORES_TAIL)
    rows_sql = ", ".join(f"($key{keys.index(key)}, "
                         + (f"$part{part_terms.index(part)})" if part is not None else "CAST(NULL AS VARCHAR))")
                         for key, part in pairs)
    term_list = ", ".join(f"${name}" for name in values if name.startswith("term"))
    looked_up = ", ".join([term_list, *(f"$part{i}" for i in range(len(part_terms)))])
    path = _kind(con)[1]
    entry = _LAKE_INDEX.get(path) if path is not None else None
    hot = _known_zwnj(con, entry, terms, pairs, values) if entry is not None else None
    rows: list[tuple[Any, ...]] = []
    if hot is not None and entry is not None:
        held = {key for key in keys if entry.held[key]}
    else:
        seen = entry is not None and all(key in entry.held for key in keys)  # the ids asked only then
        sql = (TOP_DOCS_DATED_ZWNJ_TERMS if seen else TOP_DOCS_DATED_ZWNJ).format(
            pairs=rows_sql, terms=term_list, looked_up=looked_up)
        rows = con.execute(sql, values).fetchall()
        held = set(rows[0][5] or []) if rows else set()
        if rows and entry is not None and rows[0][6] == entry.snapshot:  # what it found, for the next
            entry.held.update({key: key in held for key in keys})
            if seen:
                ids = dict(_pair(pair) for pair in rows[0][7] or [])
                entry.termids.update({term: ids.get(term) for term in [*terms, *part_terms]})
        elif rows and entry is not None and path is not None:  # kept for an older snapshot: dropped
            _LAKE_INDEX.pop(path, None)
    normalised = " ".join([joined, *[index_form(word.replace(ZWNJ, " ")) for word in words
                                     if index_form(word) not in held]])
    if hot is not None:
        if hot.cut:
            return _indexed_hits(con, {**params, "query": normalised}, by_day=True), normalised
        return _page_of(con, hot.top, hot.docs, params["limit"]), normalised
    if not rows:
        return [], normalised
    if rows[0][4] >= values["cap"]:  # ties the cap may have cut: the two statements
        return _indexed_hits(con, {**params, "query": normalised}, by_day=True), normalised
    top = {row[0]: row[3] for row in rows}
    return _page_of(con, top, [(row[0], row[1], row[2]) for row in rows], params["limit"]), normalised


def _known_zwnj(con: duckdb.DuckDBPyConnection, entry: _LakeIndex, terms: list[str],
                pairs: dict[tuple[str, str | None], None], values: dict[str, Any]) -> _HotPage | None:
    """The documents of a ZWNJ query made from what `entry` knows (its words' holding, its
    terms' ids) by the hot path (`_hot_ranking`), summed in `TOP_DOCS_DATED_ZWNJ`'s order (its
    two scans, `UNION ALL`): the joined query's terms, then the parts of the words not held;
    None when it does not know them all, or they cannot be trusted (another snapshot read)."""
    if not all(key in entry.held for key, _ in pairs):
        return None
    parts = [part for key, part in pairs if part is not None and not entry.held[key] and part not in terms]
    if not all(term in entry.termids for term in [*terms, *parts]):
        return None
    if not any(entry.termids[term] is not None for term in [*terms, *parts]):
        return None
    return _hot_ranking(con, entry, [terms, parts], values["limit"], values["cap"])


# The tokeniser, for `query_tokens`' look-up of the characters it has not met yet.
_CHAR_FORMS = CHAR_FORMS.format(tokens=tokens_sql("$text"))
TERMS_SLOT = "{terms}"
# The parameters of the filtered ranking statements (`SEARCH`, `SEARCH_PAGE`) besides the tokens.
FILTERED_PARAMS = ("lang", "since", "source", "limit")


def _ranked(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any],
            names: tuple[str, ...]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(column names, rows) of a ranking statement made from `SCORES`, with the tokens of
    `params["query"]` as its constants (`query_tokens`) and the parameters `names` of `params`;
    no rows when the query has no token (nothing could match it)."""
    terms = query_tokens(params["query"], con, _CHAR_FORMS)
    if not terms:
        return [], []
    values = ({name: params[name] for name in names} | {f"term{i}": term for i, term in enumerate(terms)}
              | {"n_terms": len(terms)})
    cursor = con.execute(sql.replace(TERMS_SLOT, ", ".join(f"$term{i}" for i in range(len(terms)))), values)
    return [d[0] for d in cursor.description], cursor.fetchall()


def _joined_hits(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The page's rows with scores and bodies, best first, from one statement (`SEARCH`)."""
    names, rows = _ranked(con, SEARCH, params, FILTERED_PARAMS)
    return [dict(zip(names, values)) for values in rows]


def _indexed_hits(con: duckdb.DuckDBPyConnection, params: dict[str, Any], by_day: bool = False) -> list[dict[str, Any]]:
    """An unfiltered page in three small steps: the documents that can be on it (`TOP_DOCS`),
    their ids and dates (`DOCS_BY_ID`: the docid index of a DuckDB file), ordered here as
    `RANKED` orders them; then the articles' rows by id (a DuckDB file: their key's index) or,
    `by_day` (DuckLake), by day and id (`_page_rows`). On DuckLake the first two are one
    statement (`_dated_top_docs`)."""
    dated = _dated_top_docs(con, params) if by_day else None
    if dated is None:
        top = dict(_ranked(con, TOP_DOCS, params, ("limit",))[1])
        docs = con.execute(DOCS_BY_ID.format(ids=_placeholders(len(top))), list(top)).fetchall() if top else []
    else:
        top, docs = dated
    return _page_of(con, top, docs, params["limit"], by_day)


def _page_of(con: duckdb.DuckDBPyConnection, top: dict[Any, float], docs: list[tuple[Any, ...]], limit: int,
             by_day: bool = True) -> list[dict[str, Any]]:
    """The page of `limit` hits of the ranked documents `top` (score by docid) with their ids
    and dates `docs` (docid, article_id, published_date), ordered as `RANKED` orders them."""
    if not top:
        return []
    # ORDER BY score DESC, published_date DESC NULLS LAST, article_id
    docs.sort(key=lambda d: (-top[d[0]], d[2] is None, -(d[2].toordinal() if d[2] else 0), d[1]))
    page = [(article_id, top[docid], day) for docid, article_id, day in docs[:limit]]
    return _rows_of_page(con, page, by_day=by_day)


def _dated_top_docs(con: duckdb.DuckDBPyConnection,
                    params: dict[str, Any]) -> tuple[dict[Any, float], list[tuple[Any, ...]]] | None:
    """(score by docid, (docid, article_id, published_date) of each) of the documents that can
    be on an unfiltered page on DuckLake; None when as many documents as its cap share the
    page's floor (ties it may have cut).

    When this process knows the lake's last snapshot's stats (`_LakeIndex`), a query of terms
    met there with a frequent one among them (`_for_hot`) is summed here from the postings'
    parts (`_hot_ranking`: the frequent terms' parts held, the others read), any other ranked by
    `TOP_DOCS_KNOWN` (terms met) or `TOP_DOCS_DATED_STATS_GIVEN` (`_ranked_with`); otherwise, or
    when that read another snapshot, by `TOP_DOCS_DATED`, whose rows are always right and whose
    snapshot's stats are then kept.
    Every way gives the same rows, scores to the last bit."""
    cap = max(1, TOP_DOCS_CAP)
    terms = query_tokens(params["query"], con, _CHAR_FORMS)
    if not terms:
        return {}, []
    path = _kind(con)[1]
    entry = _LAKE_INDEX.get(path) if path is not None else None
    rows = None
    if entry is not None and _for_hot(entry, terms):
        hot = _hot_ranking(con, entry, [terms], params["limit"], cap)
        if hot is not None:
            return None if hot.cut else (hot.top, hot.docs)
    elif entry is not None:
        rows = _ranked_with(con, entry, terms, params["limit"], cap)
    if rows is None:
        rows = _ranked(con, TOP_DOCS_DATED, {**params, "cap": cap}, ("limit", "cap"))[1]
        if rows:
            _remember(path, rows[0], terms)
    if rows and rows[0][4] >= cap:
        return None
    return {row[0]: row[3] for row in rows}, [(row[0], row[1], row[2]) for row in rows]


def _for_hot(entry: _LakeIndex, terms: list[str]) -> bool:
    """Whether a query goes by the hot path (`_hot_ranking`): every term met at this snapshot
    (its id known), one at least in the index, and one of those frequent (`HOT_POSTINGS`: held,
    or to be held now) or of postings not counted yet (the hot path counts them). A query with a
    term not met yet goes by one statement that learns its id (`TOP_DOCS_DATED_STATS_GIVEN`), one
    of terms known rare by `TOP_DOCS_KNOWN`: where nothing is to be held, the hot path's two
    statements (parts, then documents) cost ~5 ms more."""
    ids = [entry.termids.get(term, -1) for term in terms]
    present = [termid for termid in ids if termid is not None]
    return (-1 not in ids and bool(present)
            and any(entry.postings.get(termid, HOT_POSTINGS) >= HOT_POSTINGS for termid in present))


def _ranked_with(con: duckdb.DuckDBPyConnection, entry: _LakeIndex, terms: list[str], limit: int,
                 cap: int) -> list[tuple[Any, ...]] | None:
    """The rows of `TOP_DOCS_KNOWN` (every term's id known) or `TOP_DOCS_DATED_STATS_GIVEN` made
    with what `entry` knows; None when they cannot be trusted: another snapshot read, or no row
    from ids (a snapshot that renumbered the terms could hold them under other ids)."""
    values: dict[str, Any] = {"limit": limit, "cap": cap, "num_docs": entry.num_docs, "avgdl": entry.avgdl}
    ids = [entry.termids[term] for term in terms if term in entry.termids]
    present = list(dict.fromkeys(termid for termid in ids if termid is not None))
    if len(ids) == len(terms) and present:  # every term met at this snapshot, one at least in the index
        values |= {f"id{i}": termid for i, termid in enumerate(present)} | {"n_terms": len(present)}
        sql = TOP_DOCS_KNOWN.replace("{termids}", ", ".join(f"$id{i}" for i in range(len(present))))
        rows = con.execute(sql, values).fetchall()
        return rows if rows and rows[0][5] == entry.snapshot else None
    values |= {f"term{i}": term for i, term in enumerate(terms)} | {"n_terms": len(terms)}
    sql = TOP_DOCS_DATED_STATS_GIVEN.replace(TERMS_SLOT, ", ".join(f"$term{i}" for i in range(len(terms))))
    rows = con.execute(sql, values).fetchall()
    if rows and rows[0][5] != entry.snapshot:
        return None
    if rows:
        _remember(_kind(con)[1], rows[0], terms)
    return rows


@dataclass(frozen=True)
class _HotPage:
    """What `_hot_ranking` found: `_dated_top_docs`' two lists, or `cut` (as many documents as
    the cap share the page's floor: the two-statement way ranks them)."""

    top: dict[Any, float]
    docs: list[tuple[Any, ...]]
    cut: bool = False


def _hot_ranking(con: duckdb.DuckDBPyConnection, entry: _LakeIndex, groups: list[list[str]], limit: int,
                 cap: int) -> _HotPage | None:
    """`_dated_top_docs`' documents made from the postings' parts of the scores: those of the
    frequent terms this process keeps for the snapshot (`_LakeIndex.hot`), the others read by
    one statement (`CONTRIBUTIONS_KNOWN`); summed per document here
    in termid order (the ranking statements' order: the same scores to the last bit; `groups`
    one after the other, as `TOP_DOCS_DATED_ZWNJ`'s two scans, each in termid order), the floor
    and the cap as `TOP_CAPPED`, then the documents' ids and dates (`HOT_DOCS`). None when
    what was kept cannot be trusted (a statement read another snapshot): `TOP_DOCS_DATED` then.

    Why: at a million articles a heavy query's ranking statement spends most of its time on the
    postings of its frequent terms (scan, BM25, `GROUP BY docid`), and no exact bound lets a
    statement skip them (docs/scaling-history.md: the scores of the rarer terms' documents cluster far
    closer than a frequent term's bound). Held as arrays, a frequent term costs a scatter-add."""
    parts: dict[int, _Parts] = {}
    wanted: list[int] = []
    for term in (term for group in groups for term in group):
        termid = entry.termids.get(term, -1)
        if termid == -1:  # not met at this snapshot: its id is unknown (callers ask only when known)
            return None
        if termid is not None and termid in entry.hot:
            parts[termid] = entry.hot[termid]
        elif termid is not None and termid not in wanted:
            wanted.append(termid)  # read below (a term known to have no posting is left out)
    if wanted:
        read = _read_parts(con, entry, wanted)
        if read is None:
            return None
        parts |= read
    if not parts and not wanted:  # only terms without postings at the kept snapshot: is it still it?
        return None
    if not parts:
        return _HotPage({}, [])
    sums = np.zeros(1 + max(int(p.docids.max()) for p in parts.values() if len(p.docids)))
    order: dict[int, None] = {}  # a document's parts in termid order, as the statements add them
    for group in groups:
        ids = {termid for term in group if (termid := entry.termids.get(term)) is not None}
        order |= dict.fromkeys(sorted(ids & parts.keys()))
    for termid in order:
        sums[parts[termid].docids] += parts[termid].parts
    found = np.flatnonzero(sums)  # every part is positive (idf > 0, tf >= 1)
    scores = sums[found]
    k = min(limit, len(scores))
    floor = np.partition(scores, len(scores) - k)[len(scores) - k]
    top = found[scores >= floor]
    if len(top) >= cap:
        return _HotPage({}, [], cut=True)
    ids = top.tolist()
    docs = con.execute(HOT_DOCS.format(ids=_placeholders(len(ids))), ids).fetchall()
    if not docs or docs[0][3] != entry.snapshot:  # the parts too were read there (`_read_parts`)
        return None
    return _HotPage({docid: float(sums[docid]) for docid in ids}, [row[:3] for row in docs])


def _read_parts(con: duckdb.DuckDBPyConnection, entry: _LakeIndex, wanted: list[int]) -> dict[int, _Parts] | None:
    """The parts of the postings of the terms `wanted` (ids, none of them held), by termid;
    those of a frequent term kept in `entry` (`HOT_POSTINGS`, `HOT_BYTES`), and each one's
    postings counted (`_for_hot`). None when it found none and the lake is at another snapshot
    than `entry`'s. Which snapshot a read of some postings saw is told by the statement after it
    (`HOT_DOCS`, in `_hot_ranking`): a lake's snapshots only grow, so when that one read the
    entry's, this one did too; otherwise nothing of the page is used, and the entry, with what
    this read added to it, goes at the next plain ranking (`_remember`)."""
    values: dict[str, Any] = {"num_docs": entry.num_docs, "avgdl": entry.avgdl, "n_terms": len(wanted)}
    values |= {f"id{i}": termid for i, termid in enumerate(wanted)}
    sql = CONTRIBUTIONS_KNOWN.replace("{termids}", ", ".join(f"$id{i}" for i in range(len(wanted))))
    got = con.execute(sql, values).to_arrow_table()  # Arrow, then numpy: ~10 % less than fetchnumpy
    if not got.num_rows and con.execute(READ_SNAPSHOT).fetchone() != (entry.snapshot,):
        return None
    termids, docids, scores = (got.column(name).to_numpy() for name in ("termid", "docid", "part"))
    parts: dict[int, _Parts] = {}
    for termid in wanted:  # a mask per term (np.unique would sort every posting: ~10 ms at 300,000)
        mine = termids == termid
        if mine.any():
            parts[termid] = _Parts(docids[mine], scores[mine])
    entry.postings.update({termid: len(read.docids) for termid, read in parts.items()})
    for termid, held in parts.items():
        if (termid not in entry.hot and len(held.docids) >= HOT_POSTINGS
                and entry.hot_bytes + held.nbytes <= HOT_BYTES):
            entry.hot[termid] = held
            entry.hot_bytes += held.nbytes
    return parts


def _rows_of_page(con: duckdb.DuckDBPyConnection, page: list[tuple[Any, ...]],
                  by_day: bool = True) -> list[dict[str, Any]]:
    """The same rows as `_joined_hits`, in the same order, for a page of hits `(article_id,
    score, published_date)` ranked already (`_page_rows`); a hit whose article is gone is left
    out, as the join leaves it."""
    stored = _page_rows(con, page, by_day)
    hits = []
    for article_id, score, _ in page:
        if article_id in stored:
            row = stored[article_id]
            hits.append({**{name: row[name] for name in PAGE_COLUMNS}, "score": score,
                         "body_text": row["body_text"]})
    return hits


def _page_rows(con: duckdb.DuckDBPyConnection, page: list[tuple[Any, ...]],
               by_day: bool = True) -> dict[str, dict[str, Any]]:
    """The `articles` rows of a page of hits `(article_id, score, published_date)`, by id.

    On DuckLake (`by_day`) first by each hit's day and id (`PAGE_ROWS`: only those days' files
    and row groups are read), then by id alone for the hits not found so (`PAGE_ROWS_BY_ID`: no
    date, or an index row behind its article), so the rows are the join's whatever the dates
    say. On a DuckDB file by id alone: the key's index finds them."""
    dated = [(day, article_id) for article_id, _, day in page if day is not None and by_day]
    stored: dict[str, dict[str, Any]] = {}
    if dated:
        days = sorted({day for day, _ in dated})
        ids = [article_id for _, article_id in dated]
        stored.update(_rows_by_id(con, PAGE_ROWS.format(days=_placeholders(len(days)), ids=_placeholders(len(ids))),
                                  [*days, *ids]))
    missing = [article_id for article_id, _, _ in page if article_id not in stored]
    if missing:
        stored.update(_rows_by_id(con, PAGE_ROWS_BY_ID.format(ids=_placeholders(len(missing))), missing))
    return stored


def _rows_by_id(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> dict[str, dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return {values[0]: dict(zip(names, values)) for values in cursor.fetchall()}


def _placeholders(count: int) -> str:
    """`count` positional parameters for an IN list (the only thing formatted into search SQL)."""
    return ", ".join(["?"] * count)


def like_pattern(query: str) -> str:
    """`query` as a LIKE pattern matching it anywhere, its own % _ and \\ taken literally."""
    return "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def substring_search(query: str, lang: str | None = None, limit: int = 20,
                     path: Path | str | None = None, source: str | None = None) -> list[dict[str, Any]]:
    """Articles whose title, author or body contains `query` (any case), title hits first.

    Slower than `search` and unranked beyond that, but it needs no index: it answers on a
    warehouse no load has indexed yet (or a DuckLake one). Read-only; rows carry article_id,
    source, run_date, published_date, language, section, title, author, url and score.
    """
    params = {"like": like_pattern(query), "lang": lang, "source": source, "limit": max(1, min(int(limit), 1000))}
    con = connect_with_retry(path, read_only=True)
    try:
        cursor = con.execute(SUBSTRING_SEARCH, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
    finally:
        con.close()


def snippet(body: str, terms: set[str]) -> str:
    """A few words of `body` around the first word matching a (normalised) query term, marked [so]."""
    words = body.split()
    hit = next((i for i, w in enumerate(words) if _matches(w, terms)), None)
    if hit is None:
        return (" ".join(words[: SNIPPET_BEFORE + SNIPPET_AFTER])
                + (" …" if len(words) > SNIPPET_BEFORE + SNIPPET_AFTER else ""))
    start, end = max(0, hit - SNIPPET_BEFORE), min(len(words), hit + SNIPPET_AFTER)
    shown = [f"[{w}]" if _matches(w, terms) else w for w in words[start:end]]
    return ("… " if start else "") + " ".join(shown) + (" …" if end < len(words) else "")


def _matches(word: str, terms: set[str]) -> bool:
    return any(token in terms for token in _WORD.findall(index_form(word)))

