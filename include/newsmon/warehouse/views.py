"""The warehouse's views: one `.sql` file per view in `sql/views/`, re-created, never migrated.

Why not numbered migrations: a view holds no data, so changing a mart should be an edit of
its file, reviewed like code, not a new migration that re-states the whole view. Numbered
migrations (migrate.py) are for tables; after them, `apply_views` brings the views in step.

The layers (tests/unit/test_warehouse_views.py keeps them):
- `stg_*` views are the only ones that read tables: they key and clean each table once;
- `mart_*` views read only `stg_*` views: they answer the report's questions and are what
  `newsmon export` writes. The report reads only marts, so it and the export agree.

A file `<name>.sql` holds exactly one `CREATE OR REPLACE VIEW <name> AS ...`. Files are
applied in dependency order (a view that names another comes after it), all of them in one
transaction, so a reader never meets half a set of views.

Each view is stamped with the digest of the whole set (`COMMENT ON VIEW`): a warehouse whose
views carry another stamp (an older or newer newsmon's, or none: made by a migration before
views moved here) is stale. Checking is one read, so a writer re-creates views only when they
differ, and a read-only reader can tell that it must upgrade first (`views_stale`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from newsmon.warehouse.connection import is_conflict, rollback_quietly

VIEWS_DIR = Path(__file__).resolve().parent / "sql" / "views"
OWNED_PREFIXES = ("stg_", "mart_")  # views of these names are newsmon's: one not in the folder goes
# Views older releases created that are gone (nothing used them); dropped wherever they remain.
RETIRED_VIEWS = ("articles_per_date_language", "dq_pass_rates", "fetch_outcomes")
STAMP_PREFIX = "newsmon views "

_FILE_NAME = re.compile(r"^([a-z][a-z0-9_]*)\.sql$")
_CREATES = re.compile(r"\bCREATE\s+OR\s+REPLACE\s+VIEW\s+([a-z][a-z0-9_]*)\s+AS\b", re.IGNORECASE)
_COMMENT = re.compile(r"--[^\n]*")
_OWNED_NAME = re.compile(r"\b(?:stg|mart)_[a-z0-9_]+\b")

LIST_VIEWS = """
SELECT view_name, comment FROM duckdb_views()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
"""
DROP_VIEW = "DROP VIEW IF EXISTS {name}"
STAMP_VIEW = "COMMENT ON VIEW {name} IS '{stamp}'"


@dataclass(frozen=True)
class View:
    """One view file: its name, its SQL, and the other views it reads."""

    name: str
    sql: str
    reads: frozenset[str]

    @property
    def layer(self) -> str:
        return self.name.split("_", 1)[0]


def available_views(directory: Path = VIEWS_DIR) -> list[View]:
    """The view files in an order that creates every view after the views it reads.

    A file that does not create the view its name says, or views that read each other in a
    circle, are errors (found when the files are read, before any warehouse is touched).
    """
    found: dict[str, str] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _FILE_NAME.match(path.name)
        sql = path.read_text(encoding="utf-8")
        creates = _CREATES.findall(sql)
        if not match or creates != [match.group(1)]:
            raise ValueError(f"view file {path.name}: must hold one CREATE OR REPLACE VIEW named as the file")
        found[match.group(1)] = sql
    views = {name: View(name, sql, frozenset(_OWNED_NAME.findall(_COMMENT.sub("", sql))) & set(found) - {name})
             for name, sql in found.items()}
    return _dependency_order(views)


def _dependency_order(views: dict[str, View]) -> list[View]:
    """Staging before marts, names in order, each view after the views it reads."""
    ordered: list[View] = []
    placed: set[str] = set()
    pending = sorted(views.values(), key=lambda v: (v.layer != "stg", v.name))
    while pending:
        ready = [v for v in pending if v.reads <= placed]
        if not ready:
            raise ValueError("views read each other in a circle: " + ", ".join(v.name for v in pending))
        ordered.append(ready[0])
        placed.add(ready[0].name)
        pending.remove(ready[0])
    return ordered


def stamp(views: list[View]) -> str:
    """The digest of a set of views (names, SQL and the retired names): what each view is stamped with."""
    digest = hashlib.sha256()
    for view in sorted(views, key=lambda v: v.name):
        digest.update(f"{view.name}\0{view.sql}\0".encode())
    digest.update("\0".join(RETIRED_VIEWS).encode())
    return STAMP_PREFIX + digest.hexdigest()[:16]


def views_stale(con: duckdb.DuckDBPyConnection, directory: Path = VIEWS_DIR) -> bool:
    """Whether the warehouse's views differ from the folder's (read only: works on a reader).

    Stale: a view missing or stamped otherwise, a retired view still there, or a `stg_`/`mart_`
    view the folder no longer has.
    """
    views = available_views(directory)
    expected, current = stamp(views), dict(con.execute(LIST_VIEWS).fetchall())
    names = {v.name for v in views}
    return bool(_gone(current, names)) or any(current.get(name) != expected for name in names)


def apply_views(con: duckdb.DuckDBPyConnection, directory: Path = VIEWS_DIR, force: bool = False) -> bool:
    """Re-create every view of the folder (CREATE OR REPLACE, in order) and drop the ones that
    went, in one transaction, when the warehouse's views are stale (or `force`, e.g. after a
    table migration, which may change what a view reads). Returns whether it did."""
    if not force and not views_stale(con, directory):
        return False
    views = available_views(directory)
    gone = _gone([row[0] for row in con.execute(LIST_VIEWS).fetchall()], {v.name for v in views})
    marker = stamp(views)
    con.begin()
    try:
        for name in gone:
            con.execute(DROP_VIEW.format(name=_quoted(name)))
        for view in views:
            con.execute(view.sql)
            con.execute(STAMP_VIEW.format(name=view.name, stamp=marker))
        con.commit()
    except Exception as exc:
        rollback_quietly(con)
        if is_conflict(exc):  # another writer re-created them at the same moment: `migrate` retries
            raise
        raise RuntimeError(f"views: re-creating them failed, the previous views stay: {exc}") from exc
    return True


def _gone(current: Iterable[str], names: set[str]) -> list[str]:
    """Views of the warehouse that newsmon made and the folder no longer has."""
    return sorted(n for n in current if n not in names and (n in RETIRED_VIEWS or n.startswith(OWNED_PREFIXES)))


def _quoted(name: str) -> str:
    """A name read from the catalog as a quoted identifier (whoever made the view chose it)."""
    return '"' + name.replace('"', '""') + '"'
