"""Schema migrations: numbered .sql files applied in order, each recorded in `schema_version`;
then the views (views.py), re-created from `sql/views/` whenever they differ.

A migration is a file `NNN_name.sql` in `sql/migrations/`, for tables only. Each runs in its
own transaction together with its `schema_version` row, so a half-applied migration never
counts as applied. Files are never edited once released: a change is a new number. The one
exception is the move of views out of migrations: 002 and 005 (and 003's view) were emptied,
since what they created is re-created from `sql/views/` on every warehouse, whether it had
applied them (its views are replaced, the unused ones dropped) or not.

DuckLake has no PRIMARY KEY / UNIQUE constraints and no indexes, so on a DuckLake warehouse the
scripts are applied with those clauses and CREATE INDEX statements removed (`for_kind`); keys
are then kept by the load itself (MERGE on the key columns, batches checked for repeated ids
before writing). A part only one kind has (DuckDB's table rebuilds, DuckLake's sort orders) is
marked in the script, `-- DUCKDB ONLY` or `-- DUCKLAKE ONLY` up to the matching `-- END` line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from newsmon.warehouse.connection import (
    DUCKLAKE,
    LAKE_ALIAS,
    connect_with_retry,
    connection_kind,
    is_conflict,
    is_lake,
    retry_conflicts,
    rollback_quietly,
)
from newsmon.warehouse.views import VIEWS_DIR, apply_views, views_stale

MIGRATIONS_DIR = Path(__file__).resolve().parent / "sql" / "migrations"
_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")

CREATE_SCHEMA_VERSION = """
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
)
"""
SCHEMA_VERSION_EXISTS = """
SELECT count(*) FROM information_schema.tables
WHERE table_name = 'schema_version' AND table_catalog = current_database() AND table_schema = 'main'
"""
SELECT_APPLIED = "SELECT version FROM schema_version ORDER BY version"
_COLUMN_KEY = re.compile(r"[ \t]+PRIMARY[ \t]+KEY\b", re.IGNORECASE)
_TABLE_KEY = re.compile(r",\s*PRIMARY\s+KEY\s*\([^)]*\)", re.IGNORECASE)
_INDEX = re.compile(r"^CREATE\s+(UNIQUE\s+)?INDEX\b[^;]*;", re.IGNORECASE | re.MULTILINE)
# A part of a script that only a DuckDB file needs (e.g. tables made again to drop their keys):
# from a line `-- DUCKDB ONLY...` to a line `-- END DUCKDB ONLY`.
_DUCKDB_ONLY = re.compile(r"^-- DUCKDB ONLY\b.*?^-- END DUCKDB ONLY$", re.MULTILINE | re.DOTALL)
# Its mirror, a part only DuckLake has (e.g. a table's sort order, which a DuckDB file lacks).
_DUCKLAKE_ONLY = re.compile(r"^-- DUCKLAKE ONLY\b.*?^-- END DUCKLAKE ONLY$", re.MULTILINE | re.DOTALL)
# On DuckLake a migration also rewrites the newest version row: two writers applying the same
# migration at once then conflict even when it creates nothing (an emptied one), instead of both
# recording it (DuckLake does not see two inserts as a conflict).
LAKE_TABLES = """
SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main'
"""
VERSION_RECORDED = "SELECT count(*) FROM schema_version WHERE version = ?"
TOUCH_NEWEST_VERSION = ("UPDATE schema_version SET applied_at = applied_at "
                        "WHERE version = (SELECT max(version) FROM schema_version)")
# On DuckLake the tables that hold bodies are written in Parquet row groups of 2,048 rows (the
# default is 122,880): a lookup of a few ids (a search's page of hits, a load's checks) then
# reads the bodies of the few row groups its ids fall in, not of nearly all. Measured at 200,000
# articles (docs/scaling-history.md): search p95 707 -> 341 ms, a load's peak RSS 718 -> 310 MB, marts
# unchanged. A table option stored in the catalog: it applies to every file written after it.
# `article_minhash` too: its 512-byte signatures are read by a load for the few stored
# signatures its candidates name (by `doc`, which grows with insert order, so row groups of
# 2,048 hold narrow ranges of it): 180-520 ms with 122,880-row groups against 23-76 ms at
# 200,000 articles, and its scans (scheme, in-step) were no slower.
# `search_docs` too: a search reads its page's ~10 documents by docid (`search.DOCS_BY_ID`); in
# 122,880-row groups that read ~8 whole groups at a million articles (the join it replaced read
# all 1M rows, 65-80 ms of a search).
LAKE_ROW_GROUP_ROWS = 2048
# `search_terms` (migration 017 sets it, sorted by term): in 16,384-row groups a query's terms
# are found in ~3 ms at a million articles' dictionary (1.3 M terms), against ~10 ms in 2,048-row
# groups (~630 groups' statistics to check) and 15-18 ms in 122,880; a load's lookup of its day's
# ~5,000 terms reads the whole dictionary whatever the groups, and was no slower (docs/scaling-history.md).
LAKE_TERMS_ROW_GROUP_ROWS = 16384
LAKE_BODY_TABLES = ("articles", "article_versions", "search_documents", "topic_documents", "article_minhash",
                    "search_docs")
LAKE_ROW_GROUP_OPTIONS = f"""
SELECT scope_entry FROM ducklake_options('{LAKE_ALIAS}')
WHERE option_name = 'parquet_row_group_size' AND scope = 'TABLE'
"""
SET_LAKE_ROW_GROUP = f"CALL {LAKE_ALIAS}.set_option('parquet_row_group_size', {LAKE_ROW_GROUP_ROWS}, table_name => ?)"
INSERT_VERSION = "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, now()::TIMESTAMP)"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def available_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migration files in version order; a malformed name or a repeated number is an error."""
    found: dict[int, Migration] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise ValueError(f"migration {path.name}: name must look like 001_initial.sql")
        version = int(match.group(1))
        if version in found:
            raise ValueError(f"migration number {version:03d} used twice ({found[version].path.name}, {path.name})")
        found[version] = Migration(version, match.group(2), path)
    return [found[v] for v in sorted(found)]


def for_kind(script: str, kind: str) -> str:
    """The script as this kind of warehouse accepts it (DuckLake: without key constraints,
    indexes or the parts marked DUCKDB ONLY; a DuckDB file: without the parts marked DUCKLAKE ONLY)."""
    if kind != DUCKLAKE:
        return _DUCKLAKE_ONLY.sub("", script)
    return _INDEX.sub("", _COLUMN_KEY.sub("", _TABLE_KEY.sub("", _DUCKDB_ONLY.sub("", script))))


def applied_versions(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Versions already recorded in `schema_version` (creating that table if needed)."""
    con.execute(for_kind(CREATE_SCHEMA_VERSION, connection_kind(con)))
    return [row[0] for row in con.execute(SELECT_APPLIED).fetchall()]


def pending_migrations(con: duckdb.DuckDBPyConnection, directory: Path = MIGRATIONS_DIR) -> list[int]:
    """Versions not applied yet, read without writing anything (works on a read-only connection)."""
    exists = con.execute(SCHEMA_VERSION_EXISTS).fetchone()[0]  # type: ignore[index]  # a row, always
    done = {row[0] for row in con.execute(SELECT_APPLIED).fetchall()} if exists else set()
    return [m.version for m in available_migrations(directory) if m.version not in done]


def migrate(con: duckdb.DuckDBPyConnection, directory: Path = MIGRATIONS_DIR,
            views: Path | None = VIEWS_DIR) -> list[int]:
    """Apply the migrations not yet applied, in order, then bring the views in step (from
    `views`; None leaves them: a test making an old release's warehouse); return the
    versions applied now.

    Running it again is a no-op (returns [], and writes nothing when the views are current),
    so every writer can call it on connect. After a table migration the views are re-created
    even if they look current: a view binds the columns it read when it was made.
    Two writers migrating one DuckLake at once conflict; the loser starts over from what the
    winner committed (`retry_conflicts`).
    """
    return retry_conflicts(lambda: _migrate_once(con, directory, views), "migrate", also=_created_by_another)


def _created_by_another(exc: BaseException) -> bool:
    """A DuckLake migration whose table another writer created (and recorded) meanwhile:
    DuckLake reports it as "already exists", not as a conflict. `migrate` starts over and
    finds the migration applied."""
    return isinstance(exc, duckdb.CatalogException) and "already exists" in str(exc)


def _migrate_once(con: duckdb.DuckDBPyConnection, directory: Path, views: Path | None) -> list[int]:
    done = set(applied_versions(con))
    applied: list[int] = []
    for migration in available_migrations(directory):
        if migration.version in done:
            continue
        if _apply(con, migration):
            applied.append(migration.version)
    if views is not None:
        apply_views(con, views, force=bool(applied))
    if is_lake(con):
        _lake_row_groups(con)
    return applied


def _lake_row_groups(con: duckdb.DuckDBPyConnection) -> None:
    """Set the row-group size of the DuckLake tables with bodies (and signatures) where it is not
    set yet (a catalog write only then: a current lake reads one catalog query)."""
    present = {row[0] for row in con.execute(LAKE_ROW_GROUP_OPTIONS).fetchall()}
    tables = {row[0] for row in con.execute(LAKE_TABLES).fetchall()}
    for table in LAKE_BODY_TABLES:
        if table in tables and f"main.{table}" not in present:
            con.execute(SET_LAKE_ROW_GROUP, [table])


def _apply(con: duckdb.DuckDBPyConnection, migration: Migration) -> bool:
    """Apply one migration with its schema_version row; False when (on DuckLake) another writer
    recorded it since `applied_versions` was read."""
    lake = is_lake(con)
    script = for_kind(migration.path.read_text(encoding="utf-8"), DUCKLAKE if lake else "duckdb")
    con.begin()
    try:
        if lake:
            if con.execute(VERSION_RECORDED, [migration.version]).fetchone()[0]:  # type: ignore[index]  # a row
                con.rollback()
                return False
            con.execute(TOUCH_NEWEST_VERSION)
        con.execute(script)
        con.execute(INSERT_VERSION, [migration.version, migration.name])
        con.commit()
    except Exception as exc:
        rollback_quietly(con)
        if is_conflict(exc) or (lake and _created_by_another(exc)):
            raise  # another writer migrated first: `migrate` starts over
        raise RuntimeError(f"migration {migration.path.name} failed: {exc}") from exc
    return True


def open_for_write(path: Path | str | None = None, timeout_s: float = 30.0) -> duckdb.DuckDBPyConnection:
    """The writer's connection: wait for the lock, then bring the schema up to date."""
    con = connect_with_retry(path, read_only=False, timeout_s=timeout_s)
    try:
        migrate(con)
    except Exception:
        con.close()
        raise
    return con


def needs_upgrade(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether migrations are pending or the views differ from this newsmon's (read only)."""
    return bool(pending_migrations(con)) or views_stale(con)


def upgrade_if_needed(path: Path | str | None = None, timeout_s: float = 30.0,
                      on_wait: Callable[[str], None] | None = None) -> list[int]:
    """Bring an older warehouse up to date before a reader uses it; return the versions applied.

    Readers open read-only and cannot migrate, so a warehouse made by an older newsmon would
    lack the newer tables and views until the next load. This checks read-only first (cheap,
    no lock held for long) and only opens for writing when something is pending.
    """
    con = connect_with_retry(path, read_only=True, timeout_s=timeout_s, on_wait=on_wait)
    try:
        if not needs_upgrade(con):
            return []
    finally:
        con.close()
    writer = connect_with_retry(path, read_only=False, timeout_s=timeout_s, on_wait=on_wait)
    try:
        return migrate(writer)
    finally:
        writer.close()
