"""docker-compose.yaml's deployment run for real: CeleryExecutor with two `airflow celery worker`s,
PostgreSQL for Airflow's metadata and the Celery results, Redis as the broker (the Debian
packages, tests/services.py), and the warehouse in DuckLake with its catalog in PostgreSQL.
Every Airflow setting comes from docker-compose.yaml (tests/celery_stack.py); a backfill of ten
mirror dates with max_active_runs 4 ends with every run green and the articles in the lake.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import time

import pytest
from cryptography.fernet import Fernet

from newsmon.settings import DUCKDB_POOL
from newsmon.warehouse.queries import read_only_query
from tests.airflow_helpers import BIN, init_airflow
from tests.celery_stack import CeleryStack, Where, compose_environment, drift, localize
from tests.conftest import ROOT, ground_truth
from tests.services import free_port

pytestmark = pytest.mark.slow

DAG_ID = "newsmon_afgazad"
FROM, TO = "2020-01-01", "2020-01-10"
DATES = [f"2020-01-{d:02d}" for d in range(1, 11)]
WRITER_SLOTS = 2  # DuckLake takes concurrent writers: the pool may have more than one slot


@pytest.fixture(scope="module")
def stack(postgres_server, redis_server, mirror, tmp_path_factory):
    postgres_server.create_database("airflow")  # compose's database name (POSTGRES_DB)
    lake_db = postgres_server.create_database("lake")
    airflow_home = tmp_path_factory.mktemp("celery_airflow")
    operator = {  # what an operator puts in .env
        "POSTGRES_PASSWORD": postgres_server.password,
        "AIRFLOW_JWT_SECRET": secrets.token_urlsafe(64),
        "AIRFLOW_FERNET_KEY": Fernet.generate_key().decode(),
        "NEWSMON_AFGAZAD_BASE_URL": mirror.base_url,
        "NEWSMON_ALLOW_HOSTS": f"127.0.0.1:{mirror.port}",
        "NEWSMON_WAREHOUSE": f"ducklake:postgres:{postgres_server.libpq(lake_db)}",
    }
    service, compose_env = compose_environment(operator)
    where = Where(postgres=f"127.0.0.1:{postgres_server.port}", redis=f"127.0.0.1:{redis_server.port}",
                  api_port=free_port(), airflow_home=airflow_home,
                  newsmon_home=tmp_path_factory.mktemp("celery_newsmon"))
    local = localize(service, compose_env, where)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "NEWSMON_", "GX_"))}
    env = {**base, **local, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "include"), str(ROOT)])}
    started = time.monotonic()
    init_airflow(env)  # airflow-init: the metadata DB (PostgreSQL) and the writers' pool
    airflow(env, "pools", "set", DUCKDB_POOL, str(WRITER_SLOTS), "writers on the DuckLake warehouse")
    celery = CeleryStack(env, where, workers=2, concurrency=2, log_ports=[free_port(), free_port()])
    try:
        celery.start()
        celery.api.wait_for_dag(DAG_ID, timeout_s=120)
        celery.compose_env, celery.local_env = compose_env, env  # type: ignore[attr-defined]
        celery.startup_s = time.monotonic() - started  # type: ignore[attr-defined]
        yield celery
    finally:
        celery.stop()


def airflow(env: dict[str, str], *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(BIN / "airflow"), *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"airflow {' '.join(args)}: {proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def test_the_stack_runs_with_docker_compose_settings(stack):
    """Nothing but locations differs from docker-compose.yaml; the executor, broker and databases are its own."""
    assert drift(stack.compose_env, {k: v for k, v in stack.local_env.items()
                                     if k in stack.compose_env or k.startswith(("AIRFLOW", "NEWSMON_"))}) == {}
    env = stack.local_env
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://airflow:")
    assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://")
    assert env["AIRFLOW__CELERY__RESULT_BACKEND"].startswith("db+postgresql+psycopg2://airflow:")
    config = airflow(env, "config", "get-value", "database", "sql_alchemy_conn").stdout.strip()
    assert f"@127.0.0.1:{stack.where.postgres.split(':')[1]}/airflow" in config


def test_backfill_of_ten_dates_on_two_celery_workers_into_ducklake(stack):
    started = time.monotonic()
    # compose pauses DAGs at creation (an operator unpauses in the UI); a paused DAG's backfill runs
    # stay queued. Unpausing also starts the scheduled run of yesterday: an empty day on the mirror.
    airflow(stack.local_env, "dags", "unpause", DAG_ID)
    airflow(stack.local_env, "backfill", "create", "--dag-id", DAG_ID, "--from-date", FROM, "--to-date", TO,
            "--max-active-runs", "4", "--reprocess-behavior", "completed")
    runs = _wait_for_runs(stack, timeout_s=360)
    wall = time.monotonic() - started
    print(f"\ncelery backfill of {len(DATES)} dates: {wall:.1f}s (stack start {stack.startup_s:.1f}s)")
    states = {r["logical_date"][:10]: r["state"] for r in runs}
    assert states == {d: "success" for d in DATES}, stack.tails()

    # both workers took tasks from the broker
    received = [len(re.findall(r"Task \S+ received", w.log.read_text(errors="replace"))) for w in stack.workers]
    assert all(n > 0 for n in received), received

    # the articles are in the DuckLake warehouse (catalog in PostgreSQL), once each
    env = stack.local_env
    expected = {d: len(ground_truth(d)) for d in DATES}
    os.environ.update({"NEWSMON_WAREHOUSE": env["NEWSMON_WAREHOUSE"], "NEWSMON_HOME": env["NEWSMON_HOME"]})
    try:
        _, rows = read_only_query("SELECT CAST(run_date AS VARCHAR), count(*), count(DISTINCT article_id) "
                                  "FROM articles GROUP BY ALL ORDER BY 1")
        _, run_rows = read_only_query("SELECT CAST(run_date AS VARCHAR), status FROM runs "
                                      "WHERE run_date BETWEEN ? AND ? ORDER BY 1", [FROM, TO])
    finally:
        os.environ.pop("NEWSMON_WAREHOUSE", None)
        os.environ.pop("NEWSMON_HOME", None)
    assert {d: n for d, n, _ in rows} == {d: n for d, n in expected.items() if n}
    assert all(n == distinct for _, n, distinct in rows)
    assert sorted(run_rows) == [(d, "success") for d in DATES]


def _wait_for_runs(stack: CeleryStack, timeout_s: float) -> list[dict]:
    deadline = time.monotonic() + timeout_s
    runs: list[dict] = []
    while time.monotonic() < deadline:
        body = stack.api.api("GET", f"/dags/{DAG_ID}/dagRuns", params={"run_type": "backfill", "limit": 100}).json()
        runs = body.get("dag_runs", [])
        if len(runs) >= len(DATES) and all(r["state"] in ("success", "failed") for r in runs):
            return runs
        time.sleep(2)
    raise AssertionError(f"backfill not done after {timeout_s}s: "
                         f"{[(r['logical_date'][:10], r['state']) for r in runs]}\n{stack.tails()}")
