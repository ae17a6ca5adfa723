"""The day's most distinctive terms per language, against the trailing 28 days.

    refresh_top_terms(con)   # inside the load's transaction, after the articles are written

Why it looks like this:
- terms are the search index's tokens: title and body normalised by
  `newsmon.warehouse.search.normalise` (ZWNJ, Arabic/Persian letter forms, short vowels, case),
  split into words; stop words (stopwords-iso for en, de, fr, fa, ...; the project's lists in
  `stopwords/` for Pashto, which stopwords-iso lacks, and Dari forms its Persian list lacks),
  one-letter words and numbers are left out;
- scoring reads counts, never text: the load keeps `term_counts_daily` (occurrences per source,
  language, day and term), recounting only the (source, language, day) groups whose articles
  changed (`term_count_articles` says which versions are counted). Scoring every term of a day
  against 28 days of raw text would read ~29 days of bodies per report;
- the score is the log-odds ratio of the term in the day against the trailing window, with the
  Haldane-Anscombe 0.5 correction, divided by its standard error (a z-score: Woolf's formula).
  With y_d the term's occurrences in the day, n_d the day's counted terms, y_w and n_w the same
  over the 28 days before it (all sources of the language):
      delta = ln((y_d + 0.5) / (n_d - y_d + 0.5)) - ln((y_w + 0.5) / (n_w - y_w + 0.5))
      score = delta / sqrt(1/(y_d + 0.5) + 1/(n_d - y_d + 0.5) + 1/(y_w + 0.5) + 1/(n_w - y_w + 0.5))
  A term must occur at least twice in the day and score above 0; the top 20 per language and day
  are kept (ties by term). Dividing by the standard error keeps a word seen twice in a small day
  from outranking one seen forty times;
- the load scores the days whose counts changed and the 28 days after each (their windows
  changed) into `top_terms_daily`, so `mart_top_terms_daily` is a read of stored rows.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import re
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from newsmon.warehouse.batches import BatchCounts, holds
from newsmon.warehouse.connection import registered
from newsmon.warehouse.search import normalise

WINDOW_DAYS = 28
TOP = 20
MIN_OCCURRENCES = 2
STOPWORDS_DIR = Path(__file__).parent / "stopwords"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # the search index's tokens
# A first refresh over a whole history counts its groups about this many articles at a time and
# scores its days this many days at a time, so memory stays that of one pass whatever the history's
# size (a day's counts and scores depend on their own groups and the 28 days before only).
BULK_ARTICLES = 20_000
BULK_DAYS = 365

_GROUPS_VIEW = "_newsmon_tt_groups"
_ARTICLES_VIEW = "_newsmon_tt_articles"
_COUNTS_VIEW = "_newsmon_tt_counts"
_TARGETS_VIEW = "_newsmon_tt_targets"

# The (source, language, day) groups whose counted articles differ from the current ones
# (`{ids}` / `{among}`: nothing, or the batch's ids and the filter to them).
_CHANGED_GROUPS = """
WITH {ids}current AS (
    SELECT article_id, content_sha256, source, language, coalesce(published_date, run_date) AS article_date
    FROM articles{among}),
counted AS (
    SELECT article_id, content_sha256, source, language, article_date FROM term_count_articles{among}),
changed AS (
    (SELECT * FROM current EXCEPT SELECT * FROM counted)
    UNION ALL
    (SELECT * FROM counted EXCEPT SELECT * FROM current))
SELECT DISTINCT source, language, article_date FROM changed
"""
CHANGED_GROUPS = _CHANGED_GROUPS.format(ids="", among="")
# The same for the articles of a load's batch only (`{batch}`: its registered frame), and
# whether everything is in step (count and XOR of a 64-bit hash of the compared columns on both
# sides): a daily load compares its own articles, and the whole history only when the rest is
# not in step (an article removed or changed by other means than a load).
CHANGED_GROUPS_OF_BATCH = _CHANGED_GROUPS.format(
    ids="b AS (SELECT DISTINCT CAST(article_id AS VARCHAR) AS article_id FROM {batch}),\n",
    among="\n    WHERE article_id IN (SELECT article_id FROM b)")
# A batch of only new articles (`load_day` found none of its ids in `articles`) has not been
# counted when `term_count_articles` holds one row per other article (`holds_all_but_batch`; an article an operator
# removed keeps its row until the next load's `IN_STEP` check, and then the count differs):
# its groups are those of its articles, found without looking its ids up in
# `term_count_articles` (a scan of its `article_id` column). `IN_STEP` still follows.
# Read from the batch itself (`$run_date`: the run_date the load stored them with): looking the
# ids up in `articles` reads whole row groups on DuckLake.
GROUPS_OF_NEW_BATCH = """
SELECT DISTINCT CAST(source AS VARCHAR) AS source, CAST(language AS VARCHAR) AS language,
       coalesce(CAST(published_date AS DATE), CAST($run_date AS DATE)) AS article_date
FROM {batch}
"""
# (The two sides' keys are also read by `derived.IN_STEP_BOTH`: see near_duplicates.IN_STEP_KEY.)
IN_STEP_ARTICLES_KEY = "hash(article_id, content_sha256, source, language, coalesce(published_date, run_date))"
IN_STEP_COUNTED_KEY = "hash(article_id, content_sha256, source, language, article_date)"
IN_STEP = f"""
SELECT (SELECT (count(*), bit_xor({IN_STEP_ARTICLES_KEY})) FROM articles)
     = (SELECT (count(*), bit_xor({IN_STEP_COUNTED_KEY})) FROM term_count_articles)
"""
# `$first` and `$last` (the groups' first and last day) let a scan skip the row groups of other
# days (the tables are written in day order): the same rows, without reading all history.
_IN_GROUPS = f"""EXISTS (SELECT 1 FROM {_GROUPS_VIEW} g WHERE g.source = t.source
                   AND g.language IS NOT DISTINCT FROM t.language AND g.article_date = t.article_date)"""
_IN_DAYS = "t.article_date BETWEEN CAST($first AS DATE) AND CAST($last AS DATE)"
DELETE_COUNTED = f"DELETE FROM term_count_articles t WHERE {_IN_DAYS} AND {_IN_GROUPS}"
DELETE_COUNTS = f"DELETE FROM term_counts_daily t WHERE {_IN_DAYS} AND {_IN_GROUPS}"
# The articles of days `$first`..`$last` with their article day (coalesce(published_date,
# run_date)) as two range reads that skip other days' row groups: a coalesce over every row
# reads the whole history (~45 ms vs ~3 ms at 200,000 articles).
_ARTICLES_OF_DAYS = """
    SELECT article_id, content_sha256, source, language, published_date AS article_date, title, body_text
    FROM articles WHERE published_date BETWEEN CAST($first AS DATE) AND CAST($last AS DATE)
    UNION ALL
    SELECT article_id, content_sha256, source, language, run_date AS article_date, title, body_text
    FROM articles WHERE published_date IS NULL AND run_date BETWEEN CAST($first AS DATE) AND CAST($last AS DATE)"""
# The changed groups that still hold articles, with how many (to cut a bulk refresh into passes).
GROUP_SIZES = f"""
SELECT t.source, t.language, t.article_date, count(*) AS articles
FROM ({_ARTICLES_OF_DAYS}) t
WHERE {_IN_GROUPS}
GROUP BY ALL
ORDER BY t.article_date, t.source, t.language
"""
SELECT_GROUP_ARTICLES = f"""
SELECT t.article_id, t.content_sha256, t.source, t.language, t.article_date, t.title, t.body_text
FROM ({_ARTICLES_OF_DAYS}) t
WHERE {_IN_GROUPS}
"""
INSERT_COUNTED = f"""
INSERT INTO term_count_articles (article_id, content_sha256, source, language, article_date)
SELECT article_id, content_sha256, source, language, article_date FROM {_ARTICLES_VIEW}
"""
INSERT_COUNTS = f"""
INSERT INTO term_counts_daily (source, language, article_date, term, occurrences, articles)
SELECT source, language, article_date, term, sum(occurrences), count(*) FROM {_COUNTS_VIEW} GROUP BY ALL
"""
# Days to score: each changed (language, day) and the days of the 28 after it that have counts.
TARGETS = f"""
WITH changed AS (SELECT DISTINCT language, article_date FROM {_GROUPS_VIEW} WHERE language IS NOT NULL),
counted AS (SELECT DISTINCT language, article_date FROM term_counts_daily
            WHERE article_date BETWEEN CAST($first AS DATE) AND CAST($last AS DATE) + {WINDOW_DAYS})
SELECT language, article_date FROM changed
UNION
SELECT c.language, c.article_date
FROM counted c JOIN changed g
  ON c.language = g.language AND c.article_date > g.article_date AND c.article_date <= g.article_date + {WINDOW_DAYS}
"""
DELETE_TOP = f"""
DELETE FROM top_terms_daily t
WHERE EXISTS (SELECT 1 FROM {_TARGETS_VIEW} g WHERE g.language = t.language AND g.article_date = t.article_date)
"""
# The formula of the module docstring. Counts are read for [first target - 28, last target] only,
# and each term's window is a RANGE frame over the days it occurs (missing days count 0).
INSERT_TOP = f"""
INSERT INTO top_terms_daily (language, article_date, rank, term, occurrences, articles, window_occurrences,
                             day_terms, window_terms, score, computed_at)
WITH daily AS (
    SELECT language, article_date, term, sum(occurrences) AS occurrences, sum(articles) AS articles
    FROM term_counts_daily
    WHERE article_date BETWEEN CAST($first AS DATE) - {WINDOW_DAYS} AND CAST($last AS DATE)
    GROUP BY ALL),
rolled AS (
    SELECT *, coalesce(sum(occurrences) OVER (
                  PARTITION BY language, term ORDER BY article_date
                  RANGE BETWEEN INTERVAL {WINDOW_DAYS} DAYS PRECEDING AND INTERVAL 1 DAY PRECEDING), 0)
              AS window_occurrences
    FROM daily),
totals AS (
    SELECT language, article_date, sum(occurrences) AS day_terms FROM daily GROUP BY ALL),
rolled_totals AS (
    SELECT *, coalesce(sum(day_terms) OVER (
                  PARTITION BY language ORDER BY article_date
                  RANGE BETWEEN INTERVAL {WINDOW_DAYS} DAYS PRECEDING AND INTERVAL 1 DAY PRECEDING), 0)
              AS window_terms
    FROM totals),
scored AS (
    SELECT r.language, r.article_date, r.term, r.occurrences, r.articles, r.window_occurrences,
           t.day_terms, t.window_terms,
           (ln((r.occurrences + 0.5) / (t.day_terms - r.occurrences + 0.5))
            - ln((r.window_occurrences + 0.5) / (t.window_terms - r.window_occurrences + 0.5)))
           / sqrt(1 / (r.occurrences + 0.5) + 1 / (t.day_terms - r.occurrences + 0.5)
                  + 1 / (r.window_occurrences + 0.5) + 1 / (t.window_terms - r.window_occurrences + 0.5)) AS score
    FROM rolled r
    JOIN rolled_totals t USING (language, article_date)
    JOIN {_TARGETS_VIEW} g USING (language, article_date)
    WHERE r.occurrences >= {MIN_OCCURRENCES})
SELECT language, article_date,
       row_number() OVER (PARTITION BY language, article_date ORDER BY score DESC, term) AS rank,
       term, occurrences, articles, window_occurrences, day_terms, window_terms, score, CAST($now AS TIMESTAMP)
FROM scored
WHERE score > 0
QUALIFY rank <= {TOP}
"""


@dataclass(frozen=True)
class TopTermsRefresh:
    """What a refresh did, for the load's log."""

    groups: int  # (source, language, day) groups recounted
    articles: int  # articles tokenised
    days_scored: int  # (language, day) pairs scored again
    seconds: float


@functools.cache
def stop_words(language: str | None) -> frozenset[str]:
    """The normalised stop words of a language: stopwords-iso's list and the project's
    `stopwords/<language>.txt`; an entry that normalises to several words is left out."""
    import stopwordsiso

    if not language:
        return frozenset()
    entries: set[str] = set(stopwordsiso.stopwords(language)) if stopwordsiso.has_lang(language) else set()
    project = STOPWORDS_DIR / f"{language}.txt"
    if project.is_file():
        entries |= {line.strip() for line in project.read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.startswith("#")}
    words = (_WORD.findall(normalise(entry)) for entry in entries)
    return frozenset(w[0] for w in words if len(w) == 1)


def terms(text: str | None, language: str | None) -> list[str]:
    """The terms of a text as counted: normalised words, without stop words, one-letter words
    and numbers (in any script's digits)."""
    stop = stop_words(language)
    return [w for w in _WORD.findall(normalise(text)) if len(w) > 1 and not w.isnumeric() and w not in stop]


def refresh_top_terms(con: duckdb.DuckDBPyConnection, chunk: int = BULK_ARTICLES,
                      batch: str | None = None, new_batch_run_date: dt.date | None = None,
                      check_rest: bool = True, counts: BatchCounts | None = None) -> TopTermsRefresh:
    """Recount the changed (source, language, day) groups (about `chunk` articles at a time) and
    score their days and the 28 after, in the caller's transaction. With `batch` (the name of
    the load's registered frame of articles) the batch's groups first, and all history only
    when the rest is not in step (`IN_STEP`). `new_batch_run_date`: none of the batch's ids was
    in `articles` before this load, which stored them with this run_date
    (`holds_all_but_batch`). `check_rest` False: the batch only (the caller checks the rest, as
    `refresh_near_duplicates` says). `counts`: the load counted the counted articles already
    (`batches.count_for_load`)."""
    started = time.perf_counter()
    done = (0, 0, 0)
    if batch is not None:
        if new_batch_run_date is not None and holds(con, "term_count_articles", batch, counts):
            changed = con.execute(GROUPS_OF_NEW_BATCH.format(batch=batch), {"run_date": new_batch_run_date})
        else:
            changed = con.execute(CHANGED_GROUPS_OF_BATCH.format(batch=batch))
        done = _refresh(con, changed.to_arrow_table(), chunk)
        row = con.execute(IN_STEP).fetchone() if check_rest else (True,)
        if row and row[0]:
            return TopTermsRefresh(*done, round(time.perf_counter() - started, 4))
    more = _refresh(con, con.execute(CHANGED_GROUPS).to_arrow_table(), chunk)
    groups, articles, scored = (a + b for a, b in zip(done, more))
    return TopTermsRefresh(groups, articles, scored, round(time.perf_counter() - started, 4))


def _refresh(con: duckdb.DuckDBPyConnection, groups: pa.Table, chunk: int) -> tuple[int, int, int]:
    """Recount and rescore these groups; (groups, articles counted, days scored)."""
    if groups.num_rows == 0:
        return 0, 0, 0
    days = {"first": pc.min(groups.column("article_date")).as_py(),
            "last": pc.max(groups.column("article_date")).as_py()}
    counted = 0
    with registered(con, {_GROUPS_VIEW: groups}):
        con.execute(DELETE_COUNTED, days)
        con.execute(DELETE_COUNTS, days)
        sizes = con.execute(GROUP_SIZES, days).to_arrow_table()
        targets = con.execute(TARGETS, days).to_arrow_table()
    for part in _passes(sizes, chunk):
        with registered(con, {_GROUPS_VIEW: part}):
            articles = con.execute(SELECT_GROUP_ARTICLES, {
                "first": pc.min(part.column("article_date")).as_py(),
                "last": pc.max(part.column("article_date")).as_py()}).to_arrow_table()
        _insert(con, _ARTICLES_VIEW, articles.drop_columns(["title", "body_text"]), INSERT_COUNTED)
        _insert(con, _COUNTS_VIEW, _count(articles), INSERT_COUNTS)
        counted += articles.num_rows
    _score(con, targets)
    return groups.num_rows, counted, targets.num_rows


def _passes(sizes: pa.Table, chunk: int) -> list[pa.Table]:
    """The groups of `sizes` (source, language, article_date, articles) cut into consecutive runs
    of about `chunk` articles (a group is never split)."""
    counts = sizes.column("articles").to_pylist()
    keys = sizes.select(["source", "language", "article_date"])
    out, first, total = [], 0, 0
    for row, n in enumerate(counts):
        total += n
        if total >= chunk or row == len(counts) - 1:
            out.append(keys.slice(first, row + 1 - first))
            first, total = row + 1, 0
    return out


def _count(articles: pa.Table) -> pa.Table:
    """Occurrences of each term in each article (the insert sums them per source, language, day):
    Counter per article in Python, the grouping in DuckDB."""
    rows: list[int] = []
    found: list[str] = []
    occurrences: list[int] = []
    columns = [articles.column(c).to_pylist() for c in ("language", "title", "body_text")]
    for row, (language, title, body) in enumerate(zip(*columns)):
        if language is None:
            continue
        counted = _term_counts(f"{title or ''}\n{body or ''}", language)
        rows.extend([row] * len(counted))
        found.extend(counted)
        occurrences.extend(counted.values())
    keys = articles.select(["source", "language", "article_date"]).take(pa.array(rows, pa.int64()))
    return keys.append_column("term", pa.array(found, pa.string())).append_column(
        "occurrences", pa.array(occurrences, pa.int32()))


def _term_counts(text: str, language: str) -> dict[str, int]:
    """`Counter(terms(text, language))`, first counting every word and then dropping the ones
    that are not terms: each distinct word is checked once, not each occurrence."""
    stop = stop_words(language)
    return {w: n for w, n in collections.Counter(_WORD.findall(normalise(text))).items()
            if len(w) > 1 and not w.isnumeric() and w not in stop}


def _score(con: duckdb.DuckDBPyConnection, targets: pa.Table) -> None:
    """Replace the top terms of the target (language, day) pairs, BULK_DAYS days at a time
    (each pass reads the counts of its days and the 28 before)."""
    if targets.num_rows == 0:
        return
    targets = targets.sort_by([("article_date", "ascending"), ("language", "ascending")])
    days = targets.column("article_date").to_pylist()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    first = 0
    while first < len(days):
        stop = first
        while stop < len(days) and (days[stop] - days[first]).days < BULK_DAYS:
            stop += 1
        with registered(con, {_TARGETS_VIEW: targets.slice(first, stop - first)}):
            con.execute(DELETE_TOP)
            con.execute(INSERT_TOP, {"first": days[first], "last": days[stop - 1], "now": now})
        first = stop


def _insert(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table, sql: str) -> None:
    if table.num_rows == 0:
        return
    with registered(con, {name: table}):
        con.execute(sql)

