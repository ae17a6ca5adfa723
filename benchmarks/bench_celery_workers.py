"""Question: what does a second Celery worker buy on a 10-date backfill?

The same 10-date backfill (max_active_runs 4) through
docker-compose.yaml's environment run for real (tests/celery_stack.py: api-server, scheduler,
dag-processor, CeleryExecutor, PostgreSQL metadata, Redis broker, DuckLake warehouse with a
PostgreSQL catalog, the `newsmon_duckdb` pool at 2 slots), once with one worker and once with
two, each with `--concurrency 2`, in this one script run. Timed from `airflow backfill create`
until the last of the 10 runs finished; stack start-up reported apart.

    .venv/bin/python benchmarks/bench_celery_workers.py

Needs PostgreSQL and redis-server from Debian (`make services`). Baseline: one worker.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "include")]

from newsmon.testing.mirror import build_mirror  # noqa: E402 - after the path set-up
from newsmon.testing.server import MirrorServer  # noqa: E402
from tests.celery_stack import airflow, compose_stack, wait_for_backfill  # noqa: E402
from tests.services import postgres, redis  # noqa: E402

DAG_ID = "newsmon_afgazad"
DATES = [f"2020-01-{d:02d}" for d in range(1, 11)]


def one_side(pg: object, rd: object, mirror: MirrorServer, workdir: Path, workers: int) -> tuple[float, float, int]:
    """(backfill seconds, start-up seconds, green runs) with `workers` Celery workers."""
    started = time.monotonic()
    with compose_stack(pg, rd, mirror, workdir, workers=workers, concurrency=2, writer_slots=2, dag_id=DAG_ID) as st:
        up = time.monotonic() - started
        begin = time.monotonic()
        airflow(st.local_env, "dags", "unpause", DAG_ID)
        airflow(st.local_env, "backfill", "create", "--dag-id", DAG_ID, "--from-date", DATES[0], "--to-date",
                DATES[-1], "--max-active-runs", "4", "--reprocess-behavior", "completed")
        runs = wait_for_backfill(st, DAG_ID, DATES, timeout_s=900)
        return time.monotonic() - begin, up, sum(r["state"] == "success" for r in runs)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-celery-") as tmp:
        site = Path(tmp) / "mirror"
        build_mirror(site)
        with MirrorServer(site) as mirror, postgres() as pg, redis() as rd:
            figures = {n: one_side(pg, rd, mirror, Path(tmp) / f"w{n}", n) for n in (1, 2)}
    (one, up1, green1), (two, up2, green2) = figures[1], figures[2]
    print(f"10-date backfill, max_active_runs 4, CeleryExecutor, DuckLake on PostgreSQL ({green1}/{green2} green)")
    print(f"  baseline, 1 worker x 2 : {one:7.1f} s   (stack start {up1:.1f} s)")
    print(f"  newsmon,  2 workers x 2: {two:7.1f} s   (stack start {up2:.1f} s)")
    print(f"  ratio 1 worker / 2 workers: {one / two:.2f}x")
    return 0 if green1 == green2 == len(DATES) else 1


if __name__ == "__main__":
    sys.exit(main())
