"""docker-compose.yaml's Airflow, run for real on this machine without Docker: the api-server,
scheduler, dag-processor and Celery workers as processes, PostgreSQL and Redis from
tests/services.py, every setting taken from docker-compose.yaml.

One file holds the settings: the environment of compose's `x-airflow-common` block, resolved as
`docker compose config` would (tests/compose_config.py) with the operator's values. `localize`
changes only where things are (`LOCATION_KEYS`: service host names become 127.0.0.1 and a port,
container paths the host's directories) and adds only what a container has by itself
(`ADDED_KEYS`: its AIRFLOW_HOME, the API's port, a log server port per worker, since here they
share one network namespace). `drift` lists any other difference, and the test asserts there is
none: a setting changed in compose is the setting the test runs with.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

from tests.airflow_helpers import BIN, Standalone, init_airflow
from tests.compose_config import host_path, resolve

AIRFLOW_SERVICE = "airflow-scheduler"  # any service of x-airflow-common: they share its environment
CONTAINER_HOME = "/opt/newsmon/data"
# Settings whose value says where a thing is; localize rewrites only these.
LOCATION_KEYS = frozenset({
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CELERY__RESULT_BACKEND", "AIRFLOW__CELERY__BROKER_URL",
    "AIRFLOW__CORE__EXECUTION_API_SERVER_URL", "AIRFLOW__CORE__DAGS_FOLDER", "AIRFLOW__CORE__PLUGINS_FOLDER",
    "NEWSMON_HOME",
})
# Settings a container has without compose saying so (the image's AIRFLOW_HOME, the API on its own
# port 8080, one log server per container on 8793).
ADDED_KEYS = frozenset({"AIRFLOW_HOME", "AIRFLOW__API__HOST", "AIRFLOW__API__PORT", "AIRFLOW__API__BASE_URL",
                        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT", "PYTHONPATH", "PATH"})


@dataclass(frozen=True)
class Where:
    """Where the services are on this machine."""

    postgres: str  # host:port
    redis: str  # host:port
    api_port: int
    airflow_home: Path
    newsmon_home: Path


def compose_environment(operator_env: Mapping[str, str]) -> tuple[dict, dict[str, str]]:
    """(the scheduler service, its environment) from docker-compose.yaml resolved with `operator_env`."""
    service = resolve(operator_env)["services"][AIRFLOW_SERVICE]
    return service, {k: str(v) for k, v in service["environment"].items()}


def localize(service: dict, compose_env: Mapping[str, str], where: Where) -> dict[str, str]:
    """Compose's environment with the locations of this machine (`LOCATION_KEYS`) and what a
    container has by itself (`ADDED_KEYS`); nothing else changes."""
    env = dict(compose_env)
    for key in LOCATION_KEYS & set(env):
        value = env[key]
        value = value.replace("@postgres/", f"@{where.postgres}/").replace("@redis:6379/", f"@{where.redis}/")
        value = value.replace("//airflow-apiserver:8080/", f"//127.0.0.1:{where.api_port}/")
        if value == CONTAINER_HOME:
            value = str(where.newsmon_home)
        elif value.startswith("/opt/"):
            value = str(host_path(value, service))
        env[key] = value
    env.update({
        "AIRFLOW_HOME": str(where.airflow_home),
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(where.api_port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{where.api_port}",
    })
    return env


def drift(compose_env: Mapping[str, str], local_env: Mapping[str, str]) -> dict[str, tuple[str | None, str | None]]:
    """Settings that differ between compose and the local run beyond locations and additions."""
    keys = (set(compose_env) | set(local_env)) - LOCATION_KEYS - ADDED_KEYS
    return {k: (compose_env.get(k), local_env.get(k)) for k in sorted(keys) if compose_env.get(k) != local_env.get(k)}


@dataclass
class Component:
    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> None:
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen([str(BIN / "airflow"), *self.args], env=self.env, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)

    def tail(self, n: int = 3000) -> str:
        try:
            return f"--- {self.name} ---\n" + self.log.read_text(errors="replace")[-n:]
        except OSError:
            return ""


class CeleryStack:
    """api-server, scheduler, dag-processor and N Celery workers, each in its own process group."""

    def __init__(self, env: dict[str, str], where: Where, workers: int = 2, concurrency: int = 2,
                 log_ports: list[int] | None = None):
        self.env, self.where = env, where
        logs = where.airflow_home
        self.components = [Component("api-server", ["api-server"], env, logs / "api-server.log"),
                           Component("scheduler", ["scheduler"], env, logs / "scheduler.log"),
                           Component("dag-processor", ["dag-processor"], env, logs / "dag-processor.log")]
        for i in range(1, workers + 1):
            worker_env = {**env, "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str((log_ports or [])[i - 1])}
            self.components.append(Component(
                f"worker{i}", ["celery", "worker", "--concurrency", str(concurrency), "--celery-hostname",
                               f"worker{i}@%h"], worker_env, logs / f"worker{i}.log"))
        self.api = Standalone(where.airflow_home, env, where.api_port)  # its REST helpers
        self.compose_env: dict[str, str] = {}
        self.local_env: dict[str, str] = {}

    @property
    def workers(self) -> list[Component]:
        return [c for c in self.components if c.name.startswith("worker")]

    def start(self, timeout_s: float = 120) -> CeleryStack:
        for component in self.components:
            component.start()
        passwords = self.where.airflow_home / "simple_auth_manager_passwords.json.generated"
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            dead = [c for c in self.components if c.proc is not None and c.proc.poll() is not None]
            if dead:
                raise AssertionError(f"{dead[0].name} exited {dead[0].proc.returncode}:\n{self.tails()}")  # type: ignore[union-attr]
            if passwords.is_file() and passwords.stat().st_size and self.api._up():
                self.api.password = json.loads(passwords.read_text())["admin"]
                self.api.token = self.api._token()
                self.api.session.headers["Authorization"] = f"Bearer {self.api.token}"
                return self
            time.sleep(1)
        raise AssertionError(f"api-server not up after {timeout_s}s:\n{self.tails()}")

    def tails(self) -> str:
        return "\n".join(c.tail() for c in self.components)

    def stop(self) -> None:
        """SIGTERM to every group (Celery: warm shutdown), then SIGKILL what is left."""
        for component in self.components:
            if component.proc is not None and component.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(component.proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for component in self.components:
            if component.proc is None:
                continue
            with contextlib.suppress(subprocess.TimeoutExpired):
                component.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            with contextlib.suppress(ProcessLookupError):
                os.killpg(component.proc.pid, signal.SIGKILL)
            component.proc.wait(timeout=10)


def airflow(env: dict[str, str], *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(BIN / "airflow"), *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"airflow {' '.join(args)}: {proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@contextlib.contextmanager
def compose_stack(postgres, redis, mirror, workdir: Path, *, workers: int = 2, concurrency: int = 2,
                  writer_slots: int = 2, dag_id: str = "newsmon_afgazad") -> Iterator[CeleryStack]:
    """docker-compose.yaml's Airflow on `postgres` / `redis` (tests/services.py) with the mirror as
    the source and the warehouse in DuckLake with its catalog in a new database of `postgres`;
    the `newsmon_duckdb` pool at `writer_slots`. Yields the running stack (its DAG parsed)."""
    import secrets

    from cryptography.fernet import Fernet

    from newsmon.settings import DUCKDB_POOL
    from tests.services import free_port

    tag = workdir.name.replace("-", "_").lower()
    metadata = postgres.create_database(f"airflow_{tag}")
    lake_db = postgres.create_database(f"lake_{tag}")
    operator = {  # what an operator puts in .env
        "POSTGRES_PASSWORD": postgres.password,
        "AIRFLOW_JWT_SECRET": secrets.token_urlsafe(64),
        "AIRFLOW_FERNET_KEY": Fernet.generate_key().decode(),
        "NEWSMON_AFGAZAD_BASE_URL": mirror.base_url,
        "NEWSMON_ALLOW_HOSTS": f"127.0.0.1:{mirror.port}",
        "NEWSMON_WAREHOUSE": f"ducklake:postgres:{postgres.libpq(lake_db)}",
    }
    service, compose_env = compose_environment(operator)
    where = Where(postgres=f"127.0.0.1:{postgres.port}", redis=f"127.0.0.1:{redis.port}", api_port=free_port(),
                  airflow_home=workdir / "airflow", newsmon_home=workdir / "newsmon")
    where.airflow_home.mkdir(parents=True, exist_ok=True)
    local = localize(service, compose_env, where)
    # compose's database is `airflow` (POSTGRES_DB); one PostgreSQL serves several stacks here
    for key in ("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CELERY__RESULT_BACKEND"):
        local[key] = local[key].rsplit("/", 1)[0] + f"/{metadata}"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "NEWSMON_", "GX_"))}
    root = Path(__file__).resolve().parents[1]
    env = {**base, **local, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": os.pathsep.join([str(root / "include"), str(root)])}
    init_airflow(env)  # airflow-init: the metadata DB (PostgreSQL) and the writers' pool
    airflow(env, "pools", "set", DUCKDB_POOL, str(writer_slots), "writers on the DuckLake warehouse")
    stack = CeleryStack(env, where, workers=workers, concurrency=concurrency,
                        log_ports=[free_port() for _ in range(workers)])
    stack.compose_env, stack.local_env = compose_env, env
    try:
        stack.start()
        stack.api.wait_for_dag(dag_id, timeout_s=120)
        yield stack
    finally:
        stack.stop()


def wait_for_backfill(stack: CeleryStack, dag_id: str, dates: list[str], timeout_s: float) -> list[dict]:
    """The backfill's runs once every one of `dates` has finished (success or failed)."""
    deadline = time.monotonic() + timeout_s
    runs: list[dict] = []
    while time.monotonic() < deadline:
        body = stack.api.api("GET", f"/dags/{dag_id}/dagRuns", params={"run_type": "backfill", "limit": 100}).json()
        runs = [r for r in body.get("dag_runs", []) if r["logical_date"][:10] in dates]
        if len(runs) >= len(dates) and all(r["state"] in ("success", "failed") for r in runs):
            return runs
        time.sleep(2)
    raise AssertionError(f"backfill not done after {timeout_s}s: "
                         f"{[(r['logical_date'][:10], r['state']) for r in runs]}\n{stack.tails()}")
