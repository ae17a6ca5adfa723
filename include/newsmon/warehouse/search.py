"""Full-text search over titles and bodies (English, German, Dari, Pashto, ...) with BM25.

    refresh_search_index(con)                 # after a load, on the writer's connection
    search("words", lang="fa", since=date)    # read-only, ranked, with snippets
    substring_search("words", lang="fa")      # no index needed: the report's fallback

Why it looks like this:
- one normaliser (`normalise`) for documents and queries, so a query typed with or without
  ZWNJ, with Arabic yeh/kaf (ي ك) or Persian forms (ی ک), with or without short vowels,
  meets the same tokens as the indexed text. The normalised text lives in the table
  `search_documents` (migration 006), one row per current article;
- the index is DuckDB's `fts` extension (loaded offline), built with no stemmer, no stop
  words, no accent stripping (the default would turn آ into ا and stem Persian with the
  English porter stemmer). `fts` cannot update an index, so a refresh rebuilds it: a few
  milliseconds for the mirror, ~40 s at 100,000 articles (see BENCHMARKS.md). Only changed
  articles are re-normalised;
- ranking does not call the extension's `match_bm25` macro, which scores every document
  row (~250 ms at 100k articles): `SEARCH` computes the same BM25 (k1=1.2, b=0.75, the
  macro's defaults and scores) from the index tables, reading only the postings of the
  query's terms; postings are kept sorted by term so DuckDB skips the rest (~15 ms).
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from newsmon.warehouse.connection import (
    DUCKLAKE,
    WarehouseError,
    connect_with_retry,
    connection_kind,
    load_extension,
    rollback_quietly,
)

INDEX_TABLE = "search_documents"
INDEX_SCHEMA = "fts_main_search_documents"
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
SNIPPET_BEFORE, SNIPPET_AFTER = 8, 16

CREATE_INDEX = r"""
PRAGMA create_fts_index('search_documents', 'article_id', 'search_text',
    stemmer = 'none', stopwords = 'none', ignore = '(\.|[^\p{L}\p{M}\p{N}\s])+',
    strip_accents = 0, lower = 1, overwrite = 1)
"""
# Postings sorted by term: a query reads only the row groups of its terms (zone maps).
SORT_POSTINGS = f"""
CREATE OR REPLACE TABLE {INDEX_SCHEMA}.terms AS
SELECT * FROM {INDEX_SCHEMA}.terms ORDER BY termid, docid
"""
INDEX_EXISTS = f"""
SELECT count(*) FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = '{INDEX_SCHEMA}' AND table_name = 'terms'
"""
DELETE_STALE = """
DELETE FROM search_documents s
WHERE NOT EXISTS (
    SELECT 1 FROM articles a
    WHERE a.article_id = s.article_id AND a.source = s.source AND a.url = s.url
      AND a.content_sha256 IS NOT DISTINCT FROM s.content_sha256
      AND a.title IS NOT DISTINCT FROM s.title
      AND a.language IS NOT DISTINCT FROM s.language
      AND a.published_date IS NOT DISTINCT FROM s.published_date)
"""
SELECT_UNINDEXED = """
SELECT article_id, source, language, published_date, title, url, content_sha256, body_text
FROM articles a
WHERE NOT EXISTS (SELECT 1 FROM search_documents s WHERE s.article_id = a.article_id)
"""
_NEW_DOCS_VIEW = "_newsmon_search_new"
INSERT_DOCUMENTS = f"""
INSERT INTO search_documents (article_id, source, language, published_date, title, url,
                              content_sha256, search_text, indexed_at)
SELECT article_id, source, language, published_date, title, url, content_sha256, search_text,
       CAST($now AS TIMESTAMP)
FROM {_NEW_DOCS_VIEW}
"""
TERM_EXISTS = f"SELECT count(*) FROM {INDEX_SCHEMA}.dict WHERE term = ?"
COUNT_DOCUMENTS = "SELECT count(*) FROM search_documents"
SEARCH = f"""
WITH tokens AS (
    SELECT DISTINCT unnest({INDEX_SCHEMA}.tokenize($query)) AS term),
query_terms AS (
    SELECT d.termid, d.df FROM {INDEX_SCHEMA}.dict d JOIN tokens t ON d.term = t.term),
term_freq AS (
    SELECT docid, termid, count(*) AS tf FROM {INDEX_SCHEMA}.terms
    WHERE termid IN (SELECT termid FROM query_terms) GROUP BY docid, termid),
scores AS (
    SELECT f.docid,
           sum(log((st.num_docs - q.df + 0.5) / (q.df + 0.5) + 1)
               * (f.tf * (1.2 + 1) / (f.tf + 1.2 * (1 - 0.75 + 0.75 * (d.len / st.avgdl))))) AS score
    FROM term_freq f
    JOIN query_terms q USING (termid)
    JOIN {INDEX_SCHEMA}.docs d USING (docid)
    CROSS JOIN {INDEX_SCHEMA}.stats st
    GROUP BY f.docid)
SELECT a.article_id, a.source, a.run_date, a.published_date, a.language, a.section, a.title,
       a.author, a.url, s.score, a.body_text
FROM scores s
JOIN {INDEX_SCHEMA}.docs d USING (docid)
JOIN articles a ON a.article_id = d.name
WHERE ($lang IS NULL OR a.language = $lang) AND ($since IS NULL OR a.published_date >= $since)
  AND ($source IS NULL OR a.source = $source)
ORDER BY s.score DESC, a.published_date DESC NULLS LAST, a.article_id
LIMIT $limit
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
    """The warehouse has no search index (yet), or its kind cannot hold one."""


@dataclass(frozen=True)
class SearchRefresh:
    """What a refresh did, for the load's log and summary."""

    removed: int  # search documents dropped (article changed or gone)
    added: int  # articles (re-)normalised into search_documents
    documents: int  # search documents after the refresh
    rebuilt: bool  # whether the BM25 index was rebuilt
    seconds: float


def normalise(text: str | None) -> str:
    """The one normal form of documents and queries (see the module docstring).

    NFKC once more at the end: dropping a control between a letter and its mark (A, U+2066,
    U+0300), or casefolding, can leave text that is not NFKC, and normalising it again would
    then change it; with the last NFKC, text normalised twice is text normalised once."""
    if not text:
        return ""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).translate(_FOLD).casefold())


def query_text(query: str | None, con: duckdb.DuckDBPyConnection | None = None) -> str:
    """A query as the index sees it: normalised, plus the parts of ZWNJ-joined words the index lacks.

    Documents are indexed with ZWNJ removed (PDF extractors drop it anyway), so نگرانی‌ها
    and نگرانیها meet as one token. A query word typed with ZWNJ whose joined form is not in
    the index (with `con`) is looked for as its parts, which finds a text that wrote them
    apart (زده کړه for زده‌کړه) without diluting the ranking when the joined form exists.
    """
    joined = normalise(query)
    if not query or "\u200c" not in query:
        return joined
    extra = []
    for word in query.split():
        if "\u200c" in word and (con is None or not _scalar(con, TERM_EXISTS, [normalise(word)])):
            extra.append(normalise(word.replace("\u200c", " ")))
    return " ".join([joined, *extra])


def refresh_search_index(con: duckdb.DuckDBPyConnection, force: bool = False,
                         transaction: bool = True) -> SearchRefresh:
    """Bring `search_documents` and its BM25 index in step with `articles`.

    Call it on the writer's connection. The pipeline's load stage calls it inside the day's
    load transaction (`transaction=False`: the caller's transaction, committed with the day),
    so a reader never sees loaded articles the index lacks and a crash leaves both as before
    or both as after. On its own (`transaction=True`, e.g. the report DAG) it is one
    transaction. Nothing changed and an index present: no rebuild, ~10 ms.
    """
    started = time.perf_counter()
    if connection_kind(con) == DUCKLAKE:
        raise SearchUnavailable("full-text search needs a DuckDB-file warehouse: DuckLake cannot hold the fts index")
    load_extension(con, "fts")
    # One transaction for the documents and the index built over them: a process killed
    # half-way (even inside create_fts_index, which is several statements) leaves both as
    # they were, never documents the index lacks, nor half an index the next refresh trusts.
    if transaction:
        con.begin()
    try:
        removed = _scalar(con, DELETE_STALE)
        added = _add_unindexed(con)
        rebuild = force or bool(removed or added) or not _scalar(con, INDEX_EXISTS)
        if rebuild:
            con.execute(CREATE_INDEX)
            con.execute(SORT_POSTINGS)
        if transaction:
            con.commit()
    except BaseException:
        if transaction:
            rollback_quietly(con)
        raise
    return SearchRefresh(removed, added, _scalar(con, COUNT_DOCUMENTS), rebuild,
                         round(time.perf_counter() - started, 4))


def _add_unindexed(con: duckdb.DuckDBPyConnection) -> int:
    """Normalise (in Python, the same function as queries) the articles not indexed yet."""
    import pyarrow as pa

    table = con.execute(SELECT_UNINDEXED).to_arrow_table()
    if table.num_rows == 0:
        return 0
    titles, bodies = table.column("title").to_pylist(), table.column("body_text").to_pylist()
    texts = [normalise(f"{t or ''}\n{b or ''}") for t, b in zip(titles, bodies)]
    frame = table.drop_columns(["body_text"]).append_column("search_text", pa.array(texts, pa.string()))
    con.register(_NEW_DOCS_VIEW, frame)
    try:
        con.execute(INSERT_DOCUMENTS, {"now": dt.datetime.now(dt.UTC).replace(tzinfo=None)})
    finally:
        con.unregister(_NEW_DOCS_VIEW)
    return table.num_rows


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

    Opens the warehouse read-only (waiting while a load holds it) unless `con` is given.
    Rows carry article_id, source, run_date, published_date, language, section, title,
    author, url, score and snippet.
    """
    if not _WORD.search(normalise(query)):
        return []
    if con is None:
        own = connect_with_retry(path, read_only=True)
        try:
            return search(query, lang, since, limit, con=own, source=source)
        finally:
            own.close()
    if connection_kind(con) == DUCKLAKE:
        raise SearchUnavailable("full-text search needs a DuckDB-file warehouse: DuckLake cannot hold the fts index")
    if not _scalar(con, INDEX_EXISTS):
        raise SearchUnavailable("no search index yet: load a day first (the load builds it)")
    normalised = query_text(query, con)
    params = {"query": normalised, "lang": lang, "since": since, "source": source,
              "limit": max(1, min(int(limit), 1000))}
    cursor = con.execute(SEARCH, params)
    names = [d[0] for d in cursor.description]
    terms = set(_WORD.findall(normalised))
    rows = []
    for values in cursor.fetchall():
        row = dict(zip(names, values))
        row["snippet"] = snippet(row.pop("body_text") or "", terms)
        rows.append(row)
    return rows


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
    return any(token in terms for token in _WORD.findall(normalise(word)))


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> int:
    row = con.execute(sql, params).fetchone()
    return int(row[0]) if row else 0
