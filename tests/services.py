"""Throwaway PostgreSQL and Redis servers for tests, from the Debian packages (`make services`).

The production path (docker-compose.yaml) runs Airflow's metadata DB and the Celery result backend
in PostgreSQL, the Celery broker in Redis, and a DuckLake warehouse can keep its catalog in
PostgreSQL. Tests run the real servers: each in a fresh temporary directory, listening on
127.0.0.1 at a free port (PostgreSQL's unix socket in its own directory, not /var/run), with no
persistence beyond the directory, stopped and removed at the end. Nothing of a system service
(a cluster `apt-get install postgresql` may have created and started) is used.

PostgreSQL refuses to run as root: as root (CI) the data directory is given to the `postgres`
user the Debian package creates and the server runs under `runuser -u postgres`; as anyone else
it runs as that user.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
PG_SUPERUSER = "airflow"  # the role docker-compose.yaml's postgres service creates (POSTGRES_USER)
START_TIMEOUT_S = 30.0


class ServiceMissing(RuntimeError):
    """A Debian package the test needs is not installed: `make services` installs it."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bindir() -> Path:
    """The newest PostgreSQL's binaries (Debian: /usr/lib/postgresql/<major>/bin)."""
    found = sorted(Path("/").glob(PG_BIN_GLOB.lstrip("/")), key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    if not found or not (found[-1] / "initdb").exists():
        raise ServiceMissing("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run `make services`")
    return found[-1]


def _run_as() -> list[str]:
    """The prefix that runs a PostgreSQL command as a non-root user when we are root."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


def _wait_for_port(port: int, proc: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited {proc.returncode} at start:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {START_TIMEOUT_S:g}s")


def _stop(proc: subprocess.Popen, timeout_s: float = 20.0) -> None:
    """SIGTERM (PostgreSQL: smart shutdown, then fast after the timeout via SIGINT), then SIGKILL."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@dataclass
class Postgres:
    """A running throwaway PostgreSQL: superuser `airflow` with a random password, TCP on 127.0.0.1."""

    root: Path
    port: int
    password: str
    proc: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def host(self) -> str:
        return "127.0.0.1"

    def url(self, database: str = "postgres", driver: str = "postgresql+psycopg2") -> str:
        """A SQLAlchemy URL (Airflow's `sql_alchemy_conn`); driver `db+postgresql+psycopg2` for Celery's backend."""
        return f"{driver}://{PG_SUPERUSER}:{self.password}@{self.host}:{self.port}/{database}"

    def libpq(self, database: str) -> str:
        """A libpq connection string (DuckDB's postgres extension, DuckLake's catalog)."""
        return f"dbname={database} host={self.host} port={self.port} user={PG_SUPERUSER} password={self.password}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its name."""
        import psycopg2

        con = psycopg2.connect(host=self.host, port=self.port, user=PG_SUPERUSER, password=self.password,
                               dbname="postgres")
        try:
            con.autocommit = True
            with con.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}"')  # noqa: S608 - a test's own identifier
        finally:
            con.close()
        return name


@contextlib.contextmanager
def postgres() -> Iterator[Postgres]:
    """initdb into a temporary directory, start `postgres` on 127.0.0.1:<free port>, stop and remove it after."""
    bindir = pg_bindir()
    root = Path(tempfile.mkdtemp(prefix="newsmon-pg-"))
    password = secrets.token_urlsafe(18)
    data, sock, log = root / "data", root / "sock", root / "postgres.log"
    sock.mkdir()
    (root / "pwfile").write_text(password + "\n", encoding="utf-8")
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        for path in (root, sock, root / "pwfile"):
            os.chown(path, user.pw_uid, user.pw_gid)
    prefix = _run_as()
    init = subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", PG_SUPERUSER,
                           f"--pwfile={root / 'pwfile'}", "--auth-local=trust", "--auth-host=scram-sha-256",
                           "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                          capture_output=True, text=True, timeout=120)
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"initdb failed ({init.returncode}): {init.stderr.strip()[-2000:]}")
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [*prefix, str(bindir / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(port),
             "-k", str(sock), "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
             "-c", "max_connections=200", "-c", "shared_buffers=64MB"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Postgres(root=root, port=port, password=password, proc=proc)
    try:
        _wait_for_port(port, proc, "postgres", log)
        _wait_ready(server)
        yield server
    finally:
        _stop(proc)
        shutil.rmtree(root, ignore_errors=True)


def _wait_ready(server: Postgres) -> None:
    """Listening is not accepting: wait until a login succeeds (the startup phase refuses them)."""
    import psycopg2

    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            psycopg2.connect(host=server.host, port=server.port, user=PG_SUPERUSER, password=server.password,
                             dbname="postgres", connect_timeout=2).close()
            return
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@dataclass
class Redis:
    """A running throwaway redis-server on 127.0.0.1, nothing persisted."""

    root: Path
    port: int
    proc: subprocess.Popen | None = field(default=None, repr=False)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


@contextlib.contextmanager
def redis() -> Iterator[Redis]:
    """redis-server on 127.0.0.1:<free port>, no RDB/AOF, its directory temporary."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        raise ServiceMissing("redis-server is not installed: run `make services`")
    root = Path(tempfile.mkdtemp(prefix="newsmon-redis-"))
    port, log = free_port(), root / "redis.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(root), "--daemonize", "no", "--protected-mode", "yes"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_port(port, proc, "redis-server", log)
        yield Redis(root=root, port=port, proc=proc)
    finally:
        _stop(proc)
        shutil.rmtree(root, ignore_errors=True)
