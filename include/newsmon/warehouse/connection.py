"""The one way newsmon reaches the DuckDB warehouse.

Everything (pipeline, CLI, report, plugin) connects through `connect` / `connect_with_retry`,
so moving the tables elsewhere (e.g. DuckLake) is a change here, not everywhere.

DuckDB lets one process hold the file for writing, and while it does no other process can
open it, not even read-only ("Could not set lock on file"). Writers are serialised by an
Airflow pool; readers and the odd concurrent writer wait here with backoff instead of failing
on the first try.

Two kinds of warehouse, chosen by configuration (see `warehouse_kind`):
- "duckdb" (default): one DuckDB file;
- "ducklake": the same tables in DuckLake, a catalog plus Parquet data files, attached to an
  in-memory DuckDB session as `lake` and made the default catalog, so every query text stays
  the same. The catalog is a local DuckDB file (`ducklake:/x/meta.ducklake`: one machine) or a
  PostgreSQL database (`ducklake:postgres:dbname=lake host=db user=newsmon password=...`, libpq's
  keyword/value spelling, as DuckLake writes it: many writers on many machines), whose Parquet
  files go to $NEWSMON_LAKE_DATA (default `$NEWSMON_HOME/lake.files/`).
Extensions (fts, ducklake, postgres) are loaded offline from the pinned `duckdb-extension-*`
packages (`load_extension`): never downloaded.

A PostgreSQL catalog's credentials never enter the ATTACH text: they go into a temporary DuckDB
secret that the ATTACH names, so that neither `duckdb_databases()` (which a reader's SQL can
select) nor an error message quotes the password, and every message naming the location shows
it masked (`shown`). Without a password in the setting, libpq's own PGPASSWORD / PGPASSFILE apply.

Every read-only connection is a sandbox (`_lock_down`), because readers run text a person typed
(`newsmon sql`) or sent (the plugin's search API): no file or network access beyond the
warehouse itself (`enable_external_access=false`; DuckLake's data directory stays readable
through `allowed_directories`), no extension installed or loaded on demand, no spilling to
disk, memory and threads bounded (`ReaderLimits`, from $NEWSMON_READER_MEMORY_LIMIT and
$NEWSMON_READER_THREADS), and the configuration locked so that a query cannot `SET` its way
out. What a reader needs (the DuckLake extension, the ATTACH) happens before the lock.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from newsmon.redaction import mask_passwords

DEFAULT_HOME = "./data"
WAREHOUSE_FILE = "warehouse.duckdb"
_LOCK_MESSAGES = ("could not set lock on file", "conflicting lock")
_FIRST_DELAY_S = 0.05
_MAX_DELAY_S = 1.0
KIND_ENV = "NEWSMON_WAREHOUSE_KIND"
DUCKDB, DUCKLAKE = "duckdb", "ducklake"
DUCKLAKE_PREFIX = "ducklake:"
LAKE_ALIAS = "lake"
EXTENSIONS_DIR = "duckdb_extensions"  # under NEWSMON_HOME: where offline installs are unpacked
SET_NO_AUTOINSTALL = "SET autoinstall_known_extensions = false"
SET_NO_AUTOLOAD = "SET autoload_known_extensions = false"
SET_EXTENSION_DIRECTORY = "SET extension_directory = ?"
# ATTACH takes no parameters: the two paths (configuration, not query text) go in as quoted literals.
ATTACH_DUCKLAKE = "ATTACH {catalog} AS " + LAKE_ALIAS + " (DATA_PATH {data})"
ATTACH_DUCKLAKE_READ_ONLY = "ATTACH {catalog} AS " + LAKE_ALIAS + " (DATA_PATH {data}, READ_ONLY)"
USE_LAKE = f"USE {LAKE_ALIAS}"
# A lake session keeps the Parquet footers it has read (DuckDB's default reads a file's footer,
# its row groups' statistics, again for every statement): a search reads the same few big files
# of `search_postings`, `search_docs` and `articles` statement after statement, 3-7 ms a statement
# at a million articles. Safe: DuckLake never rewrites a file in place (new data, new names).
SET_METADATA_CACHE = "SET parquet_metadata_cache = true"
# A hash join whose build side holds at most this many distinct keys pushes them into the probe
# side's scan as an `IN` filter, which the Parquet reader checks against each row group's
# statistics (DuckDB's default: 50). A search on DuckLake joins its ranked documents, up to
# `search.TOP_DOCS_CAP` of them, with `search_docs` (`search.TOP_DOCS_DATED`); when more than 50
# share the page's floor (ties: a one-word query's documents of equal length and tf) only the
# docids' min and max reached the scan, which then read every row group of `search_docs`: at a
# million articles 978,360 rows, 46 ms of a 77 ms ranking, against 11 ms for the row groups of
# the 96 docids with the filter (docs/scaling-history.md). The same number as that cap, so every page
# of ranked documents is pushed.
LAKE_OR_FILTER_KEYS = 500
SET_OR_FILTER_KEYS = f"SET dynamic_or_filter_threshold = {LAKE_OR_FILTER_KEYS}"
# The current database's kind and path (a lake's catalog: what a search's per-lake cache is keyed by).
CURRENT_KIND = "SELECT type, path FROM duckdb_databases() WHERE database_name = current_database()"
ATTACH_DUCKLAKE_POSTGRES = ("ATTACH {catalog} AS " + LAKE_ALIAS
                            + " (DATA_PATH {data}, METADATA_PARAMETERS MAP {{'SECRET': '{secret}'}}{read_only})")
_KNOWN_EXTENSIONS = frozenset({"fts", "ducklake", "postgres"})
# A PostgreSQL catalog: `ducklake:postgres:<libpq keyword=value ...>`.
POSTGRES_CATALOG = "postgres:"
LAKE_DATA_ENV = "NEWSMON_LAKE_DATA"
LAKE_DATA_DEFAULT = "lake.files"  # under NEWSMON_HOME
_LAKE_INIT_RACE = "Failed to initialize DuckLake"  # another writer created the catalog's tables first
_NO_LAKE_YET = "creating a new DuckLake is explicitly disabled"  # DuckLake's words for a read-only ATTACH of nothing
CATALOG_SECRET_NAME = "newsmon_catalog"  # noqa: S105 - the DuckDB secret's name, not a secret
# libpq keywords that go into the secret (the rest, e.g. sslmode, stay in the ATTACH text);
# DuckDB's postgres secret calls dbname `database`.
_SECRET_KEYS = {"host": "HOST", "port": "PORT", "dbname": "DATABASE", "user": "USER", "password": "PASSWORD"}
CREATE_CATALOG_SECRET = "CREATE OR REPLACE TEMPORARY SECRET " + CATALOG_SECRET_NAME + " (TYPE postgres{fields})"
_LIBPQ_PAIR = re.compile(r"\s*([A-Za-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'|[^\s']*)")

# The reader sandbox (see the module docstring). Settings DuckDB takes only at start go in the
# connect config; the rest is SET once the reader has what it needs, then locked.
READER_MEMORY_ENV = "NEWSMON_READER_MEMORY_LIMIT"
READER_THREADS_ENV = "NEWSMON_READER_THREADS"
DEFAULT_READER_MEMORY = "1GB"
DEFAULT_READER_THREADS = 2
# A search's own reader (`search.search` without a connection) runs on one thread unless
# $NEWSMON_SEARCH_THREADS says otherwise: a search is a few small statements (a ranking over
# 10^4-10^5 postings, a page of 10 rows), and DuckDB's second thread cost more than it gave.
# With the bench's 50 queries at 400,000 articles (docs/scaling-history.md), one thread against two:
# CPU p95 77-85 against 132-137 ms on DuckLake and 27-30 against 40-42 ms on a DuckDB file,
# the same pages; the marts and `newsmon sql` keep the readers' two.
SEARCH_THREADS_ENV = "NEWSMON_SEARCH_THREADS"
DEFAULT_SEARCH_THREADS = 1
SET_THREADS = "SET threads = ?"
CURRENT_THREADS = "SELECT current_setting('threads')"
_MEMORY_SIZE = re.compile(r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$", re.IGNORECASE)
SET_ALLOWED_DIRECTORIES = "SET allowed_directories = ?"
SET_UTC = "SET TimeZone = 'UTC'"
SET_GLOBAL_UTC = "SET GLOBAL TimeZone = 'UTC'"  # GLOBAL: a second reader of the same file inherits it
SET_NO_EXTERNAL_ACCESS = "SET enable_external_access = false"
SET_LOCK_CONFIGURATION = "SET lock_configuration = true"
SANDBOX_STATE = ("SELECT current_setting('enable_external_access'), current_setting('lock_configuration'), "
                 "current_setting('allowed_directories')")
_LOCKDOWN = threading.Lock()  # readers of one file in one process share a DuckDB instance


class WarehouseError(RuntimeError):
    """A problem reaching the warehouse, phrased for an operator in one line."""


class WarehouseBusy(WarehouseError):
    """Another process held the warehouse lock for longer than we were willing to wait."""


class WarehouseMissing(WarehouseError):
    """A read-only open of a warehouse file that does not exist yet."""


@dataclass(frozen=True)
class ReaderLimits:
    """Memory and threads one reader's DuckDB may use: a query that needs more memory fails
    with DuckDB's out-of-memory error instead of taking the machine (readers never spill)."""

    memory_limit: str = DEFAULT_READER_MEMORY
    threads: int = DEFAULT_READER_THREADS

    def __post_init__(self) -> None:
        if not _MEMORY_SIZE.match(str(self.memory_limit)):
            raise WarehouseError(f"memory limit {self.memory_limit!r}: give a size such as 512MB or 2GB")
        if isinstance(self.threads, bool) or not isinstance(self.threads, int) or not 1 <= self.threads <= 256:
            raise WarehouseError(f"threads {self.threads!r}: give a whole number from 1 to 256")

    @classmethod
    def from_env(cls, memory_limit: str | None = None, threads: int | None = None) -> ReaderLimits:
        """Explicit values first, then $NEWSMON_READER_MEMORY_LIMIT / $NEWSMON_READER_THREADS, then defaults."""
        memory = memory_limit or os.environ.get(READER_MEMORY_ENV, "").strip() or DEFAULT_READER_MEMORY
        if threads is None:
            raw = os.environ.get(READER_THREADS_ENV, "").strip()
            try:
                threads = int(raw) if raw else DEFAULT_READER_THREADS
            except ValueError:
                raise WarehouseError(f"{READER_THREADS_ENV}={raw!r}: give a whole number from 1 to 256") from None
        try:
            return cls(memory, threads)
        except WarehouseError as exc:
            names = (READER_MEMORY_ENV, READER_THREADS_ENV) if memory_limit is None else ()
            raise WarehouseError(f"{exc} ({' / '.join(names)})" if names else str(exc)) from None

    @classmethod
    def for_search(cls) -> ReaderLimits:
        """A search's reader: the readers' memory limit, $NEWSMON_SEARCH_THREADS threads
        (default `DEFAULT_SEARCH_THREADS`: see there why one)."""
        raw = os.environ.get(SEARCH_THREADS_ENV, "").strip()
        if raw and not (raw.isdigit() and 1 <= int(raw) <= 256):
            raise WarehouseError(f"{SEARCH_THREADS_ENV}={raw!r}: give a whole number from 1 to 256")
        return cls.from_env(threads=int(raw) if raw else DEFAULT_SEARCH_THREADS)

    def config(self) -> dict[str, str | bool | int | float | list[str]]:
        """DuckDB start-up settings of a reader: no extension fetched or loaded on demand, no
        spilling to disk (temp_directory ''), bounded memory and threads."""
        return {"autoinstall_known_extensions": False, "autoload_known_extensions": False,
                "memory_limit": self.memory_limit.strip(), "threads": self.threads, "temp_directory": ""}


def default_warehouse_path() -> Path:
    """`$NEWSMON_WAREHOUSE`, else `$NEWSMON_HOME/warehouse.duckdb` (NEWSMON_HOME defaults to ./data)."""
    explicit = os.environ.get("NEWSMON_WAREHOUSE")
    if explicit:
        return Path(explicit).expanduser().resolve()
    home = Path(os.environ.get("NEWSMON_HOME", DEFAULT_HOME)).expanduser()
    return (home / WAREHOUSE_FILE).resolve()


def warehouse_kind(path: Path | str | None = None) -> str:
    """"ducklake" when `path` (or $NEWSMON_WAREHOUSE) starts with `ducklake:` or
    $NEWSMON_WAREHOUSE_KIND says so; else "duckdb"."""
    explicit = str(path) if path is not None else os.environ.get("NEWSMON_WAREHOUSE", "")
    if explicit.startswith(DUCKLAKE_PREFIX) or f"/{DUCKLAKE_PREFIX}" in explicit:
        return DUCKLAKE
    kind = os.environ.get(KIND_ENV, DUCKDB).strip().lower() or DUCKDB
    if kind not in (DUCKDB, DUCKLAKE):
        raise WarehouseError(f"{KIND_ENV}={kind!r}: must be {DUCKDB!r} or {DUCKLAKE!r}")
    return kind


def ducklake_paths(path: Path | str | None = None) -> tuple[Path, Path]:
    """(catalog file, data directory) of a DuckLake warehouse.

    `ducklake:/x/meta.ducklake` names the catalog exactly; otherwise the catalog sits beside
    the DuckDB path with the suffix `.ducklake` (e.g. data/warehouse.ducklake). Parquet data
    goes to the directory `<catalog>.files/`.
    """
    raw = str(path) if path is not None else os.environ.get("NEWSMON_WAREHOUSE") or str(default_warehouse_path())
    if DUCKLAKE_PREFIX in raw:  # also a `ducklake:` path that Path.resolve() glued to the cwd
        catalog = Path(raw.split(DUCKLAKE_PREFIX, 1)[1]).expanduser().resolve()
    else:
        catalog = Path(raw).expanduser().resolve().with_suffix(".ducklake")
    return catalog, catalog.with_name(catalog.name + ".files")


@dataclass(frozen=True)
class PostgresCatalog:
    """A DuckLake catalog in PostgreSQL, from `ducklake:postgres:<libpq keyword=value ...>`:
    the keywords the DuckDB secret holds (host, port, dbname, user, password) and the rest as written."""

    secret: dict[str, str]
    rest: str


def postgres_catalog(path: Path | str | None = None) -> PostgresCatalog | None:
    """The PostgreSQL catalog `path` (or $NEWSMON_WAREHOUSE) names, or None for any other warehouse."""
    raw = str(path) if path is not None else os.environ.get("NEWSMON_WAREHOUSE", "")
    if DUCKLAKE_PREFIX not in raw:
        return None
    spec = raw.split(DUCKLAKE_PREFIX, 1)[1]  # also a `ducklake:` path that Path.resolve() glued to the cwd
    if not spec.startswith(POSTGRES_CATALOG):
        return None
    return _parse_libpq(spec[len(POSTGRES_CATALOG):], raw)


def _parse_libpq(text: str, whole: str) -> PostgresCatalog:
    """libpq keyword/value pairs (`key=value`, `key='quoted \\' value'`), split into secret and rest."""
    secret: dict[str, str] = {}
    rest: list[str] = []
    pos, end = 0, len(text.rstrip())
    while pos < end:
        match = _LIBPQ_PAIR.match(text, pos)
        if match is None or match.end() == pos:
            raise WarehouseError(f"warehouse {shown(whole)}: the PostgreSQL catalog must be libpq keyword=value "
                                 f"pairs (e.g. ducklake:postgres:dbname=lake host=db user=newsmon)")
        key, value = match.group(1).lower(), match.group(2)
        if value.startswith("'"):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        if key in _SECRET_KEYS:
            secret[key] = value
        else:
            rest.append(match.group(0).strip())
        pos = match.end()
    if "dbname" not in secret:
        raise WarehouseError(f"warehouse {shown(whole)}: the PostgreSQL catalog names no database (dbname=...)")
    return PostgresCatalog(secret=secret, rest=" ".join(rest))


def lake_data_dir() -> Path:
    """Where a PostgreSQL-catalogued DuckLake keeps its Parquet files: $NEWSMON_LAKE_DATA, else
    $NEWSMON_HOME/lake.files (every worker must see the same directory: a shared volume)."""
    explicit = os.environ.get(LAKE_DATA_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser().resolve()
    return (Path(os.environ.get("NEWSMON_HOME", DEFAULT_HOME)).expanduser() / LAKE_DATA_DEFAULT).resolve()


def extensions_dir() -> Path:
    """Where offline extension installs are unpacked: $NEWSMON_HOME/duckdb_extensions."""
    return (Path(os.environ.get("NEWSMON_HOME", DEFAULT_HOME)).expanduser() / EXTENSIONS_DIR).resolve()


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Load a DuckDB extension from its pinned Python package, never from the network.

    `duckdb-extension-<name>` ships the binary; `duckdb_extensions.import_extension` installs it
    into our own extension directory and `LOAD` activates it for this connection (~40 ms).
    """
    if name not in _KNOWN_EXTENSIONS:
        raise WarehouseError(f"extension {name!r} is not one newsmon loads")
    from duckdb_extensions import import_extension

    directory = extensions_dir()
    directory.mkdir(parents=True, exist_ok=True)
    con.execute(SET_NO_AUTOINSTALL)
    con.execute(SET_EXTENSION_DIRECTORY, [str(directory)])
    import_extension(name, con=con)
    con.execute(f"LOAD {name}")  # name is one of _KNOWN_EXTENSIONS, never user text


def connection_kind(con: duckdb.DuckDBPyConnection) -> str:
    """The kind of warehouse an open connection points at ("duckdb" or "ducklake")."""
    return kind_and_path(con)[0]


def kind_and_path(con: duckdb.DuckDBPyConnection) -> tuple[str, str | None]:
    """The kind of warehouse an open connection points at ("duckdb" or "ducklake") and its path
    (a lake's: its catalog), in one statement."""
    row = con.execute(CURRENT_KIND).fetchone()
    kind = DUCKLAKE if row and row[0] == DUCKLAKE else DUCKDB
    return kind, (str(row[1]) if row and row[1] is not None else None)


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether an open connection points at a DuckLake (not a DuckDB file)."""
    return connection_kind(con) == DUCKLAKE


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> int:
    """The first column of the first row of a query as an int; 0 for no row or NULL (a count, a sum)."""
    row = con.execute(sql, params).fetchone()
    return int(row[0] or 0) if row else 0


@contextlib.contextmanager
def registered(con: duckdb.DuckDBPyConnection, views: Mapping[str, Any]) -> Iterator[None]:
    """Each table or frame of `views` as a view of that name for the statements run inside,
    unregistered after whatever happens (a view left behind would shadow the next one's)."""
    done = []
    try:
        for name, table in views.items():
            con.register(name, table)
            done.append(name)
        yield
    finally:
        for name in done:
            con.unregister(name)


def connect(
    path: Path | str | None = None,
    read_only: bool = False,
    limits: ReaderLimits | None = None,
    allowed_directories: Sequence[Path | str] = (),
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (created on a read-write open), with session settings newsmon relies on.

    TimeZone is UTC so that timezone-aware timestamps from Python land in TIMESTAMP columns
    as UTC whatever the machine's zone. The kind (DuckDB file or DuckLake) comes from
    `warehouse_kind`. A read-only connection is always sandboxed (module docstring) with
    `limits` (default `ReaderLimits.from_env()`); `allowed_directories` stay reachable in it
    (e.g. the directory `newsmon export` writes to).
    """
    if read_only:
        limits = limits or ReaderLimits.from_env()
    if warehouse_kind(path) == DUCKLAKE:
        return _connect_ducklake(path, read_only, limits, allowed_directories)
    target = Path(path) if path is not None else default_warehouse_path()
    if read_only and not target.exists():
        raise WarehouseMissing(f"warehouse {shown(target)} does not exist yet (run a load first)")
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    if read_only:
        assert limits is not None  # set above for a reader
        con = duckdb.connect(str(target), read_only=True, config=limits.config())
        try:
            _lock_down(con, allowed_directories)
        except Exception:
            con.close()
            raise
        return con
    con = duckdb.connect(str(target))
    try:
        con.execute(SET_UTC)
    except Exception:
        con.close()
        raise
    if not read_only and os.environ.get(CRASH_ENV):
        return _CrashingConnection(con, int(os.environ[CRASH_ENV]))  # type: ignore[return-value]
    return con


def _connect_ducklake(path: Path | str | None, read_only: bool, limits: ReaderLimits | None,
                      allowed_directories: Sequence[Path | str]) -> duckdb.DuckDBPyConnection:
    """An in-memory session with the DuckLake catalog attached as `lake` and in use.

    A reader loads the extension and attaches first, then locks down with the lake's data
    directory (its Parquet files) as the one place it may still read."""
    pg = postgres_catalog(path)
    if pg is not None:
        return _connect_ducklake_postgres(pg, path, read_only, limits, allowed_directories)
    catalog, data = ducklake_paths(path)
    if read_only and not catalog.exists():
        raise WarehouseMissing(f"warehouse {shown(f'{DUCKLAKE_PREFIX}{catalog}')} does not exist yet "
                               "(run a load first)")
    catalog.parent.mkdir(parents=True, exist_ok=True)
    attach = ATTACH_DUCKLAKE_READ_ONLY if read_only else ATTACH_DUCKLAKE
    sql = attach.format(catalog=sql_literal(f"{DUCKLAKE_PREFIX}{catalog}"), data=sql_literal(f"{data}/"))
    return _open_lake(data, read_only, limits, allowed_directories, lambda con: con.execute(sql))


def _open_lake(data: Path, read_only: bool, limits: ReaderLimits | None, allowed_directories: Sequence[Path | str],
               attach: Callable[[duckdb.DuckDBPyConnection], Any]) -> duckdb.DuckDBPyConnection:
    """An in-memory session in UTC with the ducklake extension, Parquet footers cached
    (`SET_METADATA_CACHE`) and joins' keys pushed into scans up to `LAKE_OR_FILTER_KEYS`,
    `attach(con)` attaching the catalog as `lake`, then `lake` in use (a reader locked down to
    `data` and its allowed directories); closed again if any of that fails."""
    data.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config=limits.config()) if read_only and limits else duckdb.connect()
    try:
        con.execute(SET_UTC)
        con.execute(SET_METADATA_CACHE)
        con.execute(SET_OR_FILTER_KEYS)
        load_extension(con, "ducklake")
        attach(con)
        con.execute(USE_LAKE)
        if read_only:
            _lock_down(con, [data, *allowed_directories])
    except Exception:
        con.close()
        raise
    return con


def _connect_ducklake_postgres(pg: PostgresCatalog, path: Path | str | None, read_only: bool,
                               limits: ReaderLimits | None,
                               allowed_directories: Sequence[Path | str]) -> duckdb.DuckDBPyConnection:
    """DuckLake with its catalog in PostgreSQL: the credentials in a temporary secret, the ATTACH
    naming the secret (module docstring); a failed ATTACH is one line with the password masked."""
    data = lake_data_dir()
    fields = "".join(f", {_SECRET_KEYS[key]} {sql_literal(value)}" for key, value in pg.secret.items())
    attach = ATTACH_DUCKLAKE_POSTGRES.format(
        catalog=sql_literal(f"{DUCKLAKE_PREFIX}{POSTGRES_CATALOG}{pg.rest}"), data=sql_literal(f"{data}/"),
        secret=CATALOG_SECRET_NAME, read_only=", READ_ONLY" if read_only else "")

    def attach_catalog(con: duckdb.DuckDBPyConnection) -> None:
        load_extension(con, "postgres")
        con.execute(CREATE_CATALOG_SECRET.format(fields=fields))
        try:
            _attach_first_or_after_another(con, attach)
        except duckdb.Error as exc:
            where = path if path is not None else os.environ.get("NEWSMON_WAREHOUSE", "")
            if read_only and _NO_LAKE_YET in str(exc):  # a reader before the first load, as for a missing file
                raise WarehouseMissing(f"warehouse {shown(where)} does not exist yet (run a load first)") from None
            detail = mask_passwords(" ".join(str(exc).split()))
            raise WarehouseError(f"warehouse {shown(where)}: cannot attach the PostgreSQL catalog: {detail}") from None

    return _open_lake(data, read_only, limits, allowed_directories, attach_catalog)


def _attach_first_or_after_another(con: duckdb.DuckDBPyConnection, attach: str, attempts: int = 5) -> None:
    """ATTACH, again when another worker was creating the same new lake at that moment.

    The first ATTACH of an empty catalog database creates DuckLake's tables; two workers' first
    loads at once race there and the loser fails with PostgreSQL's "already exists" / duplicate
    key. A moment later the lake exists and the same ATTACH simply opens it."""
    for attempt in range(1, attempts + 1):
        try:
            con.execute(attach)
            return
        except duckdb.Error as exc:
            if _LAKE_INIT_RACE not in str(exc) or attempt == attempts:
                raise
            log.warning("DuckLake catalog being created by another writer (attempt %d of %d); attaching again",
                        attempt, attempts)
            time.sleep(0.2 * attempt * random.uniform(0.5, 1.5))  # noqa: S311 - jitter


def _lock_down(con: duckdb.DuckDBPyConnection, allowed_directories: Sequence[Path | str] = ()) -> None:
    """Close a reader's way out: external access off (but `allowed_directories`), UTC, and the
    configuration locked so that no later `SET` / `RESET` / `PRAGMA` can undo it.

    Readers of one DuckDB file in one process share a DuckDB instance, whose settings are
    global: a second reader finds the instance locked already and only checks that it is the
    sandbox it asked for (it cannot SET anything any more, nor does it need to).
    """
    wanted = sorted(_directory(d) for d in allowed_directories)
    with _LOCKDOWN:
        external, locked, allowed = con.execute(SANDBOX_STATE).fetchone()  # type: ignore[misc]  # a row, always
        if str(locked).lower() == "true":
            if str(external).lower() != "false" or not set(wanted) <= set(_as_list(allowed)):
                raise WarehouseError("the warehouse is already open in this process with other settings; "
                                     "close that connection first")
            return
        if wanted:
            con.execute(SET_ALLOWED_DIRECTORIES, [wanted])
        con.execute(SET_GLOBAL_UTC)
        con.execute(SET_UTC)
        con.execute(SET_NO_EXTERNAL_ACCESS)
        con.execute(SET_LOCK_CONFIGURATION)


def _directory(path: Path | str) -> str:
    """A directory as `allowed_directories` wants it: absolute, with a trailing slash (so that
    /data/x does not also allow /data/xy)."""
    return str(Path(path).expanduser().resolve()).rstrip("/") + "/"


def _as_list(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else []


def connect_with_retry(
    path: Path | str | None = None,
    read_only: bool = False,
    timeout_s: float = 30.0,
    on_wait: Callable[[str], None] | None = None,
    limits: ReaderLimits | None = None,
    allowed_directories: Sequence[Path | str] = (),
) -> duckdb.DuckDBPyConnection:
    """`connect`, retrying with backoff while another process holds the file lock.

    `on_wait` is called once, with a one-line message, when the first attempt finds the file
    locked (the CLI prints it to stderr so a person knows why nothing happens yet).
    Raises `WarehouseBusy` (one line, naming the holder when DuckDB says who) after `timeout_s`.
    Other errors are not retried. `limits` and `allowed_directories`: see `connect`.
    """
    target: Path | str = path if path is not None else default_warehouse_path()
    if warehouse_kind(target) == DUCKDB:
        target = Path(target)
    deadline = time.monotonic() + timeout_s
    delay = _FIRST_DELAY_S
    told = False
    while True:
        try:
            return connect(target, read_only=read_only, limits=limits, allowed_directories=allowed_directories)
        except (duckdb.IOException, duckdb.Error) as exc:
            if not is_lock_error(exc):
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WarehouseBusy(_busy_message(target, timeout_s, str(exc))) from exc
            if on_wait is not None and not told:
                on_wait(_waiting_message(target, timeout_s, str(exc)))
                told = True
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, _MAX_DELAY_S)


def shown(target: Path | str) -> str:
    """A warehouse location as messages may show it: a password in it replaced by ***
    (messages reach logs, alerts and task failure lines that many people read)."""
    return mask_passwords(str(target))


_T = TypeVar("_T")
log = logging.getLogger("newsmon.warehouse")
CONFLICT_ATTEMPTS = 10
_CONFLICT_FIRST_DELAY_S = 0.1
_CONFLICT_MAX_DELAY_S = 3.0


# PostgreSQL's serialization failure (SQLSTATE 40001), as a DuckLake catalog there passes it on:
# two writers setting one catalog row at once (the first loads of a new lake each setting its
# tables' options) lose to each other so.
_SERIALIZATION_FAILURE = "could not serialize access"


def is_conflict(exc: BaseException) -> bool:
    """True for a commit that lost to another writer's (DuckLake: "Transaction conflict ...";
    DuckDB also raises it between two connections of one file; a PostgreSQL catalog's
    serialization failure, whatever DuckDB's class for it)."""
    if isinstance(exc, duckdb.TransactionException) and "conflict" in str(exc).lower():
        return True
    return isinstance(exc, duckdb.Error) and _SERIALIZATION_FAILURE in str(exc)


def retry_conflicts(work: Callable[[], _T], what: str, attempts: int = CONFLICT_ATTEMPTS,
                    sleep: Callable[[float], None] = time.sleep,
                    also: Callable[[BaseException], bool] = lambda exc: False) -> _T:
    """`work()` (one whole transaction: it must begin, write and commit, or roll back itself),
    run again while its commit loses to another writer's, with jittered exponential backoff.

    Only a DuckLake warehouse has concurrent writers (on a DuckDB file the process holding the
    lock is the only writer), so this is what lets two Celery workers load at once: the loser's
    transaction was rolled back whole and re-runs against the winner's committed state. Each
    retry is logged in one line; after `attempts` the conflict is raised as it came. `also`
    names other errors that mean "another writer got there first" (a migration's table).
    """
    delay = _CONFLICT_FIRST_DELAY_S
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except duckdb.Error as exc:
            if not (is_conflict(exc) or also(exc)) or attempt == attempts:
                raise
            wait = delay * random.uniform(0.5, 1.5)  # noqa: S311 - jitter, not a secret
            first_line = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            log.warning("%s: commit conflicted with another writer (attempt %d of %d), retrying in %.2fs: %s",
                        what, attempt, attempts, wait, mask_passwords(first_line))
            sleep(wait)
            delay = min(delay * 2, _CONFLICT_MAX_DELAY_S)
    raise AssertionError("unreachable")  # the loop returns or raises


def rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back after an error without hiding it: when DuckDB has already aborted the
    transaction itself (e.g. a write failed on a full disk), ROLLBACK raises "no transaction is
    active", which would replace the error that says what went wrong."""
    try:
        con.rollback()
    except duckdb.Error:
        pass


def sql_literal(text: str) -> str:
    """`text` as a SQL string literal, for the few statements that take no parameters."""
    return "'" + text.replace("'", "''") + "'"


def is_lock_error(exc: BaseException) -> bool:
    """True for DuckDB's "another process holds the file" error."""
    text = str(exc).lower()
    return any(marker in text for marker in _LOCK_MESSAGES)


def _waiting_message(target: Path | str, timeout_s: float, detail: str) -> str:
    holder = re.search(r"\(PID (\d+)\)", detail)
    who = f" by PID {holder.group(1)}" if holder else ""
    return f"warehouse {shown(target)} is locked{who} (a load is writing); waiting up to {timeout_s:g}s ..."


def _busy_message(target: Path | str, timeout_s: float, detail: str) -> str:
    holder = re.search(r"\(PID (\d+)\)", detail)
    who = f" (held by PID {holder.group(1)})" if holder else ""
    return f"warehouse {shown(target)} is locked by another process{who}; gave up after {timeout_s:g}s"


# -- test-only crash hook (tests/reliability/test_crash.py) ----------------------------------
# With $NEWSMON_TEST_CRASH_AT=N set, a writer connection SIGKILLs its own process just before
# the Nth call (execute / sql / begin / commit / rollback / close) that writer connections of the
# process make, so a test can kill a load at every statement boundary, reproducibly. Unset (as
# everywhere but that test), `connect` returns the plain DuckDB connection and none of this runs.
CRASH_ENV = "NEWSMON_TEST_CRASH_AT"
_CRASH_VERBS = frozenset({"execute", "sql", "begin", "commit", "rollback", "close"})


class _CrashingConnection:
    statements = 0  # per process, across connections

    def __init__(self, con: duckdb.DuckDBPyConnection, at: int) -> None:
        self._con, self._at = con, at

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._con, name)
        if name not in _CRASH_VERBS:
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            _CrashingConnection.statements += 1
            if _CrashingConnection.statements == self._at:
                os.kill(os.getpid(), signal.SIGKILL)
            return attr(*args, **kwargs)
        return counted

    def __enter__(self) -> _CrashingConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self._con.close()
