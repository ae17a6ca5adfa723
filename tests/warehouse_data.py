"""A warehouse holding the offline mirror's ground truth, loaded as the pipeline would, and the
`newsmon` command run against it.

A helper module: the warehouse unit tests, the search tests, the DuckLake integration test and
the SQL sandbox's security tests all start from this warehouse, and none imports another's
test file for it.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from newsmon.records import ARTICLE_FIELDS, content_hash
from newsmon.testing.mirror import load_ground_truth
from newsmon.warehouse.load import load_day
from newsmon.warehouse.search import index_form, refresh_search_index

MARTS = ["mart_articles", "mart_articles_daily", "mart_authors", "mart_dq_daily", "mart_dq_results",
         "mart_freshness", "mart_near_duplicates", "mart_quarantine", "mart_republished", "mart_runs",
         "mart_top_terms_daily", "mart_topic_articles", "mart_topic_daily"]
STARTED = dt.datetime(2024, 1, 1, 6, 0)


def ground_truth_frame(rows: list[dict]) -> pd.DataFrame:
    """Ground-truth records as the parse stage hands them on (dates as dates, UTC times)."""
    frame = pd.DataFrame(rows, columns=ARTICLE_FIELDS)
    for column in ("published_date", "original_published_date"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    frame["fetched_at"] = pd.to_datetime(frame["fetched_at"], utc=True)
    return frame


def load_mirror(con, dq_failing_day: dt.date | None = None) -> dict[dt.date, list[dict]]:
    """Every mirror date through `load_day`, as the pipeline would; returns the ground truth."""
    truth = load_ground_truth()
    for day, rows in truth.items():
        load_mirror_day(con, day, rows, dq_failing_day)
    return truth


def load_mirror_day(con, day: dt.date, rows: list[dict], dq_failing_day: dt.date | None = None) -> None:
    """One mirror date through `load_day` (its run id is the date's own: a reload replaces it)."""
    dq = [{"expectation": "expect_column_values_to_not_be_null", "column_name": "title", "success": True,
           "unexpected_count": 0, "observed": "{}"},
          {"expectation": "expect_column_values_to_be_unique", "column_name": "url",
           "success": day != dq_failing_day, "unexpected_count": 0, "observed": "{}"}]
    load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(rows), dq_results=dq,
             run={"run_id": f"afgazad-{day}", "started_at": STARTED})


def open_mirror_with_topics(path):
    """A new warehouse at `path` with the shipped topics stored before the mirror is loaded (so
    the loads match them); returns the connection and the ground truth."""
    from newsmon.topics import TOPICS_DIR, load_topics
    from newsmon.warehouse import open_for_write
    from newsmon.warehouse.topics import refresh_topics

    con = open_for_write(path)
    refresh_topics(con, load_topics([TOPICS_DIR]))  # no articles yet: stores the definitions
    return con, load_mirror(con)


_BUILT: dict[tuple[dt.date | None, bool], Path] = {}


def mirror_of_kind(kind: str, tmp_path: Path, monkeypatch: Any):
    """(connection open for write, ground truth) of the mirror in a warehouse of `kind`: a copy
    of the DuckDB file (see copy_of_mirror), or a DuckLake with a local catalog in `tmp_path`
    (NEWSMON_HOME set there, where the lake keeps its data), loaded as `load_mirror` loads it."""
    from newsmon.warehouse import open_for_write

    if kind == "duckdb":
        return copy_of_mirror(tmp_path / "w.duckdb")
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    con = open_for_write(f"ducklake:{tmp_path / 'meta.ducklake'}")
    return con, load_mirror(con)


def copy_of_mirror(path: Path, dq_failing_day: dt.date | None = None, topics: bool = False):
    """(connection open for write, ground truth) of a new DuckDB file at `path` holding the
    mirror as `load_mirror` loads it (`topics`: as `open_mirror_with_topics` does).

    The loads run once per test process for each kind, into a file of its own that is then
    copied: a DuckDB file is self-contained, so each test still writes a warehouse of its own,
    and the loads (~3 s) are not repeated by each of the dozens of tests that start from one."""
    from newsmon.warehouse import open_for_write

    key = (dq_failing_day, topics)
    if key not in _BUILT:
        directory = tempfile.mkdtemp(prefix="newsmon-mirror-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        built = Path(directory) / "warehouse.duckdb"
        if topics:
            con, _ = open_mirror_with_topics(built)
        else:
            con = open_for_write(built)
            load_mirror(con, dq_failing_day)
        con.close()
        _BUILT[key] = built
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_BUILT[key], path)
    return open_for_write(path), load_ground_truth()


# Columns a reload rewrites with the clock: left out when two warehouses' contents are compared.
CLOCK_COLUMNS = frozenset({"loaded_at", "first_seen", "last_seen", "finished_at", "applied_at", "indexed_at",
                           "quarantined_at", "failed_at"})
TABLES = ["articles", "article_versions", "runs", "dq_results", "failures", "quarantine", "fetch_log"]


def content_digest(con) -> dict[str, tuple[int, str]]:
    """Per table: (rows, sha256 of its rows as text, sorted), clock columns left out. Two warehouses
    that hold the same data have the same digest, whatever their kind (DuckDB file, DuckLake)."""
    import hashlib

    out = {}
    for table in TABLES:
        columns = [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_catalog = current_database() ORDER BY column_name", [table]).fetchall()
            if c not in CLOCK_COLUMNS]
        select = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in columns)
        rows = sorted(con.execute(f"SELECT {select} FROM {table}").fetchall(), key=repr)  # noqa: S608 - names from the catalog
        out[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return out


def newsmon(*args: str, env_path=None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`newsmon ARGS` in a subprocess, on the warehouse file `env_path` when given."""
    env = {"NEWSMON_WAREHOUSE": str(env_path)} if env_path else {}
    return subprocess.run([sys.executable, "-m", "newsmon.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=timeout)


class Recording:
    """The real connection, with the text of every statement it executed kept."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self.statements: list[str] = []

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        self.statements.append(" ".join(str(sql).split()))
        return self._con.execute(sql, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def opening(sql: str) -> str:
    """A statement's text up to its first `{` placeholder, one space between words: what a
    `Recording`'s statements made from it start with."""
    return " ".join(sql.split()).split("{", 1)[0]


@contextlib.contextmanager
def mirror_lake(tmp_path: Path, monkeypatch: Any) -> Iterator[tuple[Any, dict]]:
    """A DuckLake holding the mirror, and its truth, for a search process that keeps nothing of
    another lake before or after (`search._LAKE_INDEX` emptied)."""
    from newsmon.warehouse import search as search_module

    search_module._LAKE_INDEX.clear()
    con, truth = mirror_of_kind("ducklake", tmp_path / "lake", monkeypatch)
    try:
        yield con, truth
    finally:
        con.close()
        search_module._LAKE_INDEX.clear()


def search_page(con: Any, query: str) -> list[tuple[Any, ...]]:
    """A search's page of 10 as (article_id, score, snippet)."""
    from newsmon.warehouse.search import search

    return [(r["article_id"], r["score"], r["snippet"]) for r in search(query, con=con, limit=10)]


def fresh_search_page(con: Any, query: str) -> list[tuple[Any, ...]]:
    """The page as a search process that kept nothing of a lake makes it (`search._LAKE_INDEX`
    emptied for it, what was kept put back after)."""
    from newsmon.warehouse import search as search_module

    kept = dict(search_module._LAKE_INDEX)
    search_module._LAKE_INDEX.clear()
    try:
        return search_page(con, query)
    finally:
        search_module._LAKE_INDEX.clear()
        search_module._LAKE_INDEX.update(kept)


def unseen_articles(truth: dict[dt.date, list[dict]], day: dt.date, *, n: int, tag: str,
                    per_day: int) -> list[dict]:
    """`n` articles no load has seen, published on `day`: copies of the first `per_day` mirror
    articles of each date under new ids and URLs, with a word added (their own content hash)."""
    rows: list[dict] = []
    for i, r in enumerate(r for date in sorted(truth) for r in truth[date][:per_day]):
        if len(rows) == n:
            break
        body = f"{r['body_text']} {tag}wort{i}"
        rows.append(dict(r, article_id=f"{tag}{i:0{32 - len(tag)}x}", url=f"{r['url']}?{tag}={i}",
                         published_date=day.isoformat(), body_text=body, content_sha256=content_hash(body)))
    return rows


def insert_update_delete(con: Any, truth: dict) -> None:
    """An insert (a new article), an update (a changed body) and a delete (an article gone) in a
    loaded mirror warehouse, its search index refreshed (search tests of either tier)."""
    day = min(truth)
    rows = [dict(r) for r in truth[day]][:2]
    new = dict(rows[0], article_id="new-" + rows[0]["article_id"][4:], url=rows[0]["url"] + "?copy",
               body_text=rows[0]["body_text"] + " Qwertyuiop", content_sha256="new")
    rows[1]["body_text"] += " Qwertyuiop Qwertyuiop"
    rows[1]["content_sha256"] = "changed"
    load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame([new, rows[1]]),
             run={"run_id": "threads"})
    gone = truth[max(truth)][0]["article_id"]
    con.execute("DELETE FROM articles WHERE article_id = ?", [gone])
    refresh_search_index(con)


ZWNJ = "\u200c"
# Whether the index holds a term that has postings (a ZWNJ word joined, or one of its parts).
HELD = """
SELECT count(*) FROM search_terms t
WHERE t.term = ? AND EXISTS (SELECT 1 FROM search_postings p WHERE p.termid = t.termid)
"""


def zwnj_words(con: Any, truth: dict) -> tuple[list[str], list[str], list[str]]:
    """Eight ZWNJ words of the loaded mirror's Dari and Pashto bodies, one more and one the
    index cannot hold: all of them, those the index holds joined, and those it holds only apart."""
    bodies = " ".join(r["body_text"] for rows in truth.values() for r in rows if r["language"] in ("fa", "ps"))
    found = list(dict.fromkeys(re.findall(rf"\w+{ZWNJ}\w+(?:{ZWNJ}\w+)?", bodies)))[:8]
    words = [*found, f"زده{ZWNJ}کړه", f"نا{ZWNJ}موجود{ZWNJ}کلمه"]
    held = [w for w in words if con.execute(HELD, [index_form(w)]).fetchone()[0]]
    apart = [w for w in words if w not in held and any(
        con.execute(HELD, [part]).fetchone()[0] for part in index_form(w.replace(ZWNJ, " ")).split())]
    return words, held, apart
