"""How much does Airflow cost? A 30-date backfill of the mirror through `airflow standalone` vs
the same 30 dates by `newsmon run` in one process.

Both sides run the same `newsmon.pipeline` functions against the offline mirror on
127.0.0.1, each into a fresh NEWSMON_HOME, in this one script run, and must end with the same
warehouse (articles, runs' counts, quarantine: checked). The plain side is one Python process
looping over the dates (imports paid once). The Airflow side is `airflow standalone`
(LocalExecutor, SQLite) with the project's settings (`scripts/airflow.env`: 4 task slots,
task processes forked from a forkserver that imported the stages' libraries once) and one
backfill created through the REST API, timed from the POST until the last run finished; its
start-up is reported apart, since it is paid once per deployment, not per run.

The mirror has articles on 12 of the 30 dates (2020-01-01..12); the other 18 are empty days
(discovered 0). Both sides run with `quarantine_only` (the DAG param), since after a week
of history the volume check rightly rejects an empty day (see README, Backfills).

    .venv/bin/python benchmarks/bench_backfill.py [--dates 30] [--max-active-runs 4] [--airflow-defaults]

`--airflow-defaults` runs the Airflow side without `scripts/airflow.env`'s scheduler settings
(fork start method, nothing preloaded): the "before" figure.

Goal: the backfill takes no more than twice the plain run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.airflow_helpers import Standalone, airflow_settings, free_port, init_airflow  # noqa: E402

BIN = Path(sys.executable).parent
FIRST = dt.date(2020, 1, 1)
STAGES = ["discover", "fetch", "parse", "validate", "load"]
# What `newsmon run` does per date (run_day), with the quarantine_only choice the backfill
# is given too, and each stage timed.
PLAIN = """
import datetime as dt, json, sys, time
started = time.monotonic()
from newsmon import pipeline as p
from newsmon.sources import load_profile
profile = load_profile("afgazad")
first, n, base = dt.date.fromisoformat(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
stages = dict.fromkeys(["discover", "fetch", "parse", "validate", "load"], 0.0)
def timed(stage, fn, *args, **kwargs):
    t = time.monotonic()
    out = fn(*args, **kwargs)
    stages[stage] += time.monotonic() - t
    return out
imports = time.monotonic() - started
loop = time.monotonic()
for i in range(n):
    day = first + dt.timedelta(days=i)
    counts = {"discovered": timed("discover", p.discover_stage, profile, day, base)["candidates"],
              "fetched": timed("fetch", p.fetch_stage, profile, day, base)["fetched"],
              "parsed": timed("parse", p.parse_stage, profile, day)["parsed"]}
    v = timed("validate", p.validate_stage, profile, day, quarantine_only=True)
    timed("load", p.load_stage, profile, day, {**counts, "valid": v["valid"], "quarantined": v["quarantined"]})
print(json.dumps({"imports": imports, "loop": time.monotonic() - loop, "stages": stages}))
"""
# What both warehouses must agree on (times, raw_refs and paths differ by nature).
SAME = {
    "articles": "SELECT article_id, run_date, title, language, content_sha256 FROM articles ORDER BY ALL",
    "runs": "SELECT run_date, status, discovered, fetched, parsed, valid, quarantined FROM runs ORDER BY ALL",
    "quarantine": "SELECT article_id, run_date FROM quarantine ORDER BY ALL",
    "failures": "SELECT run_date, stage, url FROM failures ORDER BY ALL",
}


def plain_run(dates: int, base_url: str, home: Path) -> dict:
    """Wall seconds of the whole `newsmon run` process over every date, and where they went."""
    env = {**os.environ, "NEWSMON_HOME": str(home), "GX_ANALYTICS_ENABLED": "false"}
    env.pop("NEWSMON_WAREHOUSE", None)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", PLAIN, FIRST.isoformat(), str(dates), base_url], env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"newsmon run failed:\n{proc.stderr[-4000:]}")
    return {"wall": time.monotonic() - started, **json.loads(proc.stdout.strip().splitlines()[-1])}


def airflow_run(dates: int, base_url: str, home: Path, max_active_runs: int, defaults: bool) -> dict:
    """Start standalone, backfill `dates` dates through the REST API, wait, stop."""
    airflow_home, newsmon_home, port = home / "airflow", home / "newsmon", free_port()
    airflow_home.mkdir()
    settings = airflow_settings()
    if defaults:
        settings = {k: v for k, v in settings.items() if not k.startswith("AIRFLOW__SCHEDULER__MP_")}
    env = {
        **os.environ,
        **settings,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "AIRFLOW_HOME": str(airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",  # only the backfill's runs (and so no report DAG runs)
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "NEWSMON_HOME": str(newsmon_home),
        "NEWSMON_AFGAZAD_BASE_URL": base_url,
    }
    env.pop("NEWSMON_WAREHOUSE", None)
    env.pop("NEWSMON_ALERT_WEBHOOK", None)
    init_airflow(env)
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
        runs = _wait(server, dates)
        backfill_s = time.monotonic() - began
        tis = _task_instances(server)
    finally:
        server.stop()
    failed = [r["logical_date"][:10] for r in runs if r["state"] != "success"]
    if failed:
        raise SystemExit(f"backfill runs failed: {failed}\n{server.tail()}")
    return {"startup_s": startup, "backfill_s": backfill_s, "runs": runs, "tis": tis,
            "backfill_id": backfill["id"]}


def _wait(server: Standalone, dates: int, timeout_s: float = 3600) -> list[dict]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        runs = server.api("GET", "/dags/newsmon_afgazad/dagRuns", params={"run_type": "backfill", "limit": 100})
        runs = runs.json()["dag_runs"]
        if len(runs) >= dates and all(r["state"] in ("success", "failed") for r in runs):
            return runs
        time.sleep(0.5)
    raise SystemExit(f"backfill not done after {timeout_s}s:\n{server.tail()}")


def _task_instances(server: Standalone) -> list[dict]:
    """Every task instance of the DAG (the API pages by 100)."""
    out: list[dict] = []
    while True:
        page = server.api("GET", "/dags/newsmon_afgazad/dagRuns/~/taskInstances",
                          params={"limit": 100, "offset": len(out)}).json()["task_instances"]
        out.extend(page)
        if len(page) < 100:
            return out


def _t(text: str | None) -> float:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def breakdown(runs: list[dict], tis: list[dict]) -> dict:
    """Where the Airflow side's time went, from the runs' and task instances' timestamps.

    task: start→end of a task instance (its DAG-file parse, imports and the stage itself);
    waiting: from the moment a task could run (its upstream ended, or its run started) to its
    start: the scheduler's loop, the executor's queue, the fork, the pool of one slot.
    """
    by_run: dict[str, dict[str, dict]] = {}
    for ti in tis:
        by_run.setdefault(ti["dag_run_id"], {})[ti["task_id"]] = ti
    task = {s: [] for s in STAGES}
    wait = {s: [] for s in STAGES}
    run_walls = []
    for run in runs:
        got = by_run.get(run["dag_run_id"], {})
        if set(got) != set(STAGES) or not run.get("start_date"):
            continue
        run_walls.append(_t(run["end_date"]) - _t(run["start_date"]))
        ready = _t(run["start_date"])
        for stage in STAGES:
            ti = got[stage]
            task[stage].append(_t(ti["end_date"]) - _t(ti["start_date"]))
            wait[stage].append(_t(ti["start_date"]) - ready)
            ready = _t(ti["end_date"])
    return {"task": task, "wait": wait, "run_walls": run_walls}


def same_results(plain_home: Path, airflow_home: Path) -> None:
    """Both sides must have built the same warehouse."""
    out = []
    for home in (plain_home, airflow_home):
        with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
            out.append({name: con.execute(sql).fetchall() for name, sql in SAME.items()})
    for name in SAME:
        if out[0][name] != out[1][name]:
            raise SystemExit(f"the two warehouses differ in {name}: plain {len(out[0][name])} rows, "
                             f"Airflow {len(out[1][name])} rows")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", type=int, default=30)
    parser.add_argument("--max-active-runs", type=int, default=4)
    parser.add_argument("--airflow-defaults", action="store_true",
                        help="without scripts/airflow.env's scheduler settings (the 'before' figure)")
    args = parser.parse_args()
    from newsmon.testing.server import MirrorServer, ensure_mirror

    with MirrorServer(ensure_mirror()) as mirror, tempfile.TemporaryDirectory(prefix="newsmon-bench-") as tmp:
        tmp_path = Path(tmp)
        plain = plain_run(args.dates, mirror.base_url, tmp_path / "plain")
        print(f"  (plain run done: {plain['wall']:.1f} s; now Airflow)", file=sys.stderr, flush=True)
        airflow = airflow_run(args.dates, mirror.base_url, tmp_path, args.max_active_runs, args.airflow_defaults)
        same_results(tmp_path / "plain", tmp_path / "newsmon")
    parts = breakdown(airflow["runs"], airflow["tis"])
    ratio = airflow["backfill_s"] / plain["wall"]
    overhead = (airflow["backfill_s"] - plain["wall"]) / args.dates
    with_articles = sum(1 for i in range(args.dates) if FIRST + dt.timedelta(days=i) <= dt.date(2020, 1, 12))
    settings = "Airflow defaults (fork, no preload)" if args.airflow_defaults else "scripts/airflow.env"
    print(f"{args.dates} dates of the mirror ({with_articles} with articles), {os.cpu_count()} cores; "
          f"same warehouse on both sides: checked")
    print(f"  newsmon run, one process:      {plain['wall']:7.1f} s  (imports {plain['imports']:.1f} s, "
          f"loop {plain['loop']:.1f} s, {plain['wall'] / args.dates:.2f} s per date)")
    print(f"  Airflow backfill (REST API):   {airflow['backfill_s']:7.1f} s  (max_active_runs={args.max_active_runs}, "
          f"LocalExecutor, SQLite, {settings}; start-up {airflow['startup_s']:.0f} s not counted)")
    print(f"  ratio Airflow / plain:         {ratio:7.2f}x  (goal <= 2x: {'met' if ratio <= 2 else 'NOT met'})")
    print(f"  Airflow overhead per run:      {overhead:7.2f} s  ((Airflow - plain) / dates)")
    runs = parts["run_walls"]
    if runs:
        print(f"  one run, start to end:         {statistics.mean(runs):7.2f} s mean ({len(runs)} runs, up to "
              f"{args.max_active_runs} at once)")
    print("  per stage, mean s per date:     plain   Airflow task   waiting before it")
    for stage in STAGES:
        task, wait = parts["task"][stage], parts["wait"][stage]
        if task:
            print(f"    {stage:<9}                  {plain['stages'][stage] / args.dates:6.2f}   "
                  f"{statistics.mean(task):11.2f}   {statistics.mean(wait):9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
