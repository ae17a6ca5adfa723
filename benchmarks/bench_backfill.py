"""How much does Airflow cost? A 30-date backfill of the mirror through `airflow standalone` vs the same 30 dates by `newsmon run` in one process.

Both sides run the same `newsmon.pipeline` functions against the offline mirror on
127.0.0.1, each into a fresh NEWSMON_HOME. The plain side is one Python process looping
over the dates (imports paid once). The Airflow side is `airflow standalone` (LocalExecutor,
SQLite, AIRFLOW__CORE__PARALLELISM=4) and one backfill created through the REST API, timed
from the POST until the last run finished; its start-up is reported apart, since it is paid
once per deployment, not per run. The mirror has articles on 12 of the 30 dates; the others
are empty days (discovered 0). Both sides run with `quarantine_only` (the DAG param), since
after two weeks of history the volume check rightly rejects an empty day.

    .venv/bin/python benchmarks/bench_backfill.py [--dates 30] [--max-active-runs 4]

Goal: the backfill takes no more than twice the plain run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.test_standalone_e2e import Standalone, free_port  # noqa: E402  (one helper, not two)

BIN = Path(sys.executable).parent
FIRST = dt.date(2020, 1, 1)
# What `newsmon run` does per date (run_day), with the quarantine_only choice the backfill
# is given too: the mirror's empty days after day 12 fail the volume check against the
# trailing weekday median, and the benchmark measures overhead, not that (correct) verdict.
PLAIN = """
import datetime as dt, json, sys, time
from newsmon import pipeline as p
first, n, base = dt.date.fromisoformat(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
started = time.monotonic()
for i in range(n):
    day = first + dt.timedelta(days=i)
    counts = {"discovered": p.discover_stage("afgazad", day, base)["candidates"],
              "fetched": p.fetch_stage("afgazad", day, base)["fetched"],
              "parsed": p.parse_stage("afgazad", day)["parsed"]}
    v = p.validate_stage("afgazad", day, quarantine_only=True)
    p.load_stage("afgazad", day, {**counts, "valid": v["valid"], "quarantined": v["quarantined"]})
print(json.dumps({"seconds": time.monotonic() - started}))
"""


def plain_run(dates: int, base_url: str, home: Path) -> tuple[float, float]:
    """(wall seconds of the whole process, seconds inside the loop) for `newsmon run` of every date."""
    env = {**os.environ, "NEWSMON_HOME": str(home), "GX_ANALYTICS_ENABLED": "false"}
    env.pop("NEWSMON_WAREHOUSE", None)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", PLAIN, FIRST.isoformat(), str(dates), base_url], env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"newsmon run failed:\n{proc.stderr[-4000:]}")
    wall = time.monotonic() - started
    return wall, json.loads(proc.stdout.strip().splitlines()[-1])["seconds"]


def airflow_run(dates: int, base_url: str, home: Path, max_active_runs: int) -> dict[str, float]:
    """Start standalone, backfill `dates` dates through the REST API, wait, stop."""
    airflow_home, newsmon_home, port = home / "airflow", home / "newsmon", free_port()
    airflow_home.mkdir()
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "AIRFLOW_HOME": str(airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__PARALLELISM": "4",
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",  # only the backfill's runs (and so no report DAG runs)
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "NEWSMON_HOME": str(newsmon_home),
        "NEWSMON_AFGAZAD_BASE_URL": base_url,
        "GX_ANALYTICS_ENABLED": "false",
    }
    env.pop("NEWSMON_WAREHOUSE", None)
    env.pop("NEWSMON_ALERT_WEBHOOK", None)
    for args in (["db", "migrate"], ["pools", "set", "newsmon_duckdb", "1", "DuckDB writer"]):
        subprocess.run([str(BIN / "airflow"), *args], env=env, check=True, capture_output=True)
    server = Standalone(airflow_home, env, port)
    started = time.monotonic()
    try:
        server.start()
        server.wait_for_dag("newsmon_afgazad")
        startup = time.monotonic() - started
        server.api("PATCH", "/dags/newsmon_afgazad", json={"is_paused": False}).raise_for_status()
        last = FIRST + dt.timedelta(days=dates - 1)
        began = time.monotonic()
        backfill = server.create_backfill({"dag_id": "newsmon_afgazad", "from_date": f"{FIRST}T00:00:00Z",
                                           "to_date": f"{last}T00:00:00Z", "max_active_runs": max_active_runs,
                                           "reprocess_behavior": "completed",
                                           "dag_run_conf": {"quarantine_only": True}})
        runs = _wait(server, backfill["id"], dates)
        backfill_s = time.monotonic() - began
    finally:
        server.stop()
    failed = [r["logical_date"][:10] for r in runs if r["state"] != "success"]
    if failed:
        raise SystemExit(f"backfill runs failed: {failed}\n{server.tail()}")
    return {"startup_s": startup, "backfill_s": backfill_s}


def _wait(server: Standalone, backfill_id: int, dates: int, timeout_s: float = 3600) -> list[dict]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        runs = server.api("GET", "/dags/newsmon_afgazad/dagRuns", params={"run_type": "backfill", "limit": 100})
        runs = runs.json()["dag_runs"]
        if len(runs) >= dates and all(r["state"] in ("success", "failed") for r in runs):
            return runs
        time.sleep(1)
    raise SystemExit(f"backfill not done after {timeout_s}s:\n{server.tail()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", type=int, default=30)
    parser.add_argument("--max-active-runs", type=int, default=4)
    args = parser.parse_args()
    from newsmon.testing.server import MirrorServer, ensure_mirror

    with MirrorServer(ensure_mirror()) as mirror, tempfile.TemporaryDirectory(prefix="newsmon-bench-") as tmp:
        tmp_path = Path(tmp)
        plain_wall, plain_loop = plain_run(args.dates, mirror.base_url, tmp_path / "plain")
        print(f"  (plain run done: {plain_wall:.1f} s; now Airflow)", file=sys.stderr, flush=True)
        airflow = airflow_run(args.dates, mirror.base_url, tmp_path, args.max_active_runs)
    ratio = airflow["backfill_s"] / plain_wall
    overhead = (airflow["backfill_s"] - plain_wall) / args.dates
    print(f"{args.dates} dates of the mirror (12 with articles), {os.cpu_count()} cores")
    print(f"  newsmon run, one process:      {plain_wall:7.1f} s  ({plain_loop:.1f} s in the loop, "
          f"{plain_wall / args.dates:.2f} s per date)")
    print(f"  Airflow backfill (REST API):   {airflow['backfill_s']:7.1f} s  (max_active_runs={args.max_active_runs}, "
          f"parallelism 4, LocalExecutor, SQLite; start-up {airflow['startup_s']:.0f} s not counted)")
    print(f"  ratio Airflow / plain:         {ratio:7.2f}x  (goal <= 2x: {'met' if ratio <= 2 else 'NOT met'})")
    print(f"  Airflow overhead per run:      {overhead:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
