"""Topic matches in the warehouse: made in the load transaction, re-made when a topic changes.

    match_loaded_articles(con, batch_view)    # load.py, inside the day's transaction
    refresh_topics(con, load_topics())        # `newsmon topics refresh`, the report DAG
    detect_spikes(con, days, ...)             # the report DAG's spike alerts

Why it looks like this:
- the warehouse holds each topic's definition and digest (`topics`); a load matches its
  articles against those stored definitions, so every match of a topic, old or new, comes from
  one definition. A changed or new file is taken in by `refresh_topics`, which re-matches that
  topic over all history in one transaction;
- each current article is kept once as term text (`topic_documents`, newsmon.topics.text),
  made in Python by the one tokeniser; a query compiles to SQL `contains` tests over it (a
  term is ` w `, a phrase ` a b `, a prefix ` w`), so a topic is matched over 100,000
  articles in one scan, and every word of a query reaches SQL as a parameter;
- term texts are re-made when an article's title, body, language or source changes, or the
  tokeniser does (its version is stored beside each text).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from newsmon.topics import ANY_LANGUAGE, Topic, TopicFiles
from newsmon.topics.query import And, Node, Not, Or, Phrase, Prefix, QueryError, Term, parse
from newsmon.topics.text import TOKENISER, term_text
from newsmon.warehouse.batches import BatchCounts, holds, present
from newsmon.warehouse.connection import registered, rollback_quietly

_DOCS_VIEW = "_newsmon_topic_documents"
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# A warehouse of an older schema (no migration 009 yet) has no topics to match: count none.
HAS_TOPICS_TABLE = """
SELECT count(*) FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'topics'
"""
STORED_TOPICS = "SELECT topic, title, definition, digest, file FROM topics ORDER BY topic"
# Articles whose term text is missing or out of date (a refresh: all history). The stale ids
# first, from small columns, then only their bodies, BULK_ARTICLES at a time: a refresh with
# nothing stale (the report DAG's, after every load) reads no body at all (~0.3 s at 100,000
# articles instead of ~1 s), and a first one over a whole history holds one pass in memory.
STALE_ARTICLE_IDS = """
SELECT a.article_id FROM articles a
WHERE NOT EXISTS (
    SELECT 1 FROM topic_documents d
    WHERE d.article_id = a.article_id AND d.tokeniser = $tokeniser AND d.source = a.source
      AND d.language IS NOT DISTINCT FROM a.language AND d.title IS NOT DISTINCT FROM a.title
      AND d.content_sha256 IS NOT DISTINCT FROM a.content_sha256)
ORDER BY a.article_id
"""
_IDS_VIEW = "_newsmon_topic_ids"
ARTICLES_OF_IDS = f"""
SELECT a.article_id, a.source, a.language, a.title, a.content_sha256, a.body_text
FROM articles a WHERE a.article_id IN (SELECT article_id FROM {_IDS_VIEW})
"""
BULK_ARTICLES = 20_000
# The load's own rows (already upserted, so they are the articles as stored): read from the batch,
# not from `articles`, so a day of 50 reads 50 bodies, never the whole history's.
STALE_OF_BATCH = """
SELECT DISTINCT CAST(b.article_id AS VARCHAR) AS article_id, CAST(b.source AS VARCHAR) AS source,
       CAST(b.language AS VARCHAR) AS language, CAST(b.title AS VARCHAR) AS title,
       CAST(b.content_sha256 AS VARCHAR) AS content_sha256, CAST(b.body_text AS VARCHAR) AS body_text
FROM {batch} b
WHERE NOT EXISTS (
    SELECT 1 FROM topic_documents d
    WHERE d.article_id = CAST(b.article_id AS VARCHAR) AND d.tokeniser = $tokeniser
      AND d.source = CAST(b.source AS VARCHAR) AND d.language IS NOT DISTINCT FROM CAST(b.language AS VARCHAR)
      AND d.title IS NOT DISTINCT FROM CAST(b.title AS VARCHAR)
      AND d.content_sha256 IS NOT DISTINCT FROM CAST(b.content_sha256 AS VARCHAR))
"""
# A batch of only new articles (`load_day` found none of its ids in `articles`) has no term text
# and no matches yet when `topic_documents` holds exactly one text per other article (as every
# load and refresh leaves it; an article an operator removed leaves its text until the next
# refresh, and then the count differs): a count instead of looking the ids up in
# `topic_documents` and `topic_matches`, which scans their `article_id` columns (1.9 M rows).
BATCH_AS_STALE = """
SELECT CAST(b.article_id AS VARCHAR) AS article_id, CAST(b.source AS VARCHAR) AS source,
       CAST(b.language AS VARCHAR) AS language, CAST(b.title AS VARCHAR) AS title,
       CAST(b.content_sha256 AS VARCHAR) AS content_sha256, CAST(b.body_text AS VARCHAR) AS body_text
FROM {batch} b
"""
DELETE_DOCUMENTS = f"DELETE FROM topic_documents WHERE article_id IN (SELECT article_id FROM {_DOCS_VIEW})"
INSERT_DOCUMENTS = f"""
INSERT INTO topic_documents (article_id, source, language, title, content_sha256, tokeniser, terms, tokenised_at)
SELECT article_id, source, language, title, content_sha256, $tokeniser, terms, CAST($now AS TIMESTAMP)
FROM {_DOCS_VIEW}
"""
DELETE_MATCHES_OF_DOCUMENTS = f"DELETE FROM topic_matches WHERE article_id IN (SELECT article_id FROM {_DOCS_VIEW})"
DELETE_ORPHAN_DOCUMENTS = """
DELETE FROM topic_documents d WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = d.article_id)
"""
DELETE_ORPHAN_MATCHES = """
DELETE FROM topic_matches m WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = m.article_id)
"""
# `{condition}` is a compiled query (`compile_topic`): SQL built from fixed fragments, every
# word, language and source bound as a parameter.
INSERT_MATCHES = """
INSERT INTO topic_matches (topic, article_id, matched_at)
SELECT $topic, d.article_id, CAST($now AS TIMESTAMP)
FROM {documents} d
WHERE {condition}
"""
# A load's new texts against every topic in one statement: one SELECT per topic, UNION ALL.
INSERT_MATCHES_OF_ALL = """
INSERT INTO topic_matches (topic, article_id, matched_at)
SELECT topic, article_id, CAST($now AS TIMESTAMP) FROM ({selects})
"""
MATCHES_OF_ONE = "SELECT CAST({topic} AS VARCHAR) AS topic, d.article_id FROM {documents} d WHERE {condition}"
DELETE_MATCHES_OF_TOPIC = "DELETE FROM topic_matches WHERE topic = $topic"
DELETE_TOPIC = "DELETE FROM topics WHERE topic = $topic"
INSERT_TOPIC = """
INSERT INTO topics (topic, title, description, languages, sources, definition, digest, file, matched_at)
VALUES ($topic, $title, $description, $languages, $sources, CAST($definition AS JSON), $digest, $file,
        CAST($now AS TIMESTAMP))
"""
UPDATE_TOPIC_LABELS = """
UPDATE topics SET title = $title, description = $description, file = $file WHERE topic = $topic
"""
COUNT_MATCHES_BY_TOPIC = "SELECT topic, count(*) FROM topic_matches GROUP BY topic"

# Spikes: per topic, source and article day, the matching articles (all languages of the topic)
# against the median of the `$window` days before (days with articles in the topic's scope,
# 0 when none matched: mart_topic_daily's rows). A spike needs `$min_history` such days, at
# least `$min_count` articles and more than `$factor` times the median; one already sent
# (topic_alerts) is not found again.
SPIKES = """
WITH daily AS (
    SELECT topic, source, article_date, sum(articles) AS articles
    FROM mart_topic_daily GROUP BY topic, source, article_date),
with_history AS (
    SELECT topic, source, article_date, articles,
           median(articles) OVER w AS median, count(*) OVER w AS history
    FROM daily
    WINDOW w AS (PARTITION BY topic, source ORDER BY article_date
                 RANGE BETWEEN to_days(CAST($window AS INTEGER)) PRECEDING AND INTERVAL 1 DAY PRECEDING))
SELECT t.topic, t.source, t.article_date, CAST(t.articles AS INTEGER) AS articles, CAST(t.median AS DOUBLE) AS median,
       CAST(t.history AS INTEGER) AS history
FROM with_history t
WHERE list_contains($days, t.article_date) AND t.history >= $min_history AND t.articles >= $min_count
  AND t.articles > $factor * t.median
  AND NOT EXISTS (SELECT 1 FROM topic_alerts a
                  WHERE a.topic = t.topic AND a.source = t.source AND a.article_date = t.article_date)
ORDER BY t.article_date, t.topic, t.source
"""
INSERT_ALERT = """
INSERT INTO topic_alerts (topic, source, article_date, articles, median, sent_at)
VALUES ($topic, $source, $article_date, $articles, $median, CAST($now AS TIMESTAMP))
"""

NEWEST_ARTICLE_DAY = "SELECT max(article_date) FROM mart_articles_daily WHERE article_date <= $today"
# Reads of `newsmon topics list|show` (read-only connections, marts and stg views only).
TOPIC_STATE = "SELECT topic, digest, matched_at FROM stg_topics ORDER BY topic"
TOPIC_MATCH_COUNTS = "SELECT topic, count(*) AS articles FROM mart_topic_articles GROUP BY topic"
TOPIC_DAILY = """
SELECT article_date, source, language, articles, day_articles, round(share, 4) AS share
FROM mart_topic_daily
WHERE topic = $topic AND ($since IS NULL OR article_date >= $since) AND ($until IS NULL OR article_date <= $until)
ORDER BY article_date, source, language
"""


@dataclass(frozen=True)
class TopicRefresh:
    """What a refresh did, for the command's output and the DAG's log."""

    tokenised: int  # articles whose term text was (re-)made
    refreshed: list[str]  # topics re-matched over all history
    removed: list[str]  # topics dropped (their file is gone)
    unchanged: list[str]
    matches: dict[str, int] = field(default_factory=dict)  # articles per topic after the refresh
    seconds: float = 0.0


@dataclass(frozen=True)
class Spike:
    """A topic's day well above its trailing median: what the alert says."""

    topic: str
    source: str
    article_date: dt.date
    articles: int
    median: float
    history: int


def compile_topic(topic: Topic, prefix: str = "q") -> tuple[str, dict[str, Any]]:
    """The topic as a SQL condition over `topic_documents d`, and its parameters.

    Per-language queries become a CASE on the article's language; the topic's languages and
    sources limit the rows. Every word is a parameter (`$q0`, `$q1`, ...: `prefix` and a number)."""
    params: dict[str, Any] = {}

    def bind(value: Any) -> str:
        name = f"{prefix}{len(params)}"
        params[name] = value
        return f"${name}"

    def sql(node: Node) -> str:
        if isinstance(node, Term):
            return f"contains(d.terms, {bind(f' {node.term} ')})"
        if isinstance(node, Prefix):
            return f"contains(d.terms, {bind(f' {node.prefix}')})"
        if isinstance(node, Phrase):
            return f"contains(d.terms, {bind(' ' + ' '.join(node.terms) + ' ')})"
        if isinstance(node, And):
            return "(" + " AND ".join(sql(part) for part in node.parts) + ")"
        if isinstance(node, Or):
            # the words, phrases and prefixes OR-ed together: one regular expression, one pass
            # over the text instead of one `contains` each (~2x faster for a topic of many words)
            leaves = [part for part in node.parts if isinstance(part, (Term, Prefix, Phrase))]
            rest = [sql(part) for part in node.parts if not isinstance(part, (Term, Prefix, Phrase))]
            if len(leaves) > 1:
                rest.insert(0, f"regexp_matches(d.terms, {bind(_alternatives(leaves))})")
            else:
                rest = [sql(part) for part in node.parts]
            return "(" + " OR ".join(rest) + ")"
        if isinstance(node, Not):
            return f"(NOT {sql(node.part)})"
        raise TypeError(f"not a query node: {node!r}")

    branches = [f"WHEN d.language = {bind(lang)} THEN {sql(tree)}"
                for lang, tree in sorted(topic.trees.items()) if lang != ANY_LANGUAGE]
    default = sql(topic.trees[ANY_LANGUAGE]) if ANY_LANGUAGE in topic.trees else "false"
    condition = f"(CASE {' '.join(branches)} ELSE {default} END)" if branches else default
    scope = []
    if topic.languages is not None:
        scope.append(f"list_contains({bind(list(topic.languages))}, d.language)")
    if topic.sources is not None:
        scope.append(f"list_contains({bind(list(topic.sources))}, d.source)")
    return " AND ".join([*scope, condition]), params


def _alternatives(leaves: list[Term | Prefix | Phrase]) -> str:
    """` (?:a |b c |pre)`: any of these terms, phrases or prefixes, as `contains` would find them.
    Nothing to escape: a term is letters and digits only (the tokeniser splits at everything
    else, every character regular expressions give a meaning to among it)."""
    parts = []
    for leaf in leaves:
        if isinstance(leaf, Term):
            parts.append(leaf.term + " ")
        elif isinstance(leaf, Prefix):
            parts.append(leaf.prefix)
        else:
            parts.append(" ".join(leaf.terms) + " ")
    return " (?:" + "|".join(parts) + ")"


def match_loaded_articles(con: duckdb.DuckDBPyConnection, batch_view: str, batch_is_new: bool = False,
                          counts: BatchCounts | None = None) -> int:
    """Match the load's articles (the rows of `batch_view`, already upserted into `articles`)
    against the topics the warehouse holds; return how many articles were (re-)matched.

    Runs inside the caller's transaction (load_day): the day's articles and their matches
    commit together. Unchanged articles keep their matches; nothing to do without topics.
    `batch_is_new`: none of the batch's ids was in `articles` before this load; then, when the
    term texts are in step (`holds_all_but_batch`), the batch is tokenised and matched
    without looking its ids up. `counts`: what the load's one look found (`batches.count_for_load`)."""
    if not _IDENTIFIER.match(batch_view):
        raise ValueError(f"not a view name: {batch_view!r}")
    if not present(con, HAS_TOPICS_TABLE, ("topics",), counts):
        return 0
    rows = con.execute(STORED_TOPICS).fetchall()  # read once: whether there are any, and which
    if not rows:
        return 0
    if batch_is_new and holds(con, "topic_documents", batch_view, counts):
        table = con.execute(BATCH_AS_STALE.format(batch=batch_view)).to_arrow_table()
        return _retokenise(con, table, _parsed_topics(rows), _utc_now(), replace=False)
    table = con.execute(STALE_OF_BATCH.format(batch=batch_view), {"tokeniser": TOKENISER}).to_arrow_table()
    return _retokenise(con, table, _parsed_topics(rows), _utc_now())


def refresh_topics(con: duckdb.DuckDBPyConnection, files: TopicFiles, force: bool = False,
                   names: Iterable[str] | None = None, prune: bool | None = None) -> TopicRefresh:
    """Bring the warehouse's topics in step with the files, in one transaction.

    Term texts missing or out of date are made first (articles loaded before any topic
    existed, or before this tokeniser); a topic whose digest differs from the stored one (or
    every topic with `force`) is re-matched over all history; topics whose file is gone are
    dropped, unless some file did not validate (`prune` defaults to "no problems": a topic of
    a broken file keeps its stored matches until the file is fixed). `names` limits it to
    those topics."""
    started = time.perf_counter()
    wanted = set(names) if names is not None else None
    if wanted is not None:
        missing = wanted - {t.name for t in files.topics}
        if missing:
            raise LookupError(f"no topic file defines {', '.join(sorted(missing))}")
    prune = (not files.problems and wanted is None) if prune is None else prune
    now = _utc_now()
    con.begin()
    try:
        con.execute(DELETE_ORPHAN_MATCHES)
        con.execute(DELETE_ORPHAN_DOCUMENTS)
        stored = {row[0]: row[3] for row in con.execute(STORED_TOPICS).fetchall()}
        current = [t for t in files.topics if wanted is None or t.name in wanted]
        changed = [t for t in current if force or stored.get(t.name) != t.digest]
        kept = [t for t in _stored_topics(con) if t.name not in {c.name for c in changed}]
        stale = con.execute(STALE_ARTICLE_IDS, {"tokeniser": TOKENISER}).to_arrow_table()
        tokenised = 0
        for first in range(0, stale.num_rows, BULK_ARTICLES):
            with registered(con, {_IDS_VIEW: stale.slice(first, BULK_ARTICLES)}):
                part = con.execute(ARTICLES_OF_IDS).to_arrow_table()
            tokenised += _retokenise(con, part, kept, now)
        for topic in changed:
            _rematch(con, topic, now)
        for topic in current:
            if topic not in changed:
                con.execute(UPDATE_TOPIC_LABELS, {"topic": topic.name, "title": topic.title,
                                                  "description": topic.description, "file": topic.file})
        removed = sorted(set(stored) - {t.name for t in files.topics}) if prune else []
        for name in removed:
            con.execute(DELETE_MATCHES_OF_TOPIC, {"topic": name})
            con.execute(DELETE_TOPIC, {"topic": name})
        con.commit()
    except BaseException:
        rollback_quietly(con)
        raise
    counts = dict(con.execute(COUNT_MATCHES_BY_TOPIC).fetchall())
    return TopicRefresh(tokenised=tokenised, refreshed=[t.name for t in changed], removed=removed,
                        unchanged=[t.name for t in current if t not in changed],
                        matches={t.name: int(counts.get(t.name, 0)) for t in current},
                        seconds=round(time.perf_counter() - started, 3))


def detect_spikes(con: duckdb.DuckDBPyConnection, days: Iterable[dt.date], factor: float = 3.0,
                  min_count: int = 3, window_days: int = 28, min_history: int = 7,
                  record: bool = True) -> list[Spike]:
    """Spikes on `days` not reported before; with `record`, stored in `topic_alerts` (one
    transaction) so that the next call does not find them again. Send them after this returns."""
    params = {"days": sorted(set(days)), "factor": float(factor), "min_count": int(min_count),
              "window": int(window_days), "min_history": int(min_history)}
    if not params["days"]:
        return []
    spikes = [Spike(*row) for row in con.execute(SPIKES, params).fetchall()]
    if not record or not spikes:
        return spikes
    now = _utc_now()
    con.begin()
    try:
        for spike in spikes:
            con.execute(INSERT_ALERT, {"topic": spike.topic, "source": spike.source,
                                       "article_date": spike.article_date, "articles": spike.articles,
                                       "median": spike.median, "now": now})
        con.commit()
    except BaseException:
        rollback_quietly(con)
        raise
    return spikes


def newest_article_day(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The newest article day not after today: what a report DAG run without events looks at."""
    row = con.execute(NEWEST_ARTICLE_DAY, {"today": _utc_now().date()}).fetchone()
    return row[0] if row else None


def topic_state(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Per stored topic: its digest, when it was matched, and its articles (read-only)."""
    counts = dict(con.execute(TOPIC_MATCH_COUNTS).fetchall())
    return {name: {"digest": digest, "matched_at": at, "articles": int(counts.get(name, 0))}
            for name, digest, at in con.execute(TOPIC_STATE).fetchall()}


def topic_daily(con: duckdb.DuckDBPyConnection, topic: str, since: dt.date | None = None,
                until: dt.date | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """A topic's rows of mart_topic_daily (columns, rows), optionally between two days."""
    cursor = con.execute(TOPIC_DAILY, {"topic": topic, "since": since, "until": until})
    return [d[0] for d in cursor.description], cursor.fetchall()


def _stored_topics(con: duckdb.DuckDBPyConnection) -> list[Topic]:
    """The topics as the warehouse last matched them (their stored definitions, parsed again)."""
    return _parsed_topics(con.execute(STORED_TOPICS).fetchall())


def _parsed_topics(rows: list[tuple[Any, ...]]) -> list[Topic]:
    """`STORED_TOPICS` rows as topics (a definition this parser refuses is left out)."""
    topics = []
    for name, title, definition, _digest, file in rows:
        spec = json.loads(definition) if isinstance(definition, str) else definition
        try:
            trees = {lang: parse(query) for lang, query in spec["queries"].items()}
        except QueryError:  # a definition an older parser took: the topic waits for its refresh
            continue
        topics.append(Topic(name=name, title=title, description="", queries=spec["queries"], trees=trees,
                            languages=tuple(spec["languages"]) if spec.get("languages") else None,
                            sources=tuple(spec["sources"]) if spec.get("sources") else None, file=file or ""))
    return topics


def _retokenise(con: duckdb.DuckDBPyConnection, table: Any, topics: list[Topic], now: dt.datetime,
                replace: bool = True) -> int:
    """(Re-)make the term text of the articles of `table` (an Arrow table: article_id, source,
    language, title, content_sha256, body_text) and re-match them with `topics`; `replace=False`
    when they have no text or match yet (nothing to delete first)."""
    import pyarrow as pa

    if table.num_rows == 0:
        return 0
    titles, bodies = table.column("title").to_pylist(), table.column("body_text").to_pylist()
    texts = [term_text(t, b) for t, b in zip(titles, bodies)]
    frame = table.drop_columns(["body_text"]).append_column("terms", pa.array(texts, pa.string()))
    with registered(con, {_DOCS_VIEW: frame}):
        if replace:
            con.execute(DELETE_DOCUMENTS)
        con.execute(INSERT_DOCUMENTS, {"tokeniser": TOKENISER, "now": now})
        if replace:
            con.execute(DELETE_MATCHES_OF_DOCUMENTS)
        if topics:
            _match_new_texts(con, topics, now)
    return table.num_rows


def _match_new_texts(con: duckdb.DuckDBPyConnection, topics: list[Topic], now: dt.datetime) -> None:
    """Match the registered new texts against every topic in one statement: they are matched
    where they are (a load of 50 articles scans 50 texts per topic, not all history), and one
    statement of 50 SELECTs costs a fraction of 50 statements."""
    selects: list[str] = []
    params: dict[str, Any] = {"now": now}
    for i, topic in enumerate(topics):
        condition, bound = compile_topic(topic, prefix=f"t{i}q")
        params.update(bound)
        params[f"t{i}"] = topic.name
        selects.append(MATCHES_OF_ONE.format(topic=f"$t{i}", documents=_DOCS_VIEW, condition=condition))
    con.execute(INSERT_MATCHES_OF_ALL.format(selects=" UNION ALL ".join(selects)), params)


def _rematch(con: duckdb.DuckDBPyConnection, topic: Topic, now: dt.datetime) -> None:
    """Match one topic over every article again and store its definition."""
    condition, params = compile_topic(topic)
    con.execute(DELETE_MATCHES_OF_TOPIC, {"topic": topic.name})
    con.execute(INSERT_MATCHES.format(condition=condition, documents="topic_documents"),
                {**params, "topic": topic.name, "now": now})
    con.execute(DELETE_TOPIC, {"topic": topic.name})
    con.execute(INSERT_TOPIC, {
        "topic": topic.name, "title": topic.title, "description": topic.description,
        "languages": list(topic.languages) if topic.languages is not None else None,
        "sources": list(topic.sources) if topic.sources is not None else None,
        "definition": json.dumps(topic.definition(), ensure_ascii=False), "digest": topic.digest,
        "file": topic.file, "now": now})



def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
