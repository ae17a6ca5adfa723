"""docker-compose.yaml's deployment run for real: CeleryExecutor with two `airflow celery worker`s,
PostgreSQL for Airflow's metadata and the Celery results, Redis as the broker (the Debian
packages, tests/services.py), and the warehouse in DuckLake with its catalog in PostgreSQL.
Every Airflow setting comes from docker-compose.yaml (tests/celery_stack.py); a backfill of ten
mirror dates with max_active_runs 4 ends with every run green and the articles in the lake.
"""

from __future__ import annotations

import os
import re
import time

import pytest

from newsmon.warehouse.queries import read_only_query
from tests.celery_stack import airflow, compose_stack, drift, wait_for_backfill
from tests.conftest import ground_truth

pytestmark = pytest.mark.slow

DAG_ID = "newsmon_afgazad"
FROM, TO = "2020-01-01", "2020-01-10"
DATES = [f"2020-01-{d:02d}" for d in range(1, 11)]
WRITER_SLOTS = 2  # DuckLake takes concurrent writers: the pool may have more than one slot


@pytest.fixture(scope="module")
def stack(postgres_server, redis_server, mirror, tmp_path_factory):
    started = time.monotonic()
    with compose_stack(postgres_server, redis_server, mirror, tmp_path_factory.mktemp("celery"),
                       workers=2, concurrency=2, writer_slots=WRITER_SLOTS, dag_id=DAG_ID) as celery:
        celery.startup_s = time.monotonic() - started  # type: ignore[attr-defined]
        yield celery


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
    assert f"@127.0.0.1:{stack.where.postgres.split(':')[1]}/airflow_" in config


def test_backfill_of_ten_dates_on_two_celery_workers_into_ducklake(stack):
    started = time.monotonic()
    # compose pauses DAGs at creation (an operator unpauses in the UI); a paused DAG's backfill runs
    # stay queued. Unpausing also starts the scheduled run of yesterday: an empty day on the mirror.
    airflow(stack.local_env, "dags", "unpause", DAG_ID)
    airflow(stack.local_env, "backfill", "create", "--dag-id", DAG_ID, "--from-date", FROM, "--to-date", TO,
            "--max-active-runs", "4", "--reprocess-behavior", "completed")
    runs = wait_for_backfill(stack, DAG_ID, DATES, timeout_s=360)
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
