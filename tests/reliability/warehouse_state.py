"""The state of a DuckDB warehouse as data: row count and content hash of every table.

    from tests.reliability.warehouse_state import warehouse_state, differences
    before = warehouse_state(path)                        # every column of every table
    after = warehouse_state(path, exclude=PER_RUN_COLUMNS)
    assert not differences(before, after)

Every table of the file counts, in every schema (the full-text index tables
`search_*` included), so a test sees any change, not just the ones it expected.

- The hash is over the rows' values, sorted, so it does not depend on the order rows were
  written (DuckDB keeps insertion order; two runs in a different order are still equal).
- `exclude` drops named columns (table -> columns) before hashing: values that are by nature
  per run (clock readings, ids made of them). `PER_RUN_COLUMNS` names them, with why.
- The full-text index (`search_docs`, `search_terms`, `search_postings`; the fts extension's
  under `fts_main_search_documents` in older warehouses) numbers its documents and terms (docid,
  termid) in the order they were indexed; those numbers are surrogate keys, so the index tables are hashed with them resolved
  to the document name (article_id) and the term text; the near-duplicate signatures' `doc` likewise. Everything else in them counts.
- `queries` replaces a table's rows by a query of the caller's (e.g. "the latest run of each
  date" for a history table), hashed the same way.

Reads only: opened read-only (DuckDB replays a WAL left by a killed writer into memory; the file
itself is not touched).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Mapping

import duckdb

TableState = tuple[int, str]  # (rows, sha256 of the sorted rows)

# Columns whose values are per run by nature: a reading of the clock when something happened,
# or an id/name made from one. Two warehouses that did the same work at different times differ
# exactly here and nowhere else.
PER_RUN_COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "loaded_at": "clock: when the row's values last changed (the load that wrote them)",
        "fetched_at": "clock: the WARC-Date of the 200 that brought the bytes",
        "raw_ref": "path of the WARC file of that fetch: $NEWSMON_HOME plus the fetch run's timestamp",
    },
    "article_versions": {
        "first_seen": "clock: the first load with this content",
        "last_seen": "clock: the latest load with this content",
    },
    "runs": {
        "run_id": "made of the run's start time (source/date/started_at)",
        "started_at": "clock",
        "finished_at": "clock",
    },
    "dq_results": {"run_id": "the run's id (see runs.run_id)"},
    "failures": {"failed_at": "clock: when the document failed"},
    "quarantine": {
        "quarantined_at": "clock: the run's start",
        "record": "the whole record as JSON, including its fetched_at and raw_ref (see articles)",
    },
    "quarantine_releases": {
        "quarantined_at": "clock", "released_at": "clock", "released_by_run": "a run id",
    },
    "fetch_log": {
        "fetch_run": "name of the fetch run's WARC file: its timestamp",
        "requested_at": "clock", "elapsed_s": "clock: how long the request took",
        "raw_ref": "WARC path (see articles.raw_ref)",
    },
    "search_documents": {"indexed_at": "clock: when the row was indexed"},
    "article_minhash": {"computed_at": "clock: when the article was signed"},
    "near_duplicate_pairs": {"detected_at": "clock: the load that found the pair"},
    "top_terms_daily": {"computed_at": "clock: the load that scored the day"},
    "derived_step_mark": {"marked_at": "clock: the load that marked the articles' aggregate"},
    "schema_version": {"applied_at": "clock: when the migration ran"},
}

# newsmon's search index (migration 008) numbers documents and terms the same way; so do the
# near-duplicate signatures (migration 012: `doc`, in the order articles were signed): resolved
# to the article_id (computed_at, a clock, left out as in PER_RUN_COLUMNS).
_INDEX_CANONICAL = {
    "search_docs": "SELECT article_id, len FROM search_docs",
    "search_terms": "SELECT term FROM search_terms",
    "search_postings": "SELECT d.article_id, t.term, p.tf FROM search_postings p JOIN search_docs d USING (docid) "
                       "JOIN search_terms t USING (termid)",
    "article_minhash": "SELECT article_id, content_sha256, scheme, shingles, signature FROM article_minhash",
    "article_lsh_bands": "SELECT m.article_id, b.band, b.bucket FROM article_lsh_bands b JOIN article_minhash m USING (doc)",
}
FTS_PREFIX = "fts_main_"
# The fts extension's tables with their surrogate keys resolved (see the module docstring).
_FTS_CANONICAL = {
    "docs": "SELECT name, len FROM {s}.docs",
    "terms": "SELECT d.name, t.fieldid, k.term FROM {s}.terms t JOIN {s}.docs d USING (docid) "
             "JOIN {s}.dict k USING (termid)",
    "dict": "SELECT term, df FROM {s}.dict",
}
LIST_TABLES = """
SELECT schema_name, table_name FROM duckdb_tables()
WHERE database_name = current_database() AND NOT temporary
ORDER BY schema_name, table_name
"""


def _name(schema: str, table: str) -> str:
    return table if schema == "main" else f"{schema}.{table}"


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [_name(s, t) for s, t in con.execute(LIST_TABLES).fetchall()]


def hash_rows(rows: list[tuple]) -> str:
    h = hashlib.sha256()
    for line in sorted(repr(row) for row in rows):
        h.update(line.encode("utf-8", "surrogatepass") + b"\n")
    return h.hexdigest()


COLUMNS = """
SELECT schema_name, table_name, column_name FROM duckdb_columns()
WHERE database_name = current_database() ORDER BY schema_name, table_name, column_index
"""


def table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """{table: its columns in order} for every table, in one catalog query (a query of
    duckdb_columns() costs about as much as hashing a table: one per table doubled the cost)."""
    columns: dict[str, list[str]] = {}
    for schema, table, column in con.execute(COLUMNS).fetchall():
        columns.setdefault(_name(schema, table), []).append(column)
    return columns


def table_state(con: duckdb.DuckDBPyConnection, name: str, exclude: Mapping[str, Mapping[str, str]] | None = None,
                query: str | None = None, columns: Mapping[str, list[str]] | None = None) -> TableState:
    """(rows, content hash) of one table, or of `query` when given (`columns`: table_columns(con),
    when the caller has it already)."""
    if query is None:
        schema, _, table = name.rpartition(".")
        schema = schema or "main"
        if schema.startswith(FTS_PREFIX) and table in _FTS_CANONICAL:
            query = _FTS_CANONICAL[table].format(s=schema)
        elif schema == "main" and table in _INDEX_CANONICAL:
            query = _INDEX_CANONICAL[table]
        else:
            dropped = set((exclude or {}).get(name, {}))
            kept = [c for c in (columns or table_columns(con))[name] if c not in dropped]
            query = f'SELECT {", ".join(chr(34) + c + chr(34) for c in kept)} FROM "{schema}"."{table}"'
    rows = con.execute(query).fetchall()
    return len(rows), hash_rows(rows)


def warehouse_state(target: Path | str | duckdb.DuckDBPyConnection,
                    exclude: Mapping[str, Mapping[str, str]] | None = None,
                    queries: Mapping[str, str] | None = None) -> dict[str, TableState]:
    """{table: (rows, hash)} for every table of the warehouse (read-only open of a path)."""
    if isinstance(target, duckdb.DuckDBPyConnection):
        con, own = target, False
    else:
        con, own = duckdb.connect(str(target), read_only=True), True
    try:
        columns = table_columns(con)
        state = {name: table_state(con, name, exclude, (queries or {}).get(name), columns) for name in table_names(con)}
        for name, query in (queries or {}).items():
            state.setdefault(name, table_state(con, name, exclude, query))
        return state
    finally:
        if own:
            con.close()


def differences(a: Mapping[str, TableState], b: Mapping[str, TableState]) -> list[str]:
    """Readable differences between two states ([] when equal)."""
    out = []
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            out.append(f"{name}: only in {'second' if name not in a else 'first'}")
        elif a[name] != b[name]:
            out.append(f"{name}: rows {a[name][0]} vs {b[name][0]}" + ("" if a[name][0] != b[name][0] else ", content differs"))
    return out


def fingerprint(state: Mapping[str, TableState]) -> str:
    """One hash for a whole state (for messages and the ledger)."""
    return hash_rows([(k, *v) for k, v in sorted(state.items())])[:12]
